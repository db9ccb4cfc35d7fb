import { DocumentStore, StoredDocument } from '../../storage';
import { Logger } from '../../common/logger';
import { Clock, TimerHandle, systemClock } from '../../common/clock';
import { ConversationLeases, isHeld } from './conversationLease';
import { DrainOutcome, PerKeyDrainer } from './conversationLeaseQueue';
import { InboxEntry, citizensWithPendingInbox, conversationPartition, pendingInboxEntries } from './inbox';

/** Pending entries read at once per conversation. */
const INBOX_PAGE = 20;

/** What became of one inbox entry: go on with the next, or stop this conversation until `retryAt`. */
export type TurnOutcome = 'next' | { retryAt: number };

export interface InboxProcessorOptions {
    store: DocumentStore;
    logger: Logger;
    leases: ConversationLeases;
    /** Runs one entry as one turn (and commits it). */
    runTurn: (entry: StoredDocument<InboxEntry>) => Promise<TurnOutcome>;
    /** Conversations processed at once (default 32). */
    concurrency?: number;
    /** How often to look for pending entries no signal announced (another instance died, a lease expired). */
    sweepIntervalMs?: number;
    clock?: Clock;
}

/**
 * Drains the inbox: per conversation strictly in order and one turn at a time (in this process by the
 * per-key drainer, across instances by a lease), conversations in parallel up to a bound. At start, and then
 * every sweep, it looks for pending entries anywhere: what a crash left behind runs then, oldest first.
 */
export class InboxProcessor {
    private readonly drainer: PerKeyDrainer;
    private readonly clock: Clock;
    private sweepTimer: TimerHandle | undefined;
    private started = false;

    constructor(private readonly options: InboxProcessorOptions) {
        this.clock = options.clock ?? systemClock;
        this.drainer = new PerKeyDrainer({
            name: 'inbox',
            concurrency: options.concurrency ?? 32,
            logger: options.logger,
            clock: this.clock,
            drain: (citizenKey) => this.drainConversation(citizenKey)
        });
    }

    async start(): Promise<void> {
        this.started = true;
        await this.sweep();
    }

    /** New entries were recorded for these citizens. Before start() this does nothing: start() finds them. */
    signal(citizenKeys: Iterable<string>): void {
        if (!this.started) return;
        for (const citizenKey of citizenKeys) this.drainer.signal(citizenKey);
    }

    whenIdle(): Promise<void> {
        return this.drainer.whenIdle();
    }

    /** Takes no new turns; waits (at most `timeoutMs`) for the turns in flight. */
    stop(timeoutMs: number): Promise<boolean> {
        if (this.sweepTimer) this.clock.clearTimer(this.sweepTimer);
        this.sweepTimer = undefined;
        return this.drainer.stop(timeoutMs);
    }

    private async sweep(): Promise<void> {
        try {
            const citizenKeys = await citizensWithPendingInbox(this.options.store);
            if (citizenKeys.length > 0)
                this.options.logger.info({ conversations: citizenKeys.length }, 'InboxProcessor.sweep(): resuming pending messages');
            for (const citizenKey of citizenKeys) this.drainer.signal(citizenKey);
        } catch (error) {
            this.options.logger.error({ err: error }, 'InboxProcessor.sweep(): could not list pending messages');
        }
        if (this.drainer.isStopped) return;
        this.sweepTimer = this.clock.setTimer(() => void this.sweep(), this.options.sweepIntervalMs ?? 30_000);
    }

    /**
     * Runs the conversation's pending entries in order. A page shorter than its limit was the whole queue: the
     * drain ends there without asking again, and a message recorded meanwhile signals a new drain. A lease lost
     * midway ends the drain with a retry (the lease decides then who goes on), not with a wait for the sweep.
     */
    private async drainConversation(citizenKey: string): Promise<DrainOutcome> {
        const lease = await this.options.leases.acquire(`inbox/${conversationPartition(citizenKey)}`);
        if (!isHeld(lease)) return { retryAt: lease.retryAt };
        try {
            for (;;) {
                if (this.drainer.isStopped) return;
                if (lease.lost) return { retryAt: this.clock.now() };
                const entries = await pendingInboxEntries(this.options.store, citizenKey, INBOX_PAGE);
                for (const entry of entries) {
                    if (this.drainer.isStopped) return;
                    if (lease.lost) return { retryAt: this.clock.now() };
                    const outcome = await this.options.runTurn(entry);
                    if (outcome !== 'next') return outcome;
                }
                if (entries.length < INBOX_PAGE) return;
            }
        } finally {
            await lease.release();
        }
    }
}
