import { expect } from 'chai';
import Database from 'better-sqlite3';
import * as path from 'path';
import { PreconditionFailedError, StorageUnavailableError } from '../../storage/documentStore';
import { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { makeTempDir, removeDir } from './storageTestSupport';

/**
 * SQLite's group commit (writes called while a commit is under way share the next transaction and fsync, on the writer thread). What any engine must do
 * with concurrent callers is in the contract suite; these are the promises only an engine that orders
 * every call of one process can make: a read called after an un-awaited write sees it, and one engine
 * failure fails the whole group.
 */
describe('SqliteDocumentStore group commit', function () {
    let dir: string;
    let file: string;
    let store: SqliteDocumentStore;

    beforeEach(function () {
        dir = makeTempDir('storage-group-commit');
        file = path.join(dir, 'line.sqlite');
        store = SqliteDocumentStore.open({ file, busyTimeoutMs: 50 });
    });

    afterEach(async function () {
        await store.close();
        removeDir(dir);
    });

    /** What another process would find in the file now: only committed data. */
    function committedTitle(id: string): string | undefined {
        const other = new Database(file, { readonly: true });
        try {
            const row = other.prepare('SELECT body FROM doc_reports WHERE pk = ? AND id = ?').get('p', id) as { body: string } | undefined;
            return row ? (JSON.parse(row.body) as { title: string }).title : undefined;
        } finally {
            other.close();
        }
    }

    it('lets a read called right after an un-awaited write see it, and answers only once it is committed', async function () {
        const writing = store.put('reports', { partitionKey: 'p', id: 'r1', value: { title: 'Crecida' } });
        const read = await store.get<{ title: string }>('reports', 'p', 'r1');
        expect(read?.value.title).to.equal('Crecida');
        expect(committedTitle('r1')).to.equal('Crecida');
        expect(read?.etag).to.equal((await writing).etag);

        const batching = store.putBatch('reports', 'p', [{ partitionKey: 'p', id: 'r2', value: { title: 'Granizo' } }]);
        expect(await store.count('reports', { partitionKey: 'p' })).to.equal(2);
        const deleting = store.delete('reports', 'p', 'r1');
        expect((await store.query('reports', { partitionKey: 'p' })).map((doc) => doc.id)).to.deep.equal(['r2']);
        await Promise.all([batching, deleting]);
    });

    it('applies the calls of one tick in the order they were made', async function () {
        const first = store.put('reports', { partitionKey: 'p', id: 'r', value: { title: 'first' } });
        const deleted = store.delete('reports', 'p', 'r');
        const between = store.get('reports', 'p', 'r');
        const created = store.put('reports', { partitionKey: 'p', id: 'r', value: { title: 'second' } }, { ifNoneMatch: '*' });
        const duplicate = store.put('reports', { partitionKey: 'p', id: 'r', value: { title: 'third' } }, { ifNoneMatch: '*' });
        await first;
        expect(await deleted).to.equal(true);
        expect(await between).to.equal(undefined);
        expect((await created).value).to.deep.equal({ title: 'second' });
        let failure: unknown;
        await duplicate.catch((error: unknown) => {
            failure = error;
        });
        expect(failure).to.be.instanceOf(PreconditionFailedError);
        expect(committedTitle('r')).to.equal('second');
    });

    it('fails only the call whose document cannot be stored, not the others of its group', async function () {
        const good = store.put('reports', { partitionKey: 'p', id: 'good', value: { title: 'ok' } });
        const bad = store.put('reports', { partitionKey: 'p', id: 'bad', value: { title: 'x', size: BigInt(1) } });
        const alsoGood = store.put('reports', { partitionKey: 'p', id: 'also-good', value: { title: 'ok too' } });
        let failure: unknown;
        await bad.catch((error: unknown) => {
            failure = error;
        });
        expect(String(failure)).to.match(/BigInt/);
        await Promise.all([good, alsoGood]);
        expect([committedTitle('good'), committedTitle('bad'), committedTitle('also-good')]).to.deep.equal(['ok', undefined, 'ok too']);
    });

    it('fails a one-document batch whose condition does not hold on its own, keeping the writes around it in its group', async function () {
        await store.put('reports', { partitionKey: 'p', id: 'taken', value: { title: 'first' } });
        const before = store.putBatch('reports', 'p', [{ partitionKey: 'p', id: 'a', value: { title: 'a' } }]);
        const duplicate = store.putBatch('reports', 'p', [
            { partitionKey: 'p', id: 'taken', value: { title: 'again' }, condition: { ifNoneMatch: '*' } }
        ]);
        const stale = store.putBatch('reports', 'p', [
            { partitionKey: 'p', id: 'a', value: { title: 'stale' }, condition: { ifMatch: 'not-its-etag' } }
        ]);
        const after = store.putBatch('reports', 'p', [{ partitionKey: 'p', id: 'b', value: { title: 'b' }, condition: { ifNoneMatch: '*' } }]);
        const failures: unknown[] = [];
        await duplicate.catch((error: unknown) => {
            failures.push(error);
        });
        await stale.catch((error: unknown) => {
            failures.push(error);
        });
        await Promise.all([before, after]);
        expect(failures).to.have.length(2);
        for (const failure of failures) expect(failure).to.be.instanceOf(PreconditionFailedError);
        expect([committedTitle('taken'), committedTitle('a'), committedTitle('b')]).to.deep.equal(['first', 'a', 'b']);
    });

    it('fails every write of a group with StorageUnavailableError when the file stays locked, writes none of them, and keeps answering reads', async function () {
        await store.put('reports', { partitionKey: 'p', id: 'kept', value: { title: 'kept' } });
        const other = new Database(file);
        other.exec('BEGIN IMMEDIATE');
        try {
            const writes = await Promise.allSettled([
                store.put('reports', { partitionKey: 'p', id: 'a', value: { title: 'a' } }),
                store.putBatch('reports', 'p', [{ partitionKey: 'p', id: 'b', value: { title: 'b' } }]),
                store.delete('reports', 'p', 'kept')
            ]);
            for (const attempt of writes) {
                expect(attempt.status).to.equal('rejected');
                expect((attempt as PromiseRejectedResult).reason).to.be.instanceOf(StorageUnavailableError);
            }
            // WAL readers never wait for the writer: the console can still show what is stored.
            expect((await store.get<{ title: string }>('reports', 'p', 'kept'))?.value.title).to.equal('kept');
        } finally {
            other.exec('ROLLBACK');
            other.close();
        }
        expect([committedTitle('a'), committedTitle('b'), committedTitle('kept')]).to.deep.equal([undefined, undefined, 'kept']);
        await store.put('reports', { partitionKey: 'p', id: 'a', value: { title: 'a' } });
        expect(committedTitle('a')).to.equal('a');
    });

    it('fails every call of a group with StorageUnavailableError when the disk fills up midway, and writes none of them', async function () {
        // A full disk, simulated on the store's connections: the file may not grow past its current size.
        await store.close();
        const probe = new Database(file, { readonly: true });
        const pages = probe.pragma('page_count', { simple: true }) as number;
        probe.close();
        store = SqliteDocumentStore.open({ file, busyTimeoutMs: 50, pragmas: [`max_page_count = ${pages + 2}`] });
        const attempts = await Promise.allSettled([
            store.put('reports', { partitionKey: 'p', id: 'small', value: { title: 'fits' } }),
            store.put('reports', { partitionKey: 'p', id: 'large', value: { title: 'x'.repeat(64 * 1024) } }),
            store.put('reports', { partitionKey: 'p', id: 'after', value: { title: 'fits too' } })
        ]);
        for (const attempt of attempts) {
            expect(attempt.status).to.equal('rejected');
            expect((attempt as PromiseRejectedResult).reason).to.be.instanceOf(StorageUnavailableError);
        }
        expect([committedTitle('small'), committedTitle('large'), committedTitle('after')]).to.deep.equal([undefined, undefined, undefined]);
    });

    it('starts a new writer thread when the old one is gone, and stores the next writes with it', async function () {
        await store.put('reports', { partitionKey: 'p', id: 'before', value: { title: 'before' } });
        // Killed while idle: better-sqlite3 aborts the whole process if a thread is terminated inside an SQLite call,
        // which is why the store itself never terminates its writer (close() asks it to finish).
        const writer = (store as unknown as { writer: { worker?: { terminate(): Promise<number> } } }).writer;
        await writer.worker?.terminate();
        await store.put('reports', { partitionKey: 'p', id: 'after', value: { title: 'after' } });
        expect([committedTitle('before'), committedTitle('after')]).to.deep.equal(['before', 'after']);
    });

    it('lands every write of a tick larger than one group', async function () {
        const writes = Array.from({ length: 1234 }, (_, i) => store.put('reports', { partitionKey: 'p', id: `r${i}`, value: { title: `n${i}` } }));
        const reads = store.count('reports', {});
        await Promise.all(writes);
        expect(await reads).to.equal(1234);
    });

    it('lands every batch of a tick that holds more documents than one group', async function () {
        const batches = Array.from({ length: 50 }, (_, b) =>
            store.putBatch(
                'deliveries',
                'broadcast-1',
                Array.from({ length: 100 }, (_, i) => ({ partitionKey: 'broadcast-1', id: `c${b * 100 + i}`, value: { state: 'pending' } }))
            )
        );
        const counted = store.count('deliveries', { partitionKey: 'broadcast-1' });
        await Promise.all(batches);
        expect(await counted).to.equal(5000);
    });

    it('answers a read that was waiting for a write when the store is closed, and every close() waits for the commit', async function () {
        const writing = store.put('reports', { partitionKey: 'p', id: 'r', value: { title: 'antes del cierre' } });
        const reading = store.get<{ title: string }>('reports', 'p', 'r');
        const first = store.close();
        await store.close();
        // The second close() resolved: everything called before the first one is settled and on disk.
        expect(committedTitle('r')).to.equal('antes del cierre');
        expect((await reading)?.value.title).to.equal('antes del cierre');
        await Promise.all([writing, first]);
        let refused: unknown;
        await store.get('reports', 'p', 'r').catch((error: unknown) => {
            refused = error;
        });
        expect(String(refused)).to.match(/closed/);
        store = SqliteDocumentStore.open({ file });
    });

    it('commits the writes still waiting when the store is closed', async function () {
        const writing = store.put('reports', { partitionKey: 'p', id: 'last', value: { title: 'written at shutdown' } });
        await store.close();
        await writing;
        store = SqliteDocumentStore.open({ file });
        expect((await store.get<{ title: string }>('reports', 'p', 'last'))?.value.title).to.equal('written at shutdown');
    });
});
