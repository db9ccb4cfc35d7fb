export interface BackoffPolicy {
    /** The first retry waits up to this long. */
    baseDelayMs: number;
    /** No retry waits longer than this. */
    maxDelayMs: number;
}

/**
 * Exponential backoff with full jitter: a uniformly random wait in [0, min(max, base * 2^attempt)).
 * Full jitter spreads the retries of many senders hit by the same outage instead of re-synchronising them.
 * `attempt` counts the failures so far, starting at 1.
 */
export function fullJitterDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
    return Math.floor(random() * ceiling);
}

/**
 * Meta's pair-rate backoff (error 131056): wait 4^n seconds before the n-th retry to the same recipient.
 * `unitMs` is one "second" (tests shrink it).
 */
export function pairRateDelay(pairFailures: number, unitMs = 1000): number {
    return 4 ** Math.max(1, pairFailures) * unitMs;
}
