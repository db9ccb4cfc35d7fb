import { distance } from 'fastest-levenshtein';
import type { PlaceReading, Span } from '../types';
import { addressFinder } from './address';
import { Gazetteer, loadGazetteer, NameForm, Place, Tier, typoCandidates } from './gazetteer';
import { loadPlaceWords, PlaceWords } from './placeWords';
import { phraseWords, PlaceToken, placeTokens } from './tokens';

/** Phrases of the word file indexed by first and last word, to test "does one of them end right before token i". */
class PhraseSet {
    private readonly byLast = new Map<string, string[][]>();
    private readonly byFirst = new Map<string, string[][]>();
    constructor(phrases: readonly string[]) {
        for (const phrase of phrases) {
            const words = phraseWords(phrase);
            if (words.length === 0) continue;
            const last = words[words.length - 1];
            this.byLast.set(last, [...(this.byLast.get(last) ?? []), words]);
            this.byFirst.set(words[0], [...(this.byFirst.get(words[0]) ?? []), words]);
        }
        for (const list of [...this.byLast.values(), ...this.byFirst.values()]) list.sort((a, b) => b.length - a.length);
    }
    /** The length in words of the longest phrase ending right before token `at` (same clause), or 0. */
    endingBefore(tokens: readonly PlaceToken[], at: number): number {
        if (at <= 0 || at > tokens.length) return 0;
        for (const words of this.byLast.get(tokens[at - 1].word) ?? []) {
            const from = at - words.length;
            if (from < 0) continue;
            if (words.every((w, k) => tokens[from + k].word === w && (k === 0 || !tokens[from + k].breakBefore))) return words.length;
        }
        return 0;
    }
    /** The length in words of the longest phrase starting at token `at` (same clause), or 0. */
    startingAt(tokens: readonly PlaceToken[], at: number): number {
        if (at >= tokens.length) return 0;
        for (const words of this.byFirst.get(tokens[at].word) ?? []) {
            if (at + words.length > tokens.length) continue;
            if (words.every((w, k) => tokens[at + k].word === w && (k === 0 || !tokens[at + k].breakBefore))) return words.length;
        }
        return 0;
    }
    has(word: string): boolean {
        return (this.byFirst.get(word) ?? []).some((words) => words.length === 1);
    }
}

interface Mention {
    from: number;
    to: number;
    form: NameForm;
    places: Place[];
    weight: number;
    weak: boolean;
    negated: boolean;
}

const WORDS: PlaceWords = loadPlaceWords();
const GAZETTEER: Gazetteer = loadGazetteer(WORDS.extraDepartmentAliases);
const findAddress = addressFinder(WORDS);
const ABBREVIATIONS = new Set(WORDS.abbreviations.map((p) => phraseWords(p).join(' ')));
const STREET = new PhraseSet(WORDS.streetMarkers);
const DEPARTMENT_MARKER = new PhraseSet(WORDS.departmentMarkers);
const BARRIO_MARKER = new PhraseSet(WORDS.barrioMarkers);
const EVENT = new PhraseSet(WORDS.eventMarkers);
const RESIDENCE = new PhraseSet(WORDS.residenceMarkers);
const NEGATION = new PhraseSet(WORDS.negations);
const PREPOSITION = new PhraseSet(WORDS.placePrepositions);
const GENERIC_FOLLOWER = new PhraseSet(WORDS.genericFollowers);
const NAME_MARKER = new PhraseSet(WORDS.nameMarkers);
const keys = (list: readonly string[]): Set<string> => new Set(list.map((p) => phraseWords(p).join(' ')));
const NEEDS_MARKER = keys(WORDS.needsMarker);
const NEEDS_CAPITAL = keys(WORDS.needsCapital);
const NOT_FUZZY = keys(WORDS.notFuzzy);
const GENERIC = keys(WORDS.genericNames);
const PROVINCE = keys(WORDS.provinceNames);
const LIST_NUMBERS = new Map(WORDS.listNumbers.map((word, i) => [word, i + 1]));
const ARTICLES = new Set(['el', 'la', 'los', 'las', 'al', 'del']);
/** Words allowed between a negation and the place it negates ("no estoy en Belén", "no es el Alto"). */
const NEGATION_GAP = new Set([
    'es',
    'era',
    'fue',
    'estoy',
    'estamos',
    'esta',
    'en',
    'el',
    'la',
    'a',
    'de',
    'del',
    'al',
    'vivo',
    'soy',
    'sino',
    'que'
]);
const ROMAN: Readonly<Record<string, string>> = { 1: 'i', 2: 'ii', 3: 'iii', 4: 'iv', 5: 'v' };

