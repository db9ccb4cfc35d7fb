import { DocumentStore, StoredDocument, isPreconditionFailed } from '../../storage/documentStore';
import { Logger } from '../../common/logger';
import { BackoffPolicy, Clock, fullJitterDelay, pairRateDelay, systemClock } from './backoff';
import { ConversationLeases, isHeld } from './conversationLease';
import { PerKeyDrainer } from './conversationLeaseQueue';
import { DeliveryStateDoc, recordAccepted } from './deliveryStates';
import { conversationPartition } from './inbox';
import { OutboxEntry, OutboxError, citizensWithPendingOutbox, pendingOutbox } from './outboxEntry';
import { TokenBucket } from './rateLimiter';
import { CloudMessage, CloudRecipient, GraphErrorKind } from './types';

/** The one call the outbox makes to the outside world (GraphClient.sendMessage fits it). */
export interface MessageSender {
    sendMessage(recipient: CloudRecipient, message: CloudMessage): Promise<{ wamid: string }>;
}

export interface OutboxSenderOptions {
    store: DocumentStore;
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

/** What a failed send means for its entry. */
type Verdict = { retryInMs: number } | { final: true };

const NEVER_RETRIED: ReadonlySet<GraphErrorKind> = new Set<GraphErrorKind>([
    'window_closed',
    'undeliverable',
    'stop_campaign',
    'template_error',
    'fatal'
]);

/**
 * Sends what turns and operators put in the outbox. Per citizen strictly in order: only the oldest pending entry
 * of a citizen is ever sent, so a message waiting out a backoff holds back the ones after it (and only those of
 * that citizen). All citizens share the phone number's token bucket. What is pending when the process dies is
 * sent after the next start; a crash between Graph's answer and the write of "sent" re-sends that one message.
 */
export class OutboxSender {
    private readonly drainer: PerKeyDrainer;
    private readonly clock: Clock;
    private readonly limiter: TokenBucket;
    private readonly giveUpAfterMs: number;
    private readonly retry: BackoffPolicy;

    constructor(private readonly options: OutboxSenderOptions) {
        this.clock = options.clock ?? systemClock;
        this.limiter = options.rateLimiter ?? new TokenBucket({ ratePerSecond: 80, clock: this.clock });
        this.giveUpAfterMs = options.giveUpAfterMs ?? OUTBOX_GIVE_UP_AFTER_MS;
        this.retry = options.retry ?? OUTBOX_RETRY;
        this.drainer = new PerKeyDrainer({
            name: 'outbox',
            concurrency: options.concurrency ?? 32,
            logger: options.logger,
            clock: this.clock,
            drain: (citizenKey) => this.drainCitizen(citizenKey)
        });
    }

    /** Resumes every citizen with pending entries (after a crash or a restart). */
    async start(): Promise<void> {
        for (const citizenKey of await citizensWithPendingOutbox(this.options.store)) this.notify(citizenKey);
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
        return this.drainer.stop(timeoutMs);
    }

