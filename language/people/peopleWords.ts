import * as path from 'path';
import { z } from 'zod';
import { readWordFile } from '../wordFile';

/** The word lists of the people-at-risk reader: plain data in language/data/peopleWords.json, validated at load. */
export const PEOPLE_WORDS_FILE = path.resolve(__dirname, '../../../language/data/peopleWords.json');

const phrase = z
    .string()
    .min(1)
    .regex(/^[a-z0-9º*]+( [a-z0-9º*]+)*$/, 'a phrase is lowercase words without accents, one space apart');
const phrases = z.array(phrase);

const fileSchema = z
    .object({
        about: z.string(),
        kinds: z
            .object({
                bebe: phrases.min(1),
                nino: phrases.min(1),
                anciano: phrases.min(1),
                embarazada: phrases.min(1),
                discapacitado: phrases.min(1)
            })
            .strict(),
        negations: phrases,
        ownedThings: phrases,
        vocativeAtStart: phrases,
        childMaxAge: z.number().int().positive(),
        elderMinAge: z.number().int().positive(),
        numbers: z.record(z.string().regex(/^[a-z]+$/), z.number().int().positive()),
        ageUnits: phrases.min(1),
        monthUnits: phrases.min(1),
        notCountUnits: phrases,
        notCountAfter: phrases,
        countNouns: phrases.min(1),
        groupStarts: phrases,
        approx: phrases,
        personNouns: phrases.min(1),
        pairKin: phrases,
        possessiveSkip: phrases,
        afterArticleOnly: phrases,
        safeAfter: phrases
    })
    .strict();

export type PeopleWords = z.infer<typeof fileSchema>;

export function loadPeopleWords(file: string = PEOPLE_WORDS_FILE): PeopleWords {
    return readWordFile(file, fileSchema);
}
