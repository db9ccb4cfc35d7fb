import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';

/** The words around place names (street markers, landmark words, ...): plain data in language/data/placeWords.json. */
export const PLACE_WORDS_FILE = path.resolve(__dirname, '../../../language/data/placeWords.json');

const phrase = z.string().min(1).regex(/^[a-z0-9°ºª.ñ]+( [a-z0-9°ºª.ñ]+)*$/, 'a phrase is lowercase words without accents, one space between them');
const list = z.array(phrase);

const fileSchema = z.object({
    about: z.string(),
    streetMarkers: list.min(1),
    departmentMarkers: list.min(1),
    barrioMarkers: list.min(1),
    eventMarkers: list.min(1),
    residenceMarkers: list,
    negations: list,
    landmarks: list.min(1),
    landmarkNouns: list,
    blockMarkers: list.min(1),
    houseMarkers: list.min(1),
    routeMarkers: list.min(1),
    kmMarkers: list.min(1),
    numberMarkers: list,
    needsMarker: list,
    notFuzzy: list,
    genericNames: list,
    genericFollowers: list,
    provinceNames: list,
    placePrepositions: list,
    needsCapital: list,
    nameMarkers: list,
    abbreviations: list,
    extraDepartmentAliases: z.record(z.string().min(1), list),
    listNumbers: list.length(16)
}).strict();

export type PlaceWords = z.infer<typeof fileSchema>;

/** A word file that does not follow the schema, named by file and entry. */
export class PlaceDataError extends Error {
    constructor(readonly file: string, problem: string) {
        super(`${path.basename(file)}: ${problem}`);
        this.name = 'PlaceDataError';
    }
}

/** Parses `json` read from `file` with `schema`; throws PlaceDataError naming the file and the entry at fault. */
export function validated<T>(file: string, schema: z.ZodType<T>, json: unknown): T {
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue.path.join('.');
        const entry = issue.path.reduce<unknown>((value, key) => (value as Record<string | number, unknown> | undefined)?.[key], json);
        throw new PlaceDataError(file, `entry ${where}${entry !== undefined ? ` (${JSON.stringify(entry)})` : ''}: ${issue.message}`);
    }
    return parsed.data;
}

/** Reads a JSON file; throws PlaceDataError when it is not readable JSON. */
export function readJson(file: string): unknown {
    try {
        return JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
        throw new PlaceDataError(file, `not readable JSON (${(error as Error).message})`);
    }
}

/** Reads and validates the word file. */
export function loadPlaceWords(file: string = PLACE_WORDS_FILE): PlaceWords {
    return validated(file, fileSchema, readJson(file));
}
