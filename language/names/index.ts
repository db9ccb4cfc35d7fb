import type { ConversationStep, Span } from '../types';
import { loadIntentWords } from '../intents/intentWords';
import { PhraseList } from '../intents/phrases';
import { placeNames } from '../intents/placeNames';
import { tokenize } from '../text/normalize';
import { loadNameWords } from './nameWords';

/**
 * The citizen's own name: introduced anywhere ("soy Ramón Díaz", "me llamo…", "habla la señora Gómez"), said
 * before "de nuevo" / "otra vez", or at the name question the answer itself ("juan perez", "María de la Paz").
 * The name is the citizen's text as typed, cut where the sentence goes on.
 */

const N = loadNameWords();
const INTRODUCTIONS = new PhraseList(N.introductions);
const INTRODUCTIONS_AT_CLAUSE_START = new PhraseList(N.introductionsAtClauseStart);
const TITLES: ReadonlySet<string> = new Set(N.titles);
const VOCATIVES: ReadonlySet<string> = new Set(N.vocatives);
const PARTICLES: ReadonlySet<string> = new Set(N.particles);
const SURNAME_PARTICLES: ReadonlySet<string> = new Set(N.surnameParticles);
const SOFT_ENDS = new PhraseList(N.softEnds);
const CONTINUATIONS = new PhraseList(N.continuations);
const ALONE_NOT_A_NAME: ReadonlySet<string> = new Set(N.aloneNotAName);
const PLACES_IN_NAMES: ReadonlySet<string> = new Set(N.placesInNames);
const EVERYDAY: ReadonlySet<string> = new Set(N.everydayWords);
const NEVER: ReadonlySet<string> = new Set(N.neverInName);
const I = loadIntentWords();
const GREETINGS = new PhraseList([...I.greetings, ...I.courtesy, 'bueno', 'si', 'ok', 'dale']);
/** Words of an emergency or a sentence: never part of a name (stems too: "inund*"). */
const EVENT_WORDS = new PhraseList(I.eventWords.filter((w) => !PLACES_IN_NAMES.has(w.replace('*', ''))));
const MAX_NAME_WORDS = 5;
const ARTICLES: ReadonlySet<string> = new Set(['el', 'la', 'los', 'las']);

/** One typed word: glued pieces joined ("D'Alessandro", "Fernández-Gil"), its folded form, where it is. */
interface NameWord {
    folded: string;
    start: number;
    end: number;
    breakBefore: boolean;
    capitalised: boolean;
    lower: boolean;
    /** "E." in "Juan E. Pérez". */
    initial: boolean;
}

function nameWords(text: string): NameWord[] {
    const out: NameWord[] = [];
    for (const token of tokenize(text)) {
        const last = out[out.length - 1];
        if (last && token.start === last.start) {
            last.folded += ` ${token.word}`;
            continue;
        } // "xq" -> "por que"
        const gap = last ? text.slice(last.end, token.start) : '';
        if (last && (gap === "'" || gap === '’' || gap === '-')) {
            last.folded += token.word;
            last.end = token.end;
            continue;
        }
        const raw = text.slice(token.start, token.end);
        const first = raw.charAt(0);
        let breakBefore = token.breakBefore;
        // "Juan E. Pérez", "Lic. Consuelo": the period after an initial or a title is no sentence end
        // ("otra vez. Marta Ahumada" ends a sentence: a lowercase word is no initial or title)
        if (
            last &&
            breakBefore &&
            text.slice(last.end, token.start).trim() === '.' &&
            ((last.end - last.start <= 3 && last.capitalised) || TITLES.has(last.folded))
        )
            breakBefore = false;
        out.push({
            folded: token.word,
            start: token.start,
            end: token.end,
            breakBefore,
            capitalised: first !== first.toLowerCase(),
            lower: raw === raw.toLowerCase(),
            initial: raw.length === 1 && first !== first.toLowerCase() && text.charAt(token.end) === '.'
        });
    }
    return out;
}

const FOLDED = new WeakMap<readonly NameWord[], string[]>();
/** The folded words of a message, worked out once. */
function foldedOf(words: readonly NameWord[]): string[] {
    let folded = FOLDED.get(words);
    if (!folded) {
        folded = words.map((w) => w.folded);
        FOLDED.set(words, folded);
    }
    return folded;
}

function neverInName(words: readonly NameWord[], at: number): boolean {
    const folded = words[at].folded;
    if (words[at].initial) return false;
    if (NEVER.has(folded) || /\d/.test(folded)) return true;
    if (PLACES_IN_NAMES.has(folded)) return false;
    return EVENT_WORDS.lengthAt(foldedOf(words), at) > 0;
}

