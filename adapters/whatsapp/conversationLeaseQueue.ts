import { Logger } from '../../common/logger';
import { Clock, TimerHandle, systemClock } from '../../common/clock';
import { BackoffPolicy } from './backoff';

/** What one drain of a key asks for next: nothing, or to be run again at an instant (ms since the epoch). */
export type DrainOutcome = void | { retryAt: number };

export interface PerKeyDrainerOptions {
    /** Runs all the work there is for one key; never called twice at once for the same key. */
    drain: (key: string) => Promise<DrainOutcome>;
    /** Keys drained at once, over all keys. */
    concurrency: number;
    logger: Logger;
    /** For logs. */
    name: string;
    clock?: Clock;
    /**
     * Wait before a key whose drain threw is drained again: doubles with each failure in a row, up to the maximum
     * (default 1 s doubling to 30 s). A drain throws when storage fails (a full disk, Cosmos throttling): trying
     * every second for as long as that lasts only adds load to a store that is already in trouble.
     */
    errorRetry?: BackoffPolicy;
}

/** The default of {@link PerKeyDrainerOptions.errorRetry}. */
export const DRAIN_ERROR_RETRY: BackoffPolicy = { baseDelayMs: 1000, maxDelayMs: 30_000 };

/**
 * The in-process half of "never two turns of one conversation at once, conversations in parallel": a signal for a
 * key that is being drained makes that drain run once more instead of starting a second one; at most
 * `concurrency` keys drain at a time, the others wait in arrival order. Cross-instance exclusion is the lease's job.
 */
export class PerKeyDrainer {
    private readonly active = new Map<string, { rerun: boolean; done: Promise<void> }>();
    private readonly waiting: string[] = [];
    private readonly waitingSet = new Set<string>();
    private readonly timers = new Map<string, { at: number; handle: TimerHandle }>();
    /** Drains of a key that threw in a row (reset by one that did not). */
    private readonly failures = new Map<string, number>();
    private readonly clock: Clock;
    private running = 0;
    private stopped = false;
    private idleWaiters: Array<() => void> = [];

    constructor(private readonly options: PerKeyDrainerOptions) {
        this.clock = options.clock ?? systemClock;
    }

    /** There may be work for `key`: drain it now or as soon as a slot frees. */
    signal(key: string): void {
        if (this.stopped) return;
        const active = this.active.get(key);
        if (active) {
            active.rerun = true;
            return;
        }
        if (this.waitingSet.has(key)) return;
        this.waiting.push(key);
        this.waitingSet.add(key);
        this.pump();
    }

    /** Signals `key` again at `at` (the earliest of several requests wins). */
    signalAt(key: string, at: number): void {
        if (this.stopped) return;
        const existing = this.timers.get(key);
        if (existing && existing.at <= at) return;
        if (existing) this.clock.clearTimer(existing.handle);
        const handle = this.clock.setTimer(() => {
            this.timers.delete(key);
            this.signal(key);
        }, at - this.clock.now());
        this.timers.set(key, { at, handle });
    }

    /** Nothing draining and nothing waiting for a slot (timers set for later do not count). */
    get idle(): boolean {
        return this.active.size === 0 && this.waiting.length === 0;
    }

    whenIdle(): Promise<void> {
        if (this.idle) return Promise.resolve();
        return new Promise((resolve) => this.idleWaiters.push(resolve));
    }

    /** Takes no new work; resolves true when the drains in flight finished, false if `timeoutMs` passed first. */
    async stop(timeoutMs: number): Promise<boolean> {
        this.stopped = true;
        for (const { handle } of this.timers.values()) this.clock.clearTimer(handle);
        this.timers.clear();
        this.waiting.length = 0;
        this.waitingSet.clear();
        this.failures.clear();
        const inFlight = Promise.all([...this.active.values()].map((a) => a.done)).then(() => true);
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(false), timeoutMs);
        });
        const finished = await Promise.race([inFlight, timeout]);
        clearTimeout(timer);
        return finished;
    }

    get isStopped(): boolean {
        return this.stopped;
    }

    private pump(): void {
        while (this.running < this.options.concurrency && this.waiting.length > 0) {
            const key = this.waiting.shift()!;
            this.waitingSet.delete(key);
            this.running++;
            const state = { rerun: false, done: Promise.resolve() };
            this.active.set(key, state);
            state.done = this.run(key, state).finally(() => {
                this.running--;
                this.active.delete(key);
                if (state.rerun && !this.stopped) this.signal(key);
                this.pump();
                this.notifyIdle();
            });
        }
        this.notifyIdle();
    }

    private async run(key: string, state: { rerun: boolean }): Promise<void> {
        do {
            state.rerun = false;
            try {
                const outcome = await this.options.drain(key);
                this.failures.delete(key);
                if (outcome && !this.stopped) this.signalAt(key, outcome.retryAt);
            } catch (error) {
                const failures = (this.failures.get(key) ?? 0) + 1;
                this.failures.set(key, failures);
                const policy = this.options.errorRetry ?? DRAIN_ERROR_RETRY;
                const retryInMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1));
                this.options.logger.error(
                    { err: error, key, drainer: this.options.name, failures, retryInMs },
                    'PerKeyDrainer.run(): drain failed; retrying later'
                );
                if (!this.stopped) this.signalAt(key, this.clock.now() + retryInMs);
                // A signal that came meanwhile waits for the retry: running again now would defeat the backoff.
                state.rerun = false;
            }
        } while (state.rerun && !this.stopped);
    }

    private notifyIdle(): void {
        if (!this.idle) return;
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const resolve of waiters) resolve();
    }
}
