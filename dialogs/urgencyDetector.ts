import { readUrgency } from '../language';

/** What was asked: a few signals are also names ("Socorro Díaz"). */
export interface UrgencyContext {
    /** The message answers "¿Cuál es su nombre?". */
    answeringName?: boolean;
}

/** Why a message was judged urgent, in an operator's words, and the citizen's words it rests on. */
export interface UrgencySignal {
    signal: string;
    evidence?: string;
}

/**
 * Whether a life may be at risk now, as the language layer reads it (language/urgency): rules over word classes
 * with cancellers for negation, animals and things, a danger that is over, hypotheses and names.
 */
export function detectUrgency(text: string, context: UrgencyContext = {}): UrgencySignal | undefined {
    const verdict = readUrgency(text, context);
    if (!verdict.urgent) return undefined;
    return { signal: verdict.reason ?? 'urgencia', ...(verdict.evidence ? { evidence: verdict.evidence.text } : {}) };
}
