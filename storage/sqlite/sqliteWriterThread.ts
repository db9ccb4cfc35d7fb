/**
 * The writer thread of SqliteDocumentStore: it owns the one connection that writes, so the commit's fsync
 * (the most expensive thing a turn does) waits here and not on the event loop that answers webhooks.
 * Each 'group' message is applied in call order inside ONE IMMEDIATE transaction and committed with one fsync;
 * a failed condition fails only its own call (a batch of several documents runs under its own SAVEPOINT), an
 * engine failure rolls the whole group back.
 */
import { parentPort, workerData } from 'worker_threads';
import Database from 'better-sqlite3';
import { applyConnectionPragmas } from './connectionPragmas';
import { isEngineFailure } from './engineFailure';
import { CallOutcome, FromWriter, RowWrite, ToWriter, WriteCall, WriterOptions, transferError } from './writerProtocol';

interface TableStatements {
    upsert: Database.Statement<[string, string, string, string, string]>;
    insertIfAbsent: Database.Statement<[string, string, string, string, string]>;
    replaceIfMatch: Database.Statement<[string, string, string, string, string, string]>;
    delete: Database.Statement<[string, string]>;
    deleteIfMatch: Database.Statement<[string, string, string]>;
    exists: Database.Statement<[string, string]>;
}

/** A condition that did not hold; thrown inside a batch so its SAVEPOINT rolls back. */
class ConditionFailed extends Error {
    constructor(
        readonly where: string,
        readonly detail: string
    ) {
        super(`${where}: precondition failed: ${detail}`);
    }
}

class SqliteWriter {
    private readonly statements = new Map<string, TableStatements>();
    private readonly ping: Database.Statement;

    constructor(private readonly db: Database.Database) {
        this.ping = db.prepare('SELECT 1');
    }

    /** Applies one group; answers 'committed' with each call's outcome, or 'failed' when the engine failed. */
    apply(groupId: number, calls: WriteCall[]): FromWriter {
        try {
            // A lone call needs no group transaction (one statement is atomic, a batch opens its own), which keeps
            // a lone write as cheap as it can be.
            // A conditional delete is two statements (delete, then "is it still there?"), so it needs one too.
            const outcomes =
                calls.length === 1 && !isConditionalDelete(calls[0])
                    ? [this.attempt(calls[0], false)]
                    : this.db.transaction(() => calls.map((call) => this.attempt(call, true))).immediate();
            return { type: 'committed', groupId, outcomes };
        } catch (error) {
            return { type: 'failed', groupId, error: transferError(error) };
        }
    }

    close(): void {
        this.db.close();
    }

    private attempt(call: WriteCall, grouped: boolean): CallOutcome {
        try {
            return this.run(call);
        } catch (error) {
            // SQLite rolls a whole transaction back by itself on some errors (disk full, I/O): then the group is gone.
            if (isEngineFailure(error) || (grouped && !this.db.inTransaction)) throw error;
            if (error instanceof ConditionFailed) return { ok: false, precondition: { where: error.where, detail: error.detail } };
            return { ok: false, error: transferError(error) };
        }
    }

    private run(call: WriteCall): CallOutcome {
        switch (call.op) {
            case 'put':
                this.write(call.write, 'SqliteDocumentStore.put()');
                return { ok: true };
            case 'batch':
                // One statement is atomic by itself, and a failed condition wrote nothing: a webhook's lone inbox entry
                // skips the SAVEPOINT and its RELEASE (measured: a third of the writer's CPU per inserted row).
                if (call.writes.length === 1) {
                    this.write(call.writes[0], 'SqliteDocumentStore.putBatch()');
                    return { ok: true };
                }
                // Inside the group's transaction better-sqlite3 runs this as a SAVEPOINT: a failed condition undoes
                // this batch's own writes only.
                this.db
                    .transaction(() => {
                        for (const write of call.writes) this.write(write, 'SqliteDocumentStore.putBatch()');
                    })
                    .immediate();
                return { ok: true };
            case 'delete': {
                const statements = this.statementsOf(call.table);
                if (call.ifMatch === undefined) return { ok: true, deleted: statements.delete.run(call.pk, call.id).changes > 0 };
                if (statements.deleteIfMatch.run(call.pk, call.id, call.ifMatch).changes > 0) return { ok: true, deleted: true };
                // Nothing deleted: either it is gone already (false) or its etag differs (a lost race).
                if (!statements.exists.get(call.pk, call.id)) return { ok: true, deleted: false };
                throw new ConditionFailed('SqliteDocumentStore.delete()', `${call.table}/${call.id}: etag differs`);
            }
            case 'ping':
                this.ping.get();
                return { ok: true };
        }
    }