/** Words longer than this are never a name: a pasted link or a run of letters. */
const MAX_WORD = 40;

interface FormMatch {
    form: NameForm;
    /** Tokens it covers (a "del" counts once for "de el"). */
    length: number;
    typos: number;
}

const sameWord = (token: PlaceToken, word: string): boolean => token.word === word || (token.number && ROMAN[token.word] === word);

/**
 * The best name form starting at token `at`: longest, then with fewest typos (at most one, in a word of 6+ letters;
 * in words of 4+ letters for a name of several words with another long word written right). "del portezuelo" reads
 * "el portezuelo".
 */
function nameAt(tokens: readonly PlaceToken[], at: number, typosAllowed: boolean): FormMatch | undefined {
    const first = tokens[at].word;
    if (first.length > MAX_WORD) return undefined;
    let best: FormMatch | undefined;
    const consider = (forms: readonly NameForm[] | undefined, typos: number, skipFirst: boolean): void => {
        for (const form of forms ?? []) {
            // With skipFirst, the token at `at` ("del") stands for the form's first word ("el").
            const offset = skipFirst ? 0 : 0;
            if (at + form.words.length - offset > tokens.length) continue;
            let used = typos;
            let ok = true;
            for (let k = 1; k < form.words.length && ok; k++) {
                const token = tokens[at + k];
                if (token.breakBefore) ok = false;
                else if (sameWord(token, form.words[k])) continue;
                else if (typosAllowed && used === 0 && canBeTypo(token.word, form.words[k], form)) used = 1;
                else ok = false;
            }
            if (!ok) continue;
            if (!best || form.words.length > best.length || (form.words.length === best.length && used < best.typos)) {
                best = { form, length: form.words.length, typos: used };
            }
        }
    };
    // Only the forms that can match here: by the first two words (the second written right or with a typo), one-word
    // forms by the first; every form of the first word only in a short clause ("santa roza", "frai mamerto").
    const second = at + 1 < tokens.length && !tokens[at + 1].breakBefore ? tokens[at + 1] : undefined;
    const lookup = (firstWord: string, typos: number): void => {
        consider(GAZETTEER.single.get(firstWord), typos, false);
        if (!second) return;
        const secondWords = [second.word, ...(second.number && ROMAN[second.word] ? [ROMAN[second.word]] : [])];
        for (const w of secondWords) consider(GAZETTEER.byFirstTwo.get(`${firstWord} ${w}`), typos, false);
        if (typosAllowed && typos === 0) {
            if (second.word.length >= 5 && !NOT_FUZZY.has(second.word))
                for (const w of cachedTypoCandidates(second.word)) consider(GAZETTEER.byFirstTwo.get(`${firstWord} ${w}`), 0, false);
            if (shortClause(tokens, at)) consider(GAZETTEER.byFirstWord.get(firstWord), 0, false);
        }
    };
    lookup(first, 0);
    if (first === 'del' || first === 'al') lookup('el', 0);
    if (typosAllowed && first.length >= 5 && !NOT_FUZZY.has(first) && !/\d/.test(first)) {
        for (const candidate of cachedTypoCandidates(first)) lookup(candidate, 1);
    }
    return best;
}

/** Whether the clause of token `at` is a few words only (an answer): there every typo of a name is looked for. */
function shortClause(tokens: readonly PlaceToken[], at: number): boolean {
    let start = at;
    while (start > 0 && !tokens[start].breakBefore && at - start < 4) start--;
    if (!tokens[start].breakBefore) return false;
    let end = at + 1;
    while (end < tokens.length && !tokens[end].breakBefore && end - start < 5) end++;
    return end - start <= 4 && (end >= tokens.length || tokens[end].breakBefore);
}

