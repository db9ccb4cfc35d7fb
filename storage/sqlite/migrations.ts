import type Database from 'better-sqlite3';

/** One schema change, applied once, in order, inside a transaction. Never edit a shipped migration: add one. */
export interface Migration {
    version: number;
    name: string;
    up(db: Database.Database): void;
}

/** The table holding one collection's documents. Collection names are fixed identifiers from COLLECTIONS. */
export function tableName(collection: string): string {
    if (!/^[a-z][a-z0-9_]*$/.test(collection)) throw new Error(`tableName(): invalid collection name ${JSON.stringify(collection)}`);
    return `doc_${collection}`;
}

function createCollectionTable(db: Database.Database, collection: string): void {
    db.exec(`CREATE TABLE IF NOT EXISTS ${tableName(collection)} (
        pk TEXT NOT NULL,
        id TEXT NOT NULL,
        etag TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (pk, id)
    ) WITHOUT ROWID`);
}

/**
 * The collections as they were when migration 1 shipped. Frozen on purpose: a collection added to
 * COLLECTIONS later needs its own migration, and the store refuses to start until it has one.
 */
const INITIAL_COLLECTIONS = [
    'botstate',
    'conversations',
    'messages',
    'reports',
    'handoffs',
    'audit',
    'citizens',
    'users',
    'sessions',
    'subscribers',
    'broadcasts',
    'deliveries',
    'leases',
    'meta'
];

/**
 * Migration 2: the same columns in a rowid table with a UNIQUE (pk, id) index. A WITHOUT ROWID table keeps
 * rows in key order, so the inserts of a busy minute (new inbox entries of many citizens) land on pages all over
 * the file, and each dirties a whole page in the WAL; a rowid table appends rows to the same few pages and only
 * the small index entries scatter. Measured on this machine: half the CPU and WAL bytes per insert.
 */
function rebuildAsRowidTable(db: Database.Database, collection: string): void {
    const table = tableName(collection);
    db.exec(`CREATE TABLE ${table}_rowid (
        pk TEXT NOT NULL,
        id TEXT NOT NULL,
        etag TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (pk, id)
    )`);
    db.exec(`INSERT INTO ${table}_rowid (pk, id, etag, body, updated_at) SELECT pk, id, etag, body, updated_at FROM ${table} ORDER BY updated_at`);
    db.exec(`DROP TABLE ${table}`);
    db.exec(`ALTER TABLE ${table}_rowid RENAME TO ${table}`);
}

export const MIGRATIONS: readonly Migration[] = [
    {
        version: 1,
        name: 'create one table per collection',
        up(db) {
            for (const collection of INITIAL_COLLECTIONS) createCollectionTable(db, collection);
        }
    },
    {
        version: 2,
        name: 'store documents in rowid tables with a unique (pk, id) index',
        up(db) {
            for (const collection of INITIAL_COLLECTIONS) rebuildAsRowidTable(db, collection);
        }
    },
    {
        version: 3,
        name: 'index conversation documents by partition, kind and status',
        up(db) {
            // Every turn asks for a citizen's pending inbox and outbox entries; without this index it reads and parses
            // every message of the conversation ever kept (done and sent ones stay, for deduplication and the record).
            // The expressions are written exactly as storage/sqlite/sqliteQuery.ts writes them, or SQLite will not use it.
            db.exec(`CREATE INDEX doc_conversations_pending ON doc_conversations
                (pk, json_extract(body, '$.kind'), json_extract(body, '$.status'))`);
        }
    },
    {
        version: 4,
        name: 'index case and transcript documents by kind and time of change',
        up(db) {
            // Every instance asks every few seconds what changed in the handoffs lately (CaseChangeFeed); without this
            // index each poll reads every case and transcript line ever kept. Expressions as sqliteQuery.ts writes them.
            db.exec(`CREATE INDEX doc_handoffs_changed ON doc_handoffs
                (json_extract(body, '$.kind'), json_extract(body, '$.updatedAt'))`);
        }
    },
    {
        version: 5,
        name: 'index conversation documents by kind, state and sort key',
        up(db) {
            // Service requests live in their citizen's conversation partition (a state change and its notice to the
            // citizen are one batch); the supervisors' list asks for them across partitions, newest first, by state.
            db.exec(`CREATE INDEX doc_conversations_requests ON doc_conversations
                (json_extract(body, '$.kind'), json_extract(body, '$.state'), json_extract(body, '$.sortKey'))`);
        }
    }
];

/**
 * Brings the file's schema up to date: runs each migration not yet recorded in `schema_migrations`,
 * each in its own IMMEDIATE transaction so two processes starting on one file cannot both apply it.
 * Returns the versions applied now.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TEXT NOT NULL
    )`);
    const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        const apply = db.transaction(() => {
            if (isApplied.get(migration.version)) return false;
            migration.up(db);
            record.run(migration.version, migration.name, new Date().toISOString());
            return true;
        });
        if (apply.immediate()) applied.push(migration.version);
    }
    return applied;
}
