import { expect } from 'chai';
import { InboxEntry } from '../../adapters/whatsapp/inbox';
import { DeliveryStateDoc } from '../../adapters/whatsapp/deliveryStates';
import { DiskFullStore, EchoBot, VERIFY_TOKEN, deliveryLine, get, post, sqliteStore, statusBody, waitFor, webhookBody } from './harness';

describe('WhatsApp delivery: the webhook', () => {
    let line: Awaited<ReturnType<typeof deliveryLine>>;

    beforeEach(async () => {
        line = await deliveryLine({ prefix: 'wa-webhook' });
    });
    afterEach(async () => {
        await line.close();
    });

    async function inboxCount(): Promise<number> {
        return line.store.count('conversations', { where: [{ field: 'kind', op: '=', value: 'inbox' }] });
    }

    it('answers the subscription handshake with the challenge, and 403 to a wrong token', async () => {
        const ok = await get(`${line.server.url}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${VERIFY_TOKEN}`);
        expect(ok).to.deep.equal({ status: 200, body: '1158201444' });
        const wrong = await get(`${line.server.url}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=nope`);
        expect(wrong.status).to.equal(403);
    });

    it('refuses a forged or missing signature with 401 and stores nothing', async () => {
        const body = webhookBody([[{ from: '5493834000001', id: 'wamid.forged', text: 'hola' }]]);
        const forged = await post(line.server.url, body, { signature: 'sha256=' + 'ab'.repeat(32) });
        const missing = await post(line.server.url, body, { signature: null });
        expect([forged.status, missing.status]).to.deep.equal([401, 401]);
        expect(await inboxCount()).to.equal(0);
    });

    it('answers 400 with a clear message to a body that is not JSON', async () => {
        const answer = await post(line.server.url, '{"object": "whatsapp_business_account", "entry": [');
        expect(answer.status).to.equal(400);
        expect(JSON.parse(answer.body).error).to.match(/not JSON/);
        expect(await inboxCount()).to.equal(0);
    });

    it('answers 413 to a body above 3 MB, without storing anything', async () => {
        const huge = Buffer.alloc(3 * 1024 * 1024 + 10, 0x20);
        const answer = await post(line.server.url, huge);
        expect(answer.status).to.equal(413);
        expect(await inboxCount()).to.equal(0);
    });

    it('answers 413 to a streamed (chunked) body as soon as it passes 3 MB', async () => {
        const http = await import('http');
        const status = await new Promise<number>((resolve, reject) => {
            const req = http.request(
                line.server.url,
                { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' } },
                (res) => {
                    res.resume();
                    resolve(res.statusCode ?? 0);
                }
            );
            req.on('error', reject);
            const chunk = Buffer.alloc(256 * 1024, 0x20);
            let sent = 0;
            const writeMore = (): void => {
                // Keep streaming until the server answers; never more than 8 MB.
                while (sent < 8 * 1024 * 1024) {
                    sent += chunk.length;
                    if (!req.write(chunk)) {
                        req.once('drain', writeMore);
                        return;
                    }
                }
                req.end();
            };
            writeMore();
        });
        expect(status).to.equal(413);
        expect(await inboxCount()).to.equal(0);
    });

    it('records a message delivered three times once, and the bot answers it once', async () => {
        const bot = new EchoBot();
        await line.adapter.start(bot.logic);
        const body = webhookBody([[{ from: '5493834000001', id: 'wamid.same', text: 'hay un incendio' }]]);
        const answers = [await post(line.server.url, body), await post(line.server.url, body), await post(line.server.url, body)];
        expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 200]);
        await waitFor('the reply', () => line.repliesTo('5493834000001').length === 1);
        await line.adapter.whenIdle();
        expect(bot.turns).to.have.length(1);
        expect(line.repliesTo('5493834000001')).to.deep.equal(['eco: hay un incendio']);
        expect(await inboxCount()).to.equal(1);
    });

    it('records every message of every entry of one POST before answering 200', async () => {
        const body = webhookBody([
            [
                { from: '5493834000001', id: 'wamid.a1', text: 'a1' },
                { from: '5493834000002', id: 'wamid.b1', text: 'b1' },
                { from: '5493834000001', id: 'wamid.a2', text: 'a2' }
            ],
            [
                { from: '5493834000002', id: 'wamid.b2', text: 'b2' },
                { from: '5493834000001', id: 'wamid.a3', text: 'a3' }
            ]
        ]);
        // Not started: the 200 alone must mean "recorded".
        expect((await post(line.server.url, body)).status).to.equal(200);
        const recorded = await line.store.query<InboxEntry>('conversations', {
            where: [{ field: 'kind', op: '=', value: 'inbox' }],
            orderBy: [{ field: 'seq', direction: 'asc' }]
        });
        expect(recorded.map((d) => d.value.message.wamid)).to.deep.equal(['wamid.a1', 'wamid.b1', 'wamid.a2', 'wamid.b2', 'wamid.a3']);
        expect(recorded.every((d) => d.value.status === 'pending')).to.equal(true);

        const bot = new EchoBot();
        await line.adapter.start(bot.logic);
        await waitFor('all replies', () => line.peer.peer.sent().length === 5);
        expect(bot.textsOf('5493834000001')).to.deep.equal(['a1', 'a2', 'a3']);
        expect(bot.textsOf('5493834000002')).to.deep.equal(['b1', 'b2']);
        expect(line.repliesTo('5493834000001')).to.deep.equal(['eco: a1', 'eco: a2', 'eco: a3']);
    });

    it('records more messages from one citizen than one batch takes (Meta sends up to 1000 per POST), in order', async () => {
        const citizen = '5493834000004';
        const messages = Array.from({ length: 250 }, (_, i) => ({ from: citizen, id: `wamid.many${i}`, text: `m${i}` }));
        const body = webhookBody([messages.slice(0, 150), messages.slice(150)]);
        expect((await post(line.server.url, body)).status).to.equal(200);
        const recorded = await line.store.query<InboxEntry>('conversations', {
            where: [{ field: 'kind', op: '=', value: 'inbox' }],
            orderBy: [{ field: 'seq', direction: 'asc' }]
        });
        expect(recorded.map((d) => d.value.message.wamid)).to.deep.equal(messages.map((m) => m.id));
        // Delivered again: every one is a duplicate, nothing recorded twice, still 200.
        expect((await post(line.server.url, body)).status).to.equal(200);
        expect(await inboxCount()).to.equal(250);

        const bot = new EchoBot();
        await line.adapter.start(bot.logic);
        await waitFor('every turn', () => bot.turns.length === 250, 20_000);
        expect(bot.textsOf(citizen)).to.deep.equal(messages.map((m) => m.text));
    });

    it('runs the recorded messages of a POST whose status update could not be stored (503), without waiting for the retry', async () => {
        await line.close();
        const db = sqliteStore('wa-webhook-status');
        const store = new DiskFullStore(db.store, (collection) => collection === 'messages');
        store.full = true;
        line = await deliveryLine({ prefix: 'wa-webhook', store, adapter: { sweepIntervalMs: 3_600_000 } });
        try {
            const bot = new EchoBot();
            await line.adapter.start(bot.logic);
            const body = webhookBody(
                [[{ from: '5493834000005', id: 'wamid.withstatus', text: 'hay humo' }]],
                [{ id: 'wamid.out9', status: 'delivered', timestamp: '1764331300', recipient_id: '5493834000005' }]
            );
            expect((await post(line.server.url, body)).status).to.equal(503);
            await waitFor('the turn', () => bot.turns.length === 1);
            expect(bot.textsOf('5493834000005')).to.deep.equal(['hay humo']);
        } finally {
            await line.close();
            await db.store.close();
            db.remove();
            line = await deliveryLine({ prefix: 'wa-webhook' });
        }
    });

    it('skips a status whose time is beyond what a date can hold, and applies its neighbours (200, not 503 forever)', async () => {
        const body = statusBody([
            { id: 'wamid.t1', status: 'delivered', timestamp: 1764331300 },
            { id: 'wamid.t2', status: 'read', timestamp: Number('9'.repeat(20)) },
            { id: 'wamid.t3', status: 'read', timestamp: 1764331301 }
        ]);
        expect((await post(line.server.url, body)).status).to.equal(200);
        const states = await Promise.all(['wamid.t1', 'wamid.t2', 'wamid.t3'].map((id) => line.store.get<DeliveryStateDoc>('messages', id, id)));
        expect(states.map((s) => s?.value.status)).to.deep.equal(['delivered', undefined, 'read']);
    });

    it('moves delivery states forward only: a late "delivered" after "read" stays read, "failed" is final', async () => {
        const post1 = statusBody([
            { id: 'wamid.out1', status: 'read', timestamp: 100 },
            { id: 'wamid.out2', status: 'failed', timestamp: 100, errors: [{ code: 131026, title: 'Message undeliverable' }] }
        ]);
        expect((await post(line.server.url, post1)).status).to.equal(200);
        const post2 = statusBody([
            { id: 'wamid.out1', status: 'delivered', timestamp: 99 },
            { id: 'wamid.out2', status: 'read', timestamp: 101 }
        ]);
        expect((await post(line.server.url, post2)).status).to.equal(200);
        const out1 = await line.store.get<DeliveryStateDoc>('messages', 'wamid.out1', 'wamid.out1');
        const out2 = await line.store.get<DeliveryStateDoc>('messages', 'wamid.out2', 'wamid.out2');
        expect(out1?.value.status).to.equal('read');
        expect(out2?.value.status).to.equal('failed');
        expect(out2?.value.error?.code).to.equal(131026);
    });

    it('follows a sent reply through the statuses WhatsApp reports for it', async () => {
        await line.close();
        let webhookUrl = '';
        line = await deliveryLine({ prefix: 'wa-webhook' });
        // The peer reports sent/delivered/read of what it accepted as Meta would: signed status webhooks.
        line.peer.peer.on('message', (message: { wamid: string }) => {
            for (const [step, status] of ['sent', 'delivered', 'read'].entries()) {
                setTimeout(
                    () => void post(webhookUrl, statusBody([{ id: message.wamid, status, timestamp: 200 + step }])).catch(() => undefined),
                    step * 20
                );
            }
        });
        webhookUrl = line.server.url;
        await line.adapter.start(new EchoBot().logic);
        await post(line.server.url, webhookBody([[{ from: '5493834000003', id: 'wamid.c1', text: 'hola' }]]));
        const sent = await waitFor('the reply', () => line.peer.peer.sent()[0]);
        const state = await waitFor('read state', async () => {
            const doc = await line.store.get<DeliveryStateDoc>('messages', sent.wamid, sent.wamid);
            return doc?.value.status === 'read' && doc.value.citizenKey ? doc.value : undefined;
        });
        expect(state).to.include({ citizenKey: '5493834000003', origin: 'bot', status: 'read' });
        expect(Object.keys(state.at)).to.include.members(['accepted', 'sent', 'delivered', 'read']);
    });
});
