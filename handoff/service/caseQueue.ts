import { CaseRepository } from '../repository/caseRepository';
import { HandoffCase } from '../types';
import { CaseStatus } from '../validation/caseTransitions';
import { compareCases, isConsulta } from './caseOrdering';

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
        // A "consulta" has no place in the emergency queue: it is answered when no emergency waits.
        return status === 'queued' ? sorted.map((c, index) => (isConsulta(c) ? c : { ...c, position: index + 1 })) : sorted;
    }

    /** 1 for the next case an operator should take; undefined when the case is not queued, or is a "consulta". */
    async positionOf(caseId: string): Promise<number | undefined> {
        const queue = await this.list('queued');
        return queue.find((c) => c.id === caseId)?.position;
    }
}
