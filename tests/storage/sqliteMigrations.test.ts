import { expect } from 'chai';
import Database from 'better-sqlite3';
import * as path from 'path';
import type { DocumentQuery } from '../../storage/documentStore';
import { Migration, migrate, MIGRATIONS } from '../../storage/sqlite/migrations';
import { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { orderBySql, whereSql } from '../../storage/sqlite/sqliteQuery';
import { makeTempDir, removeDir } from './storageTestSupport';

describe('SqliteDocumentStore schema migrations', function () {
    let dir: string;
    beforeEach(function () {
        dir = makeTempDir('storage-migrations');
    });
    afterEach(function () {
        removeDir(dir);
    });

    it('reopens an existing file with its data and without re-running migrations', async function () {
        const file = path.join(dir, 'deep', 'folder', 'line.sqlite');
        const first = SqliteDocumentStore.open({ file });
        await first.put('users', { partitionKey: 'ana', id: 'ana', value: { role: 'supervisor' } });
        await first.close();

        const second = SqliteDocumentStore.open({ file });
        expect((await second.get('users', 'ana', 'ana'))?.value).to.deep.equal({ role: 'supervisor' });
        await second.close();

        const db = new Database(file, { readonly: true });
        try {
            const rows = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
            expect(rows.map((row) => row.version)).to.deep.equal(MIGRATIONS.map((m) => m.version));
            expect(db.pragma('journal_mode', { simple: true })).to.equal('wal');
        } finally {
            db.close();
        }
    });

    it('keeps every document of a file written before documents moved to rowid tables (migration 2)', async function () {
        const file = path.join(dir, 'old.sqlite');
        const old = new Database(file);
        migrate(
            old,
            MIGRATIONS.filter((m) => m.version === 1)
        );
        old.prepare('INSERT INTO doc_reports (pk, id, etag, body, updated_at) VALUES (?, ?, ?, ?, ?)').run(
            '5493834000001',
            'DC-7K2P',
            'etag-1',
            JSON.stringify({ type: 'inundacion', departmentId: 'capital' }),
            '2026-11-01T10:00:00.000Z'
        );
        old.close();

        const store = SqliteDocumentStore.open({ file });
        try {
            const kept = await store.get<{ type: string }>('reports', '5493834000001', 'DC-7K2P');
            expect(kept?.value.type).to.equal('inundacion');
            expect(kept?.etag).to.equal('etag-1');
            // The unique (pk, id) index still makes a second create of the same id fail.
            let failure: unknown;
            await store.put('reports', { partitionKey: '5493834000001', id: 'DC-7K2P', value: {} }, { ifNoneMatch: '*' }).catch((error: unknown) => {
                failure = error;
            });
            expect(String(failure)).to.match(/precondition failed/);
            expect(await store.count('reports', {})).to.equal(1);
        } finally {
            await store.close();
        }
    });

    it('applies each migration once, and a new one on a file that has the old ones', function () {
        const db = new Database(path.join(dir, 'm.sqlite'));
        try {
            const runs: number[] = [];
            const v1: Migration = {
                version: 1,
                name: 'one',
                up: (d) => {
                    runs.push(1);
                    d.exec('CREATE TABLE t (x TEXT)');
                }
            };
            const v2: Migration = {
                version: 2,
                name: 'two',
                up: (d) => {
                    runs.push(2);
                    d.exec("INSERT INTO t VALUES ('kept')");
                }
            };
            expect(migrate(db, [v1])).to.deep.equal([1]);
            expect(migrate(db, [v1])).to.deep.equal([]);
            expect(migrate(db, [v2, v1])).to.deep.equal([2]);
            expect(runs).to.deep.equal([1, 2]);
            expect(db.prepare('SELECT x FROM t').all()).to.deep.equal([{ x: 'kept' }]);
        } finally {
            db.close();
        }
    });

    it('rolls back a migration that fails, so it runs again next time', function () {
        const db = new Database(path.join(dir, 'm.sqlite'));
        try {
            const broken: Migration = {
                version: 1,
                name: 'broken',
                up: (d) => {
                    d.exec('CREATE TABLE half (x TEXT)');
                    throw new Error('boom');
                }
            };
            expect(() => migrate(db, [broken])).to.throw('boom');
            expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).to.equal(undefined);
            expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).to.deep.equal({ n: 0 });
        } finally {
            db.close();
        }
    });
});