type Mode = 'introduced' | 'answer' | 'leading';

interface Collected {
    from: number;
    to: number;
    /** Why collecting stopped: the end, a clause break, a soft end ("nomas", "jaja"), or a word never in a name. */
    stop: 'end' | 'break' | 'soft' | 'word';
}

/**
 * The name words from `from`: up to a clause break, a word never in a name, "de" + a place (but "María de la Paz"),
 * or a lowercase word after a capitalised name in a message written with capitals ("Soy Rodolfo el electricista").
 */
function collect(words: readonly NameWord[], from: number, mode: Mode, caseMatters: boolean): Collected | undefined {
    const folded = foldedOf(words);
    const { places } = placeNames();
    let at = from;
    let count = 0;
    let stop: Collected['stop'] = 'end';
    while (at < words.length) {
        const w = words[at];
        if (at > from && w.breakBefore) {
            stop = 'break';
            break;
        }
        if (SOFT_ENDS.lengthAt(folded, at) > 0 && count > 0 && !(w.folded === 'de' && places.lengthAt(folded, at + 1) > 0)) {
            if (!PARTICLES.has(w.folded) || CONTINUATIONS.lengthAt(folded, at) > 0) {
                stop = 'soft';
                break;
            }
        }
        if (
            PARTICLES.has(w.folded) &&
            !(w.capitalised && count > 0 && SURNAME_PARTICLES.has(w.folded) && words[at + 1]?.capitalised && !words[at + 1]?.breakBefore)
        ) {
            if (count === 0) {
                stop = 'word';
                break;
            }
            if (w.folded !== 'de' && w.folded !== 'del') {
                stop = 'word';
                break;
            }
            // "de la Paz", "del Valle", "de los Ángeles", "de Agüero"; "de Valle Viejo" ends an introduced name
            let next = at + 1;
            while (
                next < words.length &&
                (words[next].folded === 'la' || words[next].folded === 'las' || words[next].folded === 'los') &&
                !words[next].breakBefore
            )
                next++;
            if (next >= words.length || words[next].breakBefore) {
                stop = 'word';
                break;
            }
            const place = places.lengthAt(folded, w.folded === 'del' ? at : at + 1) || places.lengthAt(folded, at + 1);
            const placeText = folded.slice(at + 1, at + 1 + Math.max(place, 1)).join(' ');
            // a whole answer is never cut at a place ("María Pérez de Valle Viejo" may be her name), nor at one people carry
            // in their names ("María de los Ángeles"); "Eduardo Varela de Anillaco. se rajó el dique" is cut
            const answerGoesOn = at + 1 + place < words.length && !PLACES_IN_NAMES.has(placeText);
            if (place > 0 && (mode !== 'answer' || answerGoesOn)) {
                const nameLike = PLACES_IN_NAMES.has(placeText);
                if (!(count === 1 && nameLike)) {
                    // where the writer is from ends the name as a comma would
                    stop = mode === 'answer' ? 'break' : 'word';
                    break;
                }
            }
            if (NEVER.has(words[next].folded) || /\d/.test(words[next].folded)) {
                stop = 'word';
                break;
            }
            if (caseMatters && !words[next].capitalised && words[from].capitalised) {
                stop = 'word';
                break;
            }
            at = next;
            continue;
        }
        if (w.capitalised && count > 0 && SURNAME_PARTICLES.has(w.folded) && words[at + 1]?.capitalised) {
            at++;
            continue;
        } // "Ana Lo Presti"
        if (neverInName(words, at)) {
            stop = 'word';
            break;
        }
        if (caseMatters && count > 0 && !w.capitalised && words[from].capitalised) {
            stop = 'word';
            break;
        }
        count++;
        at++;
        if (count > MAX_NAME_WORDS) return undefined;
    }
    // no particle at the end: "soy la hija de" -> nothing
    while (at > from && PARTICLES.has(words[at - 1].folded)) at--;
    if (count === 0 || at <= from) return undefined;
    return { from, to: at, stop };
}

function span(text: string, words: readonly NameWord[], from: number, to: number): Span {
    const start = words[from].start;
    const end = words[to - 1].end;
    return { start, end, text: text.slice(start, end) };
}

function skipTitles(words: readonly NameWord[], at: number, text?: string): number {
    let next = at;
    // "la seño Silvia", "Don Pedro", "el profe Martín": titles, then a word that can be a name; "soy enfermera, Carla
    // Ibáñez": after a comma only a capitalised one (in the text given)
    while (next < words.length - 1 && TITLES.has(words[next].folded) && (!words[next + 1].breakBefore || commaThenCapital(words, next, text))) next++;
    return next;
}