/** Typo candidates of words already seen (a bounded cache: messages repeat their words). */
const TYPO_CACHE = new Map<string, string[]>();
function cachedTypoCandidates(word: string): string[] {
    let found = TYPO_CACHE.get(word);
    if (found === undefined) {
        if (TYPO_CACHE.size >= 20000) TYPO_CACHE.clear();
        found = typoCandidates(GAZETTEER, word);
        TYPO_CACHE.set(word, found);
    }
    return found;
}

function canBeTypo(written: string, name: string, form: NameForm): boolean {
    if (NOT_FUZZY.has(written) || /\d/.test(written) || Math.abs(written.length - name.length) > 1) return false;
    if (name.length >= 6 && written.length >= 5) return oneEdit(written, name);
    // "santa roza", "frai mamerto": a short word of a longer name, when another word of 4+ letters is right.
    return name.length >= 4 && written.length >= 4 && form.words.some((w) => w !== name && w.length >= 4) && oneEdit(written, name);
}

function oneEdit(a: string, b: string): boolean {
    if (a === b) return true;
    if (Math.abs(a.length - b.length) > 1) return false;
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length)
        return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const spanOf = (text: string, tokens: readonly PlaceToken[], from: number, to: number): Span => {
    const start = tokens[from].start;
    const end = tokens[to - 1].end;
    return { start, end, text: text.slice(start, end) };
};

/** Whether the clause holding tokens [from, to) holds nothing else (a filler like "creo" or "por favor" aside). */
const aloneInClause = (tokens: readonly PlaceToken[], from: number, to: number): boolean =>
    (tokens[from].breakBefore || (from === 1 && ['en', 'es', 'el', 'de', 'dpto'].includes(tokens[0].word))) &&
    (to >= tokens.length || tokens[to].breakBefore);

/** Whether a negation ("no", "no estoy en", "puse") governs token `at`. */
function negatedAt(tokens: readonly PlaceToken[], at: number): boolean {
    for (let k = at; k > 0 && k >= at - 4; k--) {
        if (NEGATION.endingBefore(tokens, k) > 0) return true;
        if (tokens[k - 1].breakBefore && k - 1 < at - 1) return false;
        if (!NEGATION_GAP.has(tokens[k - 1].word)) return false;
    }
    return false;
}

/** Whether a place's name that is no everyday word begins at token `at`. */
function strongPlaceAt(tokens: readonly PlaceToken[], at: number, before: readonly Mention[]): boolean {
    const mention = mentionAt(tokens, at, before);
    return mention !== undefined && mention !== 'street' && !mention.weak;
}

/** The mentions of places in the message, left to right, without street names and the writer's own name. */
function findMentions(tokens: readonly PlaceToken[]): Mention[] {
    const mentions: Mention[] = [];
    let skipUntil = -1;
    for (let i = 0; i < tokens.length; i++) {
        if (i < skipUntil) continue;
        const street = STREET.startingAt(tokens, i);
        if (street > 0 && !(tokens[i].word === 'esquina' && PREPOSITION.has(tokens[i + 1]?.word ?? ''))) {
            // What follows a street marker is the street's name: a place's name, or words up to a number or "de".
            let j = i + street;
            const named = j < tokens.length && !tokens[j].breakBefore ? nameAt(tokens, j, false) : undefined;
            if (named) j += named.length;
            else
                while (
                    j < tokens.length &&
                    j < i + street + 4 &&
                    !tokens[j].breakBefore &&
                    !tokens[j].number &&
                    !['de', 'd', 'del', 'en'].includes(tokens[j].word) &&
                    // "calle sarmiento siján": a place's name after the street's first word ends the street
                    !(j > i + street && strongPlaceAt(tokens, j, mentions))
                )
                    j++;
            skipUntil = j;
            continue;
        }
        const nameMarker = NAME_MARKER.startingAt(tokens, i);
        if (nameMarker > 0 || (tokens[i].word === 'soy' && tokens[i + 1]?.capitalized && tokens[i + 1]?.word !== 'de')) {
            // "Me llamo María de la Paz": the writer's name up to the end of the clause.
            let j = i + Math.max(nameMarker, 1);
            while (j < tokens.length && !tokens[j].breakBefore && !['y', 'vivo', 'de', 'del', 'desde', 'en'].includes(tokens[j].word)) j++;
            // "María de la Paz" is a name; "Juan Pérez de La Paz" comes from a place.
            if (
                nameMarker > 0 &&
                j - i - nameMarker === 1 &&
                tokens[j]?.word === 'de' &&
                tokens[j + 1] &&
                !tokens[j + 1].capitalized &&
                ['la', 'los', 'las'].includes(tokens[j + 1].word) &&
                tokens[j + 2]?.capitalized
            )
                j += 3;
            skipUntil = j;
            continue;
        }
        const mention = mentionAt(tokens, i, mentions);
        if (mention === 'street') {
            skipUntil = i + 2;
            continue;
        }
        if (!mention) continue;
        mentions.push(mention);
        skipUntil = mention.to;
    }
    return mentions;
}

