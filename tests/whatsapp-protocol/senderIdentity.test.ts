import { expect } from 'chai';
import { Writable } from 'stream';
import { createLogger } from '../../common/logger';
import { InboxEntry } from '../../adapters/whatsapp/inbox';
import { WhatsAppAdapter } from '../../adapters/whatsapp/whatsAppAdapter';
import { WhatsAppWebhook } from '../../adapters/whatsapp/whatsAppWebhook';
import {
    APP_SECRET,
    EchoBot,
    PHONE_NUMBER_ID,
    VERIFY_TOKEN,
    graphPeer,
    post,
    sqliteStore,
    waitFor,
    webhookServer
} from '../whatsapp-delivery/harness';

/** Every log line the line writes, parsed (pino's JSON, one object a line). */
function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: Record<string, any>[]; text: () => string } {
    const chunks: string[] = [];
    const stream = new Writable({
        write(chunk, _encoding, callback) {
            chunks.push(String(chunk));
            callback();
        }
    });
    const logger = createLogger({ level: 'debug', destination: stream });
    const text = (): string => chunks.join('');
    return {
        logger,
        text,
        get lines() {
            return text()
                .split('\n')
                .filter((line) => line.trim() !== '')
                .map((line) => JSON.parse(line) as Record<string, any>);
        }
    };
}

/** The line's webhook, adapter and an echo bot on 127.0.0.1, logging to memory. */
async function lineWithLogs() {
    const db = sqliteStore('wa-identity');
    const logs = capturingLogger();
    const peer = await graphPeer();
    const adapter = new WhatsAppAdapter({
        store: db.store,
        graph: peer.graph,
        logger: logs.logger,
        botId: 'linea-bot',
        phoneNumberId: PHONE_NUMBER_ID,
        turnRetryDelayMs: 50
    });
    const webhook = new WhatsAppWebhook({
        store: db.store,
        logger: logs.logger,
        appSecret: APP_SECRET,
        verifyToken: VERIFY_TOKEN,
        processor: adapter
    });
    const server = await webhookServer(webhook);
    const bot = new EchoBot();
    await adapter.start(bot.logic);
    return {
        db,
        logs,
        peer,
        adapter,
        server,
        bot,
        async close() {
            await adapter.stop(5000);
            await server.close();
            await peer.close();
            await db.store.close();
            db.remove();
        }
    };
}

const LONG = '5'.repeat(5000);
const CRLF = '5493834000102\r\nX-Forwarded-For: 10.0.0.1';

/** Senders no WhatsApp user can have: each in `from`, in `from_user_id`, or reached through the matching contact. */
const FORGED: { name: string; message: Record<string, unknown>; contact: Record<string, unknown>; value: string }[] = [
    ...['../../etc/passwd', '<script>alert(1)</script>', LONG, '__proto__', CRLF].map((from) => ({
        name: `from ${JSON.stringify(from.slice(0, 30))}`,
        message: { from },
        contact: { wa_id: from },
        value: from
    })),
    ...['../../etc/passwd', '<script>', `AR.${'A'.repeat(5000)}`, '__proto__', 'AR.123\r\nforged', 'ar.1234567890', 'AR.12-34'].map((userId) => ({
        name: `from_user_id ${JSON.stringify(userId.slice(0, 30))}`,
        message: { from_user_id: userId },
        contact: { user_id: userId },
        value: userId
    })),
    // A good `from` whose contact carries a BSUID that is not one, and a good BSUID whose contact carries a bad wa_id.
    {
        name: 'contacts[].user_id "__proto__"',
        message: { from: '5493834000103' },
        contact: { wa_id: '5493834000103', user_id: '__proto__' },
        value: '__proto__'
    },
    {
        name: 'contacts[].wa_id "<script>"',
        message: { from_user_id: 'AR.5550001' },
        contact: { user_id: 'AR.5550001', wa_id: '<script>' },
        value: '<script>'
    }
];

