import * as fs from 'fs';
import * as path from 'path';
import Database from 'better-sqlite3';
import type { Logger } from '../../common/logger';
import {
    BatchWrite, COLLECTIONS, CollectionName, DocumentQuery, DocumentStore, NewDocument, PreconditionFailedError,
    StorageEngineName, StorageUnavailableError, StoredDocument, WriteCondition
} from '../documentStore';
import { newEtag } from '../etag';
import { assertCondition, validateBatch, validateQuery } from '../queryValidation';
import { migrate, tableName } from './migrations';
import { orderBySql, whereSql } from './sqliteQuery';

interface Row {
    pk: string;
    id: string;
    etag: string;
    body: string;
}

/** Prepared statements of one collection's table, prepared once at open. */
interface CollectionStatements {
    get: Database.Statement<[string, string], Row>;
    upsert: Database.Statement<[string, string, string, string, string]>;
    insertIfAbsent: Database.Statement<[string, string, string, string, string]>;
    replaceIfMatch: Database.Statement<[string, string, string, string, string, string]>;
    delete: Database.Statement<[string, string]>;
    deleteIfMatch: Database.Statement<[string, string, string]>;
}

/** SQLite error codes that mean "try again later", not "your request is wrong". */
const UNAVAILABLE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR', 'SQLITE_FULL', 'SQLITE_CANTOPEN', 'SQLITE_READONLY']);

/** A group commits at the latest when it holds this many calls, so one transaction stays short. */
const MAX_GROUP_SIZE = 500;
/**
 * While callers keep coming (the last group had company), waiting this long before committing gathers more of
 * them into one fsync; a lone write after a quiet spell still commits on the next turn of the event loop.
 */
const BUSY_COMMIT_WINDOW_MS = 1;

/** One call waiting for the next group commit: what it does inside the transaction, and whom to tell. */
interface QueuedCall {
    operation: string;
    execute(): unknown;
    resolve(value: unknown): void;
    reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * The embedded engine: one SQLite file (better-sqlite3), one table per collection, the document body as
 * JSON queried with json_extract. better-sqlite3 is synchronous; methods still return promises so callers
 * are written once for both engines.
 *
 * Durability: WAL with `synchronous=FULL` fsyncs the WAL on every commit, so a write whose promise
 * resolved survives a killed process AND a power cut or kernel crash. `synchronous=NORMAL` would also
 * survive a killed process (the commit is in the OS page cache) but may lose the last commits on power
 * loss; a confirmed emergency report must not.
 *
 * Group commit: an fsync costs far more than the writes it confirms, so writes called in the same tick are
 * queued and applied in call order inside ONE transaction, committed on `setImmediate` (or once
 * MAX_GROUP_SIZE calls wait); then each caller hears its own outcome. This is as safe as one transaction per
 * write: no promise resolves before the COMMIT (and its fsync) of the transaction holding its write, so a
 * confirmed write still survives SIGKILL and power loss; an unconfirmed one may be lost, as before. Each call
 * keeps its own meaning: a failed condition fails only that call (a put or delete is one statement, and a
 * putBatch runs under its own SAVEPOINT, so it stays all-or-nothing); calls apply in the order they were made,
 * so two writers holding one etag still get exactly one winner. Reads made while writes wait join the queue
 * behind them, see them, and answer after the commit (so they never show what may yet be rolled back). An
 * engine failure (busy, disk full, I/O) rolls the whole group back and fails every call in it.
 *
 * @example
 * const store = SqliteDocumentStore.open({ file: path.join(dataDir, 'line.sqlite'), logger });
 */
export class SqliteDocumentStore implements DocumentStore {
    readonly engine: StorageEngineName = 'sqlite';
    private readonly statements = new Map<CollectionName, CollectionStatements>();
    /** Query statements by SQL text: a handful of query shapes repeat on every turn. */
    private readonly queryCache = new Map<string, Database.Statement<unknown[], unknown>>();
    /** Calls waiting for the next group commit, in call order. */
    private queue: QueuedCall[] = [];
    private scheduledFlush?: { cancel(): void };
    private lastGroupSize = 0;
    private closed = false;

