import { DocumentStore, StoredDocument, isPreconditionFailed } from '../../storage';
import { Logger } from '../../common/logger';
import { Clock, TimerHandle, systemClock } from '../../common/clock';
import { BackoffPolicy } from './backoff';
import { CloudMessageSender, MessageSender, SendResult } from './cloudMessageSender';
import { ConversationLeases, isHeld } from './conversationLease';
import { DrainOutcome, PerKeyDrainer } from './conversationLeaseQueue';
import { DeliveryStateDoc } from './deliveryStates';
import { conversationPartition } from './inbox';
import { OutboxEntry, OutboxError, citizensWithPendingOutbox, pendingOutbox } from './outboxEntry';
import { TokenBucket } from './rateLimiter';

export interface OutboxSenderOptions {
    store: DocumentStore;
    /** The one call the outbox makes to the outside world, through the {@link CloudMessageSender}. */
    sender: MessageSender;
    logger: Logger;
    leases: ConversationLeases;
    /** Shared by every citizen of one phone number; default 80 messages/s. */
    rateLimiter?: TokenBucket;
    clock?: Clock;
    random?: () => number;
    /**
     * How long a message is retried, from the moment it was put in the outbox (default 15 minutes). Retryable
     * refusals are retried until then however many times they come back: a short outage at Meta must not cost a
     * reply (sends that got no answer at all are capped apart, {@link MAX_UNANSWERED_SENDS}). Not longer: a
     * citizen's replies keep their order, so one that cannot go out holds back the rest, and the operator who
     * wrote it must learn ("No entregado") while it still matters.
     */
    giveUpAfterMs?: number;
    /** Backoff of retryable errors (default 1 s doubling up to 30 s, full jitter). */
    retry?: BackoffPolicy;
    /** One "second" of the 4^n s pair-rate backoff (default 1000 ms). */
    pairBackoffUnitMs?: number;
    /** Citizens sent to at once (default 32). */
    concurrency?: number;
    /**
     * How often to look for pending entries no notify announced (default 30 s): a turn whose commit landed but was
     * reported failed, an instance that died with entries pending, a drain cut short by a lost lease.
     */
    sweepIntervalMs?: number;
    /** Wait before a citizen whose drain failed (storage) is tried again: doubling, capped (default 1 s to 30 s). */
    drainErrorRetry?: BackoffPolicy;
    /**
     * Called once when an entry is finally failed (not retried any more): e.g. 131047 outside the 24 h window,
     * which the operator console shows to the operator who wrote the message.
     */
    onFinalFailure?: (entry: StoredDocument<OutboxEntry>, error: OutboxError) => void | Promise<void>;
    /** Called when Graph accepted an entry (its wamid is recorded). */
    onSent?: (entry: StoredDocument<OutboxEntry>) => void | Promise<void>;
    /**
     * Called when recording Graph's acceptance finds that a status of the message came first (a quick 'failed', say):
     * the webhook could not tell then whose message it was, so the news goes out from here, with the whole state.
     */
    onEarlyStatus?: (state: DeliveryStateDoc) => void | Promise<void>;
}

/** What one attempt at the head means for the drain: go on with the next entry, wait, or read the queue again. */
export type SendOutcome = 'next' | 'reread' | { retryAt: number };

/** The default of {@link OutboxSenderOptions.giveUpAfterMs}. */
export const OUTBOX_GIVE_UP_AFTER_MS = 15 * 60 * 1000;

/** The default of {@link OutboxSenderOptions.retry}: a citizen waits at most half a minute once Graph is back. */
export const OUTBOX_RETRY: BackoffPolicy = { baseDelayMs: 1000, maxDelayMs: 30_000 };

/** A send that went out and got no answer may have been delivered: after this many, the entry is given up. */
export const MAX_UNANSWERED_SENDS = 8;

/** Pending entries read at once per citizen. */
const OUTBOX_PAGE = 16;

/**
 * What was decided for an entry and must be written before anything else is done with it. Kept in memory from the
 * moment it is decided until its write lands: when storage fails right after Graph answered (a full disk, Cosmos
 * throttling), the next drain writes the same outcome again instead of sending the message again.
 */
type Outcome = SentOutcome | FailedOutcome;

/** Graph accepted the send: the entry becomes 'sent' and the wamid's delivery state is created. */
interface SentOutcome {
    kind: 'sent';
    wamid: string;
    sentAt: string;
    /** The entry as written 'sent', once that write landed. */
    entryWritten?: StoredDocument<OutboxEntry>;
    /** The delivery state was recorded (CloudMessageSender.recordAcceptance). */
    acceptedWritten: boolean;
}

