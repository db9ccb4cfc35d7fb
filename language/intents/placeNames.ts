import * as path from 'path';
import { z } from 'zod';
import { PhraseList } from './phrases';
import { readWordFile } from '../wordFile';
import { foldWord } from '../text/normalize';

/** The place names of language/data/places.json the intent and name readers need: which words name a place. */
const PLACES_FILE = path.resolve(__dirname, '../../../language/data/places.json');

const named = z.object({ name: z.string(), aliases: z.array(z.string()).optional() }).passthrough();
const schema = z
    .object({
        departments: z.array(named.extend({ ambiguousAliases: z.array(z.string()).optional() })),
        localities: z.array(named),
        ambiguous: z.array(named),
        capitalBarrios: z.array(named)
    })
    .passthrough();

/** Lowercase, unaccented words of a place name ("Valle Viejo" -> "valle viejo"); punctuation becomes a space. */
export function foldPhrase(text: string): string {
    return text
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length > 0)
        .map(foldWord)
        .join(' ');
}

export interface PlaceNames {
    departments: PhraseList;
    places: PhraseList;
}

let cached: PlaceNames | undefined;

/** Department names and aliases, and every place (departments, localities, barrios), as phrase lists. */
export function placeNames(): PlaceNames {
    if (cached) return cached;
    const data = readWordFile(PLACES_FILE, schema);
    const namesOf = (entries: Array<z.infer<typeof named>>): string[] =>
        entries
            .flatMap((e) => [e.name, ...(e.aliases ?? [])])
            .map(foldPhrase)
            .filter((n) => n.length > 0);
    const departments = namesOf(data.departments);
    const places = [...departments, ...namesOf(data.localities), ...namesOf(data.ambiguous), ...namesOf(data.capitalBarrios)];
    cached = { departments: new PhraseList([...new Set(departments)]), places: new PhraseList([...new Set(places)]) };
    return cached;
}
