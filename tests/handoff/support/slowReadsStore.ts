import type { CollectionName, DocumentQuery, DocumentStore, StoredDocument } from '../../../storage/documentStore';
import { ForwardingStore } from '../../support/forwardingStore';

/**
 * A real store whose reads answer a moment later, as a networked engine (Cosmos DB) does. SQLite answers
 * synchronously, which hides races: with this, concurrent requests all read before any of them writes,
 * so only a truly conditional write keeps "exactly one claim wins".
 */
export class SlowReadsStore extends ForwardingStore {
    constructor(
        inner: DocumentStore,
        private readonly delayMs = 2
    ) {
        super(inner);
    }

    override async get<T>(collection: CollectionName, partitionKey: string, id: string): Promise<StoredDocument<T> | undefined> {
        const result = await this.inner.get<T>(collection, partitionKey, id);
        await this.pause();
        return result;
    }

    override async query<T>(collection: CollectionName, query: DocumentQuery): Promise<StoredDocument<T>[]> {
        const result = await this.inner.query<T>(collection, query);
        await this.pause();
        return result;
    }

    private pause(): Promise<void> {
        return new Promise((resolve) => setTimeout(resolve, this.delayMs));
    }
}
