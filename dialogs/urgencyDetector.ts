import { URGENCY_SIGNAL_EXAMPLES } from './domainData';
import { isWrittenAsName } from './nameRecognizer';
import {
    NEGATIONS, NEGATION_BRIDGES, NEGATION_WINDOW, NOT_IN_A_NAME, SIGNALS_THAT_ARE_NAMES, URGENCY_EXTRA_SIGNALS
} from './recognitionData';
import { normalizeText, normalizedClauses, words } from './textNormalizer';

/** What was asked: a few signals are also names ("Socorro Díaz"). */
export interface UrgencyContext {
    /** The message answers "¿Cuál es su nombre?". */
    answeringName?: boolean;
}

/** Why a message was judged urgent: the signal found, for the operator. */
export interface UrgencySignal {
    signal: string;
}

/** One word of a signal: the word itself, or (written "atrapad*") every word that begins with it. */
interface SignalWord {
    text: string;
    isStem: boolean;
}

interface Signal {
    words: SignalWord[];
    /** "no respira" already says the worst; a negation before it only repeats it ("no, no respira"). */
    isNegative: boolean;
    /** "socorro" is also a name: "María del Socorro Pérez". */
    isName: boolean;
}

const SIGNALS: readonly Signal[] = parseSignals([...URGENCY_SIGNAL_EXAMPLES, ...URGENCY_EXTRA_SIGNALS]);

/**
 * Finds an urgency signal ("atrapados", "no respira", "se ahogó", "socorro") in what a citizen wrote,
 * whatever was asked. A signal a negation governs does not count: "no hay heridos", "no hay nadie
 * atrapado", "sin heridos", "heridos no"; a negation about something else does not reach it: "no sé
 * cuántos heridos hay", "sin luz hay heridos", "No, hay heridos" (the comma ends the negation).
 * "Socorro" in a name is no cry for help: "María del Socorro Pérez", or "Socorro Díaz" answering the
 * name question; "¡Socorro!" always is.
 */
export function detectUrgency(text: string, context: UrgencyContext = {}): UrgencySignal | undefined {
    const nameAnswer = context.answeringName === true && isWrittenAsName(text, NOT_IN_A_NAME);
    for (const clause of normalizedClauses(text)) {
        const tokens = words(clause);
        for (const signal of SIGNALS) {
            for (let start = indexOfSignal(tokens, signal, 0); start >= 0; start = indexOfSignal(tokens, signal, start + 1)) {
                if (signal.isName && (nameAnswer || tokens[start - 1] === 'del')) continue;
                if (signal.isNegative || !isNegated(tokens, start, signal.words.length)) return { signal: describe(signal) };
            }
        }
    }
    return undefined;
}

/**
 * A negation that governs the signal: right before it or with only bridge words between ("no hay
 * personas heridas"), at most NEGATION_WINDOW words back; or a bare "no" closing the clause ("heridos no").
 */
function isNegated(tokens: string[], start: number, length: number): boolean {
    for (let i = start - 1; i >= Math.max(0, start - NEGATION_WINDOW); i--) {
        if (NEGATIONS.has(tokens[i])) return true;
        if (!NEGATION_BRIDGES.has(tokens[i])) break;
    }
    const after = tokens.slice(start + length);
    return after.length === 1 && NEGATIONS.has(after[0]);
}

function indexOfSignal(tokens: string[], signal: Signal, from: number): number {
    const sequence = signal.words;
    outer: for (let i = from; i + sequence.length <= tokens.length; i++) {
        for (let j = 0; j < sequence.length; j++) {
            if (!matchesWord(tokens[i + j], sequence[j])) continue outer;
        }
        return i;
    }
    return -1;
}

function matchesWord(token: string, word: SignalWord): boolean {
    return word.isStem ? token.startsWith(word.text) : token === word.text;
}

function parseSignals(written: readonly string[]): Signal[] {
    const byText = new Map<string, Signal>();
    for (const phrase of written) {
        const signalWords = phrase.trim().split(/\s+/).flatMap((word): SignalWord[] => {
            const isStem = word.endsWith('*');
            const parts = words(normalizeText(isStem ? word.slice(0, -1) : word));
            return parts.map((text, i) => ({ text, isStem: isStem && i === parts.length - 1 }));
        });
        if (signalWords.length === 0) continue;
        const isName = signalWords.length === 1 && SIGNALS_THAT_ARE_NAMES.has(signalWords[0].text);
        const signal: Signal = { words: signalWords, isNegative: NEGATIONS.has(signalWords[0].text), isName };
        byText.set(describe(signal), signal);
    }
    return [...byText.values()];
}

function describe(signal: Signal): string {
    return signal.words.map((w) => (w.isStem ? `${w.text}*` : w.text)).join(' ');
}
