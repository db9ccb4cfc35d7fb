import { CitizenInput } from './citizenInput';
import { HandoffReason } from './handoffRequester';
import { AlertCommand, recognizeIntent } from './intentRecognizer';
import { UrgencyContext, detectUrgency } from './urgencyDetector';

/** What overrides the current question, whatever it was. */
export type Interruption =
    | { kind: 'handoff'; reason: Extract<HandoffReason, 'voice_note' | 'urgent' | 'citizen_request'>; triggerText?: string }
    | { kind: 'cancel' }
    | { kind: 'help' }
    | { kind: 'alerts'; command: AlertCommand };

/**
 * Decides whether a message interrupts the protocol, most serious first: a voice note (nobody can
 * listen to it here), an urgency signal, asking for a person, then the commands.
 */
export function classifyInterruption(input: CitizenInput, context: UrgencyContext = {}): Interruption | undefined {
    if (input.kind === 'voice_note') return { kind: 'handoff', reason: 'voice_note', triggerText: input.text };
    if (!input.text) return undefined;
    const urgency = detectUrgency(input.text, context);
    if (urgency) return { kind: 'handoff', reason: 'urgent', triggerText: input.text };
    const intent = recognizeIntent(input.text);
    if (!intent) return undefined;
    if (intent.kind === 'operator') return { kind: 'handoff', reason: 'citizen_request', triggerText: input.text };
    return intent;
}
