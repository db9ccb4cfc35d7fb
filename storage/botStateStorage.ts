import type { Storage, StoreItems } from 'botbuilder';
import { CollectionName, DocumentStore, isPreconditionFailed, PreconditionFailedError } from './documentStore';

/**
 * Bot Framework's `Storage` (conversation and user state) on the line's DocumentStore, collection
 * `botstate` unless told otherwise (e.g. `conversations`, so a WhatsApp turn's state shares the partition of
 * its inbox and outbox), with exactly MemoryStorage's semantics:
 * - `read` returns only the keys that exist, each item carrying its current `eTag`;
 * - `write` with no `eTag` or `eTag: '*'` overwrites; with an `eTag` it writes only if the stored item
 *   has that eTag, or if there is no stored item yet; otherwise it throws;
 * - `delete` removes the keys (missing keys are not an error).
 * Like MemoryStorage, `write` leaves the caller's objects untouched; the next `read` carries the new eTag.
 *
 * @example
 * const conversationState = new ConversationState(new DocumentStoreStorage(store));
 */
export class DocumentStoreStorage implements Storage {
    private readonly collection: CollectionName;

    constructor(
        private readonly store: DocumentStore,
        options: { collection?: CollectionName } = {}
    ) {
        this.collection = options.collection ?? 'botstate';
    }

    async read(keys: string[]): Promise<StoreItems> {
        if (!keys) throw new ReferenceError('DocumentStoreStorage.read(): keys are required');
        const items: StoreItems = {};
        await Promise.all(
            keys.map(async (key) => {
                const doc = await this.store.get<Record<string, unknown>>(this.collection, botStatePartitionKey(key), key);
                if (doc) items[key] = { ...doc.value, eTag: doc.etag };
            })
        );
        return items;
    }

    async write(changes: StoreItems): Promise<void> {
        if (!changes) throw new ReferenceError('DocumentStoreStorage.write(): changes are required');
        await Promise.all(Object.entries(changes).map(([key, item]) => this.writeOne(key, (item ?? {}) as Record<string, unknown>)));
    }

    async delete(keys: string[]): Promise<void> {
        if (!keys) throw new ReferenceError('DocumentStoreStorage.delete(): keys are required');
        await Promise.all(keys.map((key) => this.store.delete(this.collection, botStatePartitionKey(key), key)));
    }

    private async writeOne(key: string, item: Record<string, unknown>): Promise<string> {
        const { eTag, ...value } = item;
        const doc = { id: key, partitionKey: botStatePartitionKey(key), value };
        if (eTag === undefined || eTag === null || eTag === '' || eTag === '*') {
            return (await this.store.put(this.collection, doc)).etag;
        }
        try {
            return (await this.store.put(this.collection, doc, { ifMatch: String(eTag) })).etag;
        } catch (error) {
            if (!isPreconditionFailed(error)) throw error;
        }
        // The eTag did not match. MemoryStorage still writes when nothing is stored under the key;
        // create-only keeps that atomic against a concurrent first write.
        try {
            return (await this.store.put(this.collection, doc, { ifNoneMatch: '*' })).etag;
        } catch (error) {
            if (!isPreconditionFailed(error)) throw error;
            throw new PreconditionFailedError('DocumentStoreStorage.write()', `error writing "${key}" due to eTag conflict`);
        }
    }
}

/**
 * The partition of a state key. `<channel>/conversations/<id>...` and `<channel>/users/<id>...` both
 * map to `<channel>/<id>`: on WhatsApp the conversation id and the user id are the citizen's number, so
 * one citizen's conversation and user state share a partition (one cheap partition per turn).
 * Any other key is its own partition.
 */
export function botStatePartitionKey(key: string): string {
    const match = /^([^/]+)\/(?:conversations|users)\/([^/]+)/.exec(key);
    return match ? `${match[1]}/${match[2]}` : key;
}
