import * as path from 'path';
import { z } from 'zod';
import { keepsItsPhrases, PHRASE_INSIDE_ALTERNATIVES, readWordFile } from '../wordFile';

export { WordFileError as TypeWordsError } from '../wordFile';

/** The hazard words of every emergency type: plain data in language/data/typeWords.json, validated at load. */
export const TYPE_WORDS_FILE = path.resolve(__dirname, '../../../language/data/typeWords.json');

/** The type ids of dialogs/data/emergency-types.json that are hazards (all but `other`). */
export const HAZARD_TYPE_IDS = [
    'people_trapped',
    'structure_fire',
    'flood',
    'flash_flood',
    'wildfire',
    'storm_damage',
    'landslide',
    'fallen_lines',
    'hail_snow',
    'earthquake',
    'hazmat',
    'road_blocked'
] as const;
export type HazardTypeId = (typeof HAZARD_TYPE_IDS)[number];
export type TypeId = HazardTypeId | 'other';

const pattern = z
    .string()
    .min(1)
    .regex(/^[a-z0-9*|~ ]+$/, 'a pattern is lowercase words without accents, | between alternatives, * for a word beginning, ~ for a gap')
    .refine(keepsItsPhrases, PHRASE_INSIDE_ALTERNATIVES);
const word = z
    .string()
    .min(1)
    .regex(/^[a-z0-9]+$/, 'a word is lowercase letters without accents');
const weighted = z.object({ p: pattern, w: z.number().int().min(1).max(10) }).strict();

const typesShape = Object.fromEntries(HAZARD_TYPE_IDS.map((id) => [id, z.array(weighted).min(1)])) as Record<
    HazardTypeId,
    z.ZodArray<typeof weighted>
>;

const fileSchema = z
    .object({
        about: z.string(),
        tieOrder: z
            .array(z.enum([...HAZARD_TYPE_IDS, 'other']))
            .length(HAZARD_TYPE_IDS.length + 1)
            .refine((ids) => new Set(ids).size === ids.length, 'every type exactly once'),
        negations: z.array(word).min(1),
        negationBridges: z.array(word),
        placeNames: z.array(pattern),
        notHazards: z.array(pattern),
        knownWords: z.array(word),
        types: z.object(typesShape).strict(),
        insideCollapse: z.array(pattern),
        fire: z
            .object({
                cues: z.array(pattern).min(1),
                strong: z.array(pattern),
                building: z.array(pattern).min(1),
                wildland: z.array(pattern).min(1),
                notHazard: z.array(pattern),
                spreading: z.array(pattern),
                interior: z.array(pattern),
                window: z.number().int().min(1).max(12)
            })
            .strict()
            .refine((fire) => fire.strong.every((p) => fire.cues.includes(p)), 'every fire.strong pattern is one of fire.cues'),
        other: z.array(pattern).min(1),
        otherWeak: z.array(pattern),
        otherLead: z.array(pattern),
        otherCancel: z.array(pattern),
        weatherCollapse: z.object({ built: z.array(word).min(1), causes: z.array(word).min(1), natural: z.array(word) }).strict(),
        /** A weight coming down on people: the verbs (read as the start of a word: "derrumb" is "derrumbó") and the heavy things. */
        heavyFall: z.object({ comingDown: z.array(word).min(1), things: z.array(word).min(1) }).strict(),
        minWeight: z.number().int().min(1).max(10)
    })
    .strict();

export type TypeWords = z.infer<typeof fileSchema>;

/** Reads and validates the word file; throws WordFileError naming the file and the entry at fault. */
export function loadTypeWords(file: string = TYPE_WORDS_FILE): TypeWords {
    return readWordFile(file, fileSchema);
}