/** Graph refused it: the entry is written failed, or pending with its next attempt (and backoff counts). */
interface FailedOutcome {
    kind: 'failed';
    /** The entry as decided; written only over the version it was decided on. */
    value: OutboxEntry;
    decidedOnEtag: string;
    final: boolean;
    failure: OutboxError;
    retryAt: number;
}

/**
 * Sends what turns and operators put in the outbox. Per citizen strictly in order: only the oldest pending entry
 * of a citizen is ever sent, so a message waiting out a backoff holds back the ones after it (and only those of
 * that citizen). All citizens share the phone number's token bucket. What is pending when the process dies is
 * sent after the next start; a crash between Graph's answer and the write of "sent" re-sends that one message.
 * A storage failure there does not: the answer is kept in memory and only its write is tried again.
 */
export class OutboxSender {
    private readonly drainer: PerKeyDrainer;
    private readonly clock: Clock;
    /** Pacing, the send and what Graph's answer means: shared with the alert fan-out. */
    private readonly cloud: CloudMessageSender;
    private readonly giveUpAfterMs: number;
    /** Outcomes decided and not yet written, per citizen, per outbox id (see {@link Outcome}). */
    private readonly owed = new Map<string, Map<string, Outcome>>();
    private sweepTimer: TimerHandle | undefined;

    constructor(private readonly options: OutboxSenderOptions) {
        this.clock = options.clock ?? systemClock;
        this.giveUpAfterMs = options.giveUpAfterMs ?? OUTBOX_GIVE_UP_AFTER_MS;
        this.cloud = new CloudMessageSender({
            graph: options.sender,
            store: options.store,
            buckets: [options.rateLimiter ?? new TokenBucket({ ratePerSecond: 80, clock: this.clock })],
            lane: 'conversation',
            retry: { backoff: options.retry ?? OUTBOX_RETRY, pairBackoffUnitMs: options.pairBackoffUnitMs ?? 1000 },
            clock: this.clock,
            ...(options.random ? { random: options.random } : {})
        });
        this.drainer = new PerKeyDrainer({
            name: 'outbox',
            concurrency: options.concurrency ?? 32,
            logger: options.logger,
            clock: this.clock,
            ...(options.drainErrorRetry ? { errorRetry: options.drainErrorRetry } : {}),
            drain: (citizenKey) => this.drainCitizen(citizenKey)
        });
    }

    /** Resumes every citizen with pending entries (after a crash or a restart), then looks again every sweep. */
    async start(): Promise<void> {
        await this.sweep();
    }

    /** Something was added to this citizen's outbox. */
    notify(citizenKey: string): void {
        this.drainer.signal(citizenKey);
    }

    /** Resolves when nothing is being sent and nothing is due now (retries scheduled for later do not count). */
    whenIdle(): Promise<void> {
        return this.drainer.whenIdle();
    }

    /** Takes no new sends; waits for the sends in flight (at most `timeoutMs`). */
    stop(timeoutMs = 10_000): Promise<boolean> {
        if (this.sweepTimer) this.clock.clearTimer(this.sweepTimer);
        this.sweepTimer = undefined;
        return this.drainer.stop(timeoutMs);
    }

    /** Signals every citizen with pending entries, then schedules the next sweep (until stop()). */
    private async sweep(): Promise<void> {
        try {
            for (const citizenKey of await citizensWithPendingOutbox(this.options.store)) this.notify(citizenKey);
        } catch (error) {
            this.options.logger.error({ err: error }, 'OutboxSender.sweep(): could not list pending messages');
        }
        if (this.drainer.isStopped) return;
        this.sweepTimer = this.clock.setTimer(() => void this.sweep(), this.options.sweepIntervalMs ?? 30_000);
    }

    /**
     * Sends the citizen's pending entries in order. A page shorter than its limit was the whole queue: the drain
     * ends after it without asking again (new entries come with a notify, which runs the drain once more). A lease
     * lost midway (another instance took over, or its renewal failed) ends the drain with a retry: whoever holds
     * the lease now may be gone by then, and nothing else would come back for these entries before the sweep.
     */
    private async drainCitizen(citizenKey: string): Promise<DrainOutcome> {
        const lease = await this.options.leases.acquire(`outbox/${conversationPartition(citizenKey)}`);
        if (!isHeld(lease)) return { retryAt: lease.retryAt };
        try {
            await this.settleOwedElsewhere(citizenKey);
            for (;;) {
                if (this.drainer.isStopped) return;
                if (lease.lost) return { retryAt: this.clock.now() };
                const page = await pendingOutbox(this.options.store, citizenKey, OUTBOX_PAGE);
                let reread = false;
                for (const head of page) {
                    if (this.drainer.isStopped) return;
                    if (lease.lost) return { retryAt: this.clock.now() };
                    const due = Date.parse(head.value.nextAttemptAt);
                    if (!this.owedFor(head) && due > this.clock.now()) return { retryAt: due };
                    const outcome = await this.sendHead(head);
                    if (outcome === 'reread') {
                        reread = true;
                        break;
                    }
                    if (outcome !== 'next') return outcome;
                }
                if (!reread && page.length < OUTBOX_PAGE) return;
            }
        } finally {
            await lease.release();
        }
    }

