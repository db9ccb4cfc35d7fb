import { DocumentStore, StoredDocument } from '../../storage';
import { HandoffCase } from '../types';
import { CaseStatus, isActiveStatus } from '../validation/caseTransitions';

/**
 * The pointer to a citizen's active case. Created with `ifNoneMatch: '*'` (or replaced with `ifMatch`) in
 * the same atomic batch as the case, so two handoff requests at once cannot open two cases.
 */
export interface ActiveCasePointer {
    kind: 'active_pointer';
    caseId: string | null;
    /** While no case is active: the last one, when the citizen's own message withdrew it. */
    withdrawal?: Withdrawal;
}

/**
 * A case the citizen withdrew ("cancelar") and the message that did it. Kept on the pointer, which every turn reads
 * anyway, so recognising that message's turn when it runs again costs no read.
 */
export interface Withdrawal {
    caseId: string;
    activityId: string;
}

/** What a citizen's message meets: their active case, or else the withdrawal the pointer remembers. */
export interface CitizenCases {
    active?: CaseWithPointer;
    withdrawal?: Withdrawal;
}

export const ACTIVE_POINTER_ID = 'active-case';

export interface CaseWithPointer {
    doc: StoredDocument<HandoffCase>;
    pointerEtag: string;
}

/**
 * Reads of cases: collection 'handoffs', partition = citizen key, id = case id. Cases are written by
 * {@link CaseChangeWriter}, together with what else the change writes.
 */
export class CaseRepository {
    constructor(private readonly store: DocumentStore) {}

    async get(citizenKey: string, caseId: string): Promise<StoredDocument<HandoffCase> | undefined> {
        const doc = await this.store.get<HandoffCase>('handoffs', citizenKey, caseId);
        return doc?.value.kind === 'case' ? doc : undefined;
    }

    /** Finds a case by id alone (the operator API knows only the id). */
    async findById(caseId: string): Promise<StoredDocument<HandoffCase> | undefined> {
        const [found] = await this.store.query<HandoffCase>('handoffs', {
            where: [
                { field: 'kind', op: '=', value: 'case' },
                { field: 'id', op: '=', value: caseId }
            ],
            limit: 1
        });
        return found;
    }

    async getPointer(citizenKey: string): Promise<StoredDocument<ActiveCasePointer> | undefined> {
        return this.store.get<ActiveCasePointer>('handoffs', citizenKey, ACTIVE_POINTER_ID);
    }

    /** The citizen's queued or assigned case, with the pointer's etag; undefined when none. */
    async active(citizenKey: string): Promise<CaseWithPointer | undefined> {
        return (await this.citizenCases(citizenKey)).active;
    }

    /** The citizen's active case, or, when none, the withdrawal of their last one (same reads as {@link active}). */
    async citizenCases(citizenKey: string): Promise<CitizenCases> {
        const pointer = await this.getPointer(citizenKey);
        if (!pointer) return {};
        if (!pointer.value.caseId) return pointer.value.withdrawal ? { withdrawal: pointer.value.withdrawal } : {};
        const doc = await this.get(citizenKey, pointer.value.caseId);
        if (!doc || !isActiveStatus(doc.value.status)) return {};
        return { active: { doc, pointerEtag: pointer.etag } };
    }

    /**
     * The pointer as a closing case leaves it: no active case; a case the citizen's message withdrew
     * (`withdrawnByActivityId`) is remembered until the next one opens.
     */
    static pointerAfterClose(value: HandoffCase): ActiveCasePointer {
        const pointer: ActiveCasePointer = { kind: 'active_pointer', caseId: null };
        if (value.status === 'withdrawn' && value.withdrawnByActivityId) {
            pointer.withdrawal = { caseId: value.id, activityId: value.withdrawnByActivityId };
        }
        return pointer;
    }

    async listByStatus(status: CaseStatus): Promise<StoredDocument<HandoffCase>[]> {
        return this.store.query<HandoffCase>('handoffs', {
            where: [
                { field: 'kind', op: '=', value: 'case' },
                { field: 'status', op: '=', value: status }
            ]
        });
    }

    /** Active cases with a deadline at or before `nowIso`. */
    async listDue(nowIso: string, limit = 100): Promise<StoredDocument<HandoffCase>[]> {
        return this.store.query<HandoffCase>('handoffs', {
            where: [
                { field: 'kind', op: '=', value: 'case' },
                { field: 'status', op: 'in', value: ['queued', 'assigned'] },
                { field: 'nextDeadlineAt', op: '<=', value: nowIso }
            ],
            orderBy: [{ field: 'nextDeadlineAt', direction: 'asc' }],
            limit
        });
    }

    /**
     * Cases written at or after `sinceIso` (their `updatedAt`), any status: what another instance may have changed.
     * Oldest first, at most `limit`.
     */
    async listChangedSince(sinceIso: string, limit = 500): Promise<StoredDocument<HandoffCase>[]> {
        return this.store.query<HandoffCase>('handoffs', {
            where: [
                { field: 'kind', op: '=', value: 'case' },
                { field: 'updatedAt', op: '>=', value: sinceIso }
            ],
            orderBy: [{ field: 'updatedAt', direction: 'asc' }],
            limit
        });
    }
}
