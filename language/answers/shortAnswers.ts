import { normalizeText, phraseAt, words } from '../text/plainText';
import { loadAnswerWords } from './answerWords';

/**
 * The short answers of the protocol: yes and no, skipping the photo, thanks and courtesy, the field to correct at
 * the summary, a number of a list, "no sé" at the type question, the consent of an alerts sign-up. Each reads a
 * whole answer (not a word inside a report: that is the intent reader's work). Pure.
 */

/** The report's fields a citizen can ask to correct at the summary. */
export type SummaryField = 'name' | 'department' | 'location' | 'emergencyType' | 'photo';

const A = loadAnswerWords();

/** Skin tones, the emoji presentation selector and the joiner: "👍🏽" and "✔️" are "👍" and "✔". */
const EMOJI_MODIFIERS = /[\u{1F3FB}-\u{1F3FF}]|\uFE0E|\uFE0F|\u200D/gu;

const folded = (list: readonly string[]): string[] => Array.from(new Set(list.map(normalizeText).filter((s) => s.length > 0)));
const phrasesOf = (list: readonly string[]): string[][] => folded(list).map(words);
/** The entries that folding leaves empty (emoji), without modifiers, longest first. */
const emojiOf = (list: readonly string[]): string[] =>
    Array.from(new Set(list.filter((s) => normalizeText(s).length === 0).map((s) => s.replace(EMOJI_MODIFIERS, '').trim())))
        .filter((s) => s.length > 0)
        .sort((a, b) => b.length - a.length);

const YES: ReadonlySet<string> = new Set(folded(A.yes.list));
const YES_PHRASES = phrasesOf(A.yes.list);
const YES_EMOJI = emojiOf(A.yes.list);
const NO: ReadonlySet<string> = new Set(folded(A.no.list));
const PHOTO_SKIP: ReadonlySet<string> = new Set(folded(A.photoSkip.list));
const COURTESY_PHRASES = phrasesOf(A.courtesy.list);
const THANKS_ONLY_PHRASES = phrasesOf(A.thanksOnly.list);
const THANKS_EMOJI = emojiOf(A.thanksOnly.emoji);
const COURTESY_ONLY_PHRASES = [...THANKS_ONLY_PHRASES, ...COURTESY_PHRASES, ...phrasesOf(A.greetings.list)];
const FIELD_IS_FINE_PHRASES = phrasesOf(A.fieldIsFine.list);
const CORRECTION_FIELDS: ReadonlyArray<[SummaryField, string[][]]> = (['name', 'department', 'location', 'emergencyType', 'photo'] as const).map(
    (field) => [field, phrasesOf(A.correctionFields[field])]
);
const LIST_NUMBERS: ReadonlyMap<string, number> = new Map(Object.entries(A.listNumbers.words).map(([word, n]) => [normalizeText(word), n]));
const TYPE_UNKNOWN: ReadonlySet<string> = new Set(folded(A.typeUnknown.list));
const WHOLE_PROVINCE: ReadonlySet<string> = new Set(folded(A.wholeProvince.list));
const OPT_IN_YES: ReadonlySet<string> = new Set(folded(A.alertsOptIn.yes));
/** "bueno, dale", "bueno, no": longest first. */
const OPT_IN_LEADS = phrasesOf(A.alertsOptIn.leads).sort((a, b) => b.length - a.length);

/** "sí", and yeses said together or politely: "Sí, está bien", "si, todo bien", "perfecto, gracias"; or only 👍 / ✅. */
export function isYes(text: string): boolean {
    const normalized = normalizeText(text);
    if (normalized.length === 0) return isMadeOf(text, YES_EMOJI);
    return YES.has(normalized) || isMadeOfYeses(words(normalized));
}

export function isNo(text: string): boolean {
    return NO.has(normalizeText(text));
}

/**
 * Thanks or goodbye and nothing else: "gracias", "muchas gracias por todo", "ok", "no, nada más, gracias", or only
 * gratitude emoji ("👍", "🙏🙏", "❤️"). Anything more ("gracias, se cayó un árbol", "hola") is not, nor other emoji
 * ("🆘", "🔥🔥🏠", "😭").
 */
export function isOnlyThanks(text: string): boolean {
    const tokens = words(normalizeText(text));
    if (tokens.length === 0) return isMadeOf(text, THANKS_EMOJI);
    return isMadeOfPhrases(tokens, THANKS_ONLY_PHRASES);
}

/**
 * Courtesy and nothing else ("gracias", "buenas tardes", "por favor", "bueno"), or no word at all (only emoji): no
 * answer to a question that asks for a place. "gracias, es en Av. Belgrano 900" says more.
 */
export function isCourtesyOnly(text: string): boolean {
    const tokens = words(normalizeText(text));
    return tokens.length === 0 || isMadeOfPhrases(tokens, COURTESY_ONLY_PHRASES);
}

/**
 * "no tengo", "sin foto", the skip button, and any answer whose first word is "no": "no, gracias", "no puedo
 * sacar fotos ahora" (an urgency such as "no puedo salir" is read before any question).
 */
export function isPhotoSkip(text: string, skipChoiceTitle: string): boolean {
    const normalized = normalizeText(text);
    return PHOTO_SKIP.has(normalized) || normalized === normalizeText(skipChoiceTitle) || words(normalized)[0] === 'no';
}

