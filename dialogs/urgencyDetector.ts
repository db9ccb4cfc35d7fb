import { URGENCY_SIGNAL_EXAMPLES } from './domainData';
import { NEGATIONS, NEGATION_WINDOW, URGENCY_EXTRA_SIGNALS } from './recognitionData';
import { normalizeText, normalizedClauses, words } from './textNormalizer';

/** Why a message was judged urgent: the signal found, for the operator. */
export interface UrgencySignal {
    signal: string;
}

const SIGNALS: readonly string[][] = Array.from(
    new Set([...URGENCY_SIGNAL_EXAMPLES, ...URGENCY_EXTRA_SIGNALS].map(normalizeText).filter((s) => s.length > 0))
).map(words);

/**
 * Finds an urgency signal ("atrapados", "no respira", "socorro") in what a citizen wrote, whatever was
 * asked. A signal negated within its clause does not count: "no hay heridos", "no hay nadie atrapado",
 * "sin heridos", "heridos no" — but "No, hay heridos" does (the comma ends the negation).
 */
export function detectUrgency(text: string): UrgencySignal | undefined {
    for (const clause of normalizedClauses(text)) {
        const tokens = words(clause);
        for (const signal of SIGNALS) {
            for (let start = indexOfSequence(tokens, signal, 0); start >= 0; start = indexOfSequence(tokens, signal, start + 1)) {
                if (!isNegated(tokens, start, signal.length)) return { signal: signal.join(' ') };
            }
        }
    }
    return undefined;
}

/** A negation word shortly before the signal, or a bare "no" closing the clause right after it. */
function isNegated(tokens: string[], start: number, length: number): boolean {
    const before = tokens.slice(Math.max(0, start - NEGATION_WINDOW), start);
    if (before.some((token) => NEGATIONS.has(token))) return true;
    const after = tokens.slice(start + length);
    return after.length === 1 && NEGATIONS.has(after[0]);
}

function indexOfSequence(tokens: string[], sequence: string[], from: number): number {
    outer: for (let i = from; i + sequence.length <= tokens.length; i++) {
        for (let j = 0; j < sequence.length; j++) {
            if (tokens[i + j] !== sequence[j]) continue outer;
        }
        return i;
    }
    return -1;
}
