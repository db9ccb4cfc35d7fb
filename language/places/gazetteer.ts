import * as path from 'path';
import { z } from 'zod';
import { withinOneEdit } from '../text/normalize';
import { readPlaceFile } from './placeWords';
import { phraseWords } from './tokens';

/** The place names of Catamarca: language/data/places.json (its `about` says what each list holds). */
export const PLACES_FILE = path.resolve(__dirname, '../../../language/data/places.json');

const departmentSchema = z
    .object({
        id: z.string().min(1),
        name: z.string().min(1),
        aliases: z.array(z.string().min(1)).min(1),
        ambiguousAliases: z.array(z.string().min(1)).optional()
    })
    .passthrough();
const localitySchema = z
    .object({
        name: z.string().min(1),
        department: z.string().min(1),
        kind: z.string().min(1),
        source: z.string().min(1),
        aliases: z.array(z.string().min(1))
    })
    .passthrough();
const barrioSchema = z
    .object({
        name: z.string().min(1),
        department: z.literal('Capital'),
        genericName: z.boolean().optional(),
        aliases: z.array(z.string().min(1))
    })
    .passthrough();
const fileSchema = z
    .object({
        departments: z.array(departmentSchema).length(16),
        localities: z.array(localitySchema).min(1),
        capitalBarrios: z.array(barrioSchema)
    })
    .passthrough();

/**
 * How strongly a name points to a department when it names places in several: a department beats an INDEC 2010
 * town, which beats a capital barrio or a department's nickname ("Esquiú"), which beat a locality added in 2022 or
 * a part of a composite locality, which beat a rural paraje.
 */
export const enum Tier {
    Department = 0,
    Town = 1,
    Barrio = 2,
    Recent = 3,
    Paraje = 4
}

/** One place a name can mean. */
export interface Place {
    kind: 'department' | 'locality' | 'barrio';
    /** The place's name (a department's own name for a department). */
    name: string;
    /** The department's official name. */
    department: string;
    tier: Tier;
    /** A generic barrio name ("Centro"): only used when nothing else is named. */
    generic: boolean;
}

/** One way of writing a name, as folded words, with every place it can mean. */
export interface NameForm {
    words: string[];
    key: string;
    places: Place[];
}

export interface Department {
    id: string;
    name: string;
}

export interface Gazetteer {
    departments: Department[];
    departmentByName: Map<string, Department>;
    /** Every name form, by its first word; longest first. */
    byFirstWord: Map<string, NameForm[]>;
    /** Name forms of one word, by that word; and of several, by their first two words ("la puerta"). */
    single: Map<string, NameForm[]>;
    byFirstTwo: Map<string, NameForm[]>;
    /** Ways of writing a department read only when alone in a clause ("capi"): placeWords.json's extraDepartmentAliases. */
    loneForms: Map<string, NameForm>;
    /** Words of names (6+ letters) by each of their one-deletion variants and themselves: the typo index. */
    typoIndex: Map<string, string[]>;
    /** Words of names (4+ letters) by how they sound ({@link soundKey}): "velen" is Belén, "vale" is Valle. */
    soundIndex: Map<string, string[]>;
}

/**
 * How a word sounds in Argentine Spanish, for spellings that differ only there: b/v, s/z/soft c, a silent h, doubled
 * letters, ll/y. Such slips are common in any length of word, unlike other typos.
 */
export function soundKey(word: string): string {
    return word
        .replace(/ll/g, 'y')
        .replace(/(\p{L})\1+/gu, '$1')
        .replace(/h/g, '')
        .replace(/v/g, 'b')
        .replace(/z/g, 's')
        .replace(/c([ei])/g, 's$1');
}

function tierOfLocality(kind: string): Tier {
    if (kind.startsWith('localidad') && kind.includes('2022')) return Tier.Recent;
    if (kind.startsWith('localidad')) return Tier.Town;
    if (kind.startsWith('entidad')) return Tier.Recent;
    return Tier.Paraje;
}

/** "barrio el jumeal" -> "barrio jumeal"; undefined when the name has no article after "barrio". */
function withoutArticleAfterBarrio(alias: string): string | undefined {
    const found = /^(barrio|b°|bo)\s+(el|la|los|las)\s+(.+)$/i.exec(alias.trim());
    return found ? `${found[1]} ${found[3]}` : undefined;
}

/** The variants of `word` with one letter deleted, and the word itself. */
export function deletions(word: string): string[] {
    const result = [word];
    for (let i = 0; i < word.length; i++) result.push(word.slice(0, i) + word.slice(i + 1));
    return result;
}

