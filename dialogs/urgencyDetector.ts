import recognition from './data/recognition.json';
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

/** A signal in two parts that say it only together, near each other: "mis hijos están adentro". */
interface SignalPair {
    anyOf: Signal[];
    withAnyOf: Signal[];
}

/** Where a signal was found: tokens[start] to tokens[end - 1], pronouns inside it included. */
interface Match {
    start: number;
    end: number;
}

// Pairs and pronouns are read straight from the data file: only this detector uses them.
const CLITICS: ReadonlySet<string> = new Set(recognition.urgencyClitics.list.map(normalizeText));
const MAX_CLITICS_IN_A_ROW = 2;
const PAIR_MAX_WORDS_BETWEEN: number = recognition.urgencySignalPairs.maxWordsBetween;

const SIGNALS: readonly Signal[] = parseSignals([...URGENCY_SIGNAL_EXAMPLES, ...URGENCY_EXTRA_SIGNALS]);
const PAIRS: readonly SignalPair[] = recognition.urgencySignalPairs.list.map((pair) => ({
    anyOf: parseSignals(pair.anyOf),
    withAnyOf: parseSignals(pair.withAnyOf)
}));

/**
 * Finds an urgency signal ("atrapados", "no respira", "se ahogó", "socorro") in what a citizen wrote,
 * whatever was asked. Pronouns inside a phrase do not hide it: "se me inunda la casa" is "se inunda
 * la casa". Some signals come in two parts close together in one clause: "mis hijos están adentro",
 * "el agua se llevó a mi vecino". A signal a negation governs does not count: "no hay heridos", "no hay
 * nadie atrapado", "sin heridos", "heridos no", "no estamos heridos"; a negation about something else
 * does not reach it: "no sé cuántos heridos hay", "sin luz hay heridos", "No, hay heridos" (the comma
 * ends the negation). "Socorro" in a name is no cry for help: "María del Socorro Pérez", or "Socorro
 * Díaz" answering the name question; "¡Socorro!" always is.
 */
export function detectUrgency(text: string, context: UrgencyContext = {}): UrgencySignal | undefined {
    const nameAnswer = context.answeringName === true && isWrittenAsName(text, NOT_IN_A_NAME);
    for (const clause of normalizedClauses(text)) {
        const tokens = words(clause);
        for (const signal of SIGNALS) {
            if (ungovernedMatches(tokens, signal, nameAnswer).length > 0) return { signal: describe(signal) };
        }
        for (const pair of PAIRS) {
            const found = pairIn(tokens, pair);
            if (found) return { signal: found };
        }
    }
    return undefined;
}

/** Both parts of the pair, neither negated, at most PAIR_MAX_WORDS_BETWEEN words apart, in either order. */
function pairIn(tokens: string[], pair: SignalPair): string | undefined {
    const found = (signals: Signal[]) =>
        signals.flatMap((signal) => ungovernedMatches(tokens, signal, false).map((match) => ({ signal, match })));
    const firsts = found(pair.anyOf);
    if (firsts.length === 0) return undefined;
    for (const second of found(pair.withAnyOf)) {
        for (const first of firsts) {
            const between = Math.max(first.match.start, second.match.start) - Math.min(first.match.end, second.match.end);
            if (between >= 0 && between <= PAIR_MAX_WORDS_BETWEEN) return `${describe(first.signal)} + ${describe(second.signal)}`;
        }
    }
    return undefined;
}

/** Where the signal is in the clause and counts: not part of a name, not governed by a negation. */
function ungovernedMatches(tokens: string[], signal: Signal, nameAnswer: boolean): Match[] {
    const counted: Match[] = [];
    for (let start = 0; start < tokens.length; start++) {
        const match = matchAt(tokens, signal, start);
        if (!match) continue;
        if (signal.isName && (nameAnswer || tokens[start - 1] === 'del')) continue;
        if (signal.isNegative || !isNegated(tokens, match)) counted.push(match);
    }
    return counted;
}

/**
 * A negation that governs the signal: right before it or with only bridge words between ("no hay
 * personas heridas"), at most NEGATION_WINDOW words back; or a bare "no" closing the clause ("heridos no").
 */
function isNegated(tokens: string[], match: Match): boolean {
    for (let i = match.start - 1; i >= Math.max(0, match.start - NEGATION_WINDOW); i--) {
        if (NEGATIONS.has(tokens[i])) return true;
        if (!NEGATION_BRIDGES.has(tokens[i])) break;
    }
    const after = tokens.slice(match.end);
    return after.length === 1 && NEGATIONS.has(after[0]);
}

/** The signal starting at tokens[start], with up to MAX_CLITICS_IN_A_ROW pronouns between its words ("se me inunda"). */
function matchAt(tokens: string[], signal: Signal, start: number): Match | undefined {
    let at = start;
    for (const [j, word] of signal.words.entries()) {
        for (let skipped = 0; j > 0 && skipped < MAX_CLITICS_IN_A_ROW && at < tokens.length; skipped++) {
            if (matchesWord(tokens[at], word) || !CLITICS.has(tokens[at])) break;
            at++;
        }
        if (at >= tokens.length || !matchesWord(tokens[at], word)) return undefined;
        at++;
    }
    return { start, end: at };
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
