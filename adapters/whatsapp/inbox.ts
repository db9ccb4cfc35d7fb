import { BatchWrite, DocumentStore, StoredDocument, isPreconditionFailed } from '../../storage';
import { MAX_BATCH_SIZE } from '../../storage';
import { InboundMessage } from './types';

/** The partition holding one citizen's inbox, bot state and outbox. */
export function conversationPartition(citizenKey: string): string {
    return `whatsapp/${citizenKey}`;
}

export function inboxEntryId(wamid: string): string {
    return `in:${wamid}`;
}

/** One recorded inbound message (collection 'conversations', id `in:<wamid>`). */
export interface InboxEntry {
    kind: 'inbox';
    /**
     * Processing order within the partition: `<receivedAt ISO>:<arrival>:<position in the POST>:<wamid>`. ISO
     * instants of one fixed width sort as text; the arrival number orders POSTs recorded by this process in the
     * same millisecond as they were recorded (a burst puts several there, and the first may be running its turn
     * before the next one commits); the position keeps a POST's order.
     */
    seq: string;
    citizenKey: string;
    message: InboundMessage;
    status: 'pending' | 'done';
    receivedAt: string;
    processedAt?: string;
    /** Set when the bot failed on this message so many times that it was given up (logged, never replied). */
    abandoned?: { error: string; attempts: number };
}

export interface RecordInboundResult {
    /** Messages newly recorded. */
    recorded: InboundMessage[];
    /** Messages already in the inbox (Meta delivers the same update more than once): acknowledged, not recorded. */
    duplicates: InboundMessage[];
    /** The citizens with something in their inbox now, in the order first seen. */
    citizenKeys: string[];
}

/** POSTs recorded by this process so far: orders those of one millisecond (see InboxEntry.seq). */
let arrivals = 0;

/**
 * Records a webhook's messages durably, once each. One conditional batch per citizen (every entry demands
 * that its id does not exist yet); when the batch meets a duplicate it is retried one message at a time,
 * so a replayed POST costs one failed write per citizen and records nothing twice. A citizen with more messages
 * than one batch takes (a POST carries up to 1000) gets several batches, written one after the other in the
 * POST's order: a drain already running for that citizen never finds a later message without the earlier ones.
 */
export async function recordInbound(store: DocumentStore, messages: InboundMessage[], receivedAt: string): Promise<RecordInboundResult> {
    const result: RecordInboundResult = { recorded: [], duplicates: [], citizenKeys: [] };
    const byCitizen = new Map<string, BatchWrite<InboxEntry>[]>();
    const seen = new Set<string>();
    const arrival = String(++arrivals).padStart(12, '0');
    messages.forEach((message, position) => {
        if (seen.has(message.wamid)) {
            result.duplicates.push(message);
            return;
        }
        seen.add(message.wamid);
        const partitionKey = conversationPartition(message.citizenKey);
        const entry: InboxEntry = {
            kind: 'inbox',
            seq: `${receivedAt}:${arrival}:${String(position).padStart(4, '0')}:${message.wamid}`,
            citizenKey: message.citizenKey,
            message,
            status: 'pending',
            receivedAt
        };
        const writes = byCitizen.get(message.citizenKey) ?? [];
        writes.push({ partitionKey, id: inboxEntryId(message.wamid), value: entry, condition: { ifNoneMatch: '*' } });
        byCitizen.set(message.citizenKey, writes);
    });

    await Promise.all(
        [...byCitizen.entries()].map(async ([citizenKey, writes]) => {
            result.citizenKeys.push(citizenKey);
            for (let start = 0; start < writes.length; start += MAX_BATCH_SIZE) {
                await recordChunk(store, citizenKey, writes.slice(start, start + MAX_BATCH_SIZE), result);
            }
        })
    );
    return result;
}

/** One batch of a citizen's entries; on a duplicate, one entry at a time. */
async function recordChunk(store: DocumentStore, citizenKey: string, writes: BatchWrite<InboxEntry>[], result: RecordInboundResult): Promise<void> {
    try {
        await store.putBatch('conversations', conversationPartition(citizenKey), writes);
        for (const write of writes) result.recorded.push(write.value.message);
        return;
    } catch (error) {
        if (!isPreconditionFailed(error)) throw error;
    }
    for (const write of writes) {
        try {
            await store.put('conversations', write, { ifNoneMatch: '*' });
            result.recorded.push(write.value.message);
        } catch (error) {
            if (!isPreconditionFailed(error)) throw error;
            result.duplicates.push(write.value.message);
        }
    }
}

/**
 * Pending documents of one kind (inbox or outbox) in the conversations collection, ordered by `orderField`:
 * of one citizen when `citizenKey` is given (one partition), else of everyone (recovery at start).
 */
export function pendingConversationDocs<T>(
    store: DocumentStore,
    kind: 'inbox' | 'outbox',
    options: { citizenKey?: string; orderField: 'seq' | 'createdAt'; limit?: number }
): Promise<StoredDocument<T>[]> {
    return store.query<T>('conversations', {
        ...(options.citizenKey ? { partitionKey: conversationPartition(options.citizenKey) } : {}),
        where: [
            { field: 'kind', op: '=', value: kind },
            { field: 'status', op: '=', value: 'pending' }
        ],
        orderBy: [{ field: options.orderField, direction: 'asc' }],
        ...(options.limit !== undefined ? { limit: options.limit } : {})
    });
}

/** The citizens of pending documents, in the order found, each once. */
export function citizensOf(pending: StoredDocument<{ citizenKey: string }>[]): string[] {
    return [...new Set(pending.map((doc) => doc.value.citizenKey))];
}

/** The next pending entries of one conversation, oldest first. */
export function pendingInboxEntries(store: DocumentStore, citizenKey: string, limit = 20): Promise<StoredDocument<InboxEntry>[]> {
    return pendingConversationDocs<InboxEntry>(store, 'inbox', { citizenKey, orderField: 'seq', limit });
}

/** Every citizen with a pending inbox entry, the one waiting longest first (recovery after a crash). */
export async function citizensWithPendingInbox(store: DocumentStore): Promise<string[]> {
    return citizensOf(await pendingConversationDocs<InboxEntry>(store, 'inbox', { orderField: 'seq' }));
}
