import type {
    BatchWrite,
    CollectionName,
    DocumentQuery,
    DocumentStore,
    NewDocument,
    StorageEngineName,
    StoredDocument,
    WriteCondition
} from '../storage/documentStore';
import type { InstrumentedDocumentStore } from '../storage/instrumentedStore';

/** Round trips by what they touched: `conversations/state`, `conversations/inbox`, `leases`, ... */
export type WorkCounts = Record<string, { reads: number; writes: number }>;

/**
 * Counts a store's round trips by collection AND by the kind of document in the citizen's partition (bot state,
 * inbox, outbox), which the app's own counters cannot tell apart. Benchmark instrumentation only.
 */
export class CountingStore implements DocumentStore {
    counts: WorkCounts = {};

    constructor(private readonly inner: DocumentStore) {}

    /** Puts a counter between the running app's instrumented store and its engine. */
    static attach(store: InstrumentedDocumentStore): CountingStore {
        const counting = new CountingStore(store.inner);
        (store as unknown as { inner: DocumentStore }).inner = counting;
        return counting;
    }

    get engine(): StorageEngineName {
        return this.inner.engine;
    }

    reset(): WorkCounts {
        const counts = this.counts;
        this.counts = {};
        return counts;
    }

    get<T>(collection: CollectionName, partitionKey: string, id: string): Promise<StoredDocument<T> | undefined> {
        this.bump(bucket(collection, id), 'reads');
        return this.inner.get<T>(collection, partitionKey, id);
    }

    put<T>(collection: CollectionName, doc: NewDocument<T>, condition?: WriteCondition): Promise<StoredDocument<T>> {
        this.bump(bucket(collection, doc.id), 'writes');
        return this.inner.put<T>(collection, doc, condition);
    }

    putBatch<T>(collection: CollectionName, partitionKey: string, docs: BatchWrite<T>[]): Promise<StoredDocument<T>[]> {
        const kinds = new Set(docs.map((doc) => bucket(collection, doc.id)));
        this.bump(
            kinds.size === 1
                ? [...kinds][0]
                : `${collection}/batch(${[...kinds]
                      .map((k) => k.split('/')[1])
                      .sort()
                      .join('+')})`,
            'writes'
        );
        return this.inner.putBatch<T>(collection, partitionKey, docs);
    }

    delete(collection: CollectionName, partitionKey: string, id: string, condition?: { ifMatch?: string }): Promise<boolean> {
        this.bump(bucket(collection, id), 'writes');
        return this.inner.delete(collection, partitionKey, id, condition);
    }

    query<T>(collection: CollectionName, query: DocumentQuery): Promise<StoredDocument<T>[]> {
        this.bump(queryBucket(collection, query), 'reads');
        return this.inner.query<T>(collection, query);
    }

    count(collection: CollectionName, query: DocumentQuery): Promise<number> {
        this.bump(queryBucket(collection, query), 'reads');
        return this.inner.count(collection, query);
    }

    ping(): Promise<void> {
        return this.inner.ping();
    }

    close(): Promise<void> {
        return this.inner.close();
    }

    private bump(key: string, what: 'reads' | 'writes'): void {
        const counts = (this.counts[key] ??= { reads: 0, writes: 0 });
        counts[what]++;
    }
}

function bucket(collection: CollectionName, id: string): string {
    if (collection !== 'conversations') return collection;
    if (id.startsWith('state:')) return 'conversations/state';
    if (id.startsWith('in:')) return 'conversations/inbox';
    if (id.startsWith('out:')) return 'conversations/outbox';
    return 'conversations/other';
}

function queryBucket(collection: CollectionName, query: DocumentQuery): string {
    const kind = query.where?.find((filter) => 'field' in filter && filter.field === 'kind') as { value?: unknown } | undefined;
    return collection === 'conversations' && typeof kind?.value === 'string' ? `conversations/${kind.value}` : collection;
}
