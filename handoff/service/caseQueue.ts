import { CaseRepository } from '../repository/caseRepository';
import { HandoffCase } from '../types';
import { CaseStatus } from '../validation/caseTransitions';
import { compareCases } from './caseOrdering';

/** A case as listed: with its place in the queue when queued. */
export interface CaseSummary extends HandoffCase {
    position?: number;
}

/** The queues as operators see them: cases of one status in order, and a queued case's place. */
export class CaseQueue {
    constructor(private readonly cases: CaseRepository) {}

    /** Cases of one status (default: queued), in queue order; queued cases carry their position. */
    async list(status: CaseStatus = 'queued'): Promise<CaseSummary[]> {
        const sorted = (await this.cases.listByStatus(status)).map((d) => d.value).sort(compareCases);
        return status === 'queued' ? sorted.map((c, index) => ({ ...c, position: index + 1 })) : sorted;
    }

    /** 1 for the next case an operator should take; undefined when the case is not queued. */
    async positionOf(caseId: string): Promise<number | undefined> {
        const queue = await this.list('queued');
        const index = queue.findIndex((c) => c.id === caseId);
        return index < 0 ? undefined : index + 1;
    }
}
