import { getEventListeners } from 'events';
import { expect } from 'chai';
import type { TimerHandle } from '../../common/clock';
import { BULK_SHARE_WHILE_CONVERSATIONS_WAIT, SendLane, TokenBucket } from '../../adapters/whatsapp/rateLimiter';
import { ManualClock } from './harness';

/** Queues `count` takes of `lane` and records, in `served`, the order they get their tokens. */
function queue(bucket: TokenBucket, lane: SendLane, count: number, served: string[]): void {
    for (let i = 0; i < count; i++) void bucket.take(lane).then(() => served.push(`${lane}${i}`));
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('TokenBucket: one phone number, conversations first', () => {
    it('gives conversations four tokens in five while a broadcast waits too, and the broadcast the fifth', async () => {
        const clock = new ManualClock();
        const bucket = new TokenBucket({ ratePerSecond: 10, burst: 1, clock });
        await bucket.take('bulk'); // the burst is spent: from here on, one token every 100 ms
        const served: string[] = [];
        queue(bucket, 'bulk', 10, served);
        queue(bucket, 'conversation', 8, served);
        for (let i = 0; i < 10; i++) {
            clock.advance(100);
            await settle();
        }
        expect(BULK_SHARE_WHILE_CONVERSATIONS_WAIT).to.equal(5);
        expect(served).to.deep.equal([
            'conversation0',
            'conversation1',
            'conversation2',
            'conversation3',
            'bulk0',
            'conversation4',
            'conversation5',
            'conversation6',
            'conversation7',
            'bulk1'
        ]);
    });

    it('gives a broadcast every token when no conversation waits, and keeps each lane first come, first served', async () => {
        const clock = new ManualClock();
        const bucket = new TokenBucket({ ratePerSecond: 10, burst: 1, clock });
        await bucket.take();
        const served: string[] = [];
        queue(bucket, 'bulk', 3, served);
        for (let i = 0; i < 3; i++) {
            clock.advance(100);
            await settle();
        }
        queue(bucket, 'conversation', 2, served);
        for (let i = 0; i < 2; i++) {
            clock.advance(100);
            await settle();
        }
        expect(served).to.deep.equal(['bulk0', 'bulk1', 'bulk2', 'conversation0', 'conversation1']);
    });

    it('never gives out more than its rate, whatever the lanes', async () => {
        const clock = new ManualClock();
        const bucket = new TokenBucket({ ratePerSecond: 20, burst: 20, clock });
        const served: string[] = [];
        queue(bucket, 'bulk', 100, served);
        queue(bucket, 'conversation', 100, served);
        await settle();
        expect(served).to.have.length(20); // the burst
        clock.advance(1000);
        await settle();
        expect(served).to.have.length(40);
    });
});

/** The manual clock, keeping count of the timers set and neither fired nor cleared: an abandoned wait must leave none. */
class TimerCountingClock extends ManualClock {
    readonly pending = new Set<unknown>();

    override setTimer(callback: () => void, delayMs: number): TimerHandle {
        const handle = super.setTimer(() => {
            this.pending.delete(handle.ref);
            callback();
        }, delayMs);
        this.pending.add(handle.ref);
        return handle;
    }

    override clearTimer(handle: TimerHandle): void {
        this.pending.delete(handle.ref);
        super.clearTimer(handle);
    }
}

/** Queues `count` takes of `lane` that `signal` may abandon; records in `served` who got a token and who gave up. */
function queueAbandonable(bucket: TokenBucket, name: string, lane: SendLane, count: number, signal: AbortSignal, served: string[]): void {
    for (let i = 0; i < count; i++) {
        bucket.take(lane, signal).then(
            () => served.push(`${name}${i}`),
            (error: Error) => served.push(`${name}${i} ${error.name}`)
        );
    }
}

describe('TokenBucket: a wait abandoned by its AbortSignal (a cancelled broadcast)', () => {
    it('leaves the queue at once and takes no token: the waiters behind it, conversations and another broadcast, get the tokens', async () => {
        const clock = new ManualClock();
        const bucket = new TokenBucket({ ratePerSecond: 10, burst: 1, clock });
        await bucket.take('bulk');
        const served: string[] = [];
        const cancelled = new AbortController();
        queueAbandonable(bucket, 'cancelled', 'bulk', 3, cancelled.signal, served);
        queue(bucket, 'bulk', 2, served); // another broadcast, behind the cancelled one
        queue(bucket, 'conversation', 5, served);
        expect(bucket.waiting).to.equal(10);

        cancelled.abort();
        expect(bucket.waiting, 'waiting right after the abort').to.equal(7);
        await settle();
        expect(served).to.deep.equal(['cancelled0 AbortError', 'cancelled1 AbortError', 'cancelled2 AbortError']);
        for (let i = 0; i < 7; i++) {
            clock.advance(100);
            await settle();
        }
        expect(served.slice(3)).to.deep.equal([
            'conversation0',
            'conversation1',
            'conversation2',
            'conversation3',
            'bulk0',
            'conversation4',
            'bulk1'
        ]);
    });

    it('leaves nothing behind: no queue entry, no timer, no listener on the signal', async () => {
        const clock = new TimerCountingClock();
        const bucket = new TokenBucket({ ratePerSecond: 10, burst: 1, clock });
        await bucket.take('bulk');
        const served: string[] = [];
        const cancelled = new AbortController();
        queueAbandonable(bucket, 'cancelled', 'bulk', 2, cancelled.signal, served);
        expect(clock.pending.size, 'a timer for the next token').to.equal(1);

        cancelled.abort();
        await settle();
        expect(served).to.deep.equal(['cancelled0 AbortError', 'cancelled1 AbortError']);
        expect(bucket.waiting).to.equal(0);
        expect(clock.pending.size, 'timers left once nobody waits').to.equal(0);
        expect(getEventListeners(cancelled.signal, 'abort')).to.have.length(0);
    });

    it('refuses at once, taking no token, a wait whose signal is already aborted', async () => {
        const clock = new ManualClock();
        const bucket = new TokenBucket({ ratePerSecond: 10, burst: 1, clock });
        const served: string[] = [];
        queueAbandonable(bucket, 'cancelled', 'bulk', 1, AbortSignal.abort(), served);
        expect(bucket.waiting).to.equal(0);
        queue(bucket, 'conversation', 1, served);
        await settle();
        expect(served, 'the burst token went to the conversation').to.deep.equal(['cancelled0 AbortError', 'conversation0']);
    });

    it('ignores an abort after the token was granted: the token stays spent, nobody else is refused, no listener stays', async () => {
        const clock = new ManualClock();
        const bucket = new TokenBucket({ ratePerSecond: 10, burst: 1, clock });
        const served: string[] = [];
        const broadcast = new AbortController();
        queueAbandonable(bucket, 'granted', 'bulk', 2, broadcast.signal, served); // one at once (the burst), one queued
        await settle();
        clock.advance(100);
        await settle();
        expect(served).to.deep.equal(['granted0', 'granted1']);
        expect(getEventListeners(broadcast.signal, 'abort'), 'listeners left once both were granted').to.have.length(0);

        broadcast.abort();
        queue(bucket, 'conversation', 1, served);
        await settle();
        expect(served, 'no token given back by the abort').to.deep.equal(['granted0', 'granted1']);
        expect(bucket.waiting).to.equal(1);
        clock.advance(100);
        await settle();
        expect(served).to.deep.equal(['granted0', 'granted1', 'conversation0']);
    });
});
