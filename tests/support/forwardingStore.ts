import type {
    BatchWrite,
    CollectionName,
    DocumentQuery,
    DocumentStore,
    NewDocument,
    StorageEngineName,
    StoredDocument,
    WriteCondition
} from '../../storage/documentStore';
import { StorageUnavailableError } from '../../storage/documentStore';

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

/** Which write a {@link FailingWriteStore} breaks: the collection and a document of the put or batch, as asked. */
export type WriteMatcher = (collection: CollectionName, doc: { id: string; value: unknown }) => boolean;

/**
 * A real store where the next `times` writes (single or batch) holding a document that `matches` fail as an outage
 * (StorageUnavailableError, nothing written); every other call passes. A turn that makes such a write fails and is
 * run again, as the WhatsApp inbox does.
 */
export class FailingWriteStore extends ForwardingStore {
    /** How many writes failed so far. */
    failures = 0;

    constructor(
        inner: DocumentStore,
        private readonly matches: WriteMatcher,
        private remaining = 1
    ) {
        super(inner);
    }

    override async put<T>(collection: CollectionName, doc: NewDocument<T>, condition?: WriteCondition): Promise<StoredDocument<T>> {
        this.failIfMatched('put', collection, [doc]);
        return this.inner.put(collection, doc, condition);
    }

    override async putBatch<T>(collection: CollectionName, partitionKey: string, docs: BatchWrite<T>[]): Promise<StoredDocument<T>[]> {
        this.failIfMatched('putBatch', collection, docs);
        return this.inner.putBatch(collection, partitionKey, docs);
    }

    private failIfMatched(operation: string, collection: CollectionName, docs: { id: string; value: unknown }[]): void {
        if (this.remaining <= 0 || !docs.some((doc) => this.matches(collection, doc))) return;
        this.remaining--;
        this.failures++;
        throw new StorageUnavailableError(`FailingWriteStore.${operation}()`, new Error('connection reset'));
    }
}

/**
 * A real store where the next `times` writes (single or batch) holding a document that `matches` are committed, and
 * then answer with an outage (StorageUnavailableError), as a Cosmos DB request that timed out after the server applied
 * it does: the caller cannot tell a lost answer from a failed write, and runs or retries the change again.
 */
export class LostAnswerStore extends ForwardingStore {
    /** How many answers were lost so far. */
    losses = 0;

    constructor(
        inner: DocumentStore,
        private readonly matches: WriteMatcher,
        private remaining = 1
    ) {
        super(inner);
    }

    override async put<T>(collection: CollectionName, doc: NewDocument<T>, condition?: WriteCondition): Promise<StoredDocument<T>> {
        const written = await this.inner.put(collection, doc, condition);
        this.loseIfMatched('put', collection, [doc]);
        return written;
    }

    override async putBatch<T>(collection: CollectionName, partitionKey: string, docs: BatchWrite<T>[]): Promise<StoredDocument<T>[]> {
        const written = await this.inner.putBatch(collection, partitionKey, docs);
        this.loseIfMatched('putBatch', collection, docs);
        return written;
    }

    private loseIfMatched(operation: string, collection: CollectionName, docs: { id: string; value: unknown }[]): void {
        if (this.remaining <= 0 || !docs.some((doc) => this.matches(collection, doc))) return;
        this.remaining--;
        this.losses++;
        throw new StorageUnavailableError(`LostAnswerStore.${operation}()`, new Error('request timed out after it was applied'));
    }
}