/** Whether the name of a department that holds the place comes right after it ("las tejas valle viejo", "quirós, la paz"). */
function departmentFollows(tokens: readonly PlaceToken[], to: number, form: NameForm): boolean {
    // right after it, or after a comma: "la toma de Belén", "la cuesta de Belén" are a thing of the department's town
    const k = to;
    if (k >= tokens.length || ['de', 'del', 'd'].includes(tokens[k].word)) return false;
    const next = nameAt(tokens, k, false);
    const departments = new Set(form.places.filter((p) => p.tier !== Tier.Department).map((p) => p.department));
    return next !== undefined && next.form.places.some((p) => p.kind === 'department' && p.tier === Tier.Department && departments.has(p.department));
}

function mentionAt(tokens: readonly PlaceToken[], from: number, before: readonly Mention[]): Mention | 'street' | undefined {
    const articled = ARTICLES.has(tokens[from - 1]?.word ?? '');
    const barrioMarked = BARRIO_MARKER.endingBefore(tokens, from) > 0 && tokens[from - 1]?.word !== 'villa';
    let match = nameAt(tokens, from, true);
    let lone = false;
    if (!match || match.length === 1) {
        // "capi" alone; "el 920", "la 920": a barrio's number.
        const word = tokens[from].word;
        const loneForm = GAZETTEER.loneForms.get(word);
        if (loneForm && aloneInClause(tokens, from, from + 1)) {
            match = { form: loneForm, length: 1, typos: 0 };
            lone = true;
        } else if (!match && tokens[from].number && (articled || barrioMarked)) {
            const form = (GAZETTEER.byFirstWord.get(word) ?? []).find((f) => f.words.length === 2 && ['viviendas', 'vv'].includes(f.words[1]));
            if (form) match = { form, length: 1, typos: 0 };
        }
    }
    if (!match) return undefined;
    const previous = before[before.length - 1];
    const afterPlace =
        previous !== undefined && (previous.to === from || (previous.to === from - 1 && ['y', 'de', 'del', 'en'].includes(tokens[from - 1].word)));
    const ending = (set: PhraseSet): number => set.endingBefore(tokens, from);
    const departmentMarked = ending(DEPARTMENT_MARKER) > 0;
    const prepositioned = ending(PREPOSITION) > 0 || (articled && PREPOSITION.endingBefore(tokens, from - 1) > 0);
    const negated = negatedAt(tokens, from);
    const marked = departmentMarked || barrioMarked || prepositioned || afterPlace || negated;

    const to = from + match.length;
    const key = match.form.key;
    const alone = aloneInClause(tokens, from, to);
    if (match.typos > 0) {
        const long = match.form.words.some((w) => w.length >= 8);
        if (!(alone || long || (marked && match.form.words.length > 1) || departmentMarked)) return undefined;
        if (NEEDS_MARKER.has(key) || NEEDS_CAPITAL.has(key)) return undefined;
    }
    // "Esquiú 800", "Tinogasta 45": a name before a house number is a street; "barrio Libertador 2" is a barrio's part.
    if (
        !lone &&
        to < tokens.length &&
        tokens[to].number &&
        !tokens[to].breakBefore &&
        !barrioMarked &&
        match.form.words[0] !== 'barrio' &&
        !departmentMarked &&
        !/\d/.test(key) &&
        !(tokens[to + 1] && ['km', 'kilometro', 'kms'].includes(tokens[to + 1].word))
    )
        return 'street';
    const capitalized = tokens[to - 1].capitalized;
    // "las tejas valle viejo", "el bañado de la paz", "quiros la paz": the place's own department said right after it
    const confirmed = departmentFollows(tokens, to, match.form);
    if ((NEEDS_MARKER.has(key) || (match.form.words.length === 1 && key.length <= 3)) && !lone) {
        if (!(marked || alone || confirmed || (capitalized && match.form.words.length > 1))) return undefined;
    }
    const rural = match.form.places.every((p) => p.tier >= Tier.Recent) && ARTICLES.has(match.form.words[0]);
    if ((NEEDS_CAPITAL.has(key) || rural) && !capitalized && !alone && !departmentMarked && !confirmed && tokens[from - 1]?.word !== 'paraje') {
        // "en la puntilla" is the town; "en la puerta de la casa" is a door; a paraje named like a thing needs its capital.
        const followedByOf = to < tokens.length && !tokens[to].breakBefore && ['de', 'del', 'd'].includes(tokens[to].word);
        const near =
            ['en', 'de', 'desde', 'a', 'es', 'zona'].includes(tokens[from - 1]?.word ?? '') ||
            (articled && ['en', 'de', 'desde', 'a', 'es'].includes(tokens[from - 2]?.word ?? ''));
        if (rural || !near || followedByOf) return undefined;
        // "entra por debajo de la puerta", "el auto está en la puerta", "le pega en la puerta": a thing of the house
        const lead = tokens[from - (articled ? 3 : 2)];
        if (lead && !tokens[from - (articled ? 2 : 1)].breakBefore && BESIDE_A_THING.has(lead.word)) return undefined;
    }
    // "esquiu y chacabuco": a surname-like name in a crossing of two streets.
    if (
        NEEDS_MARKER.has(key) &&
        !lone &&
        !departmentMarked &&
        !barrioMarked &&
        ((tokens[to]?.word === 'y' &&
            !tokens[to].breakBefore &&
            tokens[to + 1] &&
            !tokens[to + 1].breakBefore &&
            !nameAt(tokens, to + 1, false) &&
            (!prepositioned || tokens[to + 1].capitalized)) ||
            (tokens[from - 1]?.word === 'y' && !tokens[from - 1].breakBefore && !afterPlace))
    )
        return 'street';
    // "Catamarca" names the Capital only as a whole answer: "Belén, Catamarca" is Belén, "45 grados en Catamarca" no place.
    if (PROVINCE.has(key) && !(from === 0 && to === tokens.length)) return undefined;
    const generic = GENERIC.has(key) || match.form.places.every((p) => p.generic);
    if (generic && GENERIC_FOLLOWER.startingAt(tokens, to) > 0 && !tokens[to].breakBefore) return undefined;
    if (generic && !marked && !articled && !alone) return undefined;
    let places = match.form.places;
    if (departmentMarked && places.some((p) => p.kind === 'department'))
        places = places.filter((p) => p.kind === 'department').map((p) => ({ ...p, tier: Tier.Department }));
    else if (barrioMarked && places.some((p) => p.kind === 'barrio')) places = places.filter((p) => p.kind === 'barrio');
    let weight = 0;
    const markerAt =
        from -
        (departmentMarked
            ? DEPARTMENT_MARKER.endingBefore(tokens, from)
            : barrioMarked
              ? BARRIO_MARKER.endingBefore(tokens, from)
              : articled
                ? 1
                : 0);
    const either = (set: PhraseSet): boolean => set.endingBefore(tokens, markerAt) > 0 || set.endingBefore(tokens, from) > 0;
    if (negated) weight -= 3;
    else if (either(EVENT)) weight += 2;
    else if (either(RESIDENCE)) weight -= 1;
    return { from, to, form: match.form, places, weight, weak: generic || PROVINCE.has(key), negated };
}

