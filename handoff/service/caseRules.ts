import { Actor, actorName, HandoffCase } from '../types';
import { CaseAction, CaseStatus, nextStatus } from '../validation/caseTransitions';
import { ConflictError, ForbiddenError } from './errors';

/** How often a write that lost a race is re-read and re-checked before giving up. */
export const MAX_ATTEMPTS = 8;

/** The status the transition table allows `actor`'s `action` to take the case to, or the error the API maps to 409 / 403. */
export function checkAction(value: HandoffCase, action: CaseAction, actor: Actor, where: string): CaseStatus {
    const party = actor.kind === 'operator' ? { kind: 'operator' as const, role: actor.role, username: actor.username } : { kind: actor.kind };
    const verdict = nextStatus(value.status, action, party, value.assignedTo);
    if (verdict.allowed) return verdict.to;
    if (verdict.reason === 'not_permitted') throw new ForbiddenError(where, `${actorName(actor)} may not ${action} case ${value.id}`);
    throw new ConflictError(where, `case ${value.id} is ${value.status}; ${action} is not possible`);
}

/** A short random pause before re-reading a document that lost a race, so racers spread out. */
export function backOff(attempt: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
}

/**
 * In auto assignment a case offered to one operator is theirs to accept until the offer lapses: a colleague claiming
 * it meanwhile would make the offer a race. A supervisor may still take it (they see the whole floor).
 */
export function checkNotOfferedToAnother(value: HandoffCase, actor: Actor, now: Date, where: string): void {
    const offer = value.offer;
    if (!offer || offer.expiresAt <= now.toISOString()) return;
    if (actor.kind !== 'operator' || actor.role === 'supervisor' || offer.to === actor.username) return;
    throw new ConflictError(where, `case ${value.id} is offered to ${offer.to} until ${offer.expiresAt}`);
}
