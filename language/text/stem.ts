import { StemmerEs } from '@nlpjs/lang-es';

const STEMMER = new StemmerEs();
const STEMS = new Map<string, string>();

/**
 * The Snowball stem of a normalised word (@nlpjs/lang-es): "atrapados", "atrapado" and "atrapada" share "atrap".
 * Remembered per word, bounded: stemming is the costly part and messages repeat their words.
 */
export function stemOf(word: string): string {
    let stem = STEMS.get(word);
    if (stem === undefined) {
        stem = STEMMER.stemWord(word);
        if (STEMS.size >= 50_000) STEMS.clear();
        STEMS.set(word, stem);
    }
    return stem;
}
