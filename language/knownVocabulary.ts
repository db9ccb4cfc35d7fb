import * as fs from 'fs';
import * as path from 'path';
import { squeeze } from './text/normalize';
import { LANGUAGE_DATA_DIR } from './wordFile';

/**
 * Words other readers' lists hold as themselves (requests, questions, thanks, types, answers, people): real words,
 * so a reader's typo tolerance never reads one of them as a misspelt keyword of its own ("apuntalar" is not
 * "apuñalar", "garrafas" is no typo of a poison). Only whole words of the lists count, and a word the reader's own
 * patterns name is left out (`own`), so none of its keywords becomes unreachable. The data files were validated by
 * their own readers; here they are only read for their words.
 */
export function knownVocabulary(files: readonly string[], own: ReadonlySet<string>): string[] {
    const words = new Set<string>();
    for (const file of files) collect(JSON.parse(fs.readFileSync(path.join(LANGUAGE_DATA_DIR, file), 'utf8')), words);
    return [...words].filter((word) => word.length >= 4 && !own.has(word));
}

/** The whole words of a list's entries (patterns and prefixes apart), folded as the tokenizer folds them. */
export function wordsOfEntries(entries: readonly string[]): Set<string> {
    const words = new Set<string>();
    collect(entries, words);
    return words;
}

function collect(value: unknown, into: Set<string>): void {
    if (typeof value === 'string') {
        for (const word of value.split(/[\s|~]+/))
            if (/^\p{L}+$/u.test(word)) into.add(squeeze(word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')));
    } else if (Array.isArray(value)) for (const item of value) collect(item, into);
    // "about" says what a file is for, in prose
    else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) if (key !== 'about') collect(item, into);
}
