import {
    BatchWrite,
    CollectionName,
    DocumentQuery,
    DocumentStore,
    isPreconditionFailed,
    NewDocument,
    StorageEngineName,
    StoredDocument,
    WriteCondition
} from './documentStore';

export type StoreOperation = 'get' | 'put' | 'putBatch' | 'delete' | 'query' | 'count';

/** A conditional write that did not hold is an answer, not a storage failure: metrics count them apart. */
export type OperationOutcome = 'ok' | 'precondition_failed' | 'error';

export interface StoreHooks {
    /** Called after every operation, successful or not; `ok` is false when it threw. Must not throw. */
    onOperation?(op: StoreOperation, collection: CollectionName, durationMs: number, outcome: OperationOutcome): void;
}

/** Round trips to the engine: reads are get/query/count, writes are put/putBatch/delete; `documentsWritten` counts batch members. */
export interface CollectionCounters {
    reads: number;
    writes: number;
    documentsWritten: number;
}

/**
 * A DocumentStore that times every call of another one and counts reads and writes per collection.
 * The server wires `hooks` to Prometheus; a benchmark reads `counters()` before and after a turn.
 *
 * @example
 * const store = new InstrumentedDocumentStore(inner, { onOperation: (op, c, ms, outcome) => histogram.observe({ op, c, outcome }, ms / 1000) });
 */
export class InstrumentedDocumentStore implements DocumentStore {
    private readonly perCollection = new Map<CollectionName, CollectionCounters>();

    constructor(
        readonly inner: DocumentStore,
        private readonly hooks: StoreHooks = {}
    ) {}

    get engine(): StorageEngineName {
        return this.inner.engine;
    }

    /** A copy of the counters so far, by collection (collections never touched are absent). */
    counters(): Partial<Record<CollectionName, CollectionCounters>> {
        const copy: Partial<Record<CollectionName, CollectionCounters>> = {};
        for (const [collection, counters] of this.perCollection) copy[collection] = { ...counters };
        return copy;
    }

    /** Totals over every collection. */
    totals(): CollectionCounters {
        const total = { reads: 0, writes: 0, documentsWritten: 0 };
        for (const counters of this.perCollection.values()) {
            total.reads += counters.reads;
            total.writes += counters.writes;
            total.documentsWritten += counters.documentsWritten;
        }
        return total;
    }

    resetCounters(): void {
        this.perCollection.clear();
    }

    get<T>(collection: CollectionName, partitionKey: string, id: string): Promise<StoredDocument<T> | undefined> {
        return this.measure('get', collection, 0, () => this.inner.get<T>(collection, partitionKey, id));
    }

    put<T>(collection: CollectionName, doc: NewDocument<T>, condition?: WriteCondition): Promise<StoredDocument<T>> {
        return this.measure('put', collection, 1, () => this.inner.put<T>(collection, doc, condition));
    }

    putBatch<T>(collection: CollectionName, partitionKey: string, docs: BatchWrite<T>[]): Promise<StoredDocument<T>[]> {
        return this.measure('putBatch', collection, docs.length, () => this.inner.putBatch<T>(collection, partitionKey, docs));
    }

    delete(collection: CollectionName, partitionKey: string, id: string, condition?: { ifMatch?: string }): Promise<boolean> {
        return this.measure('delete', collection, 1, () => this.inner.delete(collection, partitionKey, id, condition));
    }

    query<T>(collection: CollectionName, query: DocumentQuery): Promise<StoredDocument<T>[]> {
        return this.measure('query', collection, 0, () => this.inner.query<T>(collection, query));
    }

    count(collection: CollectionName, query: DocumentQuery): Promise<number> {
        return this.measure('count', collection, 0, () => this.inner.count(collection, query));
    }

    ping(): Promise<void> {
        return this.inner.ping();
    }

    close(): Promise<void> {
        return this.inner.close();
    }

    private async measure<R>(op: StoreOperation, collection: CollectionName, documents: number, call: () => Promise<R>): Promise<R> {
        const counters = this.perCollection.get(collection) ?? { reads: 0, writes: 0, documentsWritten: 0 };
        this.perCollection.set(collection, counters);
        if (op === 'get' || op === 'query' || op === 'count') counters.reads++;
        else counters.writes++;
        counters.documentsWritten += documents;
        const started = process.hrtime.bigint();
        let outcome: OperationOutcome = 'error';
        try {
            const result = await call();
            outcome = 'ok';
            return result;
        } catch (error) {
            if (isPreconditionFailed(error)) outcome = 'precondition_failed';
            throw error;
        } finally {
            const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
            try {
                this.hooks.onOperation?.(op, collection, durationMs, outcome);
            } catch {
                // A broken metrics hook must never fail a citizen's turn.
            }
        }
    }
}
