import { BatchWrite, DocumentStore, StoredDocument } from '../../storage';
import { AuditEntry, HandoffCase, TranscriptEntry } from '../types';
import { AuditLine, AuditRepository } from './auditRepository';
import { ACTIVE_POINTER_ID, ActiveCasePointer } from './caseRepository';

/**
 * Everything one change of a case writes. The case, its pointer, its transcript and its audit lines share the
 * citizen's partition of collection 'handoffs', so the change is one atomic batch on both engines (a SQLite
 * transaction, a Cosmos DB transactional batch): after a crash the change is there whole, or not at all.
 */
export interface CaseChange {
    /** The case as the change leaves it (its `revision` is set here). */
    value: HandoffCase;
    /** The etag the case was read with; undefined: the case is new (written only if absent). */
    etag: string | undefined;
    /** The citizen's active-case pointer, when the change opens or closes the case; `etag` undefined: absent so far. */
    pointer?: { value: ActiveCasePointer; etag: string | undefined };
    /** Transcript entries: new ones (written only if absent: an id made from a message id is that message once) or, with `etag`, rewritten. */
    entries?: { entry: TranscriptEntry; etag?: string }[];
    /** What the change says in the trail. */
    audit: AuditLine[];
}

/** A change as committed: what the live events and the notices that follow it are made from. */
export interface CommittedChange {
    doc: StoredDocument<HandoffCase>;
    revision: number;
    entries: TranscriptEntry[];
    audit: AuditEntry[];
}

/** Commits {@link CaseChange}s: one batch each, with the case written under the etag read. */
export class CaseChangeWriter {
    constructor(private readonly store: DocumentStore) {}

    /**
     * @throws PreconditionFailedError when the case, the pointer or a rewritten entry changed since read, or a new
     *   entry exists already; then nothing was written (the caller reads again).
     */
    async commit(change: CaseChange, at: string): Promise<CommittedChange> {
        const revision = (change.value.revision ?? 0) + 1;
        const value: HandoffCase = { ...change.value, revision };
        const partitionKey = value.citizenKey;
        const entries = (change.entries ?? []).map((e) => e.entry);
        const audit = change.audit.map((line, index) =>
            AuditRepository.entry(value.id, AuditRepository.lineId(value.id, revision, index), at, revision, line)
        );
        const writes: BatchWrite<unknown>[] = [
            { partitionKey, id: value.id, value, condition: change.etag === undefined ? { ifNoneMatch: '*' } : { ifMatch: change.etag } }
        ];
        if (change.pointer) {
            writes.push({
                partitionKey,
                id: ACTIVE_POINTER_ID,
                value: change.pointer.value,
                condition: change.pointer.etag === undefined ? { ifNoneMatch: '*' } : { ifMatch: change.pointer.etag }
            });
        }
        for (const { entry, etag } of change.entries ?? []) {
            writes.push({ partitionKey, id: entry.id, value: entry, condition: etag === undefined ? { ifNoneMatch: '*' } : { ifMatch: etag } });
        }
        for (const line of audit) writes.push({ partitionKey, id: line.id, value: line, condition: { ifNoneMatch: '*' } });
        const [doc] = await this.store.putBatch<unknown>('handoffs', partitionKey, writes);
        return { doc: doc as StoredDocument<HandoffCase>, revision, entries, audit };
    }
}