const departmentsOf = (places: readonly Place[]): string[] => [...new Set(places.map((p) => p.department))];
const bestTier = (m: Mention): number => Math.min(...m.places.map((p) => p.tier));

/** The departments a mention most likely means: those of its best tier (a department, then a town, ...). */
function topDepartments(m: Mention): string[] {
    const tier = bestTier(m);
    return departmentsOf(m.places.filter((p) => p.tier === tier));
}

/** The department a mention means, using the other mentions of the message to choose; undefined when it stays ambiguous. */
function resolve(m: Mention, others: readonly Mention[]): string | undefined {
    const top = topDepartments(m);
    if (top.length === 1) return top[0];
    const all = departmentsOf(m.places);
    const support = others.filter((o) => o !== m && !o.negated);
    const named = support.flatMap((o) => o.places.filter((p) => p.kind === 'department' && p.tier === Tier.Department).map((p) => p.department));
    const byName = all.filter((d) => named.includes(d));
    if (byName.length === 1) return byName[0];
    const implied = support
        .map((o) => topDepartments(o))
        .filter((ds) => ds.length === 1)
        .map((ds) => ds[0]);
    const byPlace = all.filter((d) => implied.includes(d));
    if (byPlace.length === 1) return byPlace[0];
    return undefined;
}

