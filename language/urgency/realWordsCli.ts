import { dictionary as spanishNames } from '@zxcvbn-ts/language-es-es';
import * as fs from 'fs';
import { realWordsNearKeywords } from './patterns';
import { writeRealWords } from './realWords';
import { readUrgency } from './urgencyReader';
import { foldWord, squeeze } from '../text/normalize';
import { stemOf } from '../text/stem';
import { typeWordsReachedByTypo, typeWordsTypoTargets, writeRealWordsNearTypes } from '../emergencyTypes';
import { oneEditVariants, startingWith } from '../text/oneEdit';

/** The version of an installed package (cited in the generated file). */
function versionOf(name: string): string {
    return (JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

/**
 * The word lists the generated file is drawn from: Spanish word forms, and Spanish first names and surnames (a name
 * is a real word too: "Tiago" is no typo of "trago"), with their versions.
 */
export function dictionary(): { words: string[]; source: string } {
    const words = JSON.parse(fs.readFileSync(require.resolve('an-array-of-spanish-words'), 'utf8')) as string[];
    const names = spanishNames;
    return {
        words: [...words, ...names['firstnames-es-es'], ...names['lastnames-es-es']],
        source:
            `an-array-of-spanish-words ${versionOf('an-array-of-spanish-words')} (MIT, https://github.com/words/an-array-of-spanish-words); ` +
            `first names and surnames of @zxcvbn-ts/language-es-es ${versionOf('@zxcvbn-ts/language-es-es')} (MIT)`
    };
}

/** The list for the urgency words as they are now (the reader compiles them on its first read). */
export function currentRealWords(from: { words: string[]; source: string } = dictionary()): { words: string[]; source: string } {
    readUrgency('hola');
    const { words, source } = from;
    return { words: realWordsNearKeywords(words), source };
}

/**
 * The list for the type words as they are now: every real word the type reader would read only by typo tolerance, as
 * a word of its lists it is not. A form of that very word stays read as it: "huelo" of "huele", "cortes" of "corte"
 * (the same stem, or only the last letter apart). The reader squeezes a doubled letter ("huello" is read as "huelo"),
 * so a word is listed only when no real word squeezed the same way is a form of the word it reaches.
 */
export function currentRealWordsNearTypes(from: { words: string[]; source: string } = dictionary()): { words: string[]; source: string } {
    const { words, source } = from;
    const bySqueezed = new Map<string, string[]>();
    for (const word of new Set(words.map((w) => foldWord(w.toLowerCase())))) {
        if (word.length < 5) continue;
        const key = squeeze(word);
        bySqueezed.set(key, [...(bySqueezed.get(key) ?? []), word]);
    }
    // from the type words' side: the real words one edit from a word, or beginning one edit from a beginning
    const sorted = [...bySqueezed.keys()].sort();
    const candidates = new Set<string>();
    const targets = typeWordsTypoTargets();
    for (const word of targets.words) for (const variant of oneEditVariants(word)) if (bySqueezed.has(variant)) candidates.add(variant);
    for (const prefix of targets.prefixes)
        for (const variant of oneEditVariants(prefix))
            if (variant.length >= prefix.length) for (const key of startingWith(sorted, variant)) candidates.add(key);
    const found: string[] = [];
    for (const key of candidates) {
        const forms = bySqueezed.get(key)!;
        const reached = typeWordsReachedByTypo(forms[0]);
        if (reached.length === 0) continue;
        if (forms.some((form) => reached.some((keyword) => sameWord(squeeze(form), keyword)))) continue;
        found.push(key);
    }
    return { words: found.sort(), source };
}

/**
 * The shortest stem two words may share and still be forms of one word: Snowball cuts short words hard ("mario" and
 * "marido" are both "mar", "ramos" and "ramas" both "ram").
 */
const MIN_SHARED_STEM = 4;

/** Two forms of one word: the same stem, or apart only in their last letter ("huelo", "huele"; "corte", "cortes"). */
function sameWord(a: string, b: string): boolean {
    const stem = stemOf(a);
    if ((stem.length >= MIN_SHARED_STEM && stem === stemOf(b)) || a.startsWith(b) || b.startsWith(a)) return true;
    let common = 0;
    while (common < a.length && a[common] === b[common]) common++;
    return common >= Math.max(a.length, b.length) - 1;
}

if (require.main === module) {
    // the 636,000-word list is read once for both
    const words = dictionary();
    const urgency = currentRealWords(words);
    writeRealWords(urgency.words, urgency.source);
    process.stdout.write(`${urgency.words.length} real words near the urgency keywords written to language/data/realWords.json\n`);
    const types = currentRealWordsNearTypes(words);
    writeRealWordsNearTypes(types.words, types.source);
    process.stdout.write(`${types.words.length} real words near the type words written to language/data/realWordsNearTypes.json\n`);
}
