import { conversationPartition, InboxEntry } from '../adapters/whatsapp';
import { DocumentStore } from '../storage';

/** When a citizen last wrote to the line; undefined when nothing is known (then the window counts as closed). */
export type LastCitizenMessageAt = (citizenKey: string) => Promise<Date | undefined>;

/**
 * The line keeps no "last inbound" field anywhere: the WhatsApp adapter's durable inbox (collection 'conversations',
 * the citizen's partition, `kind: 'inbox'`, ordered by `seq`, entries kept after they are processed) is the record.
 * The newest entry's Meta timestamp (when the citizen sent it; the 24-hour window counts from there), or its
 * `receivedAt` when the timestamp is missing.
 */
export function inboxLastCitizenMessageAt(store: DocumentStore): LastCitizenMessageAt {
    return async (citizenKey) => {
        const [last] = await store.query<InboxEntry>('conversations', {
            partitionKey: conversationPartition(citizenKey),
            where: [{ field: 'kind', op: '=', value: 'inbox' }],
            orderBy: [{ field: 'seq', direction: 'desc' }],
            limit: 1
        });
        if (!last) return undefined;
        const seconds = last.value.message?.timestamp;
        if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) return new Date(seconds * 1000);
        const received = Date.parse(last.value.receivedAt);
        return Number.isFinite(received) ? new Date(received) : undefined;
    };
}
