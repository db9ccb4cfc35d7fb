import { Clock, TimerHandle, systemClock } from '../../common/clock';

export interface TokenBucketOptions {
    /** Tokens added per second (Meta's default throughput is 80 messages/s per phone number). */
    ratePerSecond: number;
    /** The most tokens held at once: the largest burst. Defaults to one second's worth. */
    burst?: number;
    clock?: Clock;
}

/**
 * Who is waiting for a token: a conversation (the bot's and operators' replies to a citizen writing now) or bulk
 * sending (a weather alert to every subscriber of a department).
 */
export type SendLane = 'conversation' | 'bulk';

/** When both lanes wait, bulk gets one token in this many: a broadcast slows down, it never stops. */
export const BULK_SHARE_WHILE_CONVERSATIONS_WAIT = 5;

/**
 * A token bucket shared by every send of one business phone number (all citizens together), so the line stays
 * under Meta's throughput limit instead of collecting 130429 errors. Meta counts every message of the number, so
 * one bucket serves the conversations and the alerts: a citizen who writes during a 100,000-recipient broadcast is
 * answered first (four tokens in five while both wait), and the alert keeps going with the rest. Within a lane,
 * waiters are served first come, first served. A wait can be abandoned (a cancelled broadcast): it leaves the queue
 * at once and takes no token, so those behind it get the tokens it would have wasted.
 */
export class TokenBucket {
    private readonly ratePerMs: number;
    private readonly capacity: number;
    private readonly clock: Clock;
    private tokens: number;
    private refilledAt: number;
    private readonly waiters: Record<SendLane, Array<() => void>> = { conversation: [], bulk: [] };
    /** Tokens given to the conversation lane while bulk was waiting too, since bulk last got one. */
    private conversationTurns = 0;
    private timer: TimerHandle | undefined;

    constructor(options: TokenBucketOptions) {
        if (!(options.ratePerSecond > 0)) {
            throw new Error(`TokenBucket.constructor(): ratePerSecond must be positive, got ${options.ratePerSecond}`);
        }
        this.ratePerMs = options.ratePerSecond / 1000;
        this.capacity = Math.max(1, options.burst ?? options.ratePerSecond);
        this.clock = options.clock ?? systemClock;
        this.tokens = this.capacity;
        this.refilledAt = this.clock.now();
    }

    /**
     * Resolves when one token is available and taken for a send of `lane`. When `signal` aborts first, rejects with
     * its reason, having taken no token and left the queue; an abort after the token was granted changes nothing.
     *
     * @example
     * const stop = new AbortController(); // stop.abort() when the broadcast is cancelled
     * await bucket.take('bulk', stop.signal);
     */
    take(lane: SendLane = 'conversation', signal?: AbortSignal): Promise<void> {
        if (signal?.aborted) return Promise.reject(signal.reason);
        return new Promise((resolve, reject) => {
            const queue = this.waiters[lane];
            const grant = (): void => {
                signal?.removeEventListener('abort', abandon);
                resolve();
            };
            const abandon = (): void => {
                // The listener goes when the token is granted, so the waiter is still queued here.
                queue.splice(queue.indexOf(grant), 1);
                this.stopTimerIfIdle();
                reject(signal!.reason);
            };
            signal?.addEventListener('abort', abandon, { once: true });
            queue.push(grant);
            this.serve();
        });
    }

    /** How many sends are waiting for a token. */
    get waiting(): number {
        return this.waiters.conversation.length + this.waiters.bulk.length;
    }

    private serve(): void {
        this.refill();
        while (this.waiting > 0 && this.tokens >= 1) {
            this.tokens -= 1;
            this.nextWaiter()();
        }
        if (this.waiting > 0 && !this.timer) {
            const waitMs = Math.ceil((1 - this.tokens) / this.ratePerMs);
            this.timer = this.clock.setTimer(() => {
                this.timer = undefined;
                this.serve();
            }, waitMs);
        }
    }

    /** Nobody waits any more (every waiter abandoned): no timer is left to fire for nobody. */
    private stopTimerIfIdle(): void {
        if (this.waiting > 0 || !this.timer) return;
        this.clock.clearTimer(this.timer);
        this.timer = undefined;
    }

    private nextWaiter(): () => void {
        const { conversation, bulk } = this.waiters;
        if (bulk.length === 0) return conversation.shift()!;
        if (conversation.length === 0 || this.conversationTurns >= BULK_SHARE_WHILE_CONVERSATIONS_WAIT - 1) {
            this.conversationTurns = 0;
            return bulk.shift()!;
        }
        this.conversationTurns += 1;
        return conversation.shift()!;
    }

    private refill(): void {
        const now = this.clock.now();
        this.tokens = Math.min(this.capacity, this.tokens + (now - this.refilledAt) * this.ratePerMs);
        this.refilledAt = now;
    }
}
