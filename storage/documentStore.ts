/**
 * The one document-store contract every part of the line stores through.
 *
 * A document lives in a collection, inside a partition, under an id. Every write returns a new opaque
 * `etag`; a conditional write names the etag it read (`ifMatch`) or demands that nothing exists yet
 * (`ifNoneMatch: '*'`), and fails with {@link PreconditionFailedError} otherwise. This is how two operators
 * claiming one case get exactly one success, and how a webhook delivered twice is recorded once.
 *
 * Partition keys are chosen by the caller so that one citizen's turn touches one partition
 * (on Cosmos DB a partition is the unit of transactions and of cheap queries).
 *
 * @example
 * const doc = await store.get<Case>('cases', citizenKey, caseId);
 * await store.put('cases', { partitionKey: citizenKey, id: caseId, value: next }, { ifMatch: doc!.etag });
 */
export interface DocumentStore {
    /** Which engine this is, for logs and metrics. */
    readonly engine: StorageEngineName;

    /** Reads one document; `undefined` when it does not exist. */
    get<T>(collection: CollectionName, partitionKey: string, id: string): Promise<StoredDocument<T> | undefined>;

    /**
     * Creates or replaces one document.
     * @throws PreconditionFailedError when `condition` does not hold (etag differs, or the document exists
     *   under `ifNoneMatch: '*'`, or it is missing under `ifMatch`).
     */
    put<T>(collection: CollectionName, doc: NewDocument<T>, condition?: WriteCondition): Promise<StoredDocument<T>>;

    /**
     * Writes several documents of one partition atomically: all or none (a SQLite transaction, a Cosmos
     * transactional batch). Used where one event must change two documents together.
     * @throws PreconditionFailedError when any condition does not hold; then nothing was written.
     */
    putBatch<T>(collection: CollectionName, partitionKey: string, docs: BatchWrite<T>[]): Promise<StoredDocument<T>[]>;

    /**
     * Deletes one document. Returns false when it did not exist.
     * @throws PreconditionFailedError when `ifMatch` is given and differs.
     */
    delete(collection: CollectionName, partitionKey: string, id: string, condition?: { ifMatch?: string }): Promise<boolean>;

    /** The documents matching a query, in the order asked for. */
    query<T>(collection: CollectionName, query: DocumentQuery): Promise<StoredDocument<T>[]>;

    /** Counts the documents matching a query's filters (order and limit are ignored). */
    count(collection: CollectionName, query: DocumentQuery): Promise<number>;

    /** Resolves when the engine answers; rejects otherwise (used by `/readyz`). */
    ping(): Promise<void>;

    /** Flushes and releases the engine; the store is unusable afterwards. */
    close(): Promise<void>;
}

export type StorageEngineName = 'sqlite' | 'cosmos';

/**
 * Every collection the line uses, declared once so that both engines create them at start.
 * Partition key convention in brackets.
 */
export const COLLECTIONS = [
    'botstate', // Bot Framework conversation and user state of non-WhatsApp channels [channel/id]
    // One WhatsApp conversation's partition: its bot state, its inbox (recorded inbound messages) and its outbox
    // (replies waiting to be sent), so a turn commits state + replies + "inbox message done" in one atomic batch.
    'conversations', // [whatsapp/<citizen key>]
    'messages', // delivery state of sent messages, by wamid [wamid]
    'reports', // saved emergency reports [citizen key]
    'handoffs', // handoff requests, and cases with their pointer, transcript and audit lines [citizen key]
    'audit', // audit trails written before they moved into 'handoffs' (read only) [case id]
    'citizens', // what a citizen told the line before (name, department) [citizen key]
    'users', // operators and supervisors [username]
    'sessions', // operator sessions [session id]
    'subscribers', // weather-alert subscriptions [citizen key]
    'broadcasts', // weather-alert broadcasts [broadcast id]
    'deliveries', // one delivery record per broadcast recipient [broadcast id]
    'leases', // per-conversation processing leases across instances [lease key]
    'meta' // small singletons: schema version, counters [meta]
] as const;