describe('WhatsApp webhook: senders that are not a phone number or a BSUID, on real HTTP', function () {
    this.timeout(60_000);
    let line: Awaited<ReturnType<typeof lineWithLogs>>;

    beforeEach(async () => (line = await lineWithLogs()));
    afterEach(async () => line.close());

    it('refuses each one (logged short and escaped, never stored nor answered), and still records and answers the rest of the POST with 200', async () => {
        const good = [
            {
                message: { from: '5493834000101', id: 'wamid.good-first', type: 'text', text: { body: 'hola, primero' } },
                contact: { wa_id: '5493834000101' }
            },
            {
                message: { from_user_id: 'AR.1234567890', id: 'wamid.good-bsuid', type: 'text', text: { body: 'hola, sin número' } },
                contact: { user_id: 'AR.1234567890' }
            },
            {
                message: {
                    from: '5493834000104',
                    from_user_id: 'US.13491208655302741918',
                    id: 'wamid.good-last',
                    type: 'text',
                    text: { body: 'hola, último' }
                },
                contact: { wa_id: '5493834000104', user_id: 'US.13491208655302741918' }
            }
        ];
        const forged = FORGED.map((f, i) => ({ ...f, message: { ...f.message, id: `wamid.forged-${i}`, type: 'text', text: { body: 'hola' } } }));
        // The good ones first, in the middle and last: a refusal must not take its neighbours with it.
        const all = [good[0], ...forged.slice(0, 7), good[1], ...forged.slice(7), good[2]];
        const body = JSON.stringify({
            object: 'whatsapp_business_account',
            entry: [
                {
                    id: 'WABA',
                    changes: [
                        {
                            field: 'messages',
                            value: {
                                messaging_product: 'whatsapp',
                                metadata: { display_phone_number: '543834090909', phone_number_id: PHONE_NUMBER_ID },
                                contacts: all.map((m) => ({ profile: { name: 'Vecino' }, ...m.contact })),
                                messages: all.map((m) => ({ timestamp: '1764331200', ...m.message }))
                            }
                        }
                    ]
                }
            ]
        });

        const answer = await post(line.server.url, body);
        expect(answer.status, answer.body).to.equal(200);
        expect(JSON.parse(answer.body)).to.include({ received: 3 });

        // Answered 200 only once recorded: what is in the inbox now is all that ever will be.
        const inbox = await line.db.store.query<InboxEntry>('conversations', { where: [{ field: 'kind', op: '=', value: 'inbox' }] });
        expect(inbox.map((d) => d.value.message.wamid).sort()).to.deep.equal(['wamid.good-bsuid', 'wamid.good-first', 'wamid.good-last']);
        expect(inbox.map((d) => d.value.citizenKey).sort()).to.deep.equal(['5493834000101', '5493834000104', 'AR.1234567890']);

        // The three good ones are answered, each where it belongs (the BSUID through `recipient`); nobody else is.
        await waitFor('the three answers', () => line.peer.peer.sent().length >= 3);
        const sent = line.peer.peer.sent();
        expect(sent.map((m) => m.recipient).sort()).to.deep.equal(['5493834000101', '5493834000104', 'AR.1234567890']);
        expect(sent.find((m) => m.recipient === 'AR.1234567890')).to.include({ recipientKind: 'bsuid', dropped: false });
        expect(line.bot.turns.map((t) => t.citizenKey).sort()).to.deep.equal(['5493834000101', '5493834000104', 'AR.1234567890']);

        // Each refusal is logged with its wamid and why, the sender's value cut short and escaped.
        const skipped = line.logs.lines.filter((l) => /part of the update skipped/.test(l.msg));
        expect(skipped.map((l) => l.id).sort()).to.deep.equal(forged.map((f) => f.message.id).sort());
        for (const entry of skipped) {
            expect(entry.level, 'a warning').to.equal(40);
            expect(entry.reason).to.match(
                /^(from|from_user_id|contacts\[\]\.(wa_id|user_id)) is not (a WhatsApp phone number|a business-scoped user id)/
            );
            expect(entry.reason.length, entry.reason).to.be.below(200);
            expect(entry.reason, 'no control character, no markup').not.to.match(/[\u0000-\u001f\u007f<>]/);
        }
        const reasonOf = (id: string): string => skipped.find((l) => l.id === id)!.reason;
        expect(reasonOf('wamid.forged-1')).to.contain('\\u003cscript\\u003e');
        expect(reasonOf('wamid.forged-2')).to.contain('…(5000 characters)');
        expect(reasonOf('wamid.forged-4')).to.contain('\\u000d\\u000a');
        const everything = line.logs.text();
        expect(everything, 'the 5,000-character sender is never logged whole').not.to.contain('5'.repeat(100));
        expect(everything).not.to.contain('A'.repeat(100));
        expect(everything, 'no markup reaches the logs').not.to.contain('<script');
    });

    it("answers 200 to a message whose type names one of Object's members (__proto__, constructor), and processes its neighbours", async () => {
        const body = JSON.stringify({
            object: 'whatsapp_business_account',
            entry: [
                {
                    id: 'WABA',
                    changes: [
                        {
                            field: 'messages',
                            value: {
                                messaging_product: 'whatsapp',
                                metadata: { display_phone_number: '543834090909', phone_number_id: PHONE_NUMBER_ID },
                                contacts: [
                                    { profile: { name: 'Vecino' }, wa_id: '5493834000111' },
                                    { profile: { name: 'Vecina' }, wa_id: '5493834000112' }
                                ],
                                messages: [
                                    { from: '5493834000111', id: 'wamid.proto', timestamp: '1764331200', type: '__proto__' },
                                    {
                                        from: '5493834000111',
                                        id: 'wamid.constructor',
                                        timestamp: '1764331201',
                                        type: 'constructor',
                                        constructor: { body: 'x' }
                                    },
                                    { from: '5493834000112', id: 'wamid.after', timestamp: '1764331200', type: 'text', text: { body: 'hola' } }
                                ]
                            }
                        }
                    ]
                }
            ]
        });
        const answer = await post(line.server.url, body);
        expect(answer.status, answer.body).to.equal(200);
        await waitFor('the text is answered', () => line.peer.peer.sent().some((m) => m.recipient === '5493834000112'));
        expect(line.bot.textsOf('5493834000112')).to.deep.equal(['hola']);
    });

    it('keeps serving citizens with real numbers and BSUIDs of every documented shape', async () => {
        const senders = [
            '5493834123456',
            '16505551234',
            '6831234',
            '999999999999999',
            'AR.1234567890',
            'US.13491208655302741918',
            `BR.${'a1B2'.repeat(32)}`
        ];
        const body = JSON.stringify({
            object: 'whatsapp_business_account',
            entry: [
                {
                    id: 'WABA',
                    changes: [
                        {
                            field: 'messages',
                            value: {
                                messaging_product: 'whatsapp',
                                metadata: { display_phone_number: '543834090909', phone_number_id: PHONE_NUMBER_ID },
                                contacts: senders.map((s) => ({ profile: { name: 'Vecino' }, ...(s.includes('.') ? { user_id: s } : { wa_id: s }) })),
                                messages: senders.map((s, i) => ({
                                    ...(s.includes('.') ? { from_user_id: s } : { from: s }),
                                    id: `wamid.real-${i}`,
                                    timestamp: '1764331200',
                                    type: 'text',
                                    text: { body: 'hola' }
                                }))
                            }
                        }
                    ]
                }
            ]
        });
        const answer = await post(line.server.url, body);
        expect(answer.status).to.equal(200);
        expect(JSON.parse(answer.body)).to.include({ received: senders.length });
        await waitFor('an answer to each', () => line.peer.peer.sent().length >= senders.length);
        expect(
            line.peer.peer
                .sent()
                .map((m) => m.recipient)
                .sort()
        ).to.deep.equal([...senders].sort());
    });
});
