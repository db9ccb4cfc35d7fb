import * as http from 'http';
import type { AddressInfo } from 'net';
import { expect } from 'chai';
import { GraphClient } from '../../adapters/whatsapp/graphClient';
import { BroadcastRepository } from '../../alerts/broadcastRepository';
import { AlertHarness, DEPT, inAnHour } from './support/alertHarness';
import {
    StorageUnavailableError,
    type CollectionName,
    type DocumentQuery,
    type DocumentStore,
    type StoredDocument
} from '../../storage/documentStore';
import { ForwardingStore } from '../support/forwardingStore';

const ALERT = {
    level: 'naranja' as const,
    phenomenon: 'Viento zonda',
    text: 'Ráfagas de hasta 90 km/h. Evite circular por rutas de montaña.',
    validUntil: inAnHour()
};

describe('Weather alerts: broadcast fan-out through the Graph API peer', function () {
    this.timeout(60_000);
    let h: AlertHarness;
    afterEach(async () => {
        await h?.close();
    });

    it('sends one approved template to each subscriber of the chosen departments and nothing to anyone else; counts come from the statuses', async () => {
        h = await AlertHarness.start();
        const chosen = [
            ...(await h.subscribe('5493834100', 120, [DEPT.capital])),
            ...(await h.subscribe('5493834200', 80, [DEPT.laPaz, DEPT.valleViejo]))
        ];
        const others = await h.subscribe('5493834300', 60, [DEPT.belen]);
        expect(await h.alerts.service.preview([DEPT.capital, DEPT.valleViejo])).to.equal(200);

        const broadcast = (await h.alerts.service.create(
            { ...ALERT, departments: [DEPT.capital, DEPT.valleViejo] },
            { source: 'api', by: 'supervisora' }
        ))!;
        expect(await h.alerts.service.whenDone(broadcast.id)).to.equal('completed');

        const counts = h.sentCounts();
        for (const key of chosen) expect(counts.get(key), key).to.equal(1);
        for (const key of others) expect(counts.get(key), key).to.equal(undefined);
        const body = h.peer.sent()[0].body as {
            type: string;
            template: { name: string; language: { code: string }; components: Array<{ parameters: Array<{ text: string }> }> };
            biz_opaque_callback_data: string;
        };
        expect(body.type).to.equal('template');
        expect(body.template.name).to.equal('alerta_meteorologica');
        expect(body.template.language.code).to.equal('es_AR');
        expect(body.template.components[0].parameters.map((p) => p.text)).to.include.members([
            'NARANJA (prepárese)',
            'Viento zonda',
            'Capital y Valle Viejo'
        ]);
        expect(body.biz_opaque_callback_data).to.match(new RegExp(`^alert:${broadcast.id}:`));

        await h.waitFor('every status counted', async () => (await h.alerts.service.progress(broadcast.id)).progress.read === 200);
        const { progress } = await h.alerts.service.progress(broadcast.id);
        expect(progress).to.include({
            state: 'completed',
            total: 200,
            pending: 0,
            accepted: 200,
            sent: 200,
            delivered: 200,
            read: 200,
            failed: 0,
            percent: 100
        });
    });

    it('retries the codes Meta says to retry, fails the undeliverable one, and still sends nobody twice', async () => {
        h = await AlertHarness.start();
        const keys = await h.subscribe('5493834400', 150, [DEPT.tinogasta]);
        h.peer.injectFaults({ nextErrors: [131026], errorRate: 0.3, codes: [131000, 130429, 4, 80007, 131016] });
        const broadcast = (await h.alerts.service.create({ ...ALERT, departments: [DEPT.tinogasta] }, { source: 'api', by: 'supervisora' }))!;
        expect(await h.alerts.service.whenDone(broadcast.id)).to.equal('completed');
        h.peer.injectFaults({});

        const counts = h.sentCounts();
        const reached = keys.filter((key) => counts.get(key) === 1);
        expect(keys.every((key) => (counts.get(key) ?? 0) <= 1)).to.equal(true);
        expect(reached).to.have.length(149);
        await h.waitFor('statuses', async () => (await h.alerts.service.progress(broadcast.id)).progress.delivered === 149);
        const { progress } = await h.alerts.service.progress(broadcast.id);
        expect(progress).to.include({ total: 150, accepted: 149, failed: 1, pending: 0 });
    });

    it('keeps retrying a recipient however many times Graph answers "retry": nobody misses the alert for it', async () => {
        h = await AlertHarness.start();
        const [key] = await h.subscribe('5493834700', 1, [DEPT.tinogasta]);
        h.peer.injectFaults({ nextErrors: Array.from({ length: 10 }, () => 131000) });
        const broadcast = (await h.alerts.service.create({ ...ALERT, departments: [DEPT.tinogasta] }, { source: 'api', by: 'supervisora' }))!;
        expect(await h.alerts.service.whenDone(broadcast.id)).to.equal('completed');
        expect(h.sentCounts().get(key)).to.equal(1);
        const { progress } = await h.alerts.service.progress(broadcast.id);
        expect(progress).to.include({ total: 1, accepted: 1, failed: 0 });
    });

    it('gives a recipient up when Graph keeps answering "retry" for longer than retryForMs', async () => {
        h = await AlertHarness.start({ retryForMs: 150 });
        await h.subscribe('5493834800', 2, [DEPT.tinogasta]);
        h.peer.injectFaults({ errorRate: 1, codes: [131000] });
        const started = Date.now();
        const broadcast = (await h.alerts.service.create({ ...ALERT, departments: [DEPT.tinogasta] }, { source: 'api', by: 'supervisora' }))!;
        expect(await h.alerts.service.whenDone(broadcast.id)).to.equal('completed');
        expect(Date.now() - started, 'retried for the whole period').to.be.at.least(150);
        const { progress } = await h.alerts.service.progress(broadcast.id);
        expect(progress).to.include({ total: 2, accepted: 0, failed: 2, pending: 0 });
    });

    // 131056 (pair rate limit) makes a recipient wait 4^n "seconds": with a 10 s unit, 40 s before its next try.
    const LONG_WAIT = { pairBackoffUnitMs: 10_000 };

    it('a cancel takes effect at once, even while recipients wait out a long retry', async function () {
        this.timeout(20_000); // far less than the 40 s each recipient would otherwise wait before its next try
        h = await AlertHarness.start(LONG_WAIT);
        await h.subscribe('5493834900', 3, [DEPT.tinogasta]);
        h.peer.injectFaults({ nextErrors: [131056, 131056, 131056] });
        const broadcast = (await h.alerts.service.create({ ...ALERT, departments: [DEPT.tinogasta] }, { source: 'api', by: 'supervisora' }))!;
        await h.waitFor('every recipient refused once', () => h.peer.faultsInjected() === 3);
        await h.alerts.service.cancel(broadcast.id, 'supervisora', 'prueba');
        expect(await h.alerts.service.whenDone(broadcast.id)).to.equal('cancelled');
        expect(h.peer.sent()).to.deep.equal([]);
    });

    it('notices a cancel made by another instance, even when every send left is waiting out a long retry', async function () {
        this.timeout(20_000);
        h = await AlertHarness.start(LONG_WAIT);
        await h.subscribe('5493834910', 3, [DEPT.tinogasta]);
        h.peer.injectFaults({ nextErrors: [131056, 131056, 131056] });
        const broadcast = (await h.alerts.service.create({ ...ALERT, departments: [DEPT.tinogasta] }, { source: 'api', by: 'supervisora' }))!;
        await h.waitFor('every recipient refused once', () => h.peer.faultsInjected() === 3);
        // What another instance's cancel leaves in the shared store; this instance is not told.
        await new BroadcastRepository(h.store).update(broadcast.id, (b) => ({ ...b, state: 'cancelled', cancelledBy: 'supervisora' }));
        expect(await h.alerts.service.whenDone(broadcast.id)).to.equal('cancelled');
        expect(h.peer.sent(), 'nobody got the cancelled alert').to.deep.equal([]);
        const { progress } = await h.alerts.service.progress(broadcast.id);
        expect(progress).to.include({ total: 3, failed: 0, cancelled: 3 });
    });

    it('one recipient waiting out a long retry does not hold back everyone else', async function () {
        this.timeout(20_000);
        h = await AlertHarness.start(LONG_WAIT);
        const keys = await h.subscribe('5493834920', 150, [DEPT.tinogasta]);
        h.peer.injectFaults({ nextErrors: [131056] });
        const broadcast = (await h.alerts.service.create({ ...ALERT, departments: [DEPT.tinogasta] }, { source: 'api', by: 'supervisora' }))!;
        await h.waitFor('149 alerts sent', () => h.peer.sent().length === 149, 15_000);
        const counts = h.sentCounts();
        expect(
            keys.filter((key) => !counts.has(key)),
            'only the one refused is still waiting'
        ).to.have.length(1);
        await h.alerts.service.cancel(broadcast.id, 'supervisora');
    });

    it('sends nothing after the alert expires, even a retry that was due later', async function () {
        this.timeout(20_000);
        h = await AlertHarness.start({ pairBackoffUnitMs: 1000 }); // 4 s before the retry; the alert lasts 1.5 s
        await h.subscribe('5493834930', 1, [DEPT.tinogasta]);
        h.peer.injectFaults({ nextErrors: [131056] });
        const validUntil = new Date(Date.now() + 1500).toISOString();
        const broadcast = (await h.alerts.service.create(
            { ...ALERT, validUntil, departments: [DEPT.tinogasta] },
            { source: 'api', by: 'supervisora' }
        ))!;
        expect(await h.alerts.service.whenDone(broadcast.id)).to.equal('stopped');
        expect(h.peer.sent(), 'no alert after its validity').to.deep.equal([]);
        expect((await h.alerts.service.progress(broadcast.id)).broadcast).to.include({ state: 'stopped' });
    });

    it('tries again at once a send that never left the machine (Graph unreachable), without waiting for statuses', async function () {
        this.timeout(20_000); // far less than the minute a send of unknown fate waits for Meta's statuses here
        const closed = http.createServer();
        await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
        const { port } = closed.address() as AddressInfo;
        await new Promise<void>((resolve) => closed.close(() => resolve()));
        const nowhere = new GraphClient({ baseUrl: `http://127.0.0.1:${port}/v24.0`, accessToken: 'x', phoneNumberId: '1' });
        let refusals = 5;
        h = await AlertHarness.start(
            { reconcileWindowMs: 60_000 },
            {
                graph: (real) => ({ sendMessage: (recipient, message) => (refusals-- > 0 ? nowhere : real).sendMessage(recipient, message) })
            }
        );
        const keys = await h.subscribe('5493834940', 10, [DEPT.tinogasta]);
        const broadcast = (await h.alerts.service.create({ ...ALERT, departments: [DEPT.tinogasta] }, { source: 'api', by: 'supervisora' }))!;
        expect(await h.alerts.service.whenDone(broadcast.id)).to.equal('completed');
        const counts = h.sentCounts();
        expect(
            keys.filter((key) => counts.get(key) !== 1),
            'each got the alert once'
        ).to.deep.equal([]);
    });

    it('starts a fan-out again after storage failed under it, and still sends each subscriber the alert once', async () => {
        let failuresLeft = 2;
        h = await AlertHarness.start(
            { relaunchBaseMs: 20 },
            {
                storeForAlerts: (real) => new FailingReads(real, 'subscribers', () => failuresLeft-- > 0)
            }
        );
        const subscribers = await h.subscribe('5493834500', 30, [DEPT.capital]);
        const broadcast = (await h.alerts.service.create({ ...ALERT, departments: [DEPT.capital] }, { source: 'api', by: 'supervisora' }))!;

        await h.waitFor('the broadcast completed after the failures', async () => (await h.alerts.service.get(broadcast.id))?.state === 'completed');
        expect(failuresLeft).to.be.below(0);
        const counts = h.sentCounts();
        for (const key of subscribers) expect(counts.get(key), key).to.equal(1);
    });

    it('two instances never send one broadcast: an instance starting while another sends waits, and each subscriber gets it once', async () => {
        h = await AlertHarness.start({ leaseTtlMs: 1000, leaseCheckMs: 50 });
        const subscribers = await h.subscribe('5493834600', 60, [DEPT.capital]);
        // Sends answered slowly, longer than the window after which a send of unknown fate is tried again.
        h.peer.injectFaults({ latencyMs: 1500 });
        const broadcast = (await h.alerts.service.create({ ...ALERT, departments: [DEPT.capital] }, { source: 'api', by: 'supervisora' }))!;
        await h.waitFor('its first sends in flight', () => h.peer.requestsInFlight() > 0);

        const other = h.anotherInstance('instance-b');
        await other.start();
        expect(await h.alerts.service.whenDone(broadcast.id)).to.equal('completed');
        h.peer.injectFaults({});
        // A send of either instance still held by the latency lands when it is answered: all of them are counted.
        await h.waitFor('every send answered', () => h.peer.requestsInFlight() === 0);

        const counts = h.sentCounts();
        expect(
            subscribers.filter((key) => counts.get(key) !== 1),
            'not sent exactly once'
        ).to.deep.equal([]);
        expect((await h.alerts.service.get(broadcast.id))?.state).to.equal('completed');
    });

    it('an opt-out during a running broadcast is honoured at once: that citizen receives nothing more', async () => {
        h = await AlertHarness.start({ ratePerSecond: 40, concurrency: 4 });
        const keys = await h.subscribe('5493834500', 120, [DEPT.capital]);
        const broadcast = (await h.alerts.service.create({ ...ALERT, departments: [DEPT.capital] }, { source: 'api', by: 'supervisora' }))!;
        await h.waitFor('the broadcast to be under way', () => h.peer.sent().length >= 20);
        const late = keys.slice(-30);
        for (const key of late) await h.subscriptions.unsubscribe(key, new Date().toISOString());
        expect(await h.alerts.service.whenDone(broadcast.id)).to.equal('completed');

        const counts = h.sentCounts();
        for (const key of late) expect(counts.get(key), key).to.equal(undefined);
        for (const key of keys.slice(0, 80)) expect(counts.get(key), key).to.equal(1);
        const { progress } = await h.alerts.service.progress(broadcast.id);
        expect(progress.skipped).to.equal(30);
        expect(progress.accepted).to.equal(90);
    });

    it('a cancelled broadcast stops: those not yet reached get nothing and are counted as cancelled', async () => {
        h = await AlertHarness.start({ ratePerSecond: 40, concurrency: 4 });
        await h.subscribe('5493834600', 200, [DEPT.andalgala]);
        const broadcast = (await h.alerts.service.create({ ...ALERT, departments: [DEPT.andalgala] }, { source: 'api', by: 'supervisora' }))!;
        await h.waitFor('some sends', () => h.peer.sent().length >= 10);
        await h.alerts.service.cancel(broadcast.id, 'supervisora');
        expect(await h.alerts.service.whenDone(broadcast.id)).to.equal('cancelled');
        const sentAtEnd = h.peer.sent().length;
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(h.peer.sent().length).to.equal(sentAtEnd);
        expect(sentAtEnd).to.be.below(200);
        const { progress } = await h.alerts.service.progress(broadcast.id);
        expect(progress.state).to.equal('cancelled');
        expect(progress.cancelled).to.equal(200 - progress.accepted);
        expect(progress.pending).to.equal(0);
    });

    it('a campaign-level refusal (spam limit) stops the broadcast instead of hammering Meta', async () => {
        h = await AlertHarness.start({ ratePerSecond: 40, concurrency: 2 });
        await h.subscribe('5493834700', 50, [DEPT.belen]);
        h.peer.injectFaults({ nextErrors: [131048] });
        const broadcast = (await h.alerts.service.create({ ...ALERT, departments: [DEPT.belen] }, { source: 'api', by: 'supervisora' }))!;
        expect(await h.alerts.service.whenDone(broadcast.id)).to.equal('stopped');
        const { broadcast: stored } = await h.alerts.service.progress(broadcast.id);
        expect(stored.reason).to.contain('131048');
        expect(h.peer.sent().length).to.be.below(50);
    });
});

/** A real store whose queries on one collection fail while `fail()` says so. */
class FailingReads extends ForwardingStore {
    constructor(
        inner: DocumentStore,
        private readonly collection: CollectionName,
        private readonly fail: () => boolean
    ) {
        super(inner);
    }

    override async query<T>(collection: CollectionName, query: DocumentQuery): Promise<StoredDocument<T>[]> {
        if (collection === this.collection && this.fail()) throw new StorageUnavailableError('FailingReads.query()', new Error('disk unplugged'));
        return this.inner.query<T>(collection, query);
    }
}
