import * as fs from 'fs';
import * as path from 'path';
import Database from 'better-sqlite3';
import type { Logger } from '../../common/logger';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../privateDataDir';
import {
    BatchWrite,
    COLLECTIONS,
    CollectionName,
    DocumentQuery,
    DocumentStore,
    NewDocument,
    PreconditionFailedError,
    StorageEngineName,
    StorageUnavailableError,
    StoredDocument,
    WriteCondition
} from '../documentStore';
import { newEtag } from '../etag';
import { assertCondition, validateBatch, validateQuery } from '../queryValidation';
import { applyConnectionPragmas } from './connectionPragmas';
import { isEngineFailure } from './engineFailure';
import { migrate, tableName } from './migrations';
import { orderBySql, whereSql } from './sqliteQuery';
import { SqliteWriterClient } from './writerClient';
import { CallOutcome, RowWrite, revivedError } from './writerProtocol';

interface Row {
    pk: string;
    id: string;
    etag: string;
    body: string;
}

/** Prepared read statements of one collection's table, prepared once at open. */
interface CollectionStatements {
    get: Database.Statement<[string, string], Row>;
}

/**
 * The embedded engine: one SQLite file (better-sqlite3), one table per collection, the document body as
 * JSON queried with json_extract.
 *
 * Two connections in WAL mode: reads run on this thread's connection at once (WAL readers never wait for the
 * writer), writes go to a writer thread that owns the only writing connection (storage/sqlite/sqliteWriterThread.ts),
 * so a commit's fsync never blocks the event loop that answers webhooks.
 *
 * Durability: `synchronous=FULL` fsyncs the WAL on every commit, so a write whose promise resolved survives a
 * killed process AND a power cut or kernel crash. `synchronous=NORMAL` would also survive a killed process
 * but may lose the last commits on power loss; a confirmed emergency report must not.
 *
 * Group commit: an fsync costs far more than the writes it confirms, so writes called while a commit is under
 * way are gathered and applied in call order inside ONE transaction with one fsync; then each caller hears
 * its own outcome. This is as safe as one transaction per write: no promise resolves before the COMMIT of the
 * transaction holding its write. Each call keeps its own meaning: a failed condition fails only that call (a
 * putBatch runs under its own SAVEPOINT, so it stays all-or-nothing); calls apply in the order they were made,
 * so two writers holding one etag still get exactly one winner. A read sees every write called before it on
 * the data it reads (a read of a partition with writes still committing waits for them), and never shows what
 * may yet be rolled back. An engine failure (busy, disk full, I/O) rolls the whole group back and fails every
 * call in it.
 *
 * @example
 * const store = SqliteDocumentStore.open({ file: path.join(dataDir, 'line.sqlite'), logger });
 */
export class SqliteDocumentStore implements DocumentStore {
    readonly engine: StorageEngineName = 'sqlite';
    private readonly statements = new Map<CollectionName, CollectionStatements>();
    /** Query statements by SQL text: a handful of query shapes repeat on every turn. */
    private readonly queryCache = new Map<string, Database.Statement<unknown[], unknown>>();
    private readonly pingStatement: Database.Statement;
    /** Set by the first close(): new calls are refused from then on, and every close() returns it. */
    private closing?: Promise<void>;
    /** The main connection is closed (after the writer committed everything queued). */
    private dbClosed = false;

    private constructor(
        private readonly db: Database.Database,
        private readonly writer: SqliteWriterClient,
        readonly file: string,
        private readonly logger?: Logger
    ) {
        for (const collection of COLLECTIONS) {
            this.statements.set(collection, { get: db.prepare(`SELECT pk, id, etag, body FROM ${tableName(collection)} WHERE pk = ? AND id = ?`) });
        }
        this.pingStatement = db.prepare('SELECT 1');
    }

