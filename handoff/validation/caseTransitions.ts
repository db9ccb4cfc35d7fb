/**
 * The case state machine, written once. Every change of a case's status goes through {@link nextStatus};
 * nothing else in the handoff code decides what may follow what, or who may do it.
 */
export type CaseStatus = 'queued' | 'assigned' | 'resolved' | 'withdrawn' | 'returned_to_bot';

export type CaseAction = 'claim' | 'release' | 'resolve' | 'return_to_bot' | 'withdraw' | 'timeout_release' | 'message' | 'edit_card' | 'transfer';

/**
 * Who may act: any operator (supervisors included), only the operator the case is assigned to,
 * a supervisor, the citizen, or the line itself (deadlines).
 */
export type Permitted = 'operator' | 'assignee' | 'supervisor' | 'citizen' | 'system';

export interface CaseTransition {
    from: CaseStatus;
    action: CaseAction;
    to: CaseStatus;
    by: readonly Permitted[];
}

/** The one table. A status/action pair not listed here is forbidden. */
export const CASE_TRANSITIONS: readonly CaseTransition[] = [
    { from: 'queued', action: 'claim', to: 'assigned', by: ['operator'] },
    { from: 'queued', action: 'withdraw', to: 'withdrawn', by: ['citizen'] },
    { from: 'queued', action: 'return_to_bot', to: 'returned_to_bot', by: ['operator'] },
    { from: 'assigned', action: 'release', to: 'queued', by: ['assignee', 'supervisor'] },
    { from: 'assigned', action: 'timeout_release', to: 'queued', by: ['system'] },
    { from: 'assigned', action: 'resolve', to: 'resolved', by: ['assignee', 'supervisor'] },
    { from: 'assigned', action: 'return_to_bot', to: 'returned_to_bot', by: ['assignee', 'supervisor'] },
    // Not a change of status, but the same question: who may write to the citizen now.
    { from: 'assigned', action: 'message', to: 'assigned', by: ['assignee', 'supervisor'] },
    // Correcting the case card: anyone while it waits (what the citizen said is still being sorted), then its holder.
    { from: 'queued', action: 'edit_card', to: 'queued', by: ['operator'] },
    { from: 'assigned', action: 'edit_card', to: 'assigned', by: ['assignee', 'supervisor'] },
    // Handing the case to another available operator: its holder, or a supervisor sharing out the work.
    { from: 'assigned', action: 'transfer', to: 'assigned', by: ['assignee', 'supervisor'] }
];

/** The actions that change a case's status (all but 'message'): each one's line in the audit trail marks it. */
export const STATUS_CHANGES: readonly CaseAction[] = [...new Set(CASE_TRANSITIONS.filter((t) => t.from !== t.to).map((t) => t.action))];

/** Statuses in which the citizen is with a person (the bot stays silent). */
export const ACTIVE_STATUSES: readonly CaseStatus[] = ['queued', 'assigned'];

export function isActiveStatus(status: CaseStatus): boolean {
    return ACTIVE_STATUSES.includes(status);
}

/** The facts about the one asking, as the table needs them. */
export interface ActingParty {
    kind: 'operator' | 'citizen' | 'system';
    role?: 'operator' | 'supervisor';
    username?: string;
}

export type TransitionVerdict = { allowed: true; to: CaseStatus } | { allowed: false; reason: 'not_allowed_in_status' | 'not_permitted' };

/** The status `action` leads to from `from`, if the table allows it and `party` may do it. */
export function nextStatus(from: CaseStatus, action: CaseAction, party: ActingParty, assignedTo?: string): TransitionVerdict {
    const row = CASE_TRANSITIONS.find((t) => t.from === from && t.action === action);
    if (!row) return { allowed: false, reason: 'not_allowed_in_status' };
    return row.by.some((permitted) => matches(permitted, party, assignedTo))
        ? { allowed: true, to: row.to }
        : { allowed: false, reason: 'not_permitted' };
}

function matches(permitted: Permitted, party: ActingParty, assignedTo: string | undefined): boolean {
    switch (permitted) {
        case 'operator':
            return party.kind === 'operator';
        case 'supervisor':
            return party.kind === 'operator' && party.role === 'supervisor';
        case 'assignee':
            return party.kind === 'operator' && party.username !== undefined && party.username === assignedTo;
        case 'citizen':
            return party.kind === 'citizen';
        case 'system':
            return party.kind === 'system';
    }
}