function placeOf(m: Mention, department: string | undefined): Place | undefined {
    const localities = m.places.filter((p) => p.kind !== 'department');
    return localities.find((p) => p.department === department) ?? (department === undefined ? localities[0] : undefined);
}

/** Options of readPlace. */
export interface ReadPlaceOptions {
    /** The message answers the numbered list of departments the line offered: "5", "el 5", "cinco" name one. */
    departmentList?: boolean;
}

/** What a citizen's message says about where the event is: department, locality or barrio, ambiguity, address. */
export function readPlace(text: string, options: ReadPlaceOptions = {}): PlaceReading {
    const reading = readPlaceIn(text, options);
    if (reading.address && reading.locality) withoutTheLocality(text, reading.address, reading.locality.evidence, () => delete reading.address);
    return reading;
}

/**
 * "barrio Eva Perón, manzana 4": a barrio the place reader knows is the locality, not more address; what follows it
 * stays the address, and nothing is left when the barrio was all of it.
 */
function withoutTheLocality(text: string, address: NonNullable<PlaceReading['address']>, locality: Span, drop: () => void): void {
    const { start, end } = address.evidence;
    if (locality.start > start || locality.end <= start) return;
    const rest = text.slice(locality.end, end);
    const lead = /^(?:[\s,;:-]|y\s|e\s)*/i.exec(rest)![0].length;
    // "Barrio Norte y Barrio Sur": what is left after the known barrio must say more than a marker
    if (locality.end + lead >= end || /^\s*(barrio|b°|bº)?\s*[\p{L}]*\s*$/iu.test(text.slice(locality.end + lead, end))) return drop();
    const from = locality.end + lead;
    address.text = text.slice(from, end);
    address.evidence = { start: from, end, text: address.text };
}

