import { expect } from 'chai';
import { TokenBucket } from '../../adapters/whatsapp/rateLimiter';
import type { FanOutEnd } from '../../alerts/broadcastFanOut';
import { BroadcastRepository } from '../../alerts/broadcastRepository';
import { ManualClock } from '../whatsapp-delivery/harness';
import { AlertHarness, DEPT, inAnHour } from './support/alertHarness';

const ALERT = { level: 'rojo' as const, phenomenon: 'Tormenta fuerte', text: 'Granizo y ráfagas. Permanezca bajo techo.', validUntil: inAnHour() };
const SUBSCRIBERS = 40;
/** Sends in flight at once; the fan-out claims one record at a time at this size, so all of them end up waiting. */
const CONCURRENCY = 4;
/** The number's tokens at the start: that many alerts go out, then every send in flight waits for the next token. */
const BURST = 2;
const CONVERSATIONS = 5;

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The phone number's budget on a clock only the test moves: once the burst is spent, no token comes unless the test
 * gives time, so what waits for one, and who gets the next ones, is exact.
 */
function numberBudget(): { clock: ManualClock; bucket: TokenBucket } {
    const clock = new ManualClock();
    return { clock, bucket: new TokenBucket({ ratePerSecond: 10, burst: BURST, clock }) };
}

/** Citizens' replies waiting for the number's tokens; `served` counts those that got one. */
function conversationsWaiting(bucket: TokenBucket, count: number): { served: number } {
    const replies = { served: 0 };
    for (let i = 0; i < count; i++) void bucket.take('conversation').then(() => replies.served++);
    return replies;
}

/** Gives the number `tokens` tokens' worth of time (10/s), one at a time. */
async function giveTokens(clock: ManualClock, tokens: number): Promise<void> {
    for (let i = 0; i < tokens; i++) {
        clock.advance(100);
        await settle();
    }
}

describe("Weather alerts: a broadcast cancelled while its sends wait for the phone number's tokens", function () {
    this.timeout(30_000);
    let h: AlertHarness | undefined;
    let budget: ReturnType<typeof numberBudget>;
    beforeEach(() => {
        budget = numberBudget();
    });
    afterEach(async () => {
        // Whatever still waits for a token (a failure) is served, so that stopping the fan-out does not hang.
        for (let i = 0; i < 100 && budget.bucket.waiting > 0; i++) await giveTokens(budget.clock, 10);
        await h?.close();
        h = undefined;
    });

    async function broadcastWaitingForTokens(): Promise<string> {
        h = await AlertHarness.start({ concurrency: CONCURRENCY }, { numberBucket: budget.bucket });
        await h.subscribe('5493835100', SUBSCRIBERS, [DEPT.tinogasta]);
        const broadcast = (await h.alerts.service.create({ ...ALERT, departments: [DEPT.tinogasta] }, { source: 'api', by: 'supervisora' }))!;
        await h.waitFor(
            'the burst sent and every send in flight waiting for a token',
            () => h!.peer.sent().length === BURST && budget.bucket.waiting === CONCURRENCY
        );
        return broadcast.id;
    }

    /** `done` is the fan-out's end, asked for before the cancel (once it ended, whenDone() no longer knows it). */
    async function expectNothingMoreSentAndTheTokensToConversations(
        id: string,
        done: Promise<FanOutEnd | undefined>,
        replies: { served: number }
    ): Promise<void> {
        expect(await done).to.equal('cancelled');
        await giveTokens(budget.clock, CONVERSATIONS);
        expect(replies.served, "citizens' replies served by as many tokens").to.equal(CONVERSATIONS);
        expect(budget.bucket.waiting).to.equal(0);
        expect(h!.peer.sent(), 'alerts sent: only the burst, before the cancel').to.have.length(BURST);
        const { progress } = await h!.alerts.service.progress(id);
        expect(progress).to.include({ state: 'cancelled', total: SUBSCRIBERS, accepted: BURST, cancelled: SUBSCRIBERS - BURST, pending: 0 });
    }

    it('a cancel here: its waiting sends leave the queue at once, take no token and send nothing; conversations get the tokens', async () => {
        const id = await broadcastWaitingForTokens();
        const replies = conversationsWaiting(budget.bucket, CONVERSATIONS);
        const done = h!.alerts.service.whenDone(id);
        await h!.alerts.service.cancel(id, 'supervisora', 'prueba');
        expect(budget.bucket.waiting, 'waiting for a token right after the cancel').to.equal(CONVERSATIONS);
        await expectNothingMoreSentAndTheTokensToConversations(id, done, replies);
    });

    it('a cancel made on another instance: noticed by the fan-out, its waiting sends leave the queue the same way', async () => {
        const id = await broadcastWaitingForTokens();
        const replies = conversationsWaiting(budget.bucket, CONVERSATIONS);
        const done = h!.alerts.service.whenDone(id);
        // What another instance's cancel leaves in the shared store; this instance is not told.
        await new BroadcastRepository(h!.store).update(id, (b) => ({ ...b, state: 'cancelled', cancelledBy: 'supervisora' }));
        // The fan-out reads its broadcast every second; no token is given meanwhile, so the waiters can only leave by abandoning.
        await h!.waitFor("the cancelled broadcast's sends to leave the queue", () => budget.bucket.waiting === CONVERSATIONS, 5000);
        await expectNothingMoreSentAndTheTokensToConversations(id, done, replies);
    });

    it('many sends waiting at once raise no "possible memory leak" warning (one abort listener each, gone with its token)', async () => {
        const warnings: string[] = [];
        const onWarning = (warning: Error): void => {
            warnings.push(`${warning.name}: ${warning.message}`);
        };
        process.on('warning', onWarning);
        try {
            h = await AlertHarness.start({ concurrency: 16 }, { numberBucket: budget.bucket });
            await h.subscribe('5493835200', SUBSCRIBERS, [DEPT.tinogasta]);
            const broadcast = (await h.alerts.service.create({ ...ALERT, departments: [DEPT.tinogasta] }, { source: 'api', by: 'supervisora' }))!;
            // Node warns past 10 listeners on one signal.
            await h.waitFor('more than 10 sends waiting for a token', () => h!.peer.sent().length === BURST && budget.bucket.waiting > 10);
            const done = h.alerts.service.whenDone(broadcast.id);
            await h.alerts.service.cancel(broadcast.id, 'supervisora');
            expect(await done).to.equal('cancelled');
            await settle(); // warnings are emitted on the next tick
            expect(warnings.filter((warning) => warning.startsWith('MaxListenersExceededWarning'))).to.deep.equal([]);
        } finally {
            process.off('warning', onWarning);
        }
    });
});