function commaThenCapital(words: readonly NameWord[], at: number, text: string | undefined): boolean {
    return text !== undefined && words[at + 1].capitalised && text.slice(words[at].end, words[at + 1].start).trim() === ',';
}

/** The first word after greetings and courtesy ("Hola, buenas tardes, ..."). */
function afterGreetings(words: readonly NameWord[]): number {
    const folded = foldedOf(words);
    let at = 0;
    for (let length = GREETINGS.lengthAt(folded, at); length > 0; length = GREETINGS.lengthAt(folded, at)) at += length;
    return at;
}

const nameCount = (words: readonly NameWord[], c: Collected): number =>
    words.slice(c.from, c.to).filter((w) => !PARTICLES.has(w.folded) && !(w.capitalised && SURNAME_PARTICLES.has(w.folded))).length;

function onlyEveryday(words: readonly NameWord[], c: Collected): boolean {
    return words.slice(c.from, c.to).every((w) => EVERYDAY.has(w.folded) || PARTICLES.has(w.folded));
}

/** "Valle Viejo", "Capital": a place alone is no name, but "Belén", "Mercedes", "María de la Paz" are. */
function onlyAPlace(words: readonly NameWord[], c: Collected): boolean {
    const folded = foldedOf(words).slice(c.from, c.to);
    const joined = folded.join(' ');
    if (PLACES_IN_NAMES.has(joined)) return false;
    return placeNames().places.lengthAt(folded, 0) === folded.length;
}

/** How many words a name said before where the writer is from may have ("juan cruz de villa cubas"). */
const NAME_BEFORE_PLACE = 3;

/** One to three words, then "de" and a place: a name and where its writer is from. */
function fromAPlace(words: readonly NameWord[], at: number): boolean {
    const folded = foldedOf(words);
    for (let k = at + 1; k <= at + NAME_BEFORE_PLACE && k < words.length; k++) {
        if (words[k].breakBefore || neverInName(words, k - 1)) return false;
        if ((folded[k] === 'de' || folded[k] === 'del') && placeNames().places.lengthAt(folded, k + 1) > 0) return true;
    }
    return false;
}

/** A name introduced: "soy …", "me llamo …", "mi nombre es …", "les escribe …", "habla …". */
function introduced(text: string, words: readonly NameWord[], step: ConversationStep): Span | undefined {
    const folded = foldedOf(words);
    const start = afterGreetings(words);
    const caseMatters = /\p{Lu}/u.test(text) && /\p{Ll}/u.test(text) && step !== 'name';
    for (let at = 0; at < words.length; at++) {
        let length = INTRODUCTIONS.lengthAt(folded, at);
        if (length === 0) {
            const atClauseStart =
                at <= start ||
                words[at].breakBefore ||
                folded[at - 1] === 'yo' ||
                folded[at - 1] === 'y' ||
                folded[at - 1] === 'pero' ||
                (at === start + 1 && VOCATIVES.has(folded[start]));
            if (atClauseStart) length = INTRODUCTIONS_AT_CLAUSE_START.lengthAt(folded, at);
            // "acá Pedro", "(puse Lautaro,) es Lautaro Barros": only before a capitalised word, or, typed in lowercase,
            // before where the writer is from ("aca juan cruz de villa cubas")
            if (length > 0 && (folded[at] === 'aca' || folded[at] === 'es') && !words[at + length]?.capitalised && !fromAPlace(words, at + length))
                length = 0;
        }
        if (length === 0) continue;
        // "soy de Belén", "soy yo": where from or who, not a name
        const next = skipTitles(words, at + length, text);
        if (next >= words.length) continue;
        const collected = collect(words, next, 'introduced', caseMatters);
        if (!collected) continue;
        if (onlyAPlace(words, collected) || onlyEveryday(words, collected)) continue;
        return span(text, words, collected.from, collected.to);
    }
    return undefined;
}

/** "SOCORRO DIAZ de nuevo, les cuento…", "Dolores de Fiambalá otra vez": a name before "de nuevo" / "otra vez". */
function leading(text: string, words: readonly NameWord[]): Span | undefined {
    const start = skipTitles(words, afterGreetings(words));
    if (start >= words.length) return undefined;
    const collected = collect(words, start, 'leading', false);
    if (!collected) return undefined;
    const folded = foldedOf(words);
    let after = collected.to;
    if ((folded[after] === 'de' || folded[after] === 'del') && !words[after].breakBefore) {
        const place = placeNames().places.lengthAt(folded, after + 1);
        if (place > 0) after += 1 + place;
    }
    if (CONTINUATIONS.lengthAt(folded, after) === 0) return undefined;
    return span(text, words, collected.from, collected.to);
}

