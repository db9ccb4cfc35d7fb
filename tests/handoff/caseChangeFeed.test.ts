import { expect } from 'chai';
import * as path from 'path';
import { createSilentLogger } from '../../common/logger';
import { createHandoff, type Handoff } from '../../handoff';
import { CaseRepository } from '../../handoff/repository/caseRepository';
import { TranscriptRepository } from '../../handoff/repository/transcriptRepository';
import { CaseChangeFeed } from '../../handoff/service/caseChangeFeed';
import type { CaseEvent } from '../../handoff/service/caseEvents';
import type { Actor } from '../../handoff/types';
import { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { makeTempDir } from '../support/tempDir';
import { MovableClock, RecordingMessenger, TEST_HASHING, handoffRequest } from './support/handoffHarness';

const LUIS: Actor = { kind: 'operator', username: 'luis', role: 'operator' };

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
    let heardOnB: CaseEvent[];

    function instance(): Handoff {
        return createHandoff({ store, logger: createSilentLogger(), messenger: new RecordingMessenger(), clock: clock.now, passwordHashing: TEST_HASHING });
    }

    function feedOn(handoff: Handoff, pageSize?: number): CaseChangeFeed {
        return new CaseChangeFeed({
            cases: new CaseRepository(store), transcript: new TranscriptRepository(store), events: handoff.events,
            logger: createSilentLogger(), clock: clock.now, intervalMs: 3_600_000, ...(pageSize ? { pageSize } : {})
        });
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
        feed = feedOn(b);
        heardOnB = [];
        b.events.subscribe((event) => heardOnB.push(event));
        await feed.start();
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

    it('brings the citizen\'s messages and an operator\'s delivery ticks written elsewhere, and nothing this instance showed already', async () => {
        const opened = await a.caseService.open(handoffRequest('5493834000002', 'normal'));
        await poll();
        await a.caseService.addCitizenMessage('5493834000002', { text: 'el agua ya entra a la cocina' });
        const heard = await poll();
        expect(heard.map((e) => e.type), 'a message, and no case change: only its message count moved').to.deep.equal(['message']);
        expect((heard[0] as Extract<CaseEvent, { type: 'message' }>).message).to.include({ caseId: opened.id, author: 'citizen', text: 'el agua ya entra a la cocina' });

        // The operator works on B: B showed the claim and the message itself (its delivery id, written after, is not shown).
        heardOnB.length = 0;
        await b.caseService.claim(opened.id, LUIS);
        const sent = await b.caseService.addOperatorMessage(opened.id, LUIS, 'Vamos en camino.');
        expect(heardOnB.map((e) => e.type)).to.deep.equal(['case.updated', 'message']);
        expect(await poll(), 'B\'s own changes, again').to.deep.equal([]);

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
        expect(await poll(), 'B\'s own release, again').to.deep.equal([]);
    });

    it('brings another instance\'s claim and its reminder to the operator (case.updated, then case.reminder)', async () => {
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
        feed = feedOn(b, 2);
        await feed.start();
        const opened: string[] = [];
        for (let i = 0; i < 5; i++) {
            opened.push((await a.caseService.open(handoffRequest(`549383400010${i}`, 'critical'))).id);
            clock.advanceMs(10);
        }
        const heard = await poll();
        expect(heard.filter((e) => e.type === 'case.created').map((e) => (e as Extract<CaseEvent, { type: 'case.created' }>).case.id)).to.deep.equal(opened);
    });

    it('shows nothing for what was there before it started: a console that connects loads the queue itself', async () => {
        await feed.stop();
        await a.caseService.open(handoffRequest('5493834000004', 'critical'));
        feed = feedOn(b);
        await feed.start();
        expect(await poll()).to.deep.equal([]);
    });
});
