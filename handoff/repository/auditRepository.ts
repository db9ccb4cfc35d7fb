import { randomUUID } from 'crypto';
import { DocumentStore } from '../../storage/documentStore';
import { AuditEntry } from '../types';

/** The audit trail: collection 'audit', partition = case id, one document per event, never changed. */
export class AuditRepository {
    private sequence = 0;

    constructor(private readonly store: DocumentStore) {}

    async append(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
        // Sortable within one instance even when the clock stands still (tests) or two events share a millisecond.
        this.sequence = (this.sequence + 1) % 1_000_000;
        const id = `${entry.at}-${String(this.sequence).padStart(6, '0')}-${randomUUID().slice(0, 8)}`;
        const value: AuditEntry = { id, ...entry };
        await this.store.put('audit', { partitionKey: entry.caseId, id, value }, { ifNoneMatch: '*' });
        return value;
    }

    /** A case's trail, oldest first. */
    async list(caseId: string): Promise<AuditEntry[]> {
        const docs = await this.store.query<AuditEntry>('audit', {
            partitionKey: caseId,
            orderBy: [{ field: 'at', direction: 'asc' }, { field: 'id', direction: 'asc' }]
        });
        return docs.map((d) => d.value);
    }
}
