import { DocumentStore, isPreconditionFailed, StoredDocument } from '../../storage';
import { AuditEntry } from '../types';

/** What a change says in the trail; the id, case, time and revision are added when the change is committed. */
export interface AuditLine {
    actor: string;
    action: string;
    detail?: Record<string, unknown>;
}

/**
 * The audit trail. A line lives in collection 'handoffs', in the partition of its case (the citizen key), next to the
 * case and its transcript, so {@link CaseChangeWriter} commits it in the same atomic batch as the change it records.
 * Trails written before (collection 'audit', partition = case id) are read, never written.
 */
export class AuditRepository {
    constructor(private readonly store: DocumentStore) {}

    /** The id of line `index` of the change that made the case `revision`: fixed by the change, never reused. */
    static lineId(caseId: string, revision: number, index: number): string {
        return `${caseId}-audit-${pad(revision)}-${index}`;
    }

    /**
     * The id of the line recording the notice `key` that the change of `revision` made due: whoever finishes that change
     * (its first run or a retry) finds by this id whether the citizen was told.
     */
    static noticeId(caseId: string, revision: number, key: string): string {
        return `${caseId}-notice-${pad(revision)}-${key}`;
    }

    /** A committed line as stored. */
    static entry(caseId: string, id: string, at: string, revision: number, line: AuditLine): AuditEntry {
        const detail = line.detail ? Object.fromEntries(Object.entries(line.detail).filter(([, v]) => v !== undefined)) : undefined;
        return {
            kind: 'audit',
            id,
            caseId,
            at,
            actor: line.actor,
            action: line.action,
            revision,
            ...(detail && Object.keys(detail).length > 0 ? { detail } : {})
        };
    }

    async get(citizenKey: string, id: string): Promise<AuditEntry | undefined> {
        const doc = await this.store.get<AuditEntry>('handoffs', citizenKey, id);
        return doc?.value.kind === 'audit' ? doc.value : undefined;
    }

    /**
     * Writes the line of a notice sent to the citizen (its outcome is known only after the send, so it cannot be in
     * the change's batch). Returns false when the line was already there: the notice was recorded by an earlier run.
     */
    async recordNotice(citizenKey: string, entry: AuditEntry): Promise<boolean> {
        try {
            await this.store.put('handoffs', { partitionKey: citizenKey, id: entry.id, value: entry }, { ifNoneMatch: '*' });
            return true;
        } catch (error) {
            if (isPreconditionFailed(error)) return false;
            throw error;
        }
    }

    /** A case's trail, oldest first: one query in the case's partition (and one in the old collection). */
    async list(citizenKey: string, caseId: string): Promise<AuditEntry[]> {
        const [current, legacy] = await Promise.all([
            this.store.query<AuditEntry>('handoffs', {
                partitionKey: citizenKey,
                where: [
                    { field: 'kind', op: '=', value: 'audit' },
                    { field: 'caseId', op: '=', value: caseId }
                ]
            }),
            this.store.query<AuditEntry>('audit', { partitionKey: caseId })
        ]);
        return [...legacy, ...current].map((d: StoredDocument<AuditEntry>) => d.value).sort(byTrailOrder);
    }
}

/** By time; lines of one instant by the revision of their change, then by id (a change's lines, then its notices). */
function byTrailOrder(a: AuditEntry, b: AuditEntry): number {
    if (a.at !== b.at) return a.at < b.at ? -1 : 1;
    if ((a.revision ?? 0) !== (b.revision ?? 0)) return (a.revision ?? 0) - (b.revision ?? 0);
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function pad(revision: number): string {
    return String(revision).padStart(8, '0');
}
