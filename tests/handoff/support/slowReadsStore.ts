import type {
    BatchWrite, CollectionName, DocumentQuery, DocumentStore, NewDocument, StorageEngineName, StoredDocument, WriteCondition
} from '../../../storage/documentStore';

/**
 * A real store whose reads answer a moment later, as a networked engine (Cosmos DB) does. SQLite answers
 * synchronously, which hides races: with this, concurrent requests all read before any of them writes,
 * so only a truly conditional write keeps "exactly one claim wins".
 */
export class SlowReadsStore implements DocumentStore {
    constructor(private readonly inner: DocumentStore, private readonly delayMs = 2) {}

    get engine(): StorageEngineName {
        return this.inner.engine;
    }

    async get<T>(collection: CollectionName, partitionKey: string, id: string): Promise<StoredDocument<T> | undefined> {
        const result = await this.inner.get<T>(collection, partitionKey, id);
        await this.pause();
        return result;
    }

    async query<T>(collection: CollectionName, query: DocumentQuery): Promise<StoredDocument<T>[]> {
        const result = await this.inner.query<T>(collection, query);
        await this.pause();
        return result;
    }

    put<T>(collection: CollectionName, doc: NewDocument<T>, condition?: WriteCondition): Promise<StoredDocument<T>> {
        return this.inner.put(collection, doc, condition);
    }

    putBatch<T>(collection: CollectionName, partitionKey: string, docs: BatchWrite<T>[]): Promise<StoredDocument<T>[]> {
        return this.inner.putBatch(collection, partitionKey, docs);
    }

    delete(collection: CollectionName, partitionKey: string, id: string, condition?: { ifMatch?: string }): Promise<boolean> {
        return this.inner.delete(collection, partitionKey, id, condition);
    }

    count(collection: CollectionName, query: DocumentQuery): Promise<number> {
        return this.inner.count(collection, query);
    }

    ping(): Promise<void> {
        return this.inner.ping();
    }

    close(): Promise<void> {
        return this.inner.close();
    }

    private pause(): Promise<void> {
        return new Promise((resolve) => setTimeout(resolve, this.delayMs));
    }
}