    /**
     * Sends the citizen's pending entries in order. A page shorter than its limit was the whole queue: the drain
     * ends after it without asking again (new entries come with a notify, which runs the drain once more).
     */
    private async drainCitizen(citizenKey: string): Promise<void | { retryAt: number }> {
        const lease = await this.options.leases.acquire(`outbox/${conversationPartition(citizenKey)}`);
        if (!isHeld(lease)) return { retryAt: lease.retryAt };
        try {
            while (!this.drainer.isStopped && !lease.lost) {
                const page = await pendingOutbox(this.options.store, citizenKey, OUTBOX_PAGE);
                let reread = false;
                for (const head of page) {
                    if (this.drainer.isStopped || lease.lost) return;
                    const due = Date.parse(head.value.nextAttemptAt);
                    if (due > this.clock.now()) return { retryAt: due };
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
     * when another writer changed it.
     */
    protected async sendHead(head: StoredDocument<OutboxEntry>): Promise<SendOutcome> {
        await this.limiter.take();
        const entry = head.value;
        let wamid: string;
        try {
            ({ wamid } = await this.options.sender.sendMessage(entry.recipient, entry.message));
        } catch (error) {
            return this.recordFailure(head, error);
        }
        const sentAt = new Date(this.clock.now()).toISOString();
        // Two documents in two partitions, independent of each other: written at once.
        const [sent, accepted] = await Promise.allSettled([
            this.writeEntry(head, { ...entry, status: 'sent', attempts: entry.attempts + 1, wamid, sentAt }),
            recordAccepted(this.options.store, wamid, {
                citizenKey: entry.citizenKey,
                outboxId: head.id,
                origin: entry.origin,
                originRef: entry.originRef,
                acceptedAt: sentAt
            })
        ]);
        // Told whatever happened to the outbox entry's own write: this state is the only place the early status is.
        const state = accepted.status === 'fulfilled' ? accepted.value.doc?.value : undefined;
        if (state && state.status !== 'accepted') await this.runHook('onEarlyStatus', () => this.options.onEarlyStatus?.(state));
        if (sent.status === 'rejected') throw sent.reason;
        if (accepted.status === 'rejected') throw accepted.reason;
        if (!sent.value) return 'reread';
        await this.runHook('onSent', () => this.options.onSent?.(sent.value!));
        return 'next';
    }

    private async recordFailure(head: StoredDocument<OutboxEntry>, error: unknown): Promise<SendOutcome> {
        const entry = head.value;
        const kind = errorKind(error);
        const attempts = entry.attempts + 1;
        const pairBackoffs = (entry.pairBackoffs ?? 0) + (kind === 'pair_backoff' ? 1 : 0);
        const unanswered = (entry.unanswered ?? 0) + (wasUnanswered(error) ? 1 : 0);
        const now = this.clock.now();
        const unconfirmed = unanswered >= MAX_UNANSWERED_SENDS;
        const verdict = unconfirmed ? { final: true as const } : this.judge(kind, attempts, pairBackoffs, now - Date.parse(entry.createdAt));
        const failure: OutboxError = {
            // 'unanswered': given up with its fate unknown (it may have arrived), not refused.
            kind: unconfirmed ? 'unanswered' : kind,
            message: error instanceof Error ? error.message : String(error),
            at: new Date(now).toISOString(),
            ...(errorCode(error) !== undefined ? { code: errorCode(error) } : {})
        };
        if ('final' in verdict) {
            // Error, not warn: a citizen did not get a reply, and only an operator's own messages reach the console.
            this.options.logger.error(
                { citizenKey: entry.citizenKey, outboxId: head.id, origin: entry.origin, kind: failure.kind, code: failure.code, attempts },
                'OutboxSender.sendHead(): message finally failed'
            );
            const failed = await this.writeEntry(head, { ...entry, status: 'failed', attempts, pairBackoffs, unanswered, error: failure });
            if (!failed) return 'reread';
            await this.runHook('onFinalFailure', () => this.options.onFinalFailure?.(failed, failure));
            return 'next';
        }
        this.options.logger.info(
            { citizenKey: entry.citizenKey, outboxId: head.id, kind, code: failure.code, attempts, retryInMs: verdict.retryInMs },
            'OutboxSender.sendHead(): send failed; will retry'
        );
        const retryAt = now + verdict.retryInMs;
        const written = await this.writeEntry(head, {
            ...entry,
            attempts,
            pairBackoffs,
            unanswered,
            error: failure,
            nextAttemptAt: new Date(retryAt).toISOString()
        });
        return written ? { retryAt } : 'reread';
    }

    private judge(kind: GraphErrorKind, attempts: number, pairBackoffs: number, ageMs: number): Verdict {
        if (NEVER_RETRIED.has(kind) || ageMs >= this.giveUpAfterMs) return { final: true };
        if (kind === 'media_failed') return attempts >= 2 ? { final: true } : { retryInMs: this.retry.baseDelayMs };
        const delay = kind === 'pair_backoff'
            ? pairRateDelay(pairBackoffs, this.options.pairBackoffUnitMs ?? 1000)
            : fullJitterDelay(attempts, this.retry, this.options.random);
        // The last try comes when the time is up, not after it (131056's 4^n s grows past any bound).
        return { retryInMs: Math.min(delay, this.giveUpAfterMs - ageMs) };
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

const KINDS: ReadonlySet<string> = new Set<GraphErrorKind>([
    'retry', 'pair_backoff', 'window_closed', 'undeliverable', 'stop_campaign', 'media_failed', 'template_error', 'fatal'
]);

/** A GraphApiError's kind; anything else thrown by the transport (a bug aside) is treated as retryable. */
function errorKind(error: unknown): GraphErrorKind {
    const kind = (error as { kind?: unknown } | null)?.kind;
    return typeof kind === 'string' && KINDS.has(kind) ? (kind as GraphErrorKind) : 'retry';
}

/** Meta may have acted on it: a GraphApiError says so; anything else thrown by the transport is not known not to. */
function wasUnanswered(error: unknown): boolean {
    const unanswered = (error as { unanswered?: unknown } | null)?.unanswered;
    return typeof unanswered === 'boolean' ? unanswered : !(error as { kind?: unknown } | null)?.kind;
}

function errorCode(error: unknown): number | undefined {
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === 'number' ? code : undefined;
}