    private constructor(private readonly db: Database.Database, readonly file: string, private readonly logger?: Logger) {
        for (const collection of COLLECTIONS) this.statements.set(collection, this.prepare(collection));
    }

    /** Opens (or creates) the file, its parent folder and its schema, applying pending migrations. */
    static open(options: { file: string; logger?: Logger; busyTimeoutMs?: number }): SqliteDocumentStore {
        fs.mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
        const db = new Database(options.file);
        try {
            db.pragma('journal_mode = WAL');
            db.pragma('synchronous = FULL');
            // Another process (a second instance, a CLI) may hold the write lock for a moment: wait, do not fail.
            db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
            const applied = migrate(db);
            const missing = COLLECTIONS.filter((collection) =>
                !db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(tableName(collection)));
            if (missing.length > 0) {
                throw new Error(`SqliteDocumentStore.open(): no migration creates the table of ${missing.join(', ')}; add one to storage/sqlite/migrations.ts`);
            }
            options.logger?.info({ engine: 'sqlite', file: options.file, migrationsApplied: applied }, 'sqlite document store open');
            return new SqliteDocumentStore(db, options.file, options.logger);
        } catch (error) {
            db.close();
            throw error;
        }
    }

    async get<T>(collection: CollectionName, partitionKey: string, id: string): Promise<StoredDocument<T> | undefined> {
        const statements = this.statementsOf(collection);
        const row = await this.read('get', () => statements.get.get(partitionKey, id));
        return row ? toDocument<T>(row) : undefined;
    }

    async put<T>(collection: CollectionName, doc: NewDocument<T>, condition?: WriteCondition): Promise<StoredDocument<T>> {
        assertCondition('SqliteDocumentStore.put()', condition);
        this.statementsOf(collection);
        return this.enqueue('put', () => this.write(collection, doc, condition));
    }

    async putBatch<T>(collection: CollectionName, partitionKey: string, docs: BatchWrite<T>[]): Promise<StoredDocument<T>[]> {
        validateBatch('SqliteDocumentStore.putBatch()', partitionKey, docs);
        this.statementsOf(collection);
        // Alone, this is its own IMMEDIATE transaction; inside a group's transaction better-sqlite3 runs it as a
        // SAVEPOINT, so a failed condition rolls back to it, undoing this batch's own writes only.
        const writeAll = this.db.transaction(() => docs.map((doc) => this.write(collection, doc, doc.condition)));
        return this.enqueue('putBatch', () => writeAll.immediate());
    }

    async delete(collection: CollectionName, partitionKey: string, id: string, condition?: { ifMatch?: string }): Promise<boolean> {
        const statements = this.statementsOf(collection);
        return this.enqueue('delete', () => {
            if (condition?.ifMatch === undefined) return statements.delete.run(partitionKey, id).changes > 0;
            if (statements.deleteIfMatch.run(partitionKey, id, condition.ifMatch).changes > 0) return true;
            // Nothing deleted: either it is gone already (false) or its etag differs (a lost race).
            if (!statements.get.get(partitionKey, id)) return false;
            throw new PreconditionFailedError('SqliteDocumentStore.delete()', `${collection}/${id}: etag differs`);
        });
    }

    async query<T>(collection: CollectionName, query: DocumentQuery): Promise<StoredDocument<T>[]> {
        validateQuery('SqliteDocumentStore.query()', query);
        const where = whereSql(query);
        const order = orderBySql(query);
        const limit = query.limit !== undefined ? 'LIMIT ?' : '';
        const sql = `SELECT pk, id, etag, body FROM ${this.table(collection)} ${where.sql} ${order.sql} ${limit}`;
        const params = [...where.params, ...order.params, ...(query.limit !== undefined ? [query.limit] : [])];
        const rows = await this.read('query', () => this.cached<Row>(sql).all(...params));
        return rows.map((row) => toDocument<T>(row));
    }

