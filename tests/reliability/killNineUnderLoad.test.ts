import { expect } from 'chai';
import * as path from 'path';
import { GraphApiPeer, type PeerSentMessage } from '../../adapters/simulator/graphPeer';
import { WebhookSender } from '../../adapters/simulator/webhookSender';
import { buildMessageWebhook } from '../../adapters/simulator/webhookBuilder';
import { createSilentLogger } from '../../common/logger';
import type { InboxEntry } from '../../adapters/whatsapp/inbox';
import type { OutboxEntry } from '../../adapters/whatsapp/outboxEntry';
import { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { startChildServer, type ChildServer } from '../support/childServer';
import { LINE_SECRETS, textOf } from '../support/lineHarness';
import { makeTempDir } from '../support/tempDir';
import { REPORT_SCRIPT, SCALE, sleep, waitUntil } from './reliabilitySupport';

const BUSINESS = { phoneNumberId: LINE_SECRETS.phoneNumberId, displayPhoneNumber: '543834000000', wabaId: 'TEST-WABA' };
const CITIZENS = 10 * SCALE;
const KILLS = 3 * SCALE;
/**
 * How long a citizen waits for an answer (or for a 200 while the line restarts) before the test gives up: a safety net, not a speed asserted (a loaded
 * machine restarts slowly). That a restarted instance takes its conversation leases back at once instead of waiting
 * for them to expire is tested in tests/whatsapp-delivery/leases.test.ts.
 */
const ANSWER_WITHIN_MS = 90_000;
/** Acknowledged messages (of the 70 in all) between one start of the line and the next kill. */
const ACKS_BETWEEN_KILLS = 5;

/** The compiled composition root beside this compiled test (dist/index.js, whatever the output folder). */
const ENTRY = path.resolve(__dirname, '..', '..', 'index.js');

/** The message as the outbox holds it: the body without the envelope the Graph client adds. */
function messageOf(sent: PeerSentMessage): Record<string, unknown> {
    const { messaging_product: _product, recipient_type: _type, to: _to, recipient: _recipient, ...message } = sent.body;
    return message;
}

describe('reliability: kill -9 under a steady stream of reports', function () {
    this.timeout(600_000 * SCALE);

    it('after three kills every acknowledged message ran exactly once and every report is whole', async () => {
        const temp = makeTempDir('reliability-kill');
        const peer = await GraphApiPeer.listen({ accessToken: LINE_SECRETS.accessToken, phoneNumberId: LINE_SECRETS.phoneNumberId });
        const env = {
            PORT: '0',
            HOST: '127.0.0.1',
            DATA_DIR: temp.dir,
            LOG_LEVEL: 'info',
            INSTANCE_ID: 'reliability-line',
            WHATSAPP_ACCESS_TOKEN: LINE_SECRETS.accessToken,
            WHATSAPP_APP_SECRET: LINE_SECRETS.appSecret,
            WHATSAPP_VERIFY_TOKEN: LINE_SECRETS.verifyToken,
            WHATSAPP_PHONE_NUMBER_ID: LINE_SECRETS.phoneNumberId,
            WHATSAPP_GRAPH_URL: peer.url,
            WHATSAPP_MEDIA_HOSTS: '127.0.0.1',
            WHATSAPP_RATE_PER_SECOND: '500'
        };
        let server: ChildServer | undefined = await startChildServer({ cwd: temp.dir, env, entry: ENTRY });
        // Meta retries an update until it gets a 200, to whichever instance answers: so does this sender.
        const sender = new WebhookSender({
            webhookUrl: () => `${server?.url ?? 'http://127.0.0.1:9'}/api/whatsapp`,
            appSecret: LINE_SECRETS.appSecret,
            timeoutMs: 3000
        });
        const acknowledged = new Map<string, string[]>();
        const sentTo = (phone: string): PeerSentMessage[] => peer.peer.sent().filter((m) => m.recipient === phone);
        let kills = 0;
        let stopping = false;
        let killing: Promise<void> | undefined;
        try {
            const citizen = async (index: number): Promise<void> => {
                await sleep(index * 400);
                const phone = `54938345${String(index).padStart(5, '0')}`;
                acknowledged.set(phone, []);
                let expected = 0;
                for (const step of REPORT_SCRIPT) {
                    const input = typeof step.input === 'string' ? ({ kind: 'text', text: step.input } as const) : step.input;
                    const { wamid, payload } = buildMessageWebhook(BUSINESS, { address: phone, name: 'María' }, input);
                    await waitUntil(`a 200 for ${wamid}`, async () => (await sender.send(payload)) === 200, ANSWER_WITHIN_MS);
                    acknowledged.get(phone)!.push(wamid);
                    expected += step.replies;
                    await waitUntil(
                        `${expected} replies to ${phone}`,
                        () => new Set(sentTo(phone).map((m) => JSON.stringify(m.body))).size >= expected,
                        ANSWER_WITHIN_MS
                    ).catch((error: Error) => {
                        throw new Error(
                            `${error.message}; it got ${JSON.stringify(
                                sentTo(phone)
                                    .map(textOf)
                                    .map((t) => t.slice(0, 60))
                            )}`
                        );
                    });
                    await sleep(250);
                }
            };
            // A kill lands in the middle of the stream: after a few more acknowledged messages since the last start
            // (so each restarted instance has taken work), however fast or slow this machine runs.
            const acknowledgedCount = (): number => [...acknowledged.values()].reduce((sum, wamids) => sum + wamids.length, 0);
            const killer = async (): Promise<void> => {
                while (kills < KILLS && !stopping) {
                    const since = acknowledgedCount();
                    await waitUntil(
                        'more acknowledged messages before a kill',
                        () => stopping || acknowledgedCount() >= since + ACKS_BETWEEN_KILLS,
                        60_000
                    );
                    if (stopping) return;
                    const dying = server!;
                    server = undefined;
                    dying.child.kill('SIGKILL');
                    await dying.exited;
                    kills++;
                    server = await startChildServer({ cwd: temp.dir, env, entry: ENTRY });
                }
            };
            killing = killer();
            await Promise.all([killing, ...Array.from({ length: CITIZENS }, (_, i) => citizen(i))]);
            expect(kills).to.equal(KILLS);
        } finally {
            // A failed citizen must not leave the killer restarting servers after the test.
            stopping = true;
            await killing?.catch(() => undefined);
            if (server) {
                server.child.kill('SIGTERM');
                await server.exited;
            }
            await peer.close();
        }

        const store = SqliteDocumentStore.open({ file: path.join(temp.dir, 'linea.sqlite'), logger: createSilentLogger() });
        try {
            for (const [phone, wamids] of acknowledged) {
                const partitionKey = `whatsapp/${phone}`;
                const inbox = await store.query<InboxEntry>('conversations', { partitionKey, where: [{ field: 'kind', op: '=', value: 'inbox' }] });
                expect(inbox.map((d) => d.value.message.wamid).sort(), `${phone}: one inbox entry per acknowledged message`).to.deep.equal(
                    [...wamids].sort()
                );
                expect(
                    inbox.filter((d) => d.value.status !== 'done' || d.value.abandoned),
                    `${phone}: every message processed`
                ).to.deep.equal([]);

                const outbox = await store.query<OutboxEntry>('conversations', {
                    partitionKey,
                    where: [{ field: 'kind', op: '=', value: 'outbox' }],
                    orderBy: [{ field: 'seq', direction: 'asc' }]
                });
                const expectedReplies = REPORT_SCRIPT.reduce((sum, step) => sum + step.replies, 0);
                expect(outbox.length, `${phone}: each turn committed once (replies written once)`).to.equal(expectedReplies);
                expect(
                    outbox.every((d) => d.value.status === 'sent'),
                    `${phone}: every reply sent`
                ).to.equal(true);

                // A crash between Graph's answer and the "sent" write re-sends that one message: the citizen may see a
                // message twice in a row, never out of order and never missing.
                const received = sentTo(phone)
                    .map((m) => JSON.stringify(messageOf(m)))
                    .filter((body, i, all) => i === 0 || all[i - 1] !== body);
                expect(received, `${phone}: replies in order`).to.deep.equal(outbox.map((d) => JSON.stringify(d.value.message)));

                const reports = await store.query<{
                    id: string;
                    name: string;
                    departmentName: string;
                    emergencyTypeId: string;
                    location: unknown;
                    createdAt: string;
                }>('reports', { partitionKey: phone });
                expect(reports.length, `${phone}: one report`).to.equal(1);
                const report = reports[0].value;
                expect(report).to.include({ name: 'María Pérez', departmentName: 'Valle Viejo', emergencyTypeId: 'flood' });
                expect(report.id).to.match(/^DC-[A-Z2-9]{4}$/);
                expect(report.location).to.deep.include({ latitude: -28.6001, longitude: -65.7079 });
                expect(Number.isNaN(Date.parse(report.createdAt))).to.equal(false);
                expect(sentTo(phone).map(textOf).join('\n'), 'the citizen was told the saved report number').to.include(report.id);
            }
        } finally {
            await store.close();
            temp.remove();
        }
    });
});