    /**
     * One attempt at the oldest pending entry; its outcome is written before the next entry is looked at.
     * Answers 'next' when the entry left the queue (sent, or finally failed), when to try it again, or 'reread'
     * when another writer changed it. An outcome already decided for this entry (its write failed) is written
     * again instead: Graph is never asked twice because storage failed once.
     */
    protected async sendHead(head: StoredDocument<OutboxEntry>): Promise<SendOutcome> {
        const owed = this.owedFor(head);
        if (owed) return this.writeOutcome(head, owed);
        const entry = head.value;
        const result = await this.cloud.send({
            recipient: entry.recipient,
            message: entry.message,
            tries: { attempts: entry.attempts, pairBackoffs: entry.pairBackoffs ?? 0, unanswered: entry.unanswered ?? 0 },
            retryUntil: Date.parse(entry.createdAt) + this.giveUpAfterMs
        });
        switch (result.kind) {
            case 'sent':
                return this.writeOutcome(head, { kind: 'sent', wamid: result.wamid, sentAt: result.sentAt, acceptedWritten: false });
            case 'not_sent':
                // Only a stop signal or a last check withholds a send, and the outbox gives neither.
                throw new Error(`OutboxSender.sendHead(): the send was withheld (${result.reason})`);
            default:
                return this.writeOutcome(head, this.decideFailure(head, result));
        }
    }

    /** Writes a decided outcome (remembered until it is written) and says what it means for the drain. */
    private async writeOutcome(head: StoredDocument<OutboxEntry>, outcome: Outcome): Promise<SendOutcome> {
        this.remember(head.value.citizenKey, head.id, outcome);
        if (outcome.kind === 'sent') return this.writeSent(head, outcome);
        // Throws on a storage failure: the outcome stays remembered, and the drainer comes back after a backoff.
        const written = await this.writeEntry(head, outcome.value);
        this.forget(head.value.citizenKey, head.id);
        if (!written) return 'reread';
        if (outcome.final) {
            await this.runHook('onFinalFailure', () => this.options.onFinalFailure?.(written, outcome.failure));
            return 'next';
        }
        return { retryAt: outcome.retryAt };
    }

    /** The entry 'sent' and the delivery state 'accepted': two documents in two partitions, written at once. */
    private async writeSent(head: StoredDocument<OutboxEntry>, outcome: SentOutcome): Promise<SendOutcome> {
        const entry = head.value;
        const [sent, accepted] = await Promise.allSettled([
            this.writeEntry(head, { ...entry, status: 'sent', attempts: entry.attempts + 1, wamid: outcome.wamid, sentAt: outcome.sentAt }),
            this.writeAcceptance(entry, head.id, outcome)
        ]);
        if (sent.status === 'fulfilled' && sent.value) outcome.entryWritten = sent.value;
        if (sent.status === 'rejected') throw sent.reason;
        if (accepted.status === 'rejected') throw accepted.reason;
        // Another writer changed the entry: re-read it; if it is still pending, this wamid is recorded on it.
        if (!sent.value) return 'reread';
        this.forget(entry.citizenKey, head.id);
        await this.runHook('onSent', () => this.options.onSent?.(sent.value!));
        return 'next';
    }

    /** Records Graph's acceptance once (and passes on a status that came first). */
    private async writeAcceptance(entry: OutboxEntry, outboxId: string, outcome: SentOutcome): Promise<void> {
        if (outcome.acceptedWritten) return;
        const accepted = await this.cloud.recordAcceptance(outcome.wamid, {
            citizenKey: entry.citizenKey,
            outboxId,
            origin: entry.origin,
            originRef: entry.originRef,
            acceptedAt: outcome.sentAt
        });
        outcome.acceptedWritten = true;
        // Told whatever happens to the outbox entry's own write: this state is the only place the early status is.
        const state = accepted.doc?.value;
        if (state && state.status !== 'accepted') await this.runHook('onEarlyStatus', () => this.options.onEarlyStatus?.(state));
    }