    async count(collection: CollectionName, query: DocumentQuery): Promise<number> {
        validateQuery('SqliteDocumentStore.count()', query);
        const where = whereSql(query);
        const sql = `SELECT COUNT(*) AS n FROM ${this.table(collection)} ${where.sql}`;
        const row = await this.read('count', () => this.cached<{ n: number }>(sql).get(...where.params));
        return row?.n ?? 0;
    }

    async ping(): Promise<void> {
        this.run('ping', () => this.db.prepare('SELECT 1').get());
    }

    async close(): Promise<void> {
        if (this.closed) return;
        this.flush();
        this.closed = true;
        this.db.close();
        this.logger?.info({ engine: 'sqlite', file: this.file }, 'sqlite document store closed');
    }

    /** Queues a write for the next group commit; resolves after that commit with this call's own result. */
    private enqueue<R>(operation: string, execute: () => R): Promise<R> {
        if (this.closed) return Promise.reject(new Error(`SqliteDocumentStore.${operation}(): the store is closed`));
        return new Promise<R>((resolve, reject) => {
            this.queue.push({ operation, execute, resolve: resolve as (value: unknown) => void, reject });
            if (this.queue.length >= MAX_GROUP_SIZE) this.flush();
            else this.scheduledFlush ??= this.scheduleFlush();
        });
    }

    private scheduleFlush(): { cancel(): void } {
        if (this.lastGroupSize > 1) {
            const timer = setTimeout(() => this.flush(), BUSY_COMMIT_WINDOW_MS);
            return { cancel: () => clearTimeout(timer) };
        }
        const immediate = setImmediate(() => this.flush());
        return { cancel: () => clearImmediate(immediate) };
    }

    /** A read sees every write called before it: with writes waiting it queues behind them, else it runs now. */
    private read<R>(operation: string, execute: () => R): Promise<R> {
        if (this.queue.length > 0) return this.enqueue(operation, execute);
        try {
            return Promise.resolve(this.run(operation, execute));
        } catch (error) {
            return Promise.reject(error);
        }
    }

    /** Commits every queued call in one IMMEDIATE transaction, then tells each caller its own outcome. */
    private flush(): void {
        this.scheduledFlush?.cancel();
        this.scheduledFlush = undefined;
        const calls = this.queue;
        this.queue = [];
        this.lastGroupSize = calls.length;
        if (calls.length === 0) return;
        let outcomes: Outcome[];
        try {
            // A lone call needs no group transaction (a put or delete is one atomic statement, a putBatch opens its
            // own), which keeps a lone write as cheap as before. A group's transaction is IMMEDIATE: it takes the
            // write lock up front, so the conditions checked (and the reads answered) are the ones committed.
            outcomes = calls.length === 1
                ? [this.attempt(calls[0], false)]
                : this.db.transaction(() => calls.map((call) => this.attempt(call, true))).immediate();
        } catch (error) {
            // better-sqlite3 rolled the transaction back: none of these calls happened.
            for (const call of calls) call.reject(new StorageUnavailableError(`SqliteDocumentStore.${call.operation}()`, error));
            return;
        }
        calls.forEach((call, i) => {
            const outcome = outcomes[i];
            if (outcome.ok) call.resolve(outcome.value);
            else call.reject(outcome.error);
        });
    }

    /** Runs one call; its own failure (a condition) is its own, an engine failure ends the whole group. */
    private attempt(call: QueuedCall, grouped: boolean): Outcome {
        try {
            return { ok: true, value: call.execute() };
        } catch (error) {
            // SQLite rolls a whole transaction back by itself on some errors (disk full, I/O): then it is gone.
            if (isEngineFailure(error) || (grouped && !this.db.inTransaction)) throw error;
            return { ok: false, error };
        }
    }

