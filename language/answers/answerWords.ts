import * as path from 'path';
import { z } from 'zod';
import { readWordFile } from '../wordFile';

/** The short answers' word lists: plain data in language/data/answerWords.json, validated at load. */
export const ANSWER_WORDS_FILE = path.resolve(__dirname, '../../../language/data/answerWords.json');

const entry = z.string().trim().min(1, 'an entry is a word, a phrase or an emoji');
const list = z.object({ about: z.string(), list: z.array(entry).min(1) }).strict();

const fileSchema = z
    .object({
        about: z.string(),
        yes: list,
        no: list,
        photoSkip: list,
        courtesy: list,
        thanksOnly: list.extend({ emoji: z.array(entry) }).strict(),
        greetings: list,
        correctionFields: z
            .object({
                about: z.string(),
                name: z.array(entry).min(1),
                department: z.array(entry).min(1),
                location: z.array(entry).min(1),
                emergencyType: z.array(entry).min(1),
                photo: z.array(entry).min(1)
            })
            .strict(),
        fieldIsFine: list,
        listNumbers: z.object({ about: z.string(), words: z.record(entry, z.number().int().min(1).max(99)) }).strict(),
        typeUnknown: list,
        alertsOptIn: z.object({ about: z.string(), yes: z.array(entry).min(1), leads: z.array(entry) }).strict(),
        wholeProvince: list
    })
    .strict();

export type AnswerWords = z.infer<typeof fileSchema>;

export function loadAnswerWords(file: string = ANSWER_WORDS_FILE): AnswerWords {
    return readWordFile(file, fileSchema);
}
