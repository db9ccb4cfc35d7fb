import * as http from 'http';
import type { AddressInfo } from 'net';
import { expect } from 'chai';
import {
    CloudMessageSender,
    CloudMessageSenderOptions,
    MessageSender,
    NO_TRIES_YET,
    SendResult,
    SendTries
} from '../../adapters/whatsapp/cloudMessageSender';
import { DeliveryStateDoc } from '../../adapters/whatsapp/deliveryStates';
import { GraphClient } from '../../adapters/whatsapp/graphClient';
import { recipientFor } from '../../adapters/whatsapp/outboxEntry';
import { TokenBucket } from '../../adapters/whatsapp/rateLimiter';
import { CloudMessage } from '../../adapters/whatsapp/types';
import { AnswerLosingProxy } from './answerLosingProxy';
import { ACCESS_TOKEN, ManualClock, PHONE_NUMBER_ID, graphPeer, sqliteStore } from './harness';

const ANA = '5493834000031';
const TEXT: CloudMessage = { type: 'text', text: { body: 'Recibimos su reporte.', preview_url: false } };
/** Full jitter draws half the ceiling: the n-th retry waits exactly 100 * 2^(n-1) / 2 ms. */
const HALF = (): number => 0.5;

describe('WhatsApp delivery: the sending component (one message, one recipient)', () => {
    let db: ReturnType<typeof sqliteStore>;
    let peer: Awaited<ReturnType<typeof graphPeer>>;
    let clock: ManualClock;

    beforeEach(async () => {
        db = sqliteStore('wa-cloud-sender');
        peer = await graphPeer();
        clock = new ManualClock();
    });
    afterEach(async () => {
        await peer.close();
        await db.store.close();
        db.remove();
    });

    function newSender(options: Partial<CloudMessageSenderOptions> = {}): CloudMessageSender {
        return new CloudMessageSender({
            graph: peer.graph,
            store: db.store,
            buckets: [new TokenBucket({ ratePerSecond: 1000 })],
            retry: { backoff: { baseDelayMs: 100, maxDelayMs: 1000 }, pairBackoffUnitMs: 10, maxPairBackoffs: 2 },
            clock,
            random: HALF,
            ...options
        });
    }

    function send(sender: CloudMessageSender, tries: SendTries = NO_TRIES_YET, retryUntil = clock.now() + 60_000): Promise<SendResult> {
        return sender.send({ recipient: recipientFor(ANA), message: TEXT, tries, retryUntil });
    }

    it('sends, and records the acceptance where the status webhook will look for it', async () => {
        const sender = newSender();
        const result = await send(sender);
        if (result.kind !== 'sent') expect.fail(`expected sent, got ${result.kind}`);
        expect(result.tries).to.deep.equal({ attempts: 1, pairBackoffs: 0, unanswered: 0 });
        expect(peer.peer.sent().map((m) => m.wamid)).to.deep.equal([result.wamid]);

        await sender.recordAcceptance(result.wamid, { citizenKey: ANA, outboxId: 'out:1', origin: 'bot', acceptedAt: result.sentAt });
        const state = await db.store.get<DeliveryStateDoc>('messages', result.wamid, result.wamid);
        expect(state?.value).to.include({ status: 'accepted', citizenKey: ANA, outboxId: 'out:1', origin: 'bot' });
    });

    // One row per answer of Graph: what the component makes of it, with the tries it was given.
    const verdicts: Array<{ answer: string; codes: number[]; tries?: Partial<SendTries>; msLeft?: number; expected: Record<string, unknown> }> = [
        { answer: '429 (130429), first refusal', codes: [130429], expected: { kind: 'retry_later', retryInMs: 50 } },
        { answer: '500 (131000), third refusal', codes: [131000], tries: { attempts: 2 }, expected: { kind: 'retry_later', retryInMs: 200 } },
        { answer: '500 (131000), 30 ms before the deadline', codes: [131000], msLeft: 30, expected: { kind: 'retry_later', retryInMs: 30 } },
        { answer: '500 (131000), past the deadline', codes: [131000], msLeft: 0, expected: { kind: 'given_up', because: 'out_of_time' } },
        { answer: '131056, first pair-rate refusal: 4^1 units', codes: [131056], expected: { kind: 'retry_later', retryInMs: 40 } },
        {
            answer: '131056 past maxPairBackoffs',
            codes: [131056],
            tries: { pairBackoffs: 2 },
            expected: { kind: 'given_up', because: 'pair_rate_limit' }
        },
        { answer: '131026 (undeliverable)', codes: [131026], expected: { kind: 'given_up', because: 'refused' } },
        { answer: '131047 (outside the 24 h window)', codes: [131047], expected: { kind: 'given_up', because: 'refused' } },
        { answer: '131048 (spam limit)', codes: [131048], expected: { kind: 'given_up', because: 'refused' } },
        { answer: '131053 (media), first time: retried once', codes: [131053], expected: { kind: 'retry_later', retryInMs: 100 } },
        { answer: '131053 (media), second time', codes: [131053], tries: { attempts: 1 }, expected: { kind: 'given_up', because: 'refused' } }
    ];
    for (const row of verdicts) {
        it(`judges Graph's answer ${row.answer}`, async () => {
            peer.peer.injectFaults({ nextErrors: row.codes });
            const result = await send(newSender(), { ...NO_TRIES_YET, ...row.tries }, clock.now() + (row.msLeft ?? 60_000));
            expect(result).to.include(row.expected);
            expect(peer.peer.sent(), 'Graph accepted nothing').to.deep.equal([]);
        });
    }

    it('an answer lost after the request reached Graph is of unknown fate: Graph did accept that message', async () => {
        const proxy = await AnswerLosingProxy.listen();
        try {
            const sender = newSender({ graph: proxy.clientFor(peer.url, { accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID }) });
            proxy.loseNextAnswers(1);
            const result = await send(sender);
            expect(result).to.include({ kind: 'unknown_fate', retryInMs: 50 });
            expect((result as { tries: SendTries }).tries).to.deep.equal({ attempts: 1, pairBackoffs: 0, unanswered: 1 });
            expect(peer.peer.sent(), 'the peer has it').to.have.length(1);
        } finally {
            await proxy.close();
        }
    });

    it('a send that never left the machine (Graph unreachable) is an ordinary retry, not of unknown fate', async () => {
        const closed = http.createServer();
        await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
        const { port } = closed.address() as AddressInfo;
        await new Promise<void>((resolve) => closed.close(() => resolve()));
        const nowhere = new GraphClient({ baseUrl: `http://127.0.0.1:${port}/v24.0`, accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID });
        const result = await send(newSender({ graph: nowhere }));
        expect(result).to.include({ kind: 'retry_later', retryInMs: 50 });
        expect((result as { tries: SendTries }).tries.unanswered).to.equal(0);
    });

    it('a stop while waiting for a token: the send leaves the queue, takes no token and sends nothing', async () => {
        const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1, clock });
        await bucket.take();
        const stop = new AbortController();
        const sending = newSender({ buckets: [bucket], lane: 'bulk' }).send({
            recipient: recipientFor(ANA),
            message: TEXT,
            tries: NO_TRIES_YET,
            retryUntil: clock.now() + 60_000,
            signal: stop.signal
        });
        expect(bucket.waiting, 'waiting for its token').to.equal(1);
        stop.abort();
        expect(await sending).to.deep.equal({ kind: 'not_sent', reason: 'stopped' });
        expect(bucket.waiting).to.equal(0);
        expect(peer.peer.sent()).to.deep.equal([]);
    });

    it('asks the caller right before the send, and sends nothing when told not to', async () => {
        const asked: string[] = [];
        const counting: MessageSender = {
            sendMessage: (recipient, message) => {
                asked.push('send');
                return peer.graph.sendMessage(recipient, message);
            }
        };
        const result = await newSender({ graph: counting }).send({
            recipient: recipientFor(ANA),
            message: TEXT,
            tries: NO_TRIES_YET,
            retryUntil: clock.now() + 60_000,
            withhold: () => {
                asked.push('withhold?');
                return Promise.resolve('not_subscribed');
            }
        });
        expect(result).to.deep.equal({ kind: 'not_sent', reason: 'not_subscribed' });
        expect(asked).to.deep.equal(['withhold?']);
        expect(peer.peer.sent()).to.deep.equal([]);
    });
});
