import * as http from 'http';
import type { AddressInfo } from 'net';
import { expect } from 'chai';
import { systemClock, Clock } from '../../common/clock';
import { ConversationLeases } from '../../adapters/whatsapp/conversationLease';
import { DeliveryStateDoc, applyStatusUpdate } from '../../adapters/whatsapp/deliveryStates';
import { conversationPartition } from '../../adapters/whatsapp/inbox';
import { GraphClient } from '../../adapters/whatsapp/graphClient';
import { MessageSender } from '../../adapters/whatsapp/cloudMessageSender';
import { OutboxSender, OutboxSenderOptions } from '../../adapters/whatsapp/outbox';
import { OutboxEntry, OutboxError, outboxWrites } from '../../adapters/whatsapp/outboxEntry';
import { TokenBucket } from '../../adapters/whatsapp/rateLimiter';
import { Writable } from 'stream';
import { createLogger } from '../../common/logger';
import { StoredDocument } from '../../storage/documentStore';
import { InstrumentedDocumentStore } from '../../storage/instrumentedStore';
import { ACCESS_TOKEN, DiskFullStore, ManualClock, PHONE_NUMBER_ID, graphPeer, logger, seededRandom, sqliteStore, waitFor } from './harness';

const ANA = '5493834000021';
const BETO = '5493834000022';
const CARLA = '5493834000023';

