import type { BatchWrite, CollectionName, DocumentQuery, NewDocument, StoredDocument, WriteCondition } from '../../../storage/documentStore';
import { StorageUnavailableError } from '../../../storage/documentStore';
import { ForwardingStore } from '../../support/forwardingStore';

export type StoreOperation = 'get' | 'put' | 'putBatch' | 'delete' | 'query' | 'count';

/** Which calls fail, by the store's operation and the collection it touches. */
export type OutageMatcher = (operation: StoreOperation, collection: CollectionName) => boolean;

/** Reads: what a store that lost its writer (SQLite's writer thread, a Cosmos write region) still answers. */
export const READS: ReadonlySet<StoreOperation> = new Set(['get', 'query', 'count']);

/**
 * A real store that fails the calls `failing` picks, for as long as it picks them (nothing is written then), and
 * passes every other call. A test switches the outage on and off by setting `failing`; `makeError` says what a
 * failing call throws: an outage by default, a test of real bugs throws something else. `ping` always passes:
 * readiness is not what these tests are about.
 */
export class OutageStore extends ForwardingStore {
    failing: OutageMatcher = () => false;
    makeError: (where: string) => Error = (where) => new StorageUnavailableError(where, new Error('connect ECONNREFUSED 10.0.0.4:443'));
    /** How many calls failed so far. */
    failures = 0;

    /** Every call fails until {@link restore}. */
    down(): void {
        this.failing = () => true;
    }

    restore(): void {
        this.failing = () => false;
    }

    override async get<T>(collection: CollectionName, partitionKey: string, id: string): Promise<StoredDocument<T> | undefined> {
        this.failIfPicked('get', collection);
        return this.inner.get<T>(collection, partitionKey, id);
    }

    override async put<T>(collection: CollectionName, doc: NewDocument<T>, condition?: WriteCondition): Promise<StoredDocument<T>> {
        this.failIfPicked('put', collection);
        return this.inner.put(collection, doc, condition);
    }

    override async putBatch<T>(collection: CollectionName, partitionKey: string, docs: BatchWrite<T>[]): Promise<StoredDocument<T>[]> {
        this.failIfPicked('putBatch', collection);
        return this.inner.putBatch(collection, partitionKey, docs);
    }

    override async delete(collection: CollectionName, partitionKey: string, id: string, condition?: { ifMatch?: string }): Promise<boolean> {
        this.failIfPicked('delete', collection);
        return this.inner.delete(collection, partitionKey, id, condition);
    }

    override async query<T>(collection: CollectionName, query: DocumentQuery): Promise<StoredDocument<T>[]> {
        this.failIfPicked('query', collection);
        return this.inner.query<T>(collection, query);
    }

    override async count(collection: CollectionName, query: DocumentQuery): Promise<number> {
        this.failIfPicked('count', collection);
        return this.inner.count(collection, query);
    }

    private failIfPicked(operation: StoreOperation, collection: CollectionName): void {
        if (!this.failing(operation, collection)) return;
        this.failures++;
        throw this.makeError(`OutageStore.${operation}(${collection})`);
    }
}