    /** One write under its condition; it runs alone (one statement) or inside a transaction. */
    private write<T>(collection: CollectionName, doc: NewDocument<T>, condition: WriteCondition | undefined): StoredDocument<T> {
        const statements = this.statementsOf(collection);
        const etag = newEtag();
        const body = JSON.stringify(doc.value ?? null);
        const now = new Date().toISOString();
        if (condition?.ifNoneMatch === '*') {
            if (statements.insertIfAbsent.run(doc.partitionKey, doc.id, etag, body, now).changes === 0) {
                throw new PreconditionFailedError('SqliteDocumentStore.put()', `${collection}/${doc.id} already exists`);
            }
        } else if (condition?.ifMatch !== undefined) {
            if (statements.replaceIfMatch.run(etag, body, now, doc.partitionKey, doc.id, condition.ifMatch).changes === 0) {
                throw new PreconditionFailedError('SqliteDocumentStore.put()', `${collection}/${doc.id}: etag differs or document missing`);
            }
        } else {
            statements.upsert.run(doc.partitionKey, doc.id, etag, body, now);
        }
        return { id: doc.id, partitionKey: doc.partitionKey, etag, value: JSON.parse(body) as T };
    }

    private prepare(collection: CollectionName): CollectionStatements {
        const table = tableName(collection);
        return {
            get: this.db.prepare(`SELECT pk, id, etag, body FROM ${table} WHERE pk = ? AND id = ?`),
            upsert: this.db.prepare(`INSERT INTO ${table} (pk, id, etag, body, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (pk, id) DO UPDATE SET etag = excluded.etag, body = excluded.body, updated_at = excluded.updated_at`),
            insertIfAbsent: this.db.prepare(`INSERT INTO ${table} (pk, id, etag, body, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (pk, id) DO NOTHING`),
            replaceIfMatch: this.db.prepare(`UPDATE ${table} SET etag = ?, body = ?, updated_at = ? WHERE pk = ? AND id = ? AND etag = ?`),
            delete: this.db.prepare(`DELETE FROM ${table} WHERE pk = ? AND id = ?`),
            deleteIfMatch: this.db.prepare(`DELETE FROM ${table} WHERE pk = ? AND id = ? AND etag = ?`)
        };
    }

    private cached<R>(sql: string): Database.Statement<unknown[], R> {
        let statement = this.queryCache.get(sql);
        if (!statement) {
            if (this.queryCache.size >= 500) this.queryCache.clear();
            statement = this.db.prepare<unknown[], unknown>(sql);
            this.queryCache.set(sql, statement);
        }
        return statement as Database.Statement<unknown[], R>;
    }

    private statementsOf(collection: CollectionName): CollectionStatements {
        if (this.closed) throw new Error('SqliteDocumentStore: the store is closed');
        const statements = this.statements.get(collection);
        if (!statements) throw new Error(`SqliteDocumentStore: unknown collection ${JSON.stringify(collection)}`);
        return statements;
    }

    private table(collection: CollectionName): string {
        this.statementsOf(collection);
        return tableName(collection);
    }

    /** Runs one engine call, turning "the file is locked/unwritable" into StorageUnavailableError. */
    private run<R>(operation: string, call: () => R): R {
        if (this.closed) throw new Error(`SqliteDocumentStore.${operation}(): the store is closed`);
        try {
            return call();
        } catch (error) {
            if (isEngineFailure(error)) throw new StorageUnavailableError(`SqliteDocumentStore.${operation}()`, error);
            throw error;
        }
    }
}

/** "The file is locked/full/unwritable" (extended codes such as SQLITE_IOERR_FSYNC included), not "your request is wrong". */
function isEngineFailure(error: unknown): boolean {
    const code = (error as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' && [...UNAVAILABLE_CODES].some((prefix) => code.startsWith(prefix));
}

function toDocument<T>(row: Row): StoredDocument<T> {
    return { id: row.id, partitionKey: row.pk, etag: row.etag, value: JSON.parse(row.body) as T };
}