describe('WhatsApp delivery: the outbox', () => {
    let db: ReturnType<typeof sqliteStore>;
    let peer: Awaited<ReturnType<typeof graphPeer>>;
    const senders: OutboxSender[] = [];
    let finalFailures: { entry: StoredDocument<OutboxEntry>; error: OutboxError }[];

    beforeEach(async () => {
        db = sqliteStore('wa-outbox');
        peer = await graphPeer({ random: seededRandom(7) });
        finalFailures = [];
    });
    afterEach(async () => {
        for (const sender of senders.splice(0)) await sender.stop(2000);
        await peer.close();
        await db.store.close();
        db.remove();
    });

    function newSender(clock: Clock = systemClock, options: Partial<OutboxSenderOptions> = {}): OutboxSender {
        const sender = new OutboxSender({
            store: db.store,
            sender: peer.graph,
            logger,
            clock,
            leases: new ConversationLeases({ store: db.store, logger, owner: `test-${senders.length}`, clock }),
            retry: { baseDelayMs: 5, maxDelayMs: 20 },
            random: seededRandom(3),
            onFinalFailure: (entry, error) => {
                finalFailures.push({ entry, error });
            },
            ...options
        });
        senders.push(sender);
        return sender;
    }

    /** Puts texts in a citizen's outbox as a committed turn would. */
    async function enqueue(citizenKey: string, turnSeq: string, texts: string[], clock: Clock = systemClock): Promise<void> {
        const writes = outboxWrites(
            citizenKey,
            turnSeq,
            texts.map((body) => ({ message: { type: 'text' as const, text: { body, preview_url: false } }, origin: 'bot' as const })),
            new Date(clock.now()).toISOString()
        );
        await db.store.putBatch('conversations', conversationPartition(citizenKey), writes);
    }

    function textsSentTo(phone: string): string[] {
        return peer.peer
            .sent()
            .filter((m) => m.recipient === phone)
            .map((m) => (m.body.text as { body: string }).body);
    }

    async function entries(citizenKey: string): Promise<OutboxEntry[]> {
        const docs = await db.store.query<OutboxEntry>('conversations', {
            partitionKey: conversationPartition(citizenKey),
            where: [{ field: 'kind', op: '=', value: 'outbox' }],
            orderBy: [{ field: 'seq', direction: 'asc' }]
        });
        return docs.map((d) => d.value);
    }

    it('delivers everything despite retryable faults, in order per citizen, and records each wamid', async () => {
        peer.peer.injectFaults({ errorRate: 0.35, codes: [131000, 130429, 131016, 4, 80007] });
        const sender = newSender();
        const texts = (who: string) => Array.from({ length: 6 }, (_, i) => `${who} ${i + 1}`);
        await enqueue(ANA, 't1', texts('ana'));
        await enqueue(BETO, 't1', texts('beto'));
        await enqueue(CARLA, 't1', texts('carla'));
        await sender.start();
        await waitFor('18 messages', () => peer.peer.sent().length === 18, 15000);
        // Graph accepted the last one a moment before its entry is written "sent".
        await waitFor('18 entries sent', async () => (await Promise.all([ANA, BETO, CARLA].map(entries))).flat().every((e) => e.status === 'sent'));
        expect(textsSentTo(ANA)).to.deep.equal(texts('ana'));
        expect(textsSentTo(BETO)).to.deep.equal(texts('beto'));
        expect(textsSentTo(CARLA)).to.deep.equal(texts('carla'));
        const anaEntries = await entries(ANA);
        expect(anaEntries.every((e) => e.wamid)).to.equal(true);
        // Faults really happened (to someone: which citizen meets them depends on how the sends interleave).
        const everyone = [...anaEntries, ...(await entries(BETO)), ...(await entries(CARLA))];
        expect(everyone.some((e) => e.attempts > 1)).to.equal(true);
        const state = await db.store.get<DeliveryStateDoc>('messages', anaEntries[0].wamid!, anaEntries[0].wamid!);
        expect(state?.value).to.include({ citizenKey: ANA, status: 'accepted', origin: 'bot' });
        expect(finalFailures).to.deep.equal([]);
    });

    it('keeps retrying a retryable error however many times it comes back, and delivers the message', async () => {
        // Twelve failures in a row: a count of attempts is no reason to drop a reply to someone in an emergency.
        peer.peer.injectFaults({ nextErrors: Array.from({ length: 12 }, () => 131000) });
        const sender = newSender();
        await enqueue(ANA, 't1', ['después de doce fallas', 'y la siguiente']);
        await sender.start();
        await waitFor('both messages recorded as sent', async () => (await entries(ANA)).every((e) => e.status === 'sent'), 15000);
        expect(textsSentTo(ANA)).to.deep.equal(['después de doce fallas', 'y la siguiente']);
        const [first, second] = await entries(ANA);
        expect(first).to.include({ status: 'sent', attempts: 13 });
        expect(second).to.include({ status: 'sent', attempts: 1 });
        expect(finalFailures).to.deep.equal([]);
    });

    it('gives a retryable error up once the message is older than giveUpAfterMs, and reports it once', async () => {
        peer.peer.injectFaults({ errorRate: 1, codes: [131000] });
        const sender = newSender(systemClock, { giveUpAfterMs: 200 });
        await enqueue(BETO, 't1', ['nunca aceptado']);
        await sender.start();
        await waitFor('the final failure', () => finalFailures.length === 1, 15000);
        await sender.whenIdle();
        const [failed] = await entries(BETO);
        expect(failed.status).to.equal('failed');
        expect(failed.error).to.include({ kind: 'retry', code: 131000 });
        expect(Date.parse(failed.error!.at) - Date.parse(failed.createdAt), 'retried for the whole period').to.be.at.least(200);
        expect(finalFailures).to.have.length(1);
    });

    it('gives a message up after 8 sends that got no answer (Meta may have delivered each), and reports it once', async () => {
        peer.peer.injectFaults({ timeoutRate: 1 });
        const impatient = new GraphClient({ baseUrl: peer.url, accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID, timeoutMs: 150 });
        const sender = newSender(systemClock, { sender: impatient });
        await enqueue(CARLA, 't1', ['sin respuesta']);
        await sender.start();
        await waitFor('the final failure', () => finalFailures.length === 1, 15000);
        const [failed] = await entries(CARLA);
        expect(failed).to.include({ status: 'failed', unanswered: 8 });
        // A loaded machine may not even connect within the timeout: such a try sent nothing and is not counted.
        expect(failed.attempts).to.be.at.least(8);
        expect(failed.error).to.include({ kind: 'unanswered' });
        expect(finalFailures[0].error.kind).to.equal('unanswered');
    });

    it('keeps retrying while Graph cannot be reached at all (nothing was sent), and delivers once it can', async () => {
        const closed = http.createServer();
        await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
        const { port } = closed.address() as AddressInfo;
        await new Promise<void>((resolve) => closed.close(() => resolve()));
        let reachable = false;
        const nowhere = new GraphClient({ baseUrl: `http://127.0.0.1:${port}/v24.0`, accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID });
        const flaky: MessageSender = { sendMessage: (recipient, message) => (reachable ? peer.graph : nowhere).sendMessage(recipient, message) };
        const sender = newSender(systemClock, { sender: flaky });
        await enqueue(ANA, 't1', ['cuando vuelva la red']);
        await sender.start();
        await waitFor('more refusals than unanswered sends are allowed', async () => (await entries(ANA))[0].attempts > 10, 15000);
        reachable = true;
        await waitFor('the message sent', async () => (await entries(ANA))[0].status === 'sent', 15000);
        expect(textsSentTo(ANA)).to.deep.equal(['cuando vuelva la red']);
        expect(finalFailures).to.deep.equal([]);
    });

    it('reports 131047 (outside the 24 h window) to onFinalFailure once and does not retry it', async () => {
        peer.peer.injectFaults({ nextErrors: [131047] });
        const sender = newSender();
        await enqueue(ANA, 't1', ['fuera de ventana', 'siguiente']);
        await sender.start();
        await waitFor('the next message', () => textsSentTo(ANA).length === 1);
        await sender.whenIdle();
        expect(textsSentTo(ANA)).to.deep.equal(['siguiente']);
        expect(finalFailures).to.have.length(1);
        expect(finalFailures[0].error).to.include({ kind: 'window_closed', code: 131047 });
        const [failed] = await entries(ANA);
        expect(failed).to.include({ status: 'failed', attempts: 1 });
    });

    it("reports a status that came before Graph's acceptance was recorded (the webhook could not say whose message it was)", async () => {
        const early: DeliveryStateDoc[] = [];
        // Meta's status webhook wins the race against the outbox's own write: it is applied before sendMessage returns.
        const racing: MessageSender = {
            sendMessage: async (recipient, message) => {
                const answer = await peer.graph.sendMessage(recipient, message);
                await applyStatusUpdate(db.store, {
                    wamid: answer.wamid,
                    status: 'failed',
                    timestamp: Math.floor(Date.now() / 1000),
                    errors: [{ code: 131049, title: 'not delivered' }]
                });
                return answer;
            }
        };
        const sender = newSender(systemClock, {
            sender: racing,
            onEarlyStatus: (state) => {
                early.push(state);
            }
        });
        await enqueue(CARLA, 't1', ['rápido']);
        await sender.start();
        await waitFor('the early status reported', () => early.length === 1);
        const [entry] = await entries(CARLA);
        expect(early[0]).to.include({ status: 'failed', citizenKey: CARLA, outboxId: `out:t1:000`, origin: 'bot' });
        expect(early[0].error).to.include({ code: 131049 });
        expect(entry.wamid).to.equal(early[0].wamid);
    });

    it('marks 131026 (undeliverable) failed without retrying', async () => {
        peer.peer.injectFaults({ nextErrors: [131026] });
        const sender = newSender();
        await enqueue(BETO, 't1', ['no llega']);
        await sender.start();
        await waitFor('the failure', () => finalFailures.length === 1);
        await sender.whenIdle();
        expect(peer.peer.sent()).to.have.length(0);
        const [failed] = await entries(BETO);
        expect(failed).to.include({ status: 'failed', attempts: 1 });
        expect(failed.error).to.include({ kind: 'undeliverable', code: 131026 });
    });

    it('backs off only the citizen hit by the pair rate limit (131056), 4^n seconds, then sends in order', async () => {
        const clock = new ManualClock();
        peer.peer.injectFaults({ nextErrors: [131056] });
        const sender = newSender(clock);
        await enqueue(ANA, 't1', ['ana 1', 'ana 2'], clock);
        sender.notify(ANA);
        const backedOff = await waitFor('the backoff', async () => ((await entries(ANA))[0].attempts === 1 ? (await entries(ANA))[0] : undefined));
        expect(Date.parse(backedOff.nextAttemptAt) - clock.now()).to.equal(4000);

        await enqueue(BETO, 't1', ['beto 1'], clock);
        sender.notify(BETO);
        await waitFor('Beto served meanwhile', () => textsSentTo(BETO).length === 1);
        clock.advance(3999);
        await sender.whenIdle();
        expect(textsSentTo(ANA)).to.deep.equal([]);

        clock.advance(1);
        await waitFor('Ana after her backoff', () => textsSentTo(ANA).length === 2);
        expect(textsSentTo(ANA)).to.deep.equal(['ana 1', 'ana 2']);
    });

    it('never waits past giveUpAfterMs for a retry: the last try comes when the time is up, then the message is given up', async () => {
        const clock = new ManualClock();
        peer.peer.injectFaults({ nextErrors: [131056, 131056, 131056] });
        const sender = newSender(clock, { giveUpAfterMs: 10_000 });
        await enqueue(ANA, 't1', ['limitado'], clock);
        sender.notify(ANA);
        const first = await waitFor('the first backoff', async () => ((await entries(ANA))[0].attempts === 1 ? (await entries(ANA))[0] : undefined));
        expect(Date.parse(first.nextAttemptAt) - clock.now()).to.equal(4000);
        clock.advance(4000);
        const second = await waitFor('the second backoff', async () =>
            (await entries(ANA))[0].attempts === 2 ? (await entries(ANA))[0] : undefined
        );
        expect(Date.parse(second.nextAttemptAt) - clock.now(), '6 s left of the 10, not 4^2 = 16 s').to.equal(6000);
        clock.advance(6000);
        await waitFor('the final failure', () => finalFailures.length === 1);
        expect((await entries(ANA))[0]).to.include({ status: 'failed', attempts: 3 });
    });

    it('resumes after a restart everything left pending, in order', async () => {
        await enqueue(CARLA, 't1', ['uno', 'dos']);
        await enqueue(CARLA, 't2', ['tres']);
        const first = newSender();
        await first.stop(1000); // died before sending anything
        const second = newSender();
        await second.start();
        await waitFor('three messages', () => textsSentTo(CARLA).length === 3);
        expect(textsSentTo(CARLA)).to.deep.equal(['uno', 'dos', 'tres']);
    });

    it('shares one token bucket across citizens: past the burst, sends wait for tokens', async () => {
        const clock = new ManualClock();
        const bucket = new TokenBucket({ ratePerSecond: 2, burst: 2, clock });
        const sender = newSender(clock, { rateLimiter: bucket });
        await enqueue(ANA, 't1', ['a1', 'a2'], clock);
        await enqueue(BETO, 't1', ['b1', 'b2'], clock);
        await sender.start();
        await waitFor('the burst', () => peer.peer.sent().length === 2);
        await waitFor('the others waiting for a token', () => bucket.waiting === 2);
        expect(peer.peer.sent()).to.have.length(2);
        clock.advance(500);
        await waitFor('one more', () => peer.peer.sent().length === 3);
        clock.advance(500);
        await waitFor('all', () => peer.peer.sent().length === 4);
        expect(textsSentTo(ANA)).to.deep.equal(['a1', 'a2']);
        expect(textsSentTo(BETO)).to.deep.equal(['b1', 'b2']);
    });

    it('retries a send whose answer was cut after the headers, instead of waiting for it forever', async () => {
        // Before the fix the cut send never settled: this citizen's drain (and its lease) stayed held for good.
        const clock = new ManualClock();
        peer.peer.injectFaults({ truncatedAnswerRate: 1, truncatedAnswer: 'drop' });
        const sender = newSender(clock, { sweepIntervalMs: 3_600_000 });
        await enqueue(ANA, 't1', ['cortado', 'después'], clock);
        sender.notify(ANA);
        const cut = await waitFor('the cut send recorded', async () =>
            (await entries(ANA))[0].attempts === 1 ? (await entries(ANA))[0] : undefined
        );
        expect(cut).to.include({ status: 'pending', unanswered: 1 });
        expect(cut.error).to.include({ kind: 'retry' });
        peer.peer.injectFaults({});
        clock.advance(1000);
        await waitFor('both sent', async () => (await entries(ANA)).every((e) => e.status === 'sent'));
        expect(textsSentTo(ANA)).to.deep.equal(['cortado', 'después']);
    });

    it('sends, at each sweep, pending entries nobody announced; and sweeps no more after stop()', async () => {
        const clock = new ManualClock();
        const sender = newSender(clock, { sweepIntervalMs: 10_000 });
        await sender.start();
        // Written by an instance that died before it could send (or a commit reported failed that had landed).
        await enqueue(BETO, 't1', ['huérfano'], clock);
        await sender.whenIdle();
        clock.advance(9_999);
        await sender.whenIdle();
        expect(textsSentTo(BETO)).to.deep.equal([]);
        clock.advance(1);
        await waitFor('the sweep sent it', () => textsSentTo(BETO).length === 1);

        await sender.stop(1000);
        await enqueue(CARLA, 't1', ['después del cierre'], clock);
        clock.advance(60_000);
        await new Promise((resolve) => setImmediate(resolve));
        expect(textsSentTo(CARLA)).to.deep.equal([]);
    });

    it("comes back for the rest of a citizen's messages when its lease was lost in the middle of a drain", async () => {
        const clock = new ManualClock();
        let lostRenewals = 0;
        const watched = new InstrumentedDocumentStore(db.store, {
            onOperation: (op, collection, _ms, outcome) => {
                if (op === 'put' && collection === 'leases' && outcome === 'precondition_failed') lostRenewals++;
            }
        });
        const leases = new ConversationLeases({ store: watched, logger, owner: 'test-lost', clock, ttlMs: 30_000 });
        let releaseFirst!: () => void;
        const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
        let calls = 0;
        const holding: MessageSender = {
            sendMessage: async (recipient, message) => {
                if (++calls === 1) await firstHeld;
                return peer.graph.sendMessage(recipient, message);
            }
        };
        const sender = newSender(clock, { sender: holding, leases, sweepIntervalMs: 3_600_000 });
        await enqueue(ANA, 't1', ['uno', 'dos'], clock);
        sender.notify(ANA);
        await waitFor('the first send under way', () => calls === 1);
        // The lease document goes (an operator cleaned it up, another instance took and released it): the renewal a
        // third of the lifetime before expiry finds it gone, and the lease is lost while "uno" is being sent.
        const key = `outbox/${conversationPartition(ANA)}`;
        await db.store.delete('leases', key, key);
        clock.advance(20_000);
        await waitFor('the renewal refused', () => lostRenewals === 1);
        releaseFirst();
        await sender.whenIdle();
        expect(textsSentTo(ANA)).to.deep.equal(['uno']);
        clock.advance(0);
        await waitFor('"dos" sent after the retry', () => textsSentTo(ANA).length === 2);
        expect(textsSentTo(ANA)).to.deep.equal(['uno', 'dos']);
    });

    it('never sends again a message Graph accepted while storage cannot record it: only the write is retried, backing off', async () => {
        const clock = new ManualClock();
        const disk = new DiskFullStore(db.store);
        let fillAfterAccepting = true;
        const filling: MessageSender = {
            sendMessage: async (recipient, message) => {
                const answer = await peer.graph.sendMessage(recipient, message);
                if (fillAfterAccepting) disk.full = true; // the disk fills between Graph's answer and our write
                return answer;
            }
        };
        const sender = newSender(clock, { store: disk, sender: filling, sweepIntervalMs: 3_600_000 });
        await enqueue(ANA, 't1', ['uno', 'dos'], clock);
        sender.notify(ANA);
        await waitFor('the write of "sent" refused', () => disk.refused > 0);
        await sender.whenIdle();
        // The drain is tried again 1, 2, 4, 8 and 16 s after each failure in a row (not every second), writing only.
        for (const waitMs of [1000, 2000, 4000, 8000, 16_000]) {
            const refused = disk.refused;
            clock.advance(waitMs - 1);
            await sender.whenIdle();
            expect(disk.refused, `no retry before ${waitMs} ms`).to.equal(refused);
            clock.advance(1);
            await waitFor(`the retry after ${waitMs} ms`, () => disk.refused > refused);
            await sender.whenIdle();
        }
        expect(peer.peer.sent(), 'sent once, however often the write failed').to.have.length(1);

        disk.full = false;
        fillAfterAccepting = false;
        clock.advance(30_000);
        await waitFor('both recorded as sent', async () => (await entries(ANA)).every((e) => e.status === 'sent'));
        expect(textsSentTo(ANA)).to.deep.equal(['uno', 'dos']);
        const [first] = await entries(ANA);
        expect(first.wamid).to.equal(peer.peer.sent()[0].wamid);
        expect(first.attempts).to.equal(1);
        const state = await db.store.get<DeliveryStateDoc>('messages', first.wamid!, first.wamid!);
        expect(state?.value).to.include({ citizenKey: ANA, outboxId: 'out:t1:000', status: 'accepted' });
    });

    it('keeps a 131056 backoff decided while storage could not record it: no send before the 4 s are up', async () => {
        const clock = new ManualClock();
        const disk = new DiskFullStore(db.store);
        peer.peer.injectFaults({ nextErrors: [131056] });
        const refusedThenFull: MessageSender = {
            sendMessage: async (recipient, message) => {
                try {
                    return await peer.graph.sendMessage(recipient, message);
                } catch (error) {
                    disk.full = true;
                    throw error;
                }
            }
        };
        const sender = newSender(clock, { store: disk, sender: refusedThenFull, sweepIntervalMs: 3_600_000 });
        await enqueue(ANA, 't1', ['limitado'], clock);
        const refusedAt = clock.now();
        sender.notify(ANA);
        await waitFor('the backoff write refused', () => disk.refused > 0);
        await sender.whenIdle();
        disk.full = false;
        clock.advance(1000);
        const backedOff = await waitFor('the backoff written', async () =>
            (await entries(ANA))[0].attempts === 1 ? (await entries(ANA))[0] : undefined
        );
        expect(Date.parse(backedOff.nextAttemptAt) - refusedAt).to.equal(4000);
        await sender.whenIdle();
        clock.advance(2999);
        await sender.whenIdle();
        expect(peer.peer.faultsInjected(), 'asked Graph once').to.equal(1);
        expect(peer.peer.sent()).to.have.length(0);
        clock.advance(1);
        await waitFor('sent when the backoff ended', () => textsSentTo(ANA).length === 1);
    });

    it('logs a message given up on 190 with what the administrator must do about the access token', async () => {
        const lines: string[] = [];
        const capture = new Writable({
            write(chunk, _encoding, done) {
                lines.push(String(chunk));
                done();
            }
        });
        const expired = new GraphClient({ baseUrl: peer.url, accessToken: 'expired-token', phoneNumberId: PHONE_NUMBER_ID });
        const sender = newSender(systemClock, { sender: expired, logger: createLogger({ level: 'error', destination: capture }) });
        await enqueue(CARLA, 't1', ['sin token']);
        await sender.start();
        await waitFor('the final failure', () => finalFailures.length === 1);
        const line = lines.map((l) => JSON.parse(l) as { msg: string; code?: number; error?: string }).find((l) => l.msg.includes('finally failed'));
        expect(line).to.include({ code: 190 });
        expect(line?.error).to.match(/access token is invalid or expired/);
    });
});
