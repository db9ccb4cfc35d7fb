import { HandoffCase } from '../types';

export interface DeadlineSettings {
    /** No operator within this long: the citizen gets the emergency numbers and the case is flagged. */
    waitMinutes: number;
    /** An assigned case with no operator message for this long: the operator is reminded. */
    operatorSilenceMinutes: number;
    /** After the reminder, this long without an operator message: the case goes back to the queue. */
    reminderGraceMinutes: number;
}

export const DEFAULT_DEADLINES: DeadlineSettings = { waitMinutes: 3, operatorSilenceMinutes: 5, reminderGraceMinutes: 2 };

/**
 * Where a case's deadlines are set. They are fields of the case document (so they survive restarts), and
 * `nextDeadlineAt` is the earliest pending one, the single field the poller queries.
 */
export class DeadlinePolicy {
    constructor(private readonly settings: DeadlineSettings) {}

    /** The case (re)entered the queue at `now`. */
    queued(value: HandoffCase, now: Date): HandoffCase {
        const next: HandoffCase = { ...value, waitDeadlineAt: plusMinutes(now, this.settings.waitMinutes) };
        // The emergency numbers are for emergencies: a "consulta" waits for a free operator without a deadline.
        if (value.topic === 'consulta') delete next.waitDeadlineAt;
        delete next.operatorSilenceDeadlineAt;
        delete next.reminderSentAt;
        delete next.requeueDeadlineAt;
        delete next.offer;
        delete next.offerLapsedBy;
        return withNextDeadline(next);
    }

    /** An operator took the case, or wrote to the citizen, at `now`. */
    operatorActive(value: HandoffCase, now: Date): HandoffCase {
        const next: HandoffCase = { ...value, operatorSilenceDeadlineAt: plusMinutes(now, this.settings.operatorSilenceMinutes) };
        delete next.waitDeadlineAt;
        delete next.reminderSentAt;
        delete next.requeueDeadlineAt;
        delete next.offer;
        delete next.offerLapsedBy;
        return withNextDeadline(next);
    }

    /** Nobody took the case in time: flagged, no further wait deadline. */
    waitExpired(value: HandoffCase, now: Date): HandoffCase {
        const next: HandoffCase = { ...value, flagged: true, flaggedAt: now.toISOString() };
        delete next.waitDeadlineAt;
        return withNextDeadline(next);
    }

    /** The operator was reminded at `now`; the case goes back to the queue after the grace period. */
    reminded(value: HandoffCase, now: Date): HandoffCase {
        return withNextDeadline({
            ...value,
            reminderSentAt: now.toISOString(),
            requeueDeadlineAt: plusMinutes(now, this.settings.reminderGraceMinutes)
        });
    }

    /** The case left the active statuses: no deadlines. */
    closed(value: HandoffCase): HandoffCase {
        const next: HandoffCase = { ...value };
        delete next.waitDeadlineAt;
        delete next.operatorSilenceDeadlineAt;
        delete next.requeueDeadlineAt;
        delete next.offer;
        delete next.offerLapsedBy;
        return { ...next, nextDeadlineAt: null };
    }
}

/** Which deadline of a case is due at `now`, if any. */
export type DueDeadline = 'wait' | 'operator_silence' | 'requeue';

export function dueDeadline(value: HandoffCase, now: Date): DueDeadline | undefined {
    const nowIso = now.toISOString();
    if (value.status === 'queued' && value.waitDeadlineAt && value.waitDeadlineAt <= nowIso) return 'wait';
    if (value.status === 'assigned') {
        if (!value.reminderSentAt && value.operatorSilenceDeadlineAt && value.operatorSilenceDeadlineAt <= nowIso) return 'operator_silence';
        if (value.reminderSentAt && value.requeueDeadlineAt && value.requeueDeadlineAt <= nowIso) return 'requeue';
    }
    return undefined;
}

function withNextDeadline(value: HandoffCase): HandoffCase {
    let next: string | undefined;
    if (value.status === 'queued') next = value.waitDeadlineAt;
    if (value.status === 'assigned') next = value.reminderSentAt ? value.requeueDeadlineAt : value.operatorSilenceDeadlineAt;
    return { ...value, nextDeadlineAt: next ?? null };
}

function plusMinutes(now: Date, minutes: number): string {
    return new Date(now.getTime() + minutes * 60_000).toISOString();
}
