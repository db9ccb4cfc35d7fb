import recognition from './data/recognition.json';
import { placeNameLengthAt } from './departmentRecognizer';
import { GREETINGS, NAME_PREFIXES, NOT_A_NAME } from './recognitionData';
import { normalizeText, phraseAt, words } from './textNormalizer';
import { WordPattern, matchesWordPattern, wordPatternsOf } from './wordPatterns';

/** The answer to "¿Cuál es su nombre?", without the greeting or introduction around it. Pure. */

const MAX_NAME_LENGTH = 80;

/** A word as typed ("Hola,") and as compared ("hola"). */
interface Word {
    raw: string;
    normalized: string;
}

/** What an answer to the name question was: a name, or why it is none (which says how to ask again). */
export type NameAnswer =
    | { name: string; introduced: boolean }
    | { rejected: NameRejection };

/** 'question': "¿para qué necesitan mi nombre?"; 'emergency': the emergency told instead; 'notAName': anything else. */
export type NameRejection = 'question' | 'emergency' | 'notAName';

/** Words of recognition.json, whole ("gracias") or, written with a trailing "*", as a beginning ("inund*"). */
class WordList {
    private readonly whole = new Set<string>();
    private readonly stems: WordPattern[] = [];

    constructor(written: readonly string[]) {
        for (const patterns of written.map(wordPatternsOf)) {
            // One word each: a phrase could never be one typed word.
            if (patterns.length !== 1) continue;
            const [pattern] = patterns;
            if (pattern.isStem) this.stems.push(pattern);
            else this.whole.add(pattern.text);
        }
    }

    has(word: string): boolean {
        return this.whole.has(word) || this.stems.some((stem) => matchesWordPattern(word, stem));
    }
}

const NEVER_IN_A_NAME = recognition.neverInAName;
const SENTENCE_WORDS = new WordList([...NEVER_IN_A_NAME.courtesyAndHelp, ...NEVER_IN_A_NAME.sentence]);
const EMERGENCY_WORDS = new WordList(NEVER_IN_A_NAME.emergency);
/** "about 5 words": "Juan Pablo Díaz Vélez" is a name, "Juan Carlos María José Pedro Pablo" is a list. */
const MAX_NAME_WORDS: number = NEVER_IN_A_NAME.maxNameWords;
const PLACES_THAT_ARE_NAMES: ReadonlySet<string> = new Set(NEVER_IN_A_NAME.placesThatAreNames.map(normalizeText));
/** "María de la Paz", "Ana de Belén": places that after "de" and a first name alone are part of the name. */
const PLACES_IN_NAMES: ReadonlySet<string> = new Set(NEVER_IN_A_NAME.placesInNames.list.map(normalizeText));
/** "Ana Lo Presti": sentence words that, capitalised between two words of a name, begin a surname. */
const SURNAME_PARTICLES: ReadonlySet<string> = new Set(NEVER_IN_A_NAME.surnameParticles.list.map(normalizeText));
/** "Bueno", "Vengan rápido", "Listo": an answer made only of these is no name ("Juan Bueno" is one). */
const EVERYDAY_WORDS = new WordList(recognition.notAName.everydayWords.list);

const GREETING_PHRASES: readonly string[][] = GREETINGS.map(words).sort((a, b) => b.length - a.length); // "buenas noches" before "buenas"
const NAME_PREFIX_PHRASES: readonly string[][] = NAME_PREFIXES.map(words);
/** After "soy" these say where from, not who: "soy de Belén". */
const NOT_A_NAME_START: ReadonlySet<string> = new Set(['de', 'del', 'yo']);
/** Words inside names that are not counted as one: "María de los Ángeles Villafañe" is three words. */
const NAME_PARTICLES: ReadonlySet<string> = new Set(['de', 'del', 'la', 'las', 'los', 'y']);
/** "de"/"del" before a place ends a name ("Juan Pérez de Valle Viejo"); before a surname it is one ("Ana de la Fuente"). */
const OF: ReadonlySet<string> = new Set(['de', 'del']);
const CLAUSE_END = /[,.;:!?]$/;
const QUESTION = /[?¿]/;

/**
 * The citizen's name from "Me llamo María Pérez" / "maría pérez" / "Hola, soy Ana" / "Buenas tardes, mi
 * nombre es Ana. Vivo en Belén" / "me llamo Juan Pérez y vivo en Belén"; undefined for "hola", "1234", "?",
 * "ayuda por favor", "muchas gracias por todo", "se me inunda la casa".
 */
export function recognizeName(text: string): string | undefined {
    return readName(text)?.name;
}

