import { expect } from 'chai';
import * as path from 'path';
import { createSilentLogger } from '../../common/logger';
import { createHandoff, type Handoff } from '../../handoff';
import { CaseRepository } from '../../handoff/repository/caseRepository';
import { TranscriptRepository } from '../../handoff/repository/transcriptRepository';
import { CaseChangeFeed } from '../../handoff/service/caseChangeFeed';
import type { CaseEvent } from '../../handoff/service/caseEvents';
import type { Actor } from '../../handoff/types';
import type { CollectionName, DocumentQuery, StoredDocument } from '../../storage/documentStore';
import { StorageUnavailableError } from '../../storage/documentStore';
import { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { ForwardingStore } from '../support/forwardingStore';
import { makeTempDir } from '../support/tempDir';
import type { Clock } from '../../common/clock';
import { MovableClock, RecordingMessenger, TEST_HASHING, handoffRequest } from './support/handoffHarness';

const LUIS: Actor = { kind: 'operator', username: 'luis', role: 'operator' };

/** B's view of storage: its queries can be made to fail (an outage, a throttled read that gave up). */
class FlakyQueries extends ForwardingStore {
    failing = false;
    queries = 0;

    override query<T>(collection: CollectionName, query: DocumentQuery): Promise<StoredDocument<T>[]> {
        this.queries++;
        if (this.failing) return Promise.reject(new StorageUnavailableError('FlakyQueries.query()', new Error('ECONNRESET')));
        return super.query<T>(collection, query);
    }
}

/**
 * Two instances of the line on one store, as behind a load balancer: instance A takes the citizens' webhooks, the
 * operator's console listens to instance B. B's feed must bring A's changes to B's live events, once each, and
 * nothing B published itself.
 */
describe('handoff: the live view across instances (CaseChangeFeed)', () => {
    let temp: { dir: string; remove(): void };
    let store: SqliteDocumentStore;
    let clock: MovableClock;
    let a: Handoff;
    let b: Handoff;
    let feed: CaseChangeFeed;
    let feedStore: FlakyQueries;
    let heardOnB: CaseEvent[];

    function instance(clockOf: Clock = clock.asClock): Handoff {
        return createHandoff({
            store,
            logger: createSilentLogger(),
            messenger: new RecordingMessenger(),
            clock: clockOf,
            passwordHashing: TEST_HASHING
        });
    }

    function feedOn(
        handoff: Handoff,
        pageSize?: number,
        intervalMs = 2_000,
        over: FlakyQueries = (feedStore = new FlakyQueries(store))
    ): CaseChangeFeed {
        return new CaseChangeFeed({
            cases: new CaseRepository(over),
            transcript: new TranscriptRepository(over),
            events: handoff.events,
            logger: createSilentLogger(),
            clock: clock.asClock,
            intervalMs,
            ...(pageSize ? { pageSize } : {})
        });
    }

    /** Starts B's feed and lets its first poll finish. */
    async function startFeed(pageSize?: number): Promise<void> {
        feed = feedOn(b, pageSize);
        feed.start();
        await feed.pollOnce();
    }

    /** What B's consoles heard from one poll of its feed. */
    async function poll(): Promise<CaseEvent[]> {
        heardOnB.length = 0;
        await feed.pollOnce();
        return [...heardOnB];
    }

    beforeEach(async () => {
        temp = makeTempDir('change-feed');
        store = SqliteDocumentStore.open({ file: path.join(temp.dir, 'line.sqlite') });
        clock = new MovableClock();
        a = instance();
        b = instance();
        heardOnB = [];
        b.events.subscribe((event) => heardOnB.push(event));
        await startFeed();
    });

    afterEach(async () => {
        await feed.stop();
        await store.close();
        temp.remove();
    });

    it('brings a critical case opened on another instance to this one as case.created, once', async () => {
        const opened = await a.caseService.open(handoffRequest('5493834000001', 'critical'));
        clock.advanceMs(1000);
        const heard = await poll();
        expect(heard.map((e) => e.type)).to.deep.equal(['case.created']);
        expect((heard[0] as Extract<CaseEvent, { type: 'case.created' }>).case).to.include({ id: opened.id, priority: 'critical', status: 'queued' });
        clock.advanceMs(1000);
        expect(await poll(), 'the same case again').to.deep.equal([]);
    });

    it("brings the citizen's messages and an operator's delivery ticks written elsewhere, and nothing this instance showed already", async () => {
        const opened = await a.caseService.open(handoffRequest('5493834000002', 'normal'));
        await poll();
        await a.caseService.addCitizenMessage('5493834000002', { text: 'el agua ya entra a la cocina' });
        const heard = await poll();
        expect(
            heard.map((e) => e.type),
            'a message, and no case change: only its message count moved'
        ).to.deep.equal(['message']);
        expect((heard[0] as Extract<CaseEvent, { type: 'message' }>).message).to.include({
            caseId: opened.id,
            author: 'citizen',
            text: 'el agua ya entra a la cocina'
        });

        // The operator works on B: B showed the claim and the message itself (its delivery id, written after, is not shown).
        heardOnB.length = 0;
        await b.caseService.claim(opened.id, LUIS);
        const sent = await b.caseService.addOperatorMessage(opened.id, LUIS, 'Vamos en camino.');
        expect(heardOnB.map((e) => e.type)).to.deep.equal(['case.updated', 'message']);
        expect(await poll(), "B's own changes, again").to.deep.equal([]);

        // WhatsApp's status lands on A half a minute later: the tick must reach the operator on B.
        clock.advanceMs(30_000);
        await a.caseService.markMessageDelivery(opened.id, sent.id, 'read');
        const ticks = await poll();
        expect(ticks.map((e) => e.type)).to.deep.equal(['message']);
        expect((ticks[0] as Extract<CaseEvent, { type: 'message' }>).message).to.include({ id: sent.id, deliveryStatus: 'read' });

        // B's operator lets it go: shown by B, not again by its feed.
        heardOnB.length = 0;
        await b.caseService.release(opened.id, LUIS);
        expect(heardOnB.map((e) => e.type)).to.include('case.updated');
        expect(await poll(), "B's own release, again").to.deep.equal([]);
    });

    it("brings another instance's claim and its reminder to the operator (case.updated, then case.reminder)", async () => {
        const opened = await a.caseService.open(handoffRequest('5493834000003', 'critical'));
        await poll();
        await a.caseService.claim(opened.id, LUIS);
        const claimed = await poll();
        expect(claimed.map((e) => e.type)).to.deep.equal(['case.updated']);
        expect((claimed[0] as Extract<CaseEvent, { type: 'case.updated' }>).case).to.include({ status: 'assigned', assignedTo: 'luis' });

        clock.advanceMinutes(5);
        expect(await a.deadlines.pollOnce(), 'the operator stayed silent: A reminds').to.equal(1);
        const reminded = await poll();
        expect(reminded.map((e) => e.type)).to.deep.equal(['case.reminder']);
        expect((reminded[0] as Extract<CaseEvent, { type: 'case.reminder' }>).case).to.include({ id: opened.id, assignedTo: 'luis' });
    });

    it('reads every page of a busy moment: the newest cases are not left behind the oldest', async () => {
        await feed.stop();
        await startFeed(2);
        const opened: string[] = [];
        for (let i = 0; i < 5; i++) {
            opened.push((await a.caseService.open(handoffRequest(`549383400010${i}`, 'critical'))).id);
            clock.advanceMs(10);
        }
        const heard = await poll();
        expect(heard.filter((e) => e.type === 'case.created').map((e) => e.case.id)).to.deep.equal(opened);
    });

    it('shows nothing older than its window at start: a console that connects loads the queue itself', async () => {
        await feed.stop();
        await a.caseService.open(handoffRequest('5493834000004', 'critical'));
        clock.advanceMs(60_000);
        await startFeed();
        expect(heardOnB).to.deep.equal([]);
        clock.advanceMs(2000);
        expect(await poll()).to.deep.equal([]);
    });

    it('still shows a critical case opened while its polls failed, once storage answers again', async () => {
        feedStore.failing = true;
        await a.caseService.open(handoffRequest('5493834000005', 'critical'));
        for (let i = 0; i < 10; i++) {
            clock.advanceMs(2000);
            await feed.pollOnce().catch(() => undefined);
        }
        feedStore.failing = false;
        clock.advanceMs(2000);
        expect(
            (await poll()).map((e) => e.type),
            '20 s of failing polls, then one that works'
        ).to.deep.equal(['case.created']);
    });

    it('shows a case whose first poll failed at start (the case opened right after the start)', async () => {
        await feed.stop();
        heardOnB.length = 0;
        feed = feedOn(b);
        feedStore.failing = true;
        feed.start();
        await feed.pollOnce().catch(() => undefined);
        await a.caseService.open(handoffRequest('5493834000006', 'critical'));
        feedStore.failing = false;
        clock.advanceMs(2000);
        expect((await poll()).map((e) => e.type)).to.deep.equal(['case.created']);
    });

    it('shows a case written by an instance whose clock runs 20 s behind', async () => {
        const late = new MovableClock();
        late.advanceMs(-20_000);
        const behind = instance(late.asClock);
        clock.advanceMs(2000);
        await behind.caseService.open(handoffRequest('5493834000007', 'critical'));
        expect((await poll()).map((e) => e.type)).to.deep.equal(['case.created']);
    });

    it("reminds the operator once: a citizen message a minute later is no new reminder, and an idle case's next message no case change", async () => {
        const opened = await a.caseService.open(handoffRequest('5493834000008', 'normal'));
        await a.caseService.claim(opened.id, LUIS);
        await poll();
        clock.advanceMinutes(5);
        await a.deadlines.pollOnce();
        expect((await poll()).map((e) => e.type)).to.deep.equal(['case.reminder']);
        clock.advanceMs(40_000);
        expect(await poll(), 'a quiet poll 40 s later').to.deep.equal([]);
        clock.advanceMs(10_000);
        await a.caseService.addCitizenMessage('5493834000008', { text: '¿siguen ahí?' });
        expect(
            (await poll()).map((e) => e.type),
            'the message alone'
        ).to.deep.equal(['message']);
        clock.advanceMinutes(10);
        await a.caseService.addCitizenMessage('5493834000008', { text: 'hola?' });
        expect(
            (await poll()).map((e) => e.type),
            'ten minutes later, still the message alone'
        ).to.deep.equal(['message']);
    });

    it('never shows an older version of a message after a newer one this instance showed', async () => {
        const opened = await a.caseService.open(handoffRequest('5493834000009', 'normal'));
        await b.caseService.claim(opened.id, LUIS);
        const sent = await b.caseService.addOperatorMessage(opened.id, LUIS, 'Vamos en camino.');
        clock.advanceMs(1000);
        await a.caseService.markMessageDelivery(opened.id, sent.id, 'delivered');
        // B reads storage (the 'delivered' version), and before it publishes, B itself writes 'read' and shows it.
        const original = feedStore.query.bind(feedStore);
        let raced = false;
        feedStore.query = async <T>(collection: CollectionName, query: DocumentQuery): Promise<StoredDocument<T>[]> => {
            const found = await original<T>(collection, query);
            if (!raced && query.where?.some((f) => f.value === 'transcript')) {
                raced = true;
                clock.advanceMs(1000);
                await b.caseService.markMessageDelivery(opened.id, sent.id, 'read');
            }
            return found;
        };
        heardOnB.length = 0;
        await feed.pollOnce();
        const ticks = heardOnB.filter((e): e is Extract<CaseEvent, { type: 'message' }> => e.type === 'message').map((e) => e.message.deliveryStatus);
        expect(ticks, "what B's consoles heard, in order").to.deep.equal(['read']);
    });

    it('reads every case of a moment when more than a page share one millisecond', async () => {
        await feed.stop();
        await startFeed(2);
        const opened: string[] = [];
        // everything B heard from here on: on a busy machine the feed's own 2 s timer may poll between the openings
        heardOnB.length = 0;
        for (let i = 0; i < 5; i++) opened.push((await a.caseService.open(handoffRequest(`549383400020${i}`, 'critical'))).id);
        await feed.pollOnce();
        const heard = [...heardOnB];
        expect(
            heard
                .filter((e) => e.type === 'case.created')
                .map((e) => e.case.id)
                .sort()
        ).to.deep.equal([...opened].sort());
    });

    it('stops polling when stopped while its first poll is still reading', async () => {
        await feed.stop();
        const slow = feedOn(b, undefined, 20);
        const original = feedStore.query.bind(feedStore);
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        feedStore.query = async <T>(collection: CollectionName, query: DocumentQuery): Promise<StoredDocument<T>[]> => {
            await gate;
            return original<T>(collection, query);
        };
        slow.start();
        const stopped = slow.stop();
        release();
        await stopped;
        const after = feedStore.queries;
        // A second feed polling at the same pace, started after it: by the time this one has read ten times (three
        // polls at least), a timer the stopped feed had left running (set up earlier, same interval) would have fired.
        const watcher = new FlakyQueries(store);
        const control = feedOn(b, undefined, 20, watcher);
        control.start();
        try {
            while (watcher.queries < 10) await new Promise((resolve) => setTimeout(resolve, 5));
        } finally {
            await control.stop();
        }
        expect(feedStore.queries, 'queries after stop()').to.equal(after);
    });
});
