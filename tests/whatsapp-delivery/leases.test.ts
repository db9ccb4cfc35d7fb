import { expect } from 'chai';
import { ConversationLeases, HeldLease, LeaseDoc, RefusedLease, isHeld } from '../../adapters/whatsapp/conversationLease';
import { InstrumentedDocumentStore } from '../../storage/instrumentedStore';
import { ManualClock, logger, sqliteStore, waitFor } from './harness';

const KEY = 'inbox/whatsapp/5493834000051';

describe('WhatsApp delivery: conversation leases', () => {
    let db: ReturnType<typeof sqliteStore>;
    let store: InstrumentedDocumentStore;
    let clock: ManualClock;

    beforeEach(() => {
        db = sqliteStore('wa-leases');
        store = new InstrumentedDocumentStore(db.store);
        clock = new ManualClock();
    });
    afterEach(async () => {
        await db.store.close();
        db.remove();
    });

    function leases(owner: string, options: { ttlMs?: number; idleReleaseMs?: number } = {}): ConversationLeases {
        return new ConversationLeases({ store, logger, owner, clock, ttlMs: 30_000, idleReleaseMs: 5_000, ...options });
    }

    async function held(result: Promise<HeldLease | RefusedLease>): Promise<HeldLease> {
        const lease = await result;
        if (!isHeld(lease)) throw new Error(`expected the lease, it is held until ${new Date(lease.heldUntil).toISOString()}`);
        return lease;
    }

    async function stored(): Promise<LeaseDoc | undefined> {
        return (await db.store.get<LeaseDoc>('leases', KEY, KEY))?.value;
    }

    it('takes a lease once for a stream of uses, and deletes it after it was idle', async () => {
        const a = leases('a');
        for (let turn = 0; turn < 10; turn++) {
            const lease = await held(a.acquire(KEY));
            clock.advance(500);
            await lease.release();
            clock.advance(500);
        }
        expect(store.counters().leases).to.deep.equal({ reads: 1, writes: 1, documentsWritten: 1 });
        expect((await stored())?.owner).to.equal('a');
        clock.advance(4_000);
        expect((await stored())?.owner).to.equal('a');
        clock.advance(1_000);
        await waitFor('the idle lease deleted', async () => (await stored()) === undefined);
        expect(store.counters().leases?.writes).to.equal(2);
    });

    it('keeps another instance off while held, used or idle, and lets it in once released', async () => {
        const a = leases('a');
        const b = leases('b');
        const lease = await held(a.acquire(KEY));
        const refused = await b.acquire(KEY);
        expect(isHeld(refused)).to.equal(false);
        expect((refused as RefusedLease).retryAt).to.be.at.most(clock.now() + 1_000); // it looks again soon, not only at expiry
        await lease.release();
        expect(isHeld(await b.acquire(KEY))).to.equal(false); // idle, still a's
        await a.releaseAll();
        const taken = await held(b.acquire(KEY));
        expect((await stored())?.owner).to.equal('b');
        await taken.release();
        await b.releaseAll();
    });

    it('renews a lease in use before it expires, so a long turn is never taken over', async () => {
        const a = leases('a');
        const b = leases('b');
        const lease = await held(a.acquire(KEY));
        for (let elapsed = 0; elapsed < 90_000; elapsed += 5_000) {
            clock.advance(5_000);
            await new Promise((resolve) => setImmediate(resolve));
            expect(isHeld(await b.acquire(KEY)), `at ${elapsed + 5_000} ms`).to.equal(false);
        }
        expect(lease.lost).to.equal(false);
        expect((await stored())!.expiresAt).to.be.greaterThan(clock.now() + 10_000);
        await lease.release();
        await a.releaseAll();
    });

    it('lets a lease that was not used expire: another instance takes it over, and the old holder does not use it again', async () => {
        const a = leases('a', { idleReleaseMs: 120_000 });
        const b = leases('b');
        await (await held(a.acquire(KEY))).release();
        clock.advance(30_001);
        const bLease = await held(b.acquire(KEY));
        const again = await a.acquire(KEY);
        expect(isHeld(again)).to.equal(false);
        await bLease.release();
        await b.releaseAll();
        await a.releaseAll();
    });

    it('takes back at start, under the same owner name, a lease left by a process that died', async () => {
        const dead = leases('linea-1');
        await held(dead.acquire(KEY)); // never released: the process died holding it
        const other = leases('linea-2');
        expect(isHeld(await other.acquire(KEY))).to.equal(false);
        const restarted = leases('linea-1');
        expect(await restarted.reclaimOwn()).to.equal(1);
        expect(await stored()).to.equal(undefined);
        const lease = await held(restarted.acquire(KEY));
        await lease.release();
        await restarted.releaseAll();
    });
});