function readPlaceIn(text: string, options: ReadPlaceOptions): PlaceReading {
    const reading: PlaceReading = {};
    const tokens = placeTokens(text, ABBREVIATIONS);
    const address = findAddress(text);
    if (address) {
        const said = text.slice(address.start, address.end);
        reading.address = { text: said, evidence: { start: address.start, end: address.end, text: said } };
        if (address.tier === 2) reading.address.byWhatIsThere = true;
    }
    const all = findMentions(tokens);
    if (reading.address) trimTrailingPlace(text, tokens, all, reading.address);
    if (all.length === 0) {
        if (options.departmentList) {
            const number = listNumber(tokens);
            if (number !== undefined) {
                const department = GAZETTEER.departments[number - 1];
                reading.department = { ...department, evidence: spanOf(text, tokens, tokens.length - 1, tokens.length) };
            } else {
                const misspelt = misspeltDepartment(tokens);
                if (misspelt) reading.department = { ...misspelt, evidence: spanOf(text, tokens, 0, tokens.length) };
            }
        }
        return reading;
    }
    // A place followed by "de" and a place of another department is a feature of the second: "los médanos de Tatón".
    const mentions = all.filter((m, k) => {
        const next = all[k + 1];
        if (!next || next.from !== m.to + 1 || !['de', 'del'].includes(tokens[m.to].word)) return true;
        const nextDepartments = topDepartments(next);
        return departmentsOf(m.places).some((d) => nextDepartments.includes(d)) || hasDepartmentName(m);
    });
    const strong = mentions.filter((m) => !m.weak);
    const pool = strong.length > 0 ? strong : mentions;
    const maxWeight = Math.max(...pool.map((m) => m.weight));
    const group = pool.filter((m) => m.weight === maxWeight);
    const span = (m: Mention): Span => spanOf(text, tokens, m.from, m.to);

    let chosen: { mention: Mention; department: string } | undefined;
    const named = group.filter(hasDepartmentName);
    // "santa rosa valle viejo": a department's name that is also a town of the department named right after it is
    // that town; the second name is the department
    const townThenDepartment =
        named.length >= 2 && named[1].from <= named[0].to + 1 && !['de', 'del', 'o', 'y'].includes(tokens[named[0].to]?.word ?? '')
            ? named[0].places.find((p) => p.tier !== Tier.Department && p.department === departmentNamed(named[1]))
            : undefined;
    if (townThenDepartment) chosen = { mention: named[1], department: townThenDepartment.department };
    else if (named.length > 0) chosen = { mention: named[0], department: departmentNamed(named[0])! };
    else {
        const byTier = [...group].sort((a, b) => bestTier(a) - bestTier(b));
        for (const m of byTier) {
            const department = resolve(m, mentions);
            if (department) {
                chosen = { mention: m, department };
                break;
            }
        }
    }
    // "soy de Belén, barrio San Martín": a barrio of the capital's name in a town whose department is said is that
    // town's barrio; the department said wins.
    if (chosen && chosen.department === CAPITAL && !hasDepartmentName(chosen.mention)) {
        const said = pool.filter((m) => !m.negated && hasDepartmentName(m) && !m.places.some((p) => p.department === CAPITAL));
        if (said.length === 1) {
            chosen = { mention: said[0], department: departmentNamed(said[0])! };
        }
    }
    // "no sé si es Belén o Pomán", "San Pedro de Capayán o de Santa Rosa": departments offered as alternatives.
    const namedAll = pool.filter((m) => !m.negated && hasDepartmentName(m));
    if (chosen && namedAll.length > 1) {
        const linked = (a: Mention, b: Mention): boolean => tokens.slice(a.to, b.from).some((t) => t.word === 'o') && b.from - a.to <= 3;
        const at = namedAll.indexOf(chosen.mention);
        const options = namedAll.filter(
            (m, k) => m === chosen.mention || (k === at + 1 && linked(chosen.mention, m)) || (k === at - 1 && linked(m, chosen.mention))
        );
        if (options.length > 1) {
            const departments = [...new Set(options.flatMap((m) => m.places.filter((p) => p.tier === Tier.Department).map((p) => p.department)))];
            const withLocality = mentions.find((m) => !m.negated && m.places.some((p) => p.kind !== 'department') && !options.includes(m));
            reading.ambiguous = {
                name: withLocality?.places.find((p) => p.kind !== 'department')?.name ?? departments.join(' o '),
                departments,
                evidence: span(options[0])
            };
            const place = withLocality ? placeOf(withLocality, undefined) : undefined;
            if (place && withLocality) reading.locality = { name: place.name, evidence: span(withLocality) };
            return reading;
        }
    }
    if (chosen) {
        const { department, mention } = chosen;
        const info = GAZETTEER.departmentByName.get(department)!;
        reading.department = { id: info.id, name: info.name, evidence: span(mention) };
        // The locality: the chosen mention's own, else another mention's in the same department.
        // ("Saujil, Pomán": Saujil, not the town of Pomán the department is named after).
        const others = [...group.filter((m) => m !== mention), ...mentions.filter((m) => !group.includes(m) && !m.negated)];
        const isDepartmentName = hasDepartmentName(mention);
        const candidates = isDepartmentName ? [...others, mention] : [mention, ...others];
        for (const m of candidates) {
            const place = placeOf(m, department);
            if (place) {
                reading.locality = { name: place.name, department, evidence: span(m) };
                break;
            }
        }
        return reading;
    }
    const m = group[0];
    reading.ambiguous = {
        name: m.places.find((p) => p.kind !== 'department')?.name ?? m.places[0].name,
        departments: topDepartments(m),
        evidence: span(m)
    };
    const place = placeOf(m, undefined);
    if (place) reading.locality = { name: place.name, evidence: span(m) };
    return reading;
}

const CAPITAL = 'Capital';