export type CollectionName = (typeof COLLECTIONS)[number];

/** A stored document as read back. `etag` changes on every write. */
export interface StoredDocument<T> {
    id: string;
    partitionKey: string;
    etag: string;
    value: T;
}

export interface NewDocument<T> {
    id: string;
    partitionKey: string;
    value: T;
}

export interface WriteCondition {
    /** Write only if the stored etag equals this one. */
    ifMatch?: string;
    /** `'*'`: write only if no document with this id exists yet. */
    ifNoneMatch?: '*';
}

export interface BatchWrite<T> extends NewDocument<T> {
    condition?: WriteCondition;
}

/** A scalar a document field can be compared with. */
export type FieldValue = string | number | boolean | null;

/**
 * A small query language both engines implement the same way. Fields are dotted paths into `value`
 * (`'status'`, `'report.departmentId'`). Filters are ANDed.
 */
export interface DocumentQuery {
    /** Restrict to one partition (cheap on Cosmos: no fan-out). */
    partitionKey?: string;
    where?: FieldFilter[];
    orderBy?: { field: string; direction?: 'asc' | 'desc' }[];
    limit?: number;
}

export type FieldFilter =
    | { field: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: FieldValue }
    | { field: string; op: 'in'; value: FieldValue[] }
    | { field: string; op: 'contains'; value: FieldValue }; // the field is an array holding value

/** A conditional write did not hold. Callers map it to HTTP 409 or to "duplicate". */
export class PreconditionFailedError extends Error {
    readonly code = 'PRECONDITION_FAILED';
    constructor(where: string, detail: string) {
        super(`${where}: precondition failed: ${detail}`);
        this.name = 'PreconditionFailedError';
    }
}

/** The engine could not be reached or answered with an unexpected failure. */
export class StorageUnavailableError extends Error {
    readonly code = 'STORAGE_UNAVAILABLE';
    constructor(where: string, cause: unknown) {
        super(`${where}: storage unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
        this.name = 'StorageUnavailableError';
        this.cause = cause;
    }
}

/**
 * A batch that can never be written as given (more documents than one transaction takes, two partitions, an id
 * twice): a limit or a bug, not an outage. Retrying it unchanged fails the same way every time.
 */
export class InvalidBatchError extends Error {
    readonly code = 'INVALID_BATCH';
    constructor(where: string, detail: string) {
        super(`${where}: ${detail}`);
        this.name = 'InvalidBatchError';
    }
}

export function isInvalidBatch(error: unknown): error is InvalidBatchError {
    return error instanceof InvalidBatchError;
}

/** How many errors of a chain of wrappers are looked at: a cycle or a runaway chain must not hang a failing request. */
const MAX_WRAPPERS = 16;

/**
 * Storage was unreachable, here or under a wrapper: botbuilder-dialogs rethrows what fails inside a dialog as a
 * DialogContextError holding the original in `error`; a service that rethrows with `new Error(…, { cause })` holds
 * it in `cause`.
 */
export function isStorageUnavailable(error: unknown): boolean {
    const pending: unknown[] = [error];
    const seen = new Set<unknown>();
    while (pending.length > 0 && seen.size < MAX_WRAPPERS) {
        const current = pending.shift();
        if (!(current instanceof Error) || seen.has(current)) continue;
        if (current instanceof StorageUnavailableError) return true;
        seen.add(current);
        pending.push(current.cause, (current as { error?: unknown }).error);
    }
    return false;
}

export function isPreconditionFailed(error: unknown): error is PreconditionFailedError {
    return error instanceof PreconditionFailedError;
}

/** Field paths are dotted identifiers only: they end up inside SQL/Cosmos query text. */
export function assertFieldPath(where: string, field: string): void {
    if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(field)) {
        throw new Error(`${where}: invalid field path ${JSON.stringify(field)}`);
    }
}
