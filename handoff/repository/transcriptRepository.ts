import { createHash } from 'crypto';
import { DocumentStore, StoredDocument } from '../../storage';
import { TranscriptEntry } from '../types';

/**
 * A case's transcript: one small document per message in the case's partition (a case document stays
 * small however long the conversation; Cosmos DB documents are limited to 2 MB). New entries are written by
 * {@link CaseChangeWriter} with the case change and audit line they come with; {@link update} rewrites one
 * entry alone (delivery progress, which no trail records).
 */
export class TranscriptRepository {
    constructor(private readonly store: DocumentStore) {}

    static entryId(caseId: string, sequence: number): string {
        return `${caseId}-msg-${String(sequence).padStart(6, '0')}`;
    }

    /**
     * The id of a citizen message that has the channel's id (a wamid): the same message always gets the same id,
     * so writing it again fails its `ifNoneMatch` instead of adding a copy. Hashed: a wamid may hold '/', '+' or
     * '=', and document ids may not hold '/'.
     */
    static inboundEntryId(caseId: string, activityId: string): string {
        return `${caseId}-in-${idHash(activityId)}`;
    }

    /**
     * The id of an operator message the console named (`clientMessageId`): the console sending it again gets the same
     * id, so the write fails its `ifNoneMatch` instead of adding a copy. One operator's id never names another's message.
     */
    static outboundEntryId(caseId: string, operator: string, clientMessageId: string): string {
        return `${caseId}-out-${idHash(`${operator}\u0000${clientMessageId}`)}`;
    }

    /** The case's entries in the order they were written. */
    async list(citizenKey: string, caseId: string): Promise<TranscriptEntry[]> {
        const docs = await this.store.query<TranscriptEntry>('handoffs', {
            partitionKey: citizenKey,
            where: [
                { field: 'kind', op: '=', value: 'transcript' },
                { field: 'caseId', op: '=', value: caseId }
            ],
            orderBy: [{ field: 'sequence', direction: 'asc' }]
        });
        return docs.map((d) => d.value);
    }

    async get(citizenKey: string, entryId: string): Promise<StoredDocument<TranscriptEntry> | undefined> {
        const doc = await this.store.get<TranscriptEntry>('handoffs', citizenKey, entryId);
        return doc?.value.kind === 'transcript' ? doc : undefined;
    }

    async update(citizenKey: string, entry: TranscriptEntry, etag: string): Promise<StoredDocument<TranscriptEntry>> {
        return this.store.put<TranscriptEntry>('handoffs', { partitionKey: citizenKey, id: entry.id, value: entry }, { ifMatch: etag });
    }

    /**
     * Entries written or rewritten at or after `sinceIso` (their `updatedAt`), in any case: what another instance may
     * have added or changed. Oldest first, at most `limit`. Entries written before `updatedAt` existed have none.
     */
    async listChangedSince(sinceIso: string, limit = 500): Promise<TranscriptEntry[]> {
        const docs = await this.store.query<TranscriptEntry>('handoffs', {
            where: [
                { field: 'kind', op: '=', value: 'transcript' },
                { field: 'updatedAt', op: '>=', value: sinceIso }
            ],
            orderBy: [{ field: 'updatedAt', direction: 'asc' }],
            limit
        });
        return docs.map((d) => d.value);
    }
}

/** 32 hex characters of SHA-256: a fixed-length id part made of characters every engine accepts in an id. */
function idHash(text: string): string {
    return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