/**
 * Words before "en", "de", "a" that make what follows a thing where something is ("debajo de la puerta"), not a town
 * ("arriba de la Puerta", "detrás de la Puntilla" say where in the hills around the town).
 */
const BESIDE_A_THING = new Set([
    'debajo',
    'abajo',
    'bajo',
    'junto',
    'contra',
    'encima',
    'pega',
    'pegando',
    'golpea',
    'golpean',
    'golpeando',
    'toca',
    'tocan',
    'tocando',
    'esta',
    'estan',
    'estaba',
    'parado',
    'parada',
    'sentado',
    'sentada',
    'llega',
    'llegando'
]);

/**
 * "calle Sarmiento Siján": a place's name ending a street named in one word is the place, not more of the street (a
 * street named after a place, "calle Belén", keeps its name).
 */
function trimTrailingPlace(
    text: string,
    tokens: readonly PlaceToken[],
    mentions: readonly Mention[],
    address: NonNullable<PlaceReading['address']>
): void {
    const { start, end } = address.evidence;
    for (const m of mentions) {
        if (m.weak) continue;
        const span = spanOf(text, tokens, m.from, m.to);
        if (span.end !== end || span.start <= start) continue;
        // "la iglesia de Andalgalá": the words that led to the place go with it
        const street = text.slice(start, span.start).replace(/(?:[\s,]+(?:de|del|d|en|y|a|al))*[\s,]+$/i, '');
        if (street.split(/\s+/).length < 2) continue;
        address.text = street;
        address.evidence = { start, end: start + street.length, text: street };
        return;
    }
}

/** The department a mention names by its own name, if it names one. */
function departmentNamed(m: Mention): string | undefined {
    return m.places.find((p) => p.kind === 'department' && p.tier === Tier.Department)?.department;
}

/** Whether a mention names a department itself ("Belén", "dpto Pomán"), not only a locality or a barrio. */
function hasDepartmentName(m: Mention): boolean {
    return departmentNamed(m) !== undefined;
}

let departmentSpellings: Array<{ letters: string; department: string }> | undefined;

/**
 * Asked for the department, the answer alone with a slip no word-by-word reading forgives: "vale viejo", "frai
 * mamerto", "vallevjo" (short words, words run together). The whole answer, letters only, within one edit of a
 * department's name or alias (two from ten letters on), and nearer one department than any other.
 */
function misspeltDepartment(tokens: readonly PlaceToken[]): { id: string; name: string } | undefined {
    const words = tokens.map((t) => t.word).filter((w) => !['el', 'la', 'de', 'es', 'departamento', 'dpto', 'depto', 'en'].includes(w));
    const letters = words.join('');
    if (letters.length < 6 || words.length > 4) return undefined;
    departmentSpellings ??= [...GAZETTEER.byFirstWord.values()].flatMap((forms) =>
        forms.flatMap((form) =>
            form.places
                .filter((p) => p.kind === 'department' && p.tier === Tier.Department)
                .map((p) => ({ letters: form.words.join(''), department: p.department }))
        )
    );
    let best: { department: string; edits: number } | undefined;
    let tie = false;
    for (const spelling of departmentSpellings) {
        const edits = distance(letters, spelling.letters);
        if (edits > (spelling.letters.length >= 10 ? 2 : 1)) continue;
        if (!best || edits < best.edits) [best, tie] = [{ department: spelling.department, edits }, false];
        else if (edits === best.edits && spelling.department !== best.department) tie = true;
    }
    if (!best || tie) return undefined;
    const info = GAZETTEER.departmentByName.get(best.department)!;
    return { id: info.id, name: info.name };
}

/** "5", "el 5", "número 13", "cinco": a number of the department list, when it is the whole message. */
function listNumber(tokens: readonly PlaceToken[]): number | undefined {
    const words = tokens.map((t) => t.word).filter((w) => !['el', 'la', 'numero', 'nro', 'n', 'opcion', 'es', 'departamento', 'dpto'].includes(w));
    if (words.length !== 1) return undefined;
    const n = /^\d{1,2}$/.test(words[0]) ? Number(words[0]) : LIST_NUMBERS.get(words[0]);
    return n !== undefined && n >= 1 && n <= 16 ? n : undefined;
}
