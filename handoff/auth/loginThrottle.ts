import { Clock, systemClock } from '../types';

export interface LoginThrottleOptions {
    /** Failed logins allowed for one username from one address within the window. */
    maxFailures?: number;
    /** Failed logins allowed from one address over every username within the window (guessing many names). */
    maxFailuresPerAddress?: number;
    windowMinutes?: number;
    clock?: Clock;
}

/** Keys tracked before the map is swept of keys whose attempts all left the window. */
const SWEEP_ABOVE_KEYS = 10_000;

/**
 * Limits password guessing: after `maxFailures` failed logins for one username from one address (or
 * `maxFailuresPerAddress` from one address over all usernames) within the window, further attempts are refused
 * until the oldest failure leaves the window. An attempt is counted when it begins, not when its password check
 * ends: parallel guesses cannot all pass the check before the first failure is recorded. Kept in memory: a restart
 * forgets, which only gives an attacker a fresh few guesses against argon2id.
 */
export class LoginThrottle {
    private readonly attempts = new Map<string, number[]>();
    private readonly maxFailures: number;
    private readonly maxFailuresPerAddress: number;
    private readonly windowMs: number;
    private readonly clock: Clock;

    constructor(options: LoginThrottleOptions = {}) {
        this.maxFailures = options.maxFailures ?? 5;
        this.maxFailuresPerAddress = options.maxFailuresPerAddress ?? 30;
        this.windowMs = (options.windowMinutes ?? 15) * 60_000;
        this.clock = options.clock ?? systemClock;
    }

    /**
     * Reserves one attempt: 0 when it may go ahead (it counts as a failure until {@link recordSuccess}), otherwise
     * the seconds to wait, and nothing is counted.
     */
    begin(username: string, ip: string): number {
        const userKey = this.userKey(username, ip);
        const addressKey = this.addressKey(ip);
        const wait = Math.max(this.waitSeconds(userKey, this.maxFailures), this.waitSeconds(addressKey, this.maxFailuresPerAddress));
        if (wait > 0) return wait;
        if (this.attempts.size > SWEEP_ABOVE_KEYS) this.sweep();
        const now = this.clock.now();
        for (const key of [userKey, addressKey]) this.attempts.set(key, [...this.recent(key), now]);
        return 0;
    }

    /** The attempt begun for this username and address succeeded: its failures are forgotten. */
    recordSuccess(username: string, ip: string): void {
        this.attempts.delete(this.userKey(username, ip));
        this.dropLatest(this.addressKey(ip));
    }

    /**
     * The attempt begun for this username and address did not finish because storage did not answer (the account
     * could not be read, or the session not written): it is not counted. It refused no password (a wrong one is
     * refused before anything is written), and an operator retrying through an outage must not find the login
     * locked for 15 minutes once storage is back.
     */
    forget(username: string, ip: string): void {
        this.dropLatest(this.userKey(username, ip));
        this.dropLatest(this.addressKey(ip));
    }

    /** The attempt this request began under `key` is not counted (the latest one: it began last). */
    private dropLatest(key: string): void {
        const recent = this.recent(key);
        if (recent.length > 1) this.attempts.set(key, recent.slice(0, -1));
        else this.attempts.delete(key);
    }

    private waitSeconds(key: string, limit: number): number {
        const recent = this.recent(key);
        if (recent.length < limit) return 0;
        const oldest = recent[recent.length - limit];
        return Math.max(1, Math.ceil((oldest + this.windowMs - this.clock.now()) / 1000));
    }

    private recent(key: string): number[] {
        const since = this.clock.now() - this.windowMs;
        const kept = (this.attempts.get(key) ?? []).filter((at) => at > since);
        if (kept.length === 0) this.attempts.delete(key);
        else this.attempts.set(key, kept);
        return kept;
    }

    /** Forgets keys nobody has tried within the window (names tried once are otherwise never looked at again). */
    private sweep(): void {
        for (const key of [...this.attempts.keys()]) this.recent(key);
    }

    private userKey(username: string, ip: string): string {
        return `${username.toLowerCase()}\u0000${ip}`;
    }

    private addressKey(ip: string): string {
        return `\u0000${ip}`;
    }
}
