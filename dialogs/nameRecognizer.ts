import { GREETINGS, NAME_PREFIXES, NOT_A_NAME } from './recognitionData';
import { normalizeText, phraseAt, words } from './textNormalizer';

/** The answer to "¿Cuál es su nombre?", without the greeting or introduction around it. Pure. */

const MAX_NAME_LENGTH = 80;

/** A word as typed ("Hola,") and as compared ("hola"). */
interface Word {
    raw: string;
    normalized: string;
}

const GREETING_PHRASES: readonly string[][] = GREETINGS.map(words).sort((a, b) => b.length - a.length); // "buenas noches" before "buenas"
const NAME_PREFIX_PHRASES: readonly string[][] = NAME_PREFIXES.map(words);
/** After "soy" these say where from, not who: "soy de Belén". */
const NOT_A_NAME_START: ReadonlySet<string> = new Set(['de', 'del', 'yo']);

/**
 * The citizen's name from "Me llamo María Pérez" / "maría pérez" / "Hola, soy Ana" / "Buenas tardes, mi
 * nombre es Ana. Vivo en Belén"; undefined for "hola", "1234", "?".
 */
export function recognizeName(text: string): string | undefined {
    return readName(text)?.name;
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

const NAME_PARTICLES: ReadonlySet<string> = new Set(['de', 'del', 'la', 'las', 'los', 'y']);

/** "Díaz", "O'Neill", "Pérez-Gil": an initial capital followed by lowercase, not a word in capitals. */
function isCapitalised(word: string): boolean {
    const letters = word.replace(/[^\p{L}]/gu, '');
    return letters.length > 0 && /^\p{Lu}/u.test(letters) && (letters.length === 1 || /\p{Ll}/u.test(letters.slice(1)));
}

function readName(text: string): { name: string; introduced: boolean } | undefined {
    // "Hola,soy Ana": a word glued to the punctuation before it is still a word.
    const typed = text.trim().replace(/([,;:!?¡¿])(?=\p{L})/gu, '$1 ').split(/\s+/)
        .map((raw): Word => ({ raw, normalized: normalizeText(raw) }));
    const start = afterGreetings(typed);
    const introduced = afterIntroduction(typed, start);
    const nameWords = introduced === undefined ? typed.slice(start) : toClauseEnd(typed.slice(introduced));
    const name = nameWords.map((w) => w.raw).join(' ').replace(/^[\s,.:;¡!¿?-]+|[\s,.:;!?¡¿-]+$/g, '');
    const letters = normalizeText(name).replace(/[^a-z]/g, '');
    if (letters.length < 2 || name.length > MAX_NAME_LENGTH) return undefined;
    if (NOT_A_NAME.has(normalizeText(name))) return undefined;
    return { name, introduced: introduced !== undefined };
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
        const sentenceStart = at === start || /[,.;:!?]$/.test(typed[at - 1].raw);
        if (!sentenceStart) continue;
        const prefix = NAME_PREFIX_PHRASES.find((phrase) => phraseAt(normalized, phrase, at));
        if (!prefix) continue;
        const next = at + prefix.length;
        if (next >= typed.length || !NOT_A_NAME_START.has(normalized[next])) return next;
    }
    return undefined;
}

/** An introduced name ends with its sentence: "me llamo Rosa Vega, vivo en Belén". */
function toClauseEnd(typed: Word[]): Word[] {
    const end = typed.findIndex((w) => /[,.;:!?]$/.test(w.raw));
    return end < 0 ? typed : typed.slice(0, end + 1);
}
