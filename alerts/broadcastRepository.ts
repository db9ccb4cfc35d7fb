import { DeliveryStateDoc } from '../adapters/whatsapp';
import { BatchWrite, DocumentStore, StoredDocument, isPreconditionFailed } from '../storage';
import { MAX_BATCH_SIZE } from '../storage';
import { Broadcast, BroadcastProgress, DeliveryRecord } from './types';

const MAX_CONFLICT_RETRIES = 8;

/** Broadcasts (one document each) and their delivery records (one per recipient, in the broadcast's partition). */
export class BroadcastRepository {
    constructor(private readonly store: DocumentStore) {}

    /** Creates a broadcast; false when one with that id exists (a CAP identifier seen before). */
    async create(broadcast: Broadcast): Promise<boolean> {
        try {
            await this.store.put<Broadcast>('broadcasts', { partitionKey: broadcast.id, id: broadcast.id, value: broadcast }, { ifNoneMatch: '*' });
            return true;
        } catch (error) {
            if (isPreconditionFailed(error)) return false;
            throw error;
        }
    }

    async get(id: string): Promise<Broadcast | undefined> {
        return (await this.store.get<Broadcast>('broadcasts', id, id))?.value;
    }

    /** The most recent broadcasts first. */
    async list(limit = 100): Promise<Broadcast[]> {
        const docs = await this.store.query<Broadcast>('broadcasts', { orderBy: [{ field: 'createdAt', direction: 'desc' }], limit });
        return docs.map((doc) => doc.value);
    }

    async inStates(states: Broadcast['state'][]): Promise<Broadcast[]> {
        const docs = await this.store.query<Broadcast>('broadcasts', {
            where: [{ field: 'state', op: 'in', value: states }],
            orderBy: [{ field: 'createdAt' }]
        });
        return docs.map((doc) => doc.value);
    }

    /**
     * Changes a broadcast with a conditional write, re-reading on a lost race. `change` returns the next value, or
     * undefined to leave it (e.g. the state moved on). Resolves with the stored value, or undefined if unchanged.
     */
    async update(id: string, change: (current: Broadcast) => Broadcast | undefined): Promise<Broadcast | undefined> {
        for (let attempt = 0; ; attempt++) {
            const current = await this.store.get<Broadcast>('broadcasts', id, id);
            if (!current) return undefined;
            const next = change(current.value);
            if (!next) return undefined;
            try {
                return (await this.store.put<Broadcast>('broadcasts', { partitionKey: id, id, value: next }, { ifMatch: current.etag })).value;
            } catch (error) {
                if (!isPreconditionFailed(error) || attempt >= MAX_CONFLICT_RETRIES) throw error;
            }
        }
    }

    /**
     * Writes one pending record per recipient, a batch per 100, all batches at once (a store with group commit
     * makes them one transaction). Only called while the broadcast is 'preparing', when nothing has been sent yet,
     * so running it again after a crash (even one that wrote only some batches) just rewrites them.
     */
    async writeDeliveries(broadcastId: string, citizenKeys: readonly string[]): Promise<void> {
        const writes: Promise<unknown>[] = [];
        for (let start = 0; start < citizenKeys.length; start += MAX_BATCH_SIZE) {
            const batch: BatchWrite<DeliveryRecord>[] = citizenKeys.slice(start, start + MAX_BATCH_SIZE).map((citizenKey) => ({
                partitionKey: broadcastId,
                id: citizenKey,
                value: { broadcastId, citizenKey, state: 'pending', attempts: 0 }
            }));
            writes.push(this.store.putBatch('deliveries', broadcastId, batch));
        }
        await Promise.all(writes);
    }

    /** Pending records after `afterKey`, in citizen-key order (keyset paging: nothing is skipped or read twice). */
    pendingPage(broadcastId: string, afterKey: string, limit: number): Promise<StoredDocument<DeliveryRecord>[]> {
        return this.store.query<DeliveryRecord>('deliveries', {
            partitionKey: broadcastId,
            where: [
                { field: 'state', op: '=', value: 'pending' },
                { field: 'citizenKey', op: '>', value: afterKey }
            ],
            orderBy: [{ field: 'citizenKey' }],
            limit
        });
    }