    private write(write: RowWrite, where: string): void {
        const statements = this.statementsOf(write.table);
        if (write.ifNoneMatch === '*') {
            if (statements.insertIfAbsent.run(write.pk, write.id, write.etag, write.body, write.now).changes === 0) {
                throw new ConditionFailed(where, `${write.table}/${write.id} already exists`);
            }
        } else if (write.ifMatch !== undefined) {
            if (statements.replaceIfMatch.run(write.etag, write.body, write.now, write.pk, write.id, write.ifMatch).changes === 0) {
                throw new ConditionFailed(where, `${write.table}/${write.id}: etag differs or document missing`);
            }
        } else {
            statements.upsert.run(write.pk, write.id, write.etag, write.body, write.now);
        }
    }

    /** Table names come from the main thread's fixed collection list (tableName() checked them there). */
    private statementsOf(table: string): TableStatements {
        let statements = this.statements.get(table);
        if (!statements) {
            statements = {
                upsert: this.db.prepare(`INSERT INTO ${table} (pk, id, etag, body, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (pk, id) DO UPDATE SET etag = excluded.etag, body = excluded.body, updated_at = excluded.updated_at`),
                insertIfAbsent: this.db.prepare(`INSERT INTO ${table} (pk, id, etag, body, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (pk, id) DO NOTHING`),
                replaceIfMatch: this.db.prepare(`UPDATE ${table} SET etag = ?, body = ?, updated_at = ? WHERE pk = ? AND id = ? AND etag = ?`),
                delete: this.db.prepare(`DELETE FROM ${table} WHERE pk = ? AND id = ?`),
                deleteIfMatch: this.db.prepare(`DELETE FROM ${table} WHERE pk = ? AND id = ? AND etag = ?`),
                exists: this.db.prepare(`SELECT 1 FROM ${table} WHERE pk = ? AND id = ?`)
            };
            this.statements.set(table, statements);
        }
        return statements;
    }
}

function isConditionalDelete(call: WriteCall): boolean {
    return call.op === 'delete' && call.ifMatch !== undefined;
}

function main(): void {
    const port = parentPort;
    if (!port) throw new Error('sqliteWriterThread: must run as a worker thread');
    const options = workerData as WriterOptions;
    const db = new Database(options.file);
    applyConnectionPragmas(db, options);
    // Copy the WAL back into the database every ~10 MB. The checkpoint runs inside the commit that crossed the mark,
    // so every webhook waiting for that group waits for the copy: at ~40 MB the copies were part of the webhook's p99
    // at half load (lower or equal at ~10 MB in six of seven alternated pairs, e.g. 20-24 against 31-32 ms), at the
    // default ~4 MB the CPU per webhook was higher (145 against 128 µs at ~40 MB; ~10 MB is within the noise of
    // ~40 MB at full load).
    db.pragma('wal_autocheckpoint = 2500');
    const writer = new SqliteWriter(db);
    port.on('message', (message: ToWriter) => {
        if (message.type === 'close') {
            writer.close();
            port.postMessage({ type: 'closed' } satisfies FromWriter);
            port.close();
            return;
        }
        port.postMessage(writer.apply(message.groupId, message.calls));
    });
}

main();