/** The name, or why the answer is none: a question, the emergency itself, or something else. */
export function readNameAnswer(text: string): NameAnswer {
    const read = readName(text);
    if (read) return read;
    if (QUESTION.test(text)) return { rejected: 'question' };
    if (typedWords(text).some((word) => inWordList(word, EMERGENCY_WORDS))) return { rejected: 'emergency' };
    return { rejected: 'notAName' };
}

/**
 * Whether an answer is a name written as people write their own: every word capitalised but for
 * particles ("Socorro Díaz", "María del Socorro"), and two words or more or introduced ("soy Socorro").
 * "¡Socorro!", "SOCORRO" and "socorro díaz" are not.
 */
export function isWrittenAsName(text: string, notInAName: ReadonlySet<string>): boolean {
    const read = readName(text);
    if (!read) return false;
    const nameWords = read.name.split(' ');
    if (nameWords.length < 2 && !read.introduced) return false;
    return nameWords.every((word) => {
        const normalized = normalizeText(word);
        return NAME_PARTICLES.has(word) || (isCapitalised(word) && !notInAName.has(normalized));
    });
}

/** "Díaz", "O'Neill", "Pérez-Gil": an initial capital followed by lowercase, not a word in capitals. */
function isCapitalised(word: string): boolean {
    const letters = word.replace(/[^\p{L}]/gu, '');
    return letters.length > 0 && /^\p{Lu}/u.test(letters) && (letters.length === 1 || /\p{Ll}/u.test(letters.slice(1)));
}

/**
 * A name introduced ("soy …", "me llamo …") is what follows, up to where the sentence goes on; any other
 * answer is a name only as a whole: not a question, no word that is never in a name, a few words at most.
 */
function readName(text: string): { name: string; introduced: boolean } | undefined {
    const typed = typedWords(text);
    const start = afterGreetings(typed);
    const introduced = afterIntroduction(typed, start);
    let nameWords: Word[];
    if (introduced === undefined) {
        if (QUESTION.test(text)) return undefined;
        // A whole answer is never cut at a place: "María de la Paz", "Ana de Belén" are names.
        nameWords = typed.slice(start);
        if (nameWords.some((_, i) => isNeverInANameAt(nameWords, i)) || isOnlyAPlace(nameWords)) return undefined;
    } else {
        nameWords = introducedName(typed.slice(introduced));
    }
    nameWords = nameWords.filter((w) => w.normalized !== ''); // "Ana 🙏": the emoji is no part of the name
    while (nameWords.length > 0 && NAME_PARTICLES.has(nameWords[nameWords.length - 1].normalized)) nameWords.pop(); // "soy la hija": not "la"
    if (nameWords.every((w) => NAME_PARTICLES.has(w.normalized))) return undefined;
    const name = nameWords.map((w) => w.raw).join(' ').replace(/^[\s,.:;¡!¿?-]+|[\s,.:;!?¡¿-]+$/g, '');
    const letters = normalizeText(name).replace(/[^a-z]/g, '');
    if (letters.length < 2 || name.length > MAX_NAME_LENGTH || /\d/.test(name) || QUESTION.test(name)) return undefined;
    if (NOT_A_NAME.has(normalizeText(name))) return undefined;
    if (nameWords.every((w) => NAME_PARTICLES.has(w.normalized) || inWordList(w, EVERYDAY_WORDS))) return undefined; // "Bueno", "Vengan rápido"
    if (nameWords.filter((w) => !NAME_PARTICLES.has(w.normalized)).length > MAX_NAME_WORDS) return undefined;
    return { name, introduced: introduced !== undefined };
}

/** "Hola,soy Ana": a word glued to the punctuation before it is still a word. */
function typedWords(text: string): Word[] {
    return text.trim().replace(/([,;:!?¡¿])(?=\p{L})/gu, '$1 ').split(/\s+/)
        .filter((raw) => raw.length > 0)
        .map((raw): Word => ({ raw, normalized: normalizeText(raw) }));
}

/** The first word after any leading greetings ("Hola, buenas tardes, ..."). */
function afterGreetings(typed: Word[]): number {
    const normalized = typed.map((w) => w.normalized);
    let at = 0;
    for (;;) {
        if (at < typed.length && normalized[at] === '') { at++; continue; }
        const greeting = GREETING_PHRASES.find((phrase) => phraseAt(normalized, phrase, at));
        if (!greeting) return at;
        at += greeting.length;
    }
}

/**
 * The first word after "soy" / "me llamo" / "mi nombre es" at the start or right after a sentence
 * ("Disculpe, me llamo Ana"); undefined when the name is not introduced so.
 */
