import { expect } from 'chai';
import { TokenBucket } from '../../adapters/whatsapp/rateLimiter';
import { InstrumentedDocumentStore } from '../../storage/instrumentedStore';
import { EchoBot, ManualClock, deliveryLine, post, sqliteStore, waitFor, webhookBody } from './harness';

const TERE = '5493834000061';
const TURNS = 10;

describe('WhatsApp delivery: what a turn costs', () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
        for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    it('a citizen writing message after message pays no lease writes, no empty queries and no delivery-state reads per turn', async () => {
        const db = sqliteStore('wa-cost');
        const store = new InstrumentedDocumentStore(db.store);
        const line = await deliveryLine({ store, prefix: 'wa-cost-line' });
        cleanups.push(async () => {
            await line.close();
            await db.store.close();
            db.remove();
        });
        await line.adapter.start(new EchoBot().logic);
        store.resetCounters(); // from the first message on
        for (let i = 0; i < TURNS; i++) {
            expect((await post(line.server.url, webhookBody([[{ from: TERE, id: `wamid.c${i}`, text: `mensaje ${i}` }]]))).status).to.equal(200);
            await waitFor(`reply ${i}`, () => line.repliesTo(TERE).length === i + 1);
        }
        await line.adapter.whenIdle();
        expect(line.repliesTo(TERE)).to.deep.equal(Array.from({ length: TURNS }, (_, i) => `eco: mensaje ${i}`));
        const counters = store.counters();
        // The inbox lease and the outbox lease, each taken once for the whole conversation.
        expect(counters.leases).to.deep.include({ reads: 2, writes: 2 });
        // One inbox page and one outbox page per turn: nothing asks again after the last item.
        expect(counters.conversations?.reads).to.equal(2 * TURNS);
        // Per turn: the webhook's record, the turn's commit, the sent reply's update.
        expect(counters.conversations?.writes).to.equal(3 * TURNS);
        expect(counters.messages).to.deep.include({ reads: 0, writes: TURNS });
    });

    it('answers while the read receipt still hangs, and spends no send token on it', async () => {
        let receiptsAsked = 0;
        let releaseReceipts: () => void = () => undefined;
        const receiptsHang = new Promise<void>((resolve) => (releaseReceipts = resolve));
        // A bucket frozen in time holds exactly one token: the reply gets it only if the read receipt did not take it.
        const oneToken = new TokenBucket({ ratePerSecond: 1, burst: 1, clock: new ManualClock() });
        const line = await deliveryLine({ prefix: 'wa-receipt', adapter: { outbox: { rateLimiter: oneToken } } });
        cleanups.push(() => line.close());
        line.peer.graph.markRead = async () => {
            receiptsAsked++;
            await receiptsHang;
        };
        cleanups.push(async () => releaseReceipts());
        await line.adapter.start(new EchoBot().logic);
        await post(line.server.url, webhookBody([[{ from: TERE, id: 'wamid.r1', text: 'se inunda la calle' }]]));
        await waitFor('the reply', () => line.repliesTo(TERE).length === 1);
        expect(line.repliesTo(TERE)).to.deep.equal(['eco: se inunda la calle']);
        expect(receiptsAsked).to.equal(1);
        releaseReceipts();
    });
});