/** Reads places.json and builds the indexes, once. */
export function loadGazetteer(extraDepartmentAliases: Readonly<Record<string, readonly string[]>> = {}, file: string = PLACES_FILE): Gazetteer {
    const data = readPlaceFile(file, fileSchema);
    const forms = new Map<string, NameForm>();
    const add = (alias: string, place: Place): void => {
        const words = phraseWords(alias);
        if (words.length === 0) return;
        const key = words.join(' ');
        let form = forms.get(key);
        if (!form) forms.set(key, (form = { words, key, places: [] }));
        const same = form.places.find((p) => p.department === place.department && p.kind === place.kind && p.name === place.name);
        if (same) same.tier = Math.min(same.tier, place.tier);
        else form.places.push(place);
    };
    const departments = data.departments.map((d) => ({ id: d.id, name: d.name }));
    const departmentByName = new Map(departments.map((d) => [d.name, d]));
    for (const d of data.departments) {
        const place = (tier: Tier): Place => ({ kind: 'department', name: d.name, department: d.name, tier, generic: false });
        add(d.name, place(Tier.Department));
        for (const alias of d.aliases) add(alias, place(Tier.Department));
        // A department alias that also names a town elsewhere ("san jose") weighs as a town.
        for (const alias of d.ambiguousAliases ?? []) add(alias, place(Tier.Barrio));
    }
    for (const l of data.localities) {
        if (!departmentByName.has(l.department)) throw new Error(`${path.basename(file)}: locality ${l.name}: unknown department ${l.department}`);
        const place: Place = { kind: 'locality', name: l.name, department: l.department, tier: tierOfLocality(l.kind), generic: false };
        add(l.name, place);
        for (const alias of l.aliases) add(alias, place);
    }
    for (const b of data.capitalBarrios) {
        const place: Place = { kind: 'barrio', name: b.name, department: 'Capital', tier: Tier.Barrio, generic: b.genericName === true };
        for (const alias of [b.name, ...b.aliases]) {
            add(alias, place);
            // "barrio el Jumeal" is written "barrio Jumeal" as often
            const unarticled = withoutArticleAfterBarrio(alias);
            if (unarticled) add(unarticled, place);
        }
    }
    const byFirstWord = new Map<string, NameForm[]>();
    const typoIndex = new Map<string, string[]>();
    const soundIndex = new Map<string, string[]>();
    for (const form of forms.values()) {
        const list = byFirstWord.get(form.words[0]) ?? [];
        list.push(form);
        byFirstWord.set(form.words[0], list);
        for (const word of form.words) {
            if (word.length >= 4 && !/\d/.test(word)) {
                const sounds = soundIndex.get(soundKey(word)) ?? [];
                if (!sounds.includes(word)) sounds.push(word);
                soundIndex.set(soundKey(word), sounds);
            }
            if (word.length < 6 || /\d/.test(word)) continue;
            for (const variant of deletions(word)) {
                const words = typoIndex.get(variant) ?? [];
                if (!words.includes(word)) words.push(word);
                typoIndex.set(variant, words);
            }
        }
    }
    for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
    const single = new Map<string, NameForm[]>();
    const byFirstTwo = new Map<string, NameForm[]>();
    for (const form of forms.values()) {
        const key = form.words.length === 1 ? form.words[0] : `${form.words[0]} ${form.words[1]}`;
        const map = form.words.length === 1 ? single : byFirstTwo;
        map.set(key, [...(map.get(key) ?? []), form]);
    }
    for (const list of byFirstTwo.values()) list.sort((a, b) => b.words.length - a.words.length);
    const loneForms = new Map<string, NameForm>();
    for (const [name, aliases] of Object.entries(extraDepartmentAliases)) {
        if (!departmentByName.has(name)) throw new Error(`placeWords.json: extraDepartmentAliases: unknown department ${name}`);
        for (const alias of aliases) {
            const words = phraseWords(alias);
            loneForms.set(words.join(' '), {
                words,
                key: words.join(' '),
                places: [{ kind: 'department', name, department: name, tier: Tier.Department, generic: false }]
            });
        }
    }
    return { departments, departmentByName, byFirstWord, single, byFirstTwo, typoIndex, soundIndex, loneForms };
}

/** The name words (6+ letters) one edit away from `word`, found through the deletion index: no scan of all names. */
export function typoCandidates(gazetteer: Gazetteer, word: string): string[] {
    const found: string[] = word.length >= 4 ? (gazetteer.soundIndex.get(soundKey(word)) ?? []).filter((candidate) => candidate !== word) : [];
    if (word.length < 5) return found;
    for (const variant of deletions(word)) {
        for (const candidate of gazetteer.typoIndex.get(variant) ?? []) {
            if (candidate !== word && !found.includes(candidate) && withinOneEdit(word, candidate)) found.push(candidate);
        }
    }
    return found;
}
