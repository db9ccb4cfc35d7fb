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

/**
 * What a citizen whose case is queued or assigned gets back for a message: before, nothing at all, and a "no
 * respira" written in the queue changed nothing. A message that says a life is at risk raises the case to critical
 * (the operators' alarm) and gets the emergency numbers at once. While the case waits for an operator, other messages
 * are acknowledged with the citizen's place in the queue; while an operator is with them, the operator answers.
 * Neither answer comes more often than once a minute (the first not within a minute of being queued): a citizen
 * who writes five lines gets one answer, not five.
 */
export function decideWaitingReply(value: HandoffCase, urgent: boolean, nowIso: string): WaitingReplyDecision {
    const escalate = urgent && value.priority !== 'critical';
    const lastToldAt = value.lastWaitingReply?.at ?? value.queuedAt;
    const quiet = Date.parse(nowIso) - Date.parse(lastToldAt) >= WAITING_REPLY_GAP_MS;
    if (urgent && (escalate || quiet)) return { escalate, reply: value.status === 'assigned' ? 'urgentWhileAssigned' : 'urgentWhileQueued' };
    if (value.status === 'queued' && quiet) return { escalate: false, reply: 'receivedWhileQueued' };
    return { escalate: false };
}
