/**
 * The one clock of the line: "now" and "call me later". Injected everywhere time is read or a delay is taken
 * (handoff deadlines and sessions, service requests, the rate limiter, retries, leases, polling) so a test of an
 * hour of backoff does not sleep for an hour and a test of a deadline moves time by hand.
 */
export interface Clock {
    /** Milliseconds since the epoch. */
    now(): number;
    setTimer(callback: () => void, delayMs: number): TimerHandle;
    clearTimer(handle: TimerHandle): void;
}

export interface TimerHandle {
    /** Opaque to callers. */
    readonly ref: unknown;
}

/** The real clock. Timers are unref'd: a pending retry never keeps the process alive on its own. */
export const systemClock: Clock = {
    now: () => Date.now(),
    setTimer(callback, delayMs) {
        const timer = setTimeout(callback, Math.max(0, delayMs));
        timer.unref();
        return { ref: timer };
    },
    clearTimer(handle) {
        clearTimeout(handle.ref as NodeJS.Timeout);
    }
};

/** Resolves after `delayMs` on the given clock. */
export function sleep(clock: Clock, delayMs: number): Promise<void> {
    return new Promise((resolve) => clock.setTimer(resolve, delayMs));
}
