import { Clock, TimerHandle, systemClock } from './backoff';

export interface TokenBucketOptions {
    /** Tokens added per second (Meta's default throughput is 80 messages/s per phone number). */
    ratePerSecond: number;
    /** The most tokens held at once: the largest burst. Defaults to one second's worth. */
    burst?: number;
    clock?: Clock;
}

/**
 * A token bucket shared by every send of one business phone number (all citizens together), so the line stays
 * under Meta's throughput limit instead of collecting 130429 errors. Waiters are served first come, first served.
 */
export class TokenBucket {
    private readonly ratePerMs: number;
    private readonly capacity: number;
    private readonly clock: Clock;
    private tokens: number;
    private refilledAt: number;
    private readonly waiters: Array<() => void> = [];
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

    /** Resolves when one token is available and taken. */
    take(): Promise<void> {
        return new Promise((resolve) => {
            this.waiters.push(resolve);
            this.serve();
        });
    }

    /** How many sends are waiting for a token. */
    get waiting(): number {
        return this.waiters.length;
    }

    private serve(): void {
        this.refill();
        while (this.waiters.length > 0 && this.tokens >= 1) {
            this.tokens -= 1;
            this.waiters.shift()!();
        }
        if (this.waiters.length > 0 && !this.timer) {
            const waitMs = Math.ceil((1 - this.tokens) / this.ratePerMs);
            this.timer = this.clock.setTimer(() => {
                this.timer = undefined;
                this.serve();
            }, waitMs);
        }
    }

    private refill(): void {
        const now = this.clock.now();
        this.tokens = Math.min(this.capacity, this.tokens + (now - this.refilledAt) * this.ratePerMs);
        this.refilledAt = now;
    }
}