    /**
     * Outcomes remembered for entries the pending page will not show (an entry written 'sent' whose delivery state
     * is still owed, or an entry another writer settled or changed meanwhile): finished or dropped here.
     */
    private async settleOwedElsewhere(citizenKey: string): Promise<void> {
        const owed = this.owed.get(citizenKey);
        if (!owed) return;
        for (const [outboxId, outcome] of [...owed]) {
            if (outcome.kind === 'sent' && outcome.entryWritten) {
                await this.writeAcceptance(outcome.entryWritten.value, outboxId, outcome);
                this.forget(citizenKey, outboxId);
                const written = outcome.entryWritten;
                await this.runHook('onSent', () => this.options.onSent?.(written));
                continue;
            }
            const current = await this.options.store.get<OutboxEntry>('conversations', conversationPartition(citizenKey), outboxId);
            if (current && this.owedFor(current)) continue; // still the pending head's: the page writes it
            // Settled or changed by another writer. Graph did accept this one: its delivery state still matters.
            if (outcome.kind === 'sent' && current) await this.writeAcceptance(current.value, outboxId, outcome);
            this.forget(citizenKey, outboxId);
        }
    }

    /** The outcome remembered for this version of a pending entry, if any. */
    private owedFor(head: StoredDocument<OutboxEntry>): Outcome | undefined {
        const outcome = this.owed.get(head.value.citizenKey)?.get(head.id);
        if (!outcome || head.value.status !== 'pending') return undefined;
        // A refusal was judged on the entry as it was; if another writer changed it since, judge it again.
        if (outcome.kind === 'failed' && outcome.decidedOnEtag !== head.etag) return undefined;
        return outcome;
    }

    private remember(citizenKey: string, outboxId: string, outcome: Outcome): void {
        let owed = this.owed.get(citizenKey);
        if (!owed) this.owed.set(citizenKey, (owed = new Map()));
        owed.set(outboxId, outcome);
    }

    private forget(citizenKey: string, outboxId: string): void {
        const owed = this.owed.get(citizenKey);
        owed?.delete(outboxId);
        if (owed?.size === 0) this.owed.delete(citizenKey);
    }

    /**
     * What a refused or unanswered send means for its entry: retry when, or give it up. The component judged the
     * refusal; the outbox adds its own rule for sends of unknown fate (sent again, at most 8 times). Logged once, here.
     */
    private decideFailure(head: StoredDocument<OutboxEntry>, result: Exclude<SendResult, { kind: 'sent' | 'not_sent' }>): FailedOutcome {
        const entry = head.value;
        const { attempts, pairBackoffs, unanswered } = result.tries;
        const now = this.clock.now();
        const unconfirmed = unanswered >= MAX_UNANSWERED_SENDS;
        const retryInMs = unconfirmed || result.kind === 'given_up' ? undefined : result.retryInMs;
        // 'unanswered': given up with its fate unknown (it may have arrived), not refused.
        const failure: OutboxError = unconfirmed ? { ...result.failure, kind: 'unanswered' } : result.failure;
        if (retryInMs === undefined) {
            // Error, not warn: a citizen did not get a reply, and only an operator's own messages reach the console.
            this.options.logger.error(
                {
                    citizenKey: entry.citizenKey,
                    outboxId: head.id,
                    origin: entry.origin,
                    kind: failure.kind,
                    code: failure.code,
                    attempts,
                    error: failure.message
                },
                'OutboxSender.sendHead(): message finally failed'
            );
            return {
                kind: 'failed',
                value: { ...entry, status: 'failed', attempts, pairBackoffs, unanswered, error: failure },
                decidedOnEtag: head.etag,
                final: true,
                failure,
                retryAt: now
            };
        }
        this.options.logger.info(
            { citizenKey: entry.citizenKey, outboxId: head.id, kind: failure.kind, code: failure.code, attempts, retryInMs },
            'OutboxSender.sendHead(): send failed; will retry'
        );
        const retryAt = now + retryInMs;
        return {
            kind: 'failed',
            value: { ...entry, attempts, pairBackoffs, unanswered, error: failure, nextAttemptAt: new Date(retryAt).toISOString() },
            decidedOnEtag: head.etag,
            final: false,
            failure,
            retryAt
        };
    }

    /** Conditional on the etag read: another writer (an instance that took the lease over) wins, we re-read. */
    private async writeEntry(head: StoredDocument<OutboxEntry>, value: OutboxEntry): Promise<StoredDocument<OutboxEntry> | undefined> {
        try {
            return await this.options.store.put<OutboxEntry>(
                'conversations',
                { partitionKey: head.partitionKey, id: head.id, value },
                { ifMatch: head.etag }
            );
        } catch (error) {
            if (!isPreconditionFailed(error)) throw error;
            this.options.logger.warn({ outboxId: head.id }, 'OutboxSender.writeEntry(): entry changed by another writer; re-reading');
            return undefined;
        }
    }

    private async runHook(name: string, hook: () => void | Promise<void>): Promise<void> {
        try {
            await hook();
        } catch (error) {
            this.options.logger.error({ err: error, hook: name }, `OutboxSender.${name}(): hook failed`);
        }
    }
}