/**
 * At the name question, the answer itself: its first clause when that is a name ("Juan Pérez, vivo en Belén",
 * "daiana torres el agua ya me llega…"), "Pérez, María" whole; never a question, a place alone, everyday words or a cry.
 */
function answered(text: string, words: readonly NameWord[], atOpening: boolean): Span | undefined {
    const opening = afterGreetings(words);
    // "El Alto", "La Paz": a place that begins with an article is a place alone, not a title and a name ("la seño Silvia")
    if (ARTICLES.has(words[opening]?.folded ?? '') && placeNames().places.lengthAt(foldedOf(words), opening) === words.length - opening)
        return undefined;
    const start = skipTitles(words, opening);
    if (start >= words.length) return undefined;
    const collected = collect(words, start, 'answer', false);
    if (!collected) return undefined;
    // a question is no name: "¿para qué?", "Ana?" (a question later in the message leaves the name standing)
    const clauseEnd = collected.to < words.length ? words[collected.to].start : text.length;
    if (/[?¿]/.test(text.slice(0, clauseEnd))) return undefined;
    const count = nameCount(words, collected);
    if (onlyAPlace(words, collected) || onlyEveryday(words, collected)) return undefined;
    if (count === 1 && ALONE_NOT_A_NAME.has(words[collected.from].folded)) return undefined; // "¡Socorro!"
    if (atOpening) {
        // at the opening only a full name said first: "Socorro Díaz, se inunda la casa"
        if (count < 2 || collected.stop === 'word' || collected.stop === 'soft') return undefined;
        return span(text, words, collected.from, collected.to);
    }
    if (count === 1 && collected.stop === 'word') return undefined; // "Ana lo sabe", "Espere por favor"
    // "Sofi, Sofía Martínez": a nickname, a comma, then the full name it shortens
    if (collected.stop === 'break' && count === 1 && text.slice(words[collected.to - 1].end, words[collected.to].start).trim() === ',') {
        const full = collect(words, collected.to, 'answer', false);
        const nickname = words[collected.from].folded;
        if (full && nameCount(words, full) >= 2 && words[full.from].folded.startsWith(nickname.slice(0, 3)) && !onlyAPlace(words, full))
            return span(text, words, full.from, full.to);
    }
    // "Pérez, María de la Paz": a surname, a comma, the given names, and nothing else
    if (collected.stop === 'break' && count === 1 && text.slice(words[collected.to - 1].end, words[collected.to].start).trim() === ',') {
        const rest = collect(words, collected.to, 'answer', false);
        if (rest && rest.to === words.length && rest.stop === 'end' && !onlyAPlace(words, rest)) return span(text, words, collected.from, rest.to);
    }
    return span(text, words, collected.from, collected.to);
}

/** A signature needs a given name and a surname at least: one capitalised word alone ends many a sentence. */
const MIN_SIGNATURE_WORDS = 2;

/**
 * A message signed with the writer's name, its last sentence: "…la gente bien todos afuera. Nestor Ramos",
 * "…hoy no hay clases. Prof. Gabriela Vera". Only in a message written in both cases, and only capitalised words
 * that are not a place or everyday words: "…gracias. Valle Viejo" is where, "Muchas Gracias" no one.
 */
function signed(text: string, words: readonly NameWord[]): Span | undefined {
    if (!/\p{Lu}/u.test(text) || !/\p{Ll}/u.test(text)) return undefined;
    let last = words.length - 1;
    while (last > 0 && !(words[last].breakBefore && /[.\n]/.test(text.slice(words[last - 1].end, words[last].start)))) last--;
    if (last <= 0 || /[\p{L}\d]/u.test(text.slice(words[words.length - 1].end))) return undefined;
    const start = skipTitles(words, last);
    const collected = collect(words, start, 'introduced', true);
    if (!collected || collected.to !== words.length || collected.stop !== 'end') return undefined;
    if (!words.slice(collected.from, collected.to).every((w) => w.capitalised || PARTICLES.has(w.folded))) return undefined;
    if (nameCount(words, collected) < MIN_SIGNATURE_WORDS || onlyAPlace(words, collected) || onlyEveryday(words, collected)) return undefined;
    return span(text, words, collected.from, collected.to);
}

export function readName(text: string, step: ConversationStep): { name: string; evidence: Span } | undefined {
    if (text.length === 0) return undefined;
    const words = nameWords(text);
    if (words.length === 0) return undefined;
    const found =
        introduced(text, words, step) ??
        leading(text, words) ??
        (step === 'first' || step === 'waiting' ? signed(text, words) : undefined) ??
        (step === 'name' ? answered(text, words, false) : step === 'first' || step === 'waiting' ? answered(text, words, true) : undefined);
    if (!found) return undefined;
    return { name: found.text, evidence: found };
}
