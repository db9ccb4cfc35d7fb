import type {
    BatchWrite, CollectionName, DocumentQuery, DocumentStore, NewDocument, StorageEngineName, StoredDocument, WriteCondition
} from '../../storage/documentStore';

/**
 * A real store passed through unchanged: a test's store that misbehaves in one way (slow reads, failing commits)
 * extends it and overrides only the calls it changes.
 */
export class ForwardingStore implements DocumentStore {
    constructor(protected readonly inner: DocumentStore) {}

    get engine(): StorageEngineName {
        return this.inner.engine;
    }

    get<T>(collection: CollectionName, partitionKey: string, id: string): Promise<StoredDocument<T> | undefined> {
        return this.inner.get<T>(collection, partitionKey, id);
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

    query<T>(collection: CollectionName, query: DocumentQuery): Promise<StoredDocument<T>[]> {
        return this.inner.query<T>(collection, query);
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
}