/**
 * The field a citizen wants to correct: "nombre", "cambiar el departamento", "la ubicación está mal"; a field they
 * vouch for is not one: "el nombre está bien". The longest name of a field wins.
 */
export function readCorrectionField(text: string): SummaryField | undefined {
    const tokens = words(normalizeText(text));
    let best: SummaryField | undefined;
    let bestLength = 0;
    for (const [field, phrases] of CORRECTION_FIELDS) {
        for (const phrase of phrases) {
            const length = phrase.join(' ').length;
            if (length > bestLength && isNamedForCorrection(tokens, phrase)) {
                best = field;
                bestLength = length;
            }
        }
    }
    return best;
}

/** At the summary: send the report, or correct (optionally naming the field in the same message). */
export type ConfirmationAnswer = { decision: 'confirm' } | { decision: 'correct'; field?: SummaryField };

/** The answer to the summary, given the titles of its two buttons. */
export function readConfirmation(text: string, confirmTitle: string, correctTitle: string): ConfirmationAnswer | undefined {
    const normalized = normalizeText(text);
    if (normalized === normalizeText(confirmTitle) || isYes(text)) return { decision: 'confirm' };
    const field = readCorrectionField(text);
    if (field) return { decision: 'correct', field };
    if (normalized === normalizeText(correctTitle) || isNo(text)) return { decision: 'correct' };
    return undefined;
}

/** "3", "tres", "el 3" (fillers stripped by the caller): the number picked from a list; anything else undefined. */
export function readListNumber(text: string): number | undefined {
    const normalized = normalizeText(text);
    if (/^\d{1,3}$/.test(normalized)) return Number(normalized);
    return LIST_NUMBERS.get(normalized);
}

/** "no sé", "ni idea" as the whole answer: the citizen cannot tell what kind of emergency it is. */
export function saysTypeIsUnknown(text: string): boolean {
    return TYPE_UNKNOWN.has(normalizeText(text));
}

/**
 * The answer to an alerts consent question, given its two buttons: "Sí, acepto", "dale", "bueno", "bueno, dale" are
 * yes; "No, gracias", "no", "bueno, no" are no.
 */
export function readConsent(text: string, yesTitle: string, noTitle: string): 'yes' | 'no' | undefined {
    const normalized = normalizeText(text);
    if (normalized === normalizeText(yesTitle) || isYes(text) || OPT_IN_YES.has(normalized)) return 'yes';
    if (normalized === normalizeText(noTitle) || isNo(text) || normalized === 'no acepto') return 'no';
    const tokens = words(normalized);
    const lead = OPT_IN_LEADS.find((phrase) => phrase.length < tokens.length && phraseAt(tokens, phrase, 0));
    return lead ? readConsent(tokens.slice(lead.length).join(' '), yesTitle, noTitle) : undefined;
}

/** "todos", "toda la provincia": alerts for every department. */
export function saysWholeProvince(text: string): boolean {
    return WHOLE_PROVINCE.has(normalizeText(text));
}

function isNamedForCorrection(tokens: string[], phrase: string[]): boolean {
    for (let i = 0; i + phrase.length <= tokens.length; i++) {
        if (!phraseAt(tokens, phrase, i)) continue;
        const next = i + phrase.length;
        if (!FIELD_IS_FINE_PHRASES.some((fine) => phraseAt(tokens, fine, next))) return true;
    }
    return false;
}

/** Whether the words split into these phrases only (any order, any number). */
function isMadeOfPhrases(tokens: readonly string[], phrases: readonly (readonly string[])[]): boolean {
    const reachable: boolean[] = new Array(tokens.length + 1).fill(false);
    reachable[0] = true;
    for (let i = 0; i < tokens.length; i++) {
        if (!reachable[i]) continue;
        for (const phrase of phrases) {
            if (phrase.length > 0 && phraseAt(tokens, phrase, i)) reachable[i + phrase.length] = true;
        }
    }
    return tokens.length > 0 && reachable[tokens.length];
}

/** Whether the words split into yes phrases and courtesy phrases only, with at least one yes. */
function isMadeOfYeses(tokens: string[]): boolean {
    const reachable: ('yes' | 'courtesy' | undefined)[] = new Array(tokens.length + 1).fill(undefined);
    reachable[0] = 'courtesy';
    for (let i = 0; i < tokens.length; i++) {
        const before = reachable[i];
        if (!before) continue;
        for (const phrase of YES_PHRASES) {
            if (phraseAt(tokens, phrase, i)) reachable[i + phrase.length] = 'yes';
        }
        for (const phrase of COURTESY_PHRASES) {
            if (phraseAt(tokens, phrase, i) && reachable[i + phrase.length] !== 'yes') reachable[i + phrase.length] = before;
        }
    }
    return tokens.length > 0 && reachable[tokens.length] === 'yes';
}

/** Whether a text with no letters or digits is made only of these emoji (repeated or mixed), spaces and punctuation. */
function isMadeOf(text: string, emoji: readonly string[]): boolean {
    let rest = text.replace(EMOJI_MODIFIERS, '').replace(/[\s.,;:!¡?¿]+/g, '');
    if (rest.length === 0) return false;
    for (const e of emoji) rest = rest.split(e).join('');
    return rest.length === 0;
}
