import type { HandoffCase } from '../types';

/** The least time between two automatic answers to a citizen who keeps writing while their case is open. */
export const WAITING_REPLY_GAP_MS = 60_000;

/** The texts (handoff/texts.ts) a citizen with an open case may get back for a message of theirs. */
export type WaitingReplyKey = 'urgentWhileQueued' | 'urgentWhileAssigned' | 'receivedWhileQueued';

/** The last automatic answer to a message forwarded to the case: the message's turn, run again, gives it again. */
export interface LastWaitingReply {
    /** The transcript entry of the message answered. */
    messageId: string;
    key: WaitingReplyKey;
    at: string;
    /** That message raised the case to critical. */
    escalated?: boolean;
}

export interface WaitingReplyDecision {
    /** The message says a life is at risk and the case was not critical yet: it becomes critical now. */
    escalate: boolean;
    reply?: WaitingReplyKey;
}

/** How long an operator's last message keeps an assigned citizen's urgent message from an automatic answer. */
export const OPERATOR_ACTIVE_MS = 2 * 60_000;

/**
 * What a citizen whose case is queued or assigned gets back for a message: before, nothing at all, and a "no
 * respira" written in the queue changed nothing. A message that says a life is at risk raises the case to critical
 * (the operators' alarm). While the case waits, it gets the emergency numbers at once, and other messages are
 * acknowledged with the citizen's place in the queue; neither more often than once a minute (the first not within a
 * minute of being queued): a citizen who writes five lines gets one answer, not five. While an operator has the case,
 * the operator answers: the line speaks only when it raises the case and the operator has been silent for two
 * minutes, and never twice (a reviewer saw "Entiendo que es urgente" cut into an operator's questions every minute).
 */
export function decideWaitingReply(value: HandoffCase, urgent: boolean, nowIso: string): WaitingReplyDecision {
    const escalate = urgent && value.priority !== 'critical';
    const now = Date.parse(nowIso);
    if (value.status === 'assigned') {
        const operatorSpokeAt = value.lastOperatorMessageAt ?? value.assignedAt ?? value.queuedAt;
        const operatorSilent = now - Date.parse(operatorSpokeAt) >= OPERATOR_ACTIVE_MS;
        return escalate && operatorSilent ? { escalate, reply: 'urgentWhileAssigned' } : { escalate };
    }
    const lastToldAt = value.lastWaitingReply?.at ?? value.queuedAt;
    const quiet = now - Date.parse(lastToldAt) >= WAITING_REPLY_GAP_MS;
    if (urgent && (escalate || quiet)) return { escalate, reply: 'urgentWhileQueued' };
    if (quiet) return { escalate: false, reply: 'receivedWhileQueued' };
    return { escalate: false };
}