function afterIntroduction(typed: Word[], start: number): number | undefined {
    const normalized = typed.map((w) => w.normalized);
    for (let at = start; at < typed.length; at++) {
        const sentenceStart = at === start || CLAUSE_END.test(typed[at - 1].raw);
        if (!sentenceStart) continue;
        const prefix = NAME_PREFIX_PHRASES.find((phrase) => phraseAt(normalized, phrase, at));
        if (!prefix) continue;
        const next = at + prefix.length;
        if (next >= typed.length || !NOT_A_NAME_START.has(normalized[next])) return next;
    }
    return undefined;
}

/**
 * An introduced name ends with its clause ("me llamo Rosa Vega, vivo en Belén"), before a word never in a name
 * ("Juan Pérez y vivo en Belén", "Juan estoy en Capital"), or before "de" + a place or such a word ("Juan Pérez
 * de Valle Viejo", "Luis de acá"); "de" + anything else is part of it ("Ana de la Fuente"), and so is a place that
 * is also a name after a first name alone ("Me llamo María de la Paz"; but "Soy Marta Nieva de Belén" -> Marta Nieva).
 */
function introducedName(typed: Word[]): Word[] {
    const name: Word[] = [];
    for (let i = 0; i < typed.length; i++) {
        const word = typed[i];
        if (isNeverInANameAt(typed, i)) break;
        if (i > 0 && OF.has(word.normalized) && (placeSaysWhereFrom(typed, i) || nextWordIsNeverInAName(typed, i + 1))) break;
        name.push(word);
        if (CLAUSE_END.test(word.raw)) break;
    }
    return name;
}

/**
 * "de" at `of` + a department or locality that ends the clause says where the citizen is from ("Juan Pérez de Valle
 * Viejo"), unless it is a place that is also a name and follows a first name alone ("María de la Paz").
 */
function placeSaysWhereFrom(typed: Word[], of: number): boolean {
    const tokens = typed.map((w) => w.normalized);
    const length = placeNameLengthAt(tokens, of + 1);
    if (length === 0) return false;
    const last = of + length;
    if (last !== typed.length - 1 && !CLAUSE_END.test(typed[last].raw)) return false;
    const place = tokens.slice(of + 1, last + 1).join(' ');
    const nameWordsBefore = tokens.slice(0, of).filter((word) => word !== '' && !NAME_PARTICLES.has(word)).length;
    return !(nameWordsBefore === 1 && PLACES_IN_NAMES.has(place));
}

/** "Valle Viejo", "Capital": the answer to another question; "Belén" (placesThatAreNames) is a name too. */
function isOnlyAPlace(typed: Word[]): boolean {
    const tokens = words(typed.map((w) => w.normalized).join(' ').trim());
    return tokens.length > 0 && placeNameLengthAt(tokens, 0) === tokens.length && !PLACES_THAT_ARE_NAMES.has(tokens.join(' '));
}

/** "de la zona", "de acá": the first word after the particles is never in a name. */
function nextWordIsNeverInAName(typed: Word[], from: number): boolean {
    let at = from;
    while (at < typed.length && NAME_PARTICLES.has(typed[at].normalized)) at++;
    return at < typed.length && isNeverInAName(typed[at]);
}

function isNeverInAName(word: Word): boolean {
    if (/^\p{L}\.$/u.test(word.raw)) return false; // an initial: "Juan E. Pérez"
    return inWordList(word, SENTENCE_WORDS) || inWordList(word, EMERGENCY_WORDS);
}

/** As isNeverInAName, but "Lo" capitalised between two words of a name begins a surname: "Ana Lo Presti". */
function isNeverInANameAt(typed: Word[], at: number): boolean {
    return !isSurnameParticleAt(typed, at) && isNeverInAName(typed[at]);
}

function isSurnameParticleAt(typed: Word[], at: number): boolean {
    const word = typed[at];
    if (!SURNAME_PARTICLES.has(word.normalized) || !isCapitalised(word.raw) || CLAUSE_END.test(word.raw)) return false;
    const before = typed[at - 1];
    const after = typed[at + 1];
    return before !== undefined && after !== undefined && !CLAUSE_END.test(before.raw)
        && !isNeverInAName(before) && isCapitalised(after.raw) && !isNeverInAName(after);
}

/** The typed word, or any of its parts of two letters or more ("por-favor"; not the "o" of "O'Connor"). */
function inWordList(word: Word, list: WordList): boolean {
    if (word.normalized === '') return false;
    if (list.has(word.normalized)) return true;
    const parts = words(word.normalized);
    return parts.length > 1 && parts.some((part) => part.length > 1 && list.has(part));
}
