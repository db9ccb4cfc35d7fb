import { Clock, systemClock } from '../types';

export interface LoginThrottleOptions {
    maxFailures?: number;
    windowMinutes?: number;
    clock?: Clock;
}

/**
 * Limits password guessing: after `maxFailures` failed logins for one username from one address within the
 * window, further attempts are refused until the oldest failure leaves the window. Kept in memory: a
 * restart forgets, which only gives an attacker a fresh few guesses against argon2id.
 */
export class LoginThrottle {
    private readonly failures = new Map<string, number[]>();
    private readonly maxFailures: number;
    private readonly windowMs: number;
    private readonly clock: Clock;

    constructor(options: LoginThrottleOptions = {}) {
        this.maxFailures = options.maxFailures ?? 5;
        this.windowMs = (options.windowMinutes ?? 15) * 60_000;
        this.clock = options.clock ?? systemClock;
    }

    /** Seconds to wait before trying again, or 0 when an attempt is allowed. */
    retryAfterSeconds(username: string, ip: string): number {
        const recent = this.recent(this.key(username, ip));
        if (recent.length < this.maxFailures) return 0;
        const oldest = recent[recent.length - this.maxFailures];
        return Math.max(1, Math.ceil((oldest + this.windowMs - this.clock().getTime()) / 1000));
    }

    recordFailure(username: string, ip: string): void {
        const key = this.key(username, ip);
        this.failures.set(key, [...this.recent(key), this.clock().getTime()]);
    }

    recordSuccess(username: string, ip: string): void {
        this.failures.delete(this.key(username, ip));
    }

    private recent(key: string): number[] {
        const since = this.clock().getTime() - this.windowMs;
        const kept = (this.failures.get(key) ?? []).filter((at) => at > since);
        if (kept.length === 0) this.failures.delete(key);
        else this.failures.set(key, kept);
        return kept;
    }

    private key(username: string, ip: string): string {
        return `${username.toLowerCase()}\u0000${ip}`;
    }
}