    /** Records marked 'sending' (Graph may or may not have accepted them): only found after a crash. */
    ambiguous(broadcastId: string): Promise<StoredDocument<DeliveryRecord>[]> {
        return this.store.query<DeliveryRecord>('deliveries', { partitionKey: broadcastId, where: [{ field: 'state', op: '=', value: 'sending' }] });
    }

    /**
     * Writes delivery records of one broadcast, 100 per transaction. With etags (`ifMatch`) it claims them and
     * throws PreconditionFailedError when another writer changed one since it was read.
     */
    async writeRecords(broadcastId: string, records: Array<{ value: DeliveryRecord; ifMatch?: string }>): Promise<StoredDocument<DeliveryRecord>[]> {
        const written: StoredDocument<DeliveryRecord>[] = [];
        for (let start = 0; start < records.length; start += MAX_BATCH_SIZE) {
            const batch: BatchWrite<DeliveryRecord>[] = records.slice(start, start + MAX_BATCH_SIZE).map((record) => ({
                partitionKey: broadcastId,
                id: record.value.citizenKey,
                value: record.value,
                ...(record.ifMatch ? { condition: { ifMatch: record.ifMatch } } : {})
            }));
            written.push(...(await this.store.putBatch('deliveries', broadcastId, batch)));
        }
        return written;
    }

    async putRecord(record: DeliveryRecord, ifMatch: string): Promise<StoredDocument<DeliveryRecord>> {
        return this.store.put('deliveries', { partitionKey: record.broadcastId, id: record.citizenKey, value: record }, { ifMatch });
    }

    /** The 'messages' docs (delivery states by wamid) naming any of these references or recipients. */
    async messagesFor(field: 'outboxId' | 'recipientId', values: string[]): Promise<DeliveryStateDoc[]> {
        const found: DeliveryStateDoc[] = [];
        for (let start = 0; start < values.length; start += 50) {
            const docs = await this.store.query<DeliveryStateDoc>('messages', {
                where: [{ field, op: 'in', value: values.slice(start, start + 50) }]
            });
            found.push(...docs.map((doc) => doc.value));
        }
        return found;
    }

    /**
     * Progress from the records (what the fan-out decided) and from the 'messages' docs, which the webhook moves
     * forward with every status (so sent / delivered / read / failed survive restarts and duplicate webhooks).
     */
    async progress(broadcast: Broadcast): Promise<BroadcastProgress> {
        const { id } = broadcast;
        const records = (state: DeliveryRecord['state'] | DeliveryRecord['state'][]): Promise<number> =>
            this.store.count('deliveries', {
                partitionKey: id,
                where: [Array.isArray(state) ? { field: 'state', op: 'in', value: state } : { field: 'state', op: '=', value: state }]
            });
        const statuses = (values: string[]): Promise<number> =>
            this.store.count('messages', {
                where: [
                    { field: 'originRef', op: '=', value: id },
                    { field: 'status', op: 'in', value: values }
                ]
            });
        const [waiting, accepted, refused, skipped, sent, delivered, read, failedLater] = await Promise.all([
            records(['pending', 'sending']),
            records('sent'),
            records('failed'),
            records('skipped'),
            statuses(['sent', 'delivered', 'read', 'played']),
            statuses(['delivered', 'read', 'played']),
            statuses(['read', 'played']),
            statuses(['failed'])
        ]);
        const total = broadcast.total ?? waiting + accepted + refused + skipped;
        const stoppedEarly = broadcast.state === 'cancelled' || broadcast.state === 'stopped';
        const cancelled = stoppedEarly ? waiting : 0;
        const pending = stoppedEarly ? 0 : waiting;
        const failed = refused + failedLater;
        return {
            id,
            state: broadcast.state,
            total,
            pending,
            accepted,
            sent,
            delivered,
            read,
            failed,
            skipped,
            cancelled,
            percent: total === 0 ? 100 : Math.floor(((total - pending) / total) * 100)
        };
    }
}
