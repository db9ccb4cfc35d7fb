import * as path from 'path';
import { z } from 'zod';
import { keepsItsPhrases, PHRASE_INSIDE_ALTERNATIVES, readWordFile } from '../wordFile';

export { WordFileError as UrgencyWordsError } from '../wordFile';

/** The word classes and signals of urgency: plain data in language/data/urgencyWords.json, validated at load. */
export const URGENCY_WORDS_FILE = path.resolve(__dirname, '../../../language/data/urgencyWords.json');

/** The kinds of danger to a person (language/corpus/README.md lists what each means). */
export const URGENCY_KINDS = [
    'not_breathing',
    'breathing',
    'bleeding_injury',
    'trapped',
    'water_rescue',
    'fire_people',
    'electrocution',
    'poisoning',
    'fall',
    'medical',
    'cannot_escape',
    'missing',
    'violence',
    'generic'
] as const;
export type UrgencyKind = (typeof URGENCY_KINDS)[number];

const pattern = z
    .string()
    .min(1)
    .regex(
        /^[a-z0-9*|~ @_]+$/,
        'a pattern is lowercase words without accents, | between alternatives, * for a prefix, ~ for a gap, @class for a word class'
    )
    .refine(keepsItsPhrases, PHRASE_INSIDE_ALTERNATIVES);

const exactWord = z.string().regex(/^[a-z]+$/, 'an exact word is one lowercase word without accents');

const signalSchema = z
    .object({
        pattern,
        kind: z.enum(URGENCY_KINDS),
        reason: z.string().min(1),
        needsPerson: z.boolean().optional(),
        needsPersonNear: z.boolean().optional(),
        /** The words are about a person by themselves ("sigue tirado"): a thing nearby does not cancel them. */
        aboutPeople: z.boolean().optional(),
        needsNow: z.boolean().optional(),
        needsWater: z.boolean().optional(),
        /** Only with a hazard somewhere in the message (fire, smoke, water, a collapse, gas): "los chicos están adentro" alone is calm. */
        needsHazard: z.boolean().optional(),
        negatable: z.boolean().optional()
    })
    .strict();

const fileSchema = z
    .object({
        classes: z
            .object({
                person: z.array(pattern).min(1),
                animalOrThing: z.array(pattern).min(1),
                negation: z.array(pattern).min(1),
                joke: z.array(pattern).min(1),
                conditionalLead: z.array(pattern).min(1),
                wildland: z.array(pattern).min(1),
                figurative: z.array(pattern).min(1),
                knownWords: z.array(pattern)
            })
            .strict(),
        /** Whole words the rules compare as they are (no typo, no prefix): see the file's own "about". */
        exactWords: z
            .object({
                about: z.string(),
                serviceVerbs: z.array(exactWord).min(1),
                sendWords: z.array(exactWord).min(1),
                askingLeads: z.array(exactWord).min(1),
                whatOneDoes: z.array(exactWord).min(1),
                supplyWords: z.array(exactWord).min(1)
            })
            .strict(),
        /** Named classes signals refer to as `@name` (body parts, heights, water bodies, verbs of harm). */
        wordClasses: z.record(z.string().regex(/^[a-z_]+$/), z.array(pattern).min(1)).optional(),
        resolved: z.array(pattern),
        /** Said of someone got out of the danger or found: it says nothing of how their body is ("ya lo sacamos, no respira"). */
        rescued: z.array(pattern),
        /** Terms of the trade holding a cry's word ("primeros auxilios"): the statistical reader's weight on them does not count. */
        terms: z.array(pattern),
        signals: z.array(signalSchema).min(1)
    })
    .strict();

export type UrgencyWords = z.infer<typeof fileSchema>;
export type SignalEntry = z.infer<typeof signalSchema>;

/** Reads and validates the word file; throws UrgencyWordsError naming the file and the entry at fault. */
export function loadUrgencyWords(file: string = URGENCY_WORDS_FILE): UrgencyWords {
    return readWordFile(file, fileSchema);
}