    /**
     * Opens (or creates) the file, its parent folder and its schema, applying pending migrations, and starts the
     * writer thread. `pragmas` are applied to both connections (tests cap `max_page_count` to simulate a full disk).
     */
    static open(options: { file: string; logger?: Logger; busyTimeoutMs?: number; pragmas?: string[] }): SqliteDocumentStore {
        fs.mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true, mode: PRIVATE_DIR_MODE });
        const db = new Database(options.file);
        // Password hashes, transcripts and phone numbers: the file and the journals SQLite makes beside it (which take
        // the database file's mode) are the line's user's alone, whatever the umask.
        for (const file of [options.file, `${options.file}-wal`, `${options.file}-shm`]) {
            if (fs.existsSync(file)) fs.chmodSync(file, PRIVATE_FILE_MODE);
        }
        const busyTimeoutMs = Math.trunc(options.busyTimeoutMs ?? 5000);
        try {
            applyConnectionPragmas(db, { busyTimeoutMs, pragmas: options.pragmas ?? [] });
            const applied = migrate(db);
            const missing = COLLECTIONS.filter(
                (collection) => !db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(tableName(collection))
            );
            if (missing.length > 0) {
                throw new Error(
                    `SqliteDocumentStore.open(): no migration creates the table of ${missing.join(', ')}; add one to storage/sqlite/migrations.ts`
                );
            }
            options.logger?.info({ engine: 'sqlite', file: options.file, migrationsApplied: applied }, 'sqlite document store open');
            const writer = new SqliteWriterClient({ file: path.resolve(options.file), busyTimeoutMs, pragmas: options.pragmas ?? [] });
            return new SqliteDocumentStore(db, writer, options.file, options.logger);
        } catch (error) {
            db.close();
            throw error;
        }
    }

    async get<T>(collection: CollectionName, partitionKey: string, id: string): Promise<StoredDocument<T> | undefined> {
        const statements = this.statementsOf(collection);
        const row = await this.read('get', [partitionWriteKey(collection, partitionKey)], () => statements.get.get(partitionKey, id));
        return row ? toDocument<T>(row) : undefined;
    }

    async put<T>(collection: CollectionName, doc: NewDocument<T>, condition?: WriteCondition): Promise<StoredDocument<T>> {
        assertCondition('SqliteDocumentStore.put()', condition);
        const write = this.rowWrite(collection, doc, condition);
        this.expect(await this.writer.submit('put', { op: 'put', write }, writeKeys(collection, doc.partitionKey)));
        return { id: doc.id, partitionKey: doc.partitionKey, etag: write.etag, value: JSON.parse(write.body) as T };
    }

    async putBatch<T>(collection: CollectionName, partitionKey: string, docs: BatchWrite<T>[]): Promise<StoredDocument<T>[]> {
        validateBatch('SqliteDocumentStore.putBatch()', partitionKey, docs);
        const writes = docs.map((doc) => this.rowWrite(collection, doc, doc.condition));
        this.expect(await this.writer.submit('putBatch', { op: 'batch', writes }, writeKeys(collection, partitionKey)));
        return writes.map((write) => ({ id: write.id, partitionKey: write.pk, etag: write.etag, value: JSON.parse(write.body) as T }));
    }

    async delete(collection: CollectionName, partitionKey: string, id: string, condition?: { ifMatch?: string }): Promise<boolean> {
        const table = this.table(collection);
        const outcome = this.expect(
            await this.writer.submit(
                'delete',
                { op: 'delete', table, pk: partitionKey, id, ...(condition?.ifMatch !== undefined ? { ifMatch: condition.ifMatch } : {}) },
                writeKeys(collection, partitionKey)
            )
        );
        return outcome.deleted === true;
    }

    async query<T>(collection: CollectionName, query: DocumentQuery): Promise<StoredDocument<T>[]> {
        validateQuery('SqliteDocumentStore.query()', query);
        const where = whereSql(query);
        const order = orderBySql(query);
        // The limit is written into the SQL (validateQuery made sure it is a non-negative integer): with `LIMIT ?`
        // SQLite plans without knowing it, and the pending-entries query of every turn took three times as long.
        const limit = query.limit !== undefined ? `LIMIT ${query.limit}` : '';
        const sql = `SELECT pk, id, etag, body FROM ${this.table(collection)} ${where.sql} ${order.sql} ${limit}`;
        const params = [...where.params, ...order.params];
        const rows = await this.read('query', readKeys(collection, query), () => this.cached<Row>(sql).all(...params));
        return rows.map((row) => toDocument<T>(row));
    }

    async count(collection: CollectionName, query: DocumentQuery): Promise<number> {
        validateQuery('SqliteDocumentStore.count()', query);
        const where = whereSql(query);
        const sql = `SELECT COUNT(*) AS n FROM ${this.table(collection)} ${where.sql}`;
        const row = await this.read('count', readKeys(collection, query), () => this.cached<{ n: number }>(sql).get(...where.params));
        return row?.n ?? 0;
    }

    /** Both connections answer: this thread's reads and the writer thread's. */
    async ping(): Promise<void> {
        if (this.closing) throw new Error('SqliteDocumentStore.ping(): the store is closed');
        this.run('ping', () => this.pingStatement.get());
        this.expect(await this.writer.submit('ping', { op: 'ping' }, []));
    }

    /**
     * Commits what is queued, stops the writer thread and closes the file. Calls made before keep their answers (a
     * read waiting for a write still gets it); calls made after are refused. Every call returns the same promise.
     */
    close(): Promise<void> {
        this.closing ??= (async () => {
            await this.writer.close();
            this.dbClosed = true;
            this.db.close();
            this.logger?.info({ engine: 'sqlite', file: this.file }, 'sqlite document store closed');
        })();
        return this.closing;
    }

    /** A read sees every write called before it on the data it reads: it waits for those to settle, then runs. */
    private async read<R>(operation: string, keys: string[], execute: () => R): Promise<R> {
        const pending = this.writer.settledFor(keys);
        if (pending) await pending;
        return this.run(operation, execute);
    }

    /** The row one document becomes; its JSON is made here, so a value that cannot be stored fails only its own call. */
    private rowWrite<T>(collection: CollectionName, doc: NewDocument<T>, condition: WriteCondition | undefined): RowWrite {
        const table = this.table(collection);
        return {
            table,
            pk: doc.partitionKey,
            id: doc.id,
            etag: newEtag(),
            body: JSON.stringify(doc.value ?? null),
            now: new Date().toISOString(),
            ...(condition?.ifMatch !== undefined ? { ifMatch: condition.ifMatch } : {}),
            ...(condition?.ifNoneMatch === '*' ? { ifNoneMatch: '*' as const } : {})
        };
    }

    /** A committed call's own outcome: its value, or its own failure thrown. */
    private expect(outcome: CallOutcome): Extract<CallOutcome, { ok: true }> {
        if (outcome.ok) return outcome;
        if ('precondition' in outcome) throw new PreconditionFailedError(outcome.precondition.where, outcome.precondition.detail);
        throw revivedError(outcome.error);
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
        if (this.closing) throw new Error('SqliteDocumentStore: the store is closed');
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
        if (this.dbClosed) throw new Error(`SqliteDocumentStore.${operation}(): the store is closed`);
        try {
            return call();
        } catch (error) {
            if (isEngineFailure(error)) throw new StorageUnavailableError(`SqliteDocumentStore.${operation}()`, error);
            throw error;
        }
    }
}

/** The keys a write touches: its collection (for queries across partitions) and its partition. */
function writeKeys(collection: CollectionName, partitionKey: string): string[] {
    return [collection, partitionWriteKey(collection, partitionKey)];
}

/** The key a read must be up to date on: one partition, or the whole collection. */
function readKeys(collection: CollectionName, query: DocumentQuery): string[] {
    return [query.partitionKey !== undefined ? partitionWriteKey(collection, query.partitionKey) : collection];
}

function partitionWriteKey(collection: CollectionName, partitionKey: string): string {
    return `${collection}\u0000${partitionKey}`;
}

function toDocument<T>(row: Row): StoredDocument<T> {
    return { id: row.id, partitionKey: row.pk, etag: row.etag, value: JSON.parse(row.body) as T };
}
