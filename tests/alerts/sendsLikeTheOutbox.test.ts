import { expect } from 'chai';
import { createSilentLogger } from '../../common/logger';
import { ConversationLeases } from '../../adapters/whatsapp/conversationLease';
import { GraphClient } from '../../adapters/whatsapp/graphClient';
import { conversationPartition } from '../../adapters/whatsapp/inbox';
import { OutboxSender } from '../../adapters/whatsapp/outbox';
import { OutboxEntry, outboxWrites } from '../../adapters/whatsapp/outboxEntry';
import { DeliveryRecord } from '../../alerts/types';
import { AnswerLosingProxy } from '../whatsapp-delivery/answerLosingProxy';
import { AlertHarness, DEPT, SECRETS, inAnHour } from './support/alertHarness';

const SUBSCRIBER = '5493835100000';
const CITIZEN = '5493835200000';
const ALERT = { level: 'amarillo' as const, phenomenon: 'Tormentas', text: 'Lluvias fuertes y ráfagas.', departments: [DEPT.capital] };

/**
 * The fan-out and the outbox send through one CloudMessageSender: the same answer of Graph is judged the same way
 * for an alert and for a reply, on real parts (the local Graph peer behind a proxy that can lose answers, SQLite).
 * The tuning is the same for both (20 ms base, 100 ms ceiling, 5 ms pair-rate unit), as a deployment's would be.
 */
describe('Weather alerts: the fan-out sends through the same component as the outbox', function () {
    this.timeout(30_000);
    let h: AlertHarness;
    let proxy: AnswerLosingProxy;
    let graph: GraphClient;
    let outbox: OutboxSender;
    const logger = createSilentLogger();

    beforeEach(async () => {
        proxy = await AnswerLosingProxy.listen();
        h = await AlertHarness.start(
            // Far longer than the test: a send of unknown fate is settled from the statuses, never by the window ending.
            { reconcileWindowMs: 60_000 },
            { graph: (_real, peerUrl) => (graph = proxy.clientFor(peerUrl, SECRETS)) }
        );
        await h.subscribe(SUBSCRIBER.slice(0, -5), 1, [DEPT.capital]);
        outbox = new OutboxSender({
            store: h.store,
            sender: graph,
            logger,
            leases: new ConversationLeases({ store: h.store, logger, owner: 'outbox-test' }),
            retry: { baseDelayMs: 20, maxDelayMs: 100 },
            pairBackoffUnitMs: 5
        });
    });
    afterEach(async () => {
        await outbox?.stop(2000);
        await h?.close();
        await proxy?.close();
    });

    /** One alert to the one subscriber; its delivery record once the broadcast is over. */
    async function sendAlert(): Promise<DeliveryRecord> {
        const broadcast = (await h.alerts.service.create({ ...ALERT, validUntil: inAnHour() }, { source: 'api', by: 'supervisora' }))!;
        expect(await h.alerts.service.whenDone(broadcast.id)).to.equal('completed');
        return (await h.store.get<DeliveryRecord>('deliveries', broadcast.id, SUBSCRIBER))!.value;
    }

    /** One reply to the citizen through the outbox; its entry once it is sent or given up. */
    async function sendReply(): Promise<OutboxEntry> {
        const message = { type: 'text' as const, text: { body: 'Recibimos su reporte.', preview_url: false } };
        const writes = outboxWrites(CITIZEN, '000001', [{ message, origin: 'bot' }], new Date().toISOString());
        await h.store.putBatch('conversations', conversationPartition(CITIZEN), writes);
        outbox.notify(CITIZEN);
        let entry: OutboxEntry | undefined;
        await h.waitFor('the reply sent or given up', async () => {
            entry = (await h.store.get<OutboxEntry>('conversations', conversationPartition(CITIZEN), writes[0].id))?.value;
            return entry?.status !== 'pending';
        });
        return entry!;
    }

    const rows: Array<{ graphAnswers: string; codes: number[]; alert: Partial<DeliveryRecord>; reply: Partial<OutboxEntry> }> = [
        {
            graphAnswers: '429, then 500: each retried after a backoff, then sent once',
            codes: [130429, 131000],
            alert: { state: 'sent', attempts: 3, settledBy: 'graph' },
            reply: { status: 'sent', attempts: 3 }
        },
        {
            graphAnswers: '131056 (pair rate limit): backed off 4^1 units, then sent once',
            codes: [131056],
            alert: { state: 'sent', attempts: 2, settledBy: 'graph' },
            reply: { status: 'sent', attempts: 2, pairBackoffs: 1 }
        },
        {
            graphAnswers: '131026 (undeliverable): given up at once, never retried',
            codes: [131026],
            alert: { state: 'failed', attempts: 1, reason: 'undeliverable', errorCode: 131026 },
            reply: { status: 'failed', attempts: 1 }
        }
    ];
    for (const row of rows) {
        it(`Graph answers ${row.graphAnswers}: the same for an alert and for a reply`, async () => {
            h.peer.injectFaults({ nextErrors: row.codes });
            expect(await sendAlert()).to.include(row.alert);
            h.peer.injectFaults({ nextErrors: row.codes });
            const reply = await sendReply();
            expect(reply).to.include(row.reply);
            expect(reply.error?.code, "the reply's last refusal").to.equal(row.codes[row.codes.length - 1]);
            expect(h.peer.faultsInjected(), 'every refusal was answered to one of them').to.equal(2 * row.codes.length);
            expect(h.sentCounts().get(SUBSCRIBER) ?? 0).to.equal(row.alert.state === 'sent' ? 1 : 0);
            expect(h.sentCounts().get(CITIZEN) ?? 0).to.equal(row.reply.status === 'sent' ? 1 : 0);
        });
    }

    it('an answer lost after Graph accepted the alert is of unknown fate: settled from the statuses, not sent again', async () => {
        proxy.loseNextAnswers(1);
        const record = await sendAlert();
        expect(proxy.lost).to.equal(1);
        expect(h.sentCounts().get(SUBSCRIBER), 'sent once').to.equal(1);
        const [accepted] = h.peer.sent();
        expect(record).to.include({ state: 'sent', attempts: 1, settledBy: 'reconciliation', wamid: accepted.wamid });
    });

    it('the same lost answer on a reply is counted as a send of unknown fate (the outbox then sends again, at most 8 times)', async () => {
        proxy.loseNextAnswers(1);
        const reply = await sendReply();
        expect(proxy.lost).to.equal(1);
        expect(reply).to.include({ status: 'sent', attempts: 2, unanswered: 1 });
        expect(reply.error?.kind).to.equal('retry');
    });
});