/** How SQLite runs `query` on `table` as the store writes it (EXPLAIN QUERY PLAN), one step per line. */
function queryPlan(store: SqliteDocumentStore, table: string, query: DocumentQuery): string {
    const where = whereSql(query);
    const order = orderBySql(query);
    const db = (store as unknown as { db: Database.Database }).db;
    const plan = db
        .prepare(`EXPLAIN QUERY PLAN SELECT body FROM ${table} ${where.sql} ${order.sql} LIMIT ${query.limit ?? 100}`)
        .all(...where.params, ...order.params) as { detail: string }[];
    return plan.map((step) => step.detail).join('\n');
}

describe('SqliteDocumentStore: the pending-entries query of a conversation', function () {
    it('reads through the conversations index, not every message the conversation ever had', async function () {
        const dir = makeTempDir('storage-index');
        const store = SqliteDocumentStore.open({ file: path.join(dir, 'line.sqlite') });
        try {
            const query = {
                partitionKey: 'whatsapp/5493834000001',
                where: [
                    { field: 'kind', op: '=' as const, value: 'inbox' },
                    { field: 'status', op: '=' as const, value: 'pending' }
                ],
                orderBy: [{ field: 'seq', direction: 'asc' as const }],
                limit: 20
            };
            expect(queryPlan(store, 'doc_conversations', query)).to.match(
                /USING INDEX doc_conversations_pending \(pk=\? AND <expr>=\? AND <expr>=\?\)/
            );

            await store.putBatch('conversations', 'whatsapp/5493834000001', [
                { partitionKey: 'whatsapp/5493834000001', id: 'in:a', value: { kind: 'inbox', status: 'done', seq: '1' } },
                { partitionKey: 'whatsapp/5493834000001', id: 'in:b', value: { kind: 'inbox', status: 'pending', seq: '3' } },
                { partitionKey: 'whatsapp/5493834000001', id: 'in:c', value: { kind: 'inbox', status: 'pending', seq: '2' } },
                { partitionKey: 'whatsapp/5493834000001', id: 'out:d', value: { kind: 'outbox', status: 'pending', seq: '0' } }
            ]);
            expect((await store.query('conversations', query)).map((doc) => doc.id)).to.deep.equal(['in:c', 'in:b']);
        } finally {
            await store.close();
            removeDir(dir);
        }
    });
});

describe("SqliteDocumentStore: what changed in the handoffs lately (the other instances' live view)", function () {
    it('reads through the handoffs index by kind and time of change, not every case and transcript line ever kept', async function () {
        const dir = makeTempDir('storage-index');
        const store = SqliteDocumentStore.open({ file: path.join(dir, 'line.sqlite') });
        try {
            const query = {
                where: [
                    { field: 'kind', op: '=' as const, value: 'case' },
                    { field: 'updatedAt', op: '>=' as const, value: '2026-12-02T10:00:00.000Z' }
                ],
                orderBy: [{ field: 'updatedAt', direction: 'asc' as const }],
                limit: 500
            };
            expect(queryPlan(store, 'doc_handoffs', query)).to.match(/USING INDEX doc_handoffs_changed \(<expr>=\? AND <expr>>\?\)/);

            await store.putBatch('handoffs', 'whatsapp/5493834000001', [
                { partitionKey: 'whatsapp/5493834000001', id: 'c1', value: { kind: 'case', updatedAt: '2026-12-02T09:59:59.999Z' } },
                { partitionKey: 'whatsapp/5493834000001', id: 'c2', value: { kind: 'case', updatedAt: '2026-12-02T10:00:01.000Z' } },
                { partitionKey: 'whatsapp/5493834000001', id: 'c3', value: { kind: 'case', updatedAt: '2026-12-02T10:00:00.000Z' } },
                { partitionKey: 'whatsapp/5493834000001', id: 't1', value: { kind: 'transcript', updatedAt: '2026-12-02T10:00:02.000Z' } }
            ]);
            expect((await store.query('handoffs', query)).map((doc) => doc.id)).to.deep.equal(['c3', 'c2']);
        } finally {
            await store.close();
            removeDir(dir);
        }
    });
});
