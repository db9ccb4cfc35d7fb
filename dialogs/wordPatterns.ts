import { normalizeText, words } from './textNormalizer';

/** One word of a recognition list as written: the word itself, or (written "atrapad*") every word that begins with it. */
export interface WordPattern {
    text: string;
    isStem: boolean;
}

/**
 * The normalised words of a phrase written in recognition.json: a written word ending in "*" is a beginning ("se
 * llev* a" matches "se llevó a", "se llevaron a").
 */
export function wordPatternsOf(written: string): WordPattern[] {
    return written.trim().split(/\s+/).flatMap((word): WordPattern[] => {
        const isStem = word.endsWith('*');
        const parts = words(normalizeText(isStem ? word.slice(0, -1) : word));
        return parts.map((text, i) => ({ text, isStem: isStem && i === parts.length - 1 }));
    });
}

/** Whether a normalised word is that word, or begins with it when it is a beginning. */
export function matchesWordPattern(token: string, word: WordPattern): boolean {
    return word.isStem ? token.startsWith(word.text) : token === word.text;
}
