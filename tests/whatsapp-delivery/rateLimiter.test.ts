import { expect } from 'chai';
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
            'conversation0', 'conversation1', 'conversation2', 'conversation3', 'bulk0',
            'conversation4', 'conversation5', 'conversation6', 'conversation7', 'bulk1'
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
