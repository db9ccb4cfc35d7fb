import * as path from 'path';
import { z } from 'zod';
import { readWordFile } from '../wordFile';

/** The word lists of the name reader: plain data in language/data/nameWords.json, validated at load. */
export const NAME_WORDS_FILE = path.resolve(__dirname, '../../../language/data/nameWords.json');

const phrase = z
    .string()
    .min(1)
    .regex(/^[a-z0-9 ]+$/, 'a phrase is lowercase words without accents');
const phrases = z.array(phrase);

const fileSchema = z
    .object({
        about: z.string(),
        introductions: phrases.min(1),
        introductionsAtClauseStart: phrases.min(1),
        vocatives: phrases,
        titles: phrases,
        particles: phrases.min(1),
        surnameParticles: phrases,
        softEnds: phrases,
        continuations: phrases,
        aloneNotAName: phrases,
        placesInNames: phrases,
        everydayWords: phrases,
        neverInName: phrases.min(1)
    })
    .strict();

export type NameWords = z.infer<typeof fileSchema>;

export function loadNameWords(file: string = NAME_WORDS_FILE): NameWords {
    return readWordFile(file, fileSchema);
}
