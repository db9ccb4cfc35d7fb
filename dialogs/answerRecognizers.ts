import recognition from './data/recognition.json';
import { CORRECTION_FIELDS, COURTESY, FIELD_IS_FINE, GREETINGS, NO, PHOTO_SKIP, YES } from './recognitionData';
import { normalizeText, phraseAt, words } from './textNormalizer';

/** Small recognisers for the protocol's short answers (yes/no, skip, field to correct). Pure. */

export type CorrectableField = 'name' | 'department' | 'location' | 'emergencyType' | 'photo';

const YES_PHRASES: readonly string[][] = [...YES].map(words);
const COURTESY_PHRASES: readonly string[][] = COURTESY.map(words);
const FIELD_IS_FINE_PHRASES: readonly string[][] = FIELD_IS_FINE.map(words);

/** Skin tones, the emoji presentation selector and the joiner: "👍🏽" and "✔️" are "👍" and "✔". */
const EMOJI_MODIFIERS = /[\u{1F3FB}-\u{1F3FF}\uFE0E\uFE0F\u200D]/gu;
/** The yeses that are emoji (normalisation drops them, so they are read from the data as written). */
const YES_EMOJI: readonly string[] = emojiOf(recognition.yes);

/** "sí", and yeses said together or politely: "Sí, está bien", "si, todo bien", "perfecto, gracias"; or only 👍 / ✅. */
export function isYes(text: string): boolean {
    const normalized = normalizeText(text);
    if (normalized.length === 0) return isMadeOf(text, YES_EMOJI);
    return YES.has(normalized) || isMadeOfYeses(words(normalized));
}

const THANKS_ONLY_PHRASES: readonly string[][] = recognition.thanksOnly.list.map((phrase) => words(normalizeText(phrase)));
/** The emoji that say thanks (👍, 🙏, ❤️…); others (🆘, 🔥, 😭, 👋) do not. */
const THANKS_EMOJI: readonly string[] = emojiOf(recognition.thanksOnly.emoji);

/**
 * Thanks or goodbye and nothing else: "gracias", "muchas gracias por todo", "ok", "no, nada más, gracias", or only
 * gratitude emoji ("👍", "🙏🙏", "❤️"). Anything more ("gracias, se cayó un árbol", "hola") is not, nor other emoji
 * ("🆘", "🔥🔥🏠", "😭"). Whether it answers a case is for the caller to know.
 */
export function isOnlyThanks(text: string): boolean {
    const tokens = words(normalizeText(text));
    if (tokens.length === 0) return isMadeOf(text, THANKS_EMOJI);
    return isMadeOfPhrases(tokens, THANKS_ONLY_PHRASES);
}

/** Thanks, goodbyes, courtesy and greetings: what a message says when it says only that. */
const COURTESY_ONLY_PHRASES: readonly string[][] = [...THANKS_ONLY_PHRASES, ...COURTESY_PHRASES, ...GREETINGS.map(words)];

/**
 * Courtesy and nothing else ("gracias", "buenas tardes", "por favor", "bueno"), or no word at all (only emoji): no
 * answer to a question that asks for a place. "gracias, es en Av. Belgrano 900" says more.
 */
export function isCourtesyOnly(text: string): boolean {
    const tokens = words(normalizeText(text));
    return tokens.length === 0 || isMadeOfPhrases(tokens, COURTESY_ONLY_PHRASES);
}

/** Whether the words split into these phrases only (any order, any number). */
function isMadeOfPhrases(tokens: readonly string[], phrases: readonly (readonly string[])[]): boolean {
    const reachable: boolean[] = new Array(tokens.length + 1).fill(false);
    reachable[0] = true;
    for (let i = 0; i < tokens.length; i++) {
        if (!reachable[i]) continue;
        for (const phrase of phrases) {
            if (phrase.length > 0 && phraseAt(tokens as string[], phrase, i)) reachable[i + phrase.length] = true;
        }
    }
    return tokens.length > 0 && reachable[tokens.length];
}

/** The emoji of a recognition list (the entries that normalisation leaves empty), without modifiers, longest first. */
export function emojiOf(list: readonly string[]): string[] {
    return Array.from(new Set(list.filter((s) => normalizeText(s).length === 0).map((s) => s.replace(EMOJI_MODIFIERS, '').trim())))
        .filter((s) => s.length > 0)
        .sort((a, b) => b.length - a.length);
}

/** Whether a text with no letters or digits is made only of these emoji (repeated or mixed), spaces and punctuation. */
export function isMadeOf(text: string, emoji: readonly string[]): boolean {
    let rest = text.replace(EMOJI_MODIFIERS, '').replace(/[\s.,;:!¡?¿]+/g, '');
    if (rest.length === 0) return false;
    for (const e of emoji) rest = rest.split(e).join('');
    return rest.length === 0;
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

export function isNo(text: string): boolean {
    return NO.has(normalizeText(text));
}

/**
 * "no tengo", "sin foto", the skip button, and any answer whose first word is "no": "no, gracias", "no puedo
 * sacar fotos ahora", "no tengo cámara" (an urgency such as "no puedo salir" is caught before any question).
 */
export function isPhotoSkip(text: string, skipChoiceTitle: string): boolean {
    const normalized = normalizeText(text);
    return PHOTO_SKIP.has(normalized) || normalized === normalizeText(skipChoiceTitle) || words(normalized)[0] === 'no';
}

/**
 * The field a citizen wants to correct: "nombre", "cambiar el departamento", "la ubicación está mal";
 * a field they vouch for is not one: "el nombre está bien".
 */
export function recognizeCorrectionField(text: string): CorrectableField | undefined {
    const tokens = words(normalizeText(text));
    let best: CorrectableField | undefined;
    let bestLength = 0;
    for (const [field, phrases] of Object.entries(CORRECTION_FIELDS)) {
        for (const phrase of phrases) {
            if (phrase.length > bestLength && isNamedForCorrection(tokens, words(phrase))) {
                best = field as CorrectableField;
                bestLength = phrase.length;
            }
        }
    }
    return best;
}

function isNamedForCorrection(tokens: string[], phrase: string[]): boolean {
    for (let i = 0; i + phrase.length <= tokens.length; i++) {
        if (!phraseAt(tokens, phrase, i)) continue;
        const next = i + phrase.length;
        if (!FIELD_IS_FINE_PHRASES.some((fine) => phraseAt(tokens, fine, next))) return true;
    }
    return false;
}

/** At the summary: send the report, or correct (optionally naming the field in the same message). */
export type ConfirmationAnswer = { decision: 'confirm' } | { decision: 'correct'; field?: CorrectableField };

export function recognizeConfirmation(text: string, confirmTitle: string, correctTitle: string): ConfirmationAnswer | undefined {
    const normalized = normalizeText(text);
    if (normalized === normalizeText(confirmTitle) || isYes(text)) return { decision: 'confirm' };
    const field = recognizeCorrectionField(text);
    if (field) return { decision: 'correct', field };
    if (normalized === normalizeText(correctTitle) || isNo(text)) return { decision: 'correct' };
    return undefined;
}
