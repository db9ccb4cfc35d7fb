import * as path from 'path';
import { z } from 'zod';
import { readWordFile } from '../wordFile';

export { WordFileError as PlaceDataError } from '../wordFile';

/** The words around place names (street markers, landmark words, ...): plain data in language/data/placeWords.json. */
export const PLACE_WORDS_FILE = path.resolve(__dirname, '../../../language/data/placeWords.json');

const phrase = z
    .string()
    .min(1)
    .regex(/^[a-z0-9°ºª.ñ]+( [a-z0-9°ºª.ñ]+)*$/, 'a phrase is lowercase words without accents, one space between them');
const list = z.array(phrase);

const fileSchema = z
    .object({
        about: z.string(),
        streetMarkers: list.min(1),
        streetNames: list,
        notStreetsAlone: list,
        departmentMarkers: list.min(1),
        barrioMarkers: list.min(1),
        eventMarkers: list.min(1),
        residenceMarkers: list,
        negations: list,
        landmarks: list.min(1),
        landmarkNouns: list,
        landmarkBuildings: list,
        blockMarkers: list.min(1),
        houseMarkers: list.min(1),
        routeMarkers: list.min(1),
        routeNumbers: z.array(z.string().regex(/^\d{1,3}$/, 'a route number is one to three digits')),
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
    })
    .strict();

export type PlaceWords = z.infer<typeof fileSchema>;

/** Parses `json` read from `file` with `schema`; throws WordFileError naming the file and the entry at fault. */
export function readPlaceFile<T>(file: string, schema: z.ZodType<T>): T {
    return readWordFile(file, schema);
}

/** Reads and validates the word file. */
export function loadPlaceWords(file: string = PLACE_WORDS_FILE): PlaceWords {
    return readWordFile(file, fileSchema);
}
