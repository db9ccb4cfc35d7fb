import { Clock, systemClock } from '../../common/clock';
import { DocumentStore } from '../../storage';
import { BackoffPolicy, fullJitterDelay, pairRateDelay } from './backoff';
import { DeliveryStateChange, MessageOrigin, recordAccepted } from './deliveryStates';
import { SendLane, TokenBucket } from './rateLimiter';
import { CloudMessage, CloudRecipient, GraphErrorKind } from './types';

/** The one call made to the outside world (GraphClient.sendMessage fits it). */
export interface MessageSender {
    sendMessage(recipient: CloudRecipient, message: CloudMessage): Promise<{ wamid: string }>;
}

/** How refused sends are retried: one table for replies and alerts; the callers differ only in these numbers. */
export interface SendRetryPolicy {
    /** Backoff of retryable refusals (4, 130429, 131000, 5xx, network errors): full jitter. */
    backoff: BackoffPolicy;
    /** One "second" of Meta's 4^n s pair-rate backoff (131056). */
    pairBackoffUnitMs: number;
    /** 131056 refusals after which the recipient is given up (default: none, only the deadline ends them). */
    maxPairBackoffs?: number;
}

export interface CloudMessageSenderOptions {
    graph: MessageSender;
    /** Where {@link CloudMessageSender.recordAcceptance} writes the delivery state ('messages'). */
    store: DocumentStore;
    /**
     * One token of each, in this order, before every send: the phone number's budget for replies; the alerts'
     * own rate, then the number's budget, for alerts.
     */
    buckets: TokenBucket[];
    /** Which queue of the buckets the sends wait in (default 'conversation'; alerts: 'bulk'). */
    lane?: SendLane;
    retry: SendRetryPolicy;
    clock?: Clock;
    random?: () => number;
}

/** What is known of one message's earlier sends (the outbox keeps it in its entry, the fan-out in memory). */
export interface SendTries {
    /** Sends tried so far. */
    attempts: number;
    /** 131056 refusals so far: the next wait is 4^n s. */
    pairBackoffs: number;
    /** Sends that went out and got no answer (Meta may have delivered each). */
    unanswered: number;
}

export const NO_TRIES_YET: SendTries = { attempts: 0, pairBackoffs: 0, unanswered: 0 };

export interface SendRequest {
    recipient: CloudRecipient;
    message: CloudMessage;
    tries: SendTries;
    /** No retry is due after this instant (ms): the last one comes then, not after. */
    retryUntil: number;
    /** Aborted: a send still waiting for a token leaves the queues at once and takes none. */
    signal?: AbortSignal;
    /**
     * Asked once the tokens are taken, right before the send: a reason not to send after all (an opt-out a second
     * ago, an alert that expired meanwhile), or undefined to send.
     */
    withhold?: () => Promise<string | undefined>;
}

/** Why a refused send is not tried again. */
export type GiveUpReason = 'refused' | 'out_of_time' | 'pair_rate_limit';

/** What Graph (or the transport) said about a send that did not get a wamid. */
export interface SendFailure {
    /** What the refusal means; anything the transport throws without one counts as 'retry'. */
    kind: GraphErrorKind;
    code?: number;
    message: string;
    /** When it was decided (UTC ISO). */
    at: string;
}

/** How one send ended. `tries` is what is known after it (this send counted). */
export type SendResult =
    | { kind: 'sent'; wamid: string; sentAt: string; tries: SendTries }
    /** Refused for now: try again in `retryInMs`. */
    | { kind: 'retry_later'; failure: SendFailure; retryInMs: number; tries: SendTries }
    /** Refused for good, or out of time: do not send it again. */
    | { kind: 'given_up'; failure: SendFailure; because: GiveUpReason; tries: SendTries }
    /**
     * The request went out and no answer came (a timeout, a connection cut midway): Meta may have it, so sending
     * again may deliver it twice. The caller decides: the fan-out settles it from the statuses; the outbox sends
     * again, a few times at most, in `retryInMs` (absent: the time is up, or the error is not one to retry).
     */
    | { kind: 'unknown_fate'; failure: SendFailure; retryInMs?: number; tries: SendTries }
    /** Not sent at all: stopped while waiting for a token, or withheld (see {@link SendRequest.withhold}). */
    | { kind: 'not_sent'; reason: string };

/** Refusals no wait will change. */
const NEVER_RETRIED: ReadonlySet<GraphErrorKind> = new Set<GraphErrorKind>([
    'window_closed',
    'undeliverable',
    'stop_campaign',
    'template_error',
    'fatal'
]);

/**
 * Sends one CloudMessage to one recipient: waits for its tokens (the pacing), sends, and says what the answer means
 * (sent, retry later and when, given up, fate unknown). The outbox and the alert fan-out both send through it, so
 * a refusal from Graph means the same for a reply and for an alert. What to do next is theirs: the outbox keeps a
 * citizen's replies in order and writes its entry; the fan-out keeps its delivery records. Keeps no state of its
 * own between sends.
 */
export class CloudMessageSender {
    private readonly clock: Clock;
    private readonly lane: SendLane;

    constructor(private readonly options: CloudMessageSenderOptions) {
        this.clock = options.clock ?? systemClock;
        this.lane = options.lane ?? 'conversation';
    }

    /**
     * One send: tokens, the last check, the request, its verdict. Throws only what waiting for a token throws
     * for another reason than `signal`.
     *
     * @example
     * const result = await sender.send({ recipient: recipientFor(key), message, tries: NO_TRIES_YET, retryUntil });
     * if (result.kind === 'retry_later') await pause(result.retryInMs);
     */
    async send(request: SendRequest): Promise<SendResult> {
        if (!(await this.takeTokens(request.signal))) return { kind: 'not_sent', reason: 'stopped' };
        const withheld = await request.withhold?.();
        if (withheld !== undefined) return { kind: 'not_sent', reason: withheld };
        const tries = { ...request.tries, attempts: request.tries.attempts + 1 };
        try {
            const { wamid } = await this.options.graph.sendMessage(request.recipient, request.message);
            return { kind: 'sent', wamid, sentAt: new Date(this.clock.now()).toISOString(), tries };
        } catch (error) {
            return this.judge(error, tries, request.retryUntil);
        }
    }

    /**
     * Records that Graph accepted a send (the 'messages' document of its wamid), keeping a status that came first.
     * Apart from send(): the outbox writes it together with its own entry.
     */
    recordAcceptance(
        wamid: string,
        sent: { citizenKey: string; outboxId: string; origin: MessageOrigin; originRef?: string; acceptedAt: string }
    ): Promise<DeliveryStateChange> {
        return recordAccepted(this.options.store, wamid, sent);
    }

    /** One token of each bucket; false (having left every queue) when `signal` aborts first. */
    private async takeTokens(signal: AbortSignal | undefined): Promise<boolean> {
        try {
            for (const bucket of this.options.buckets) await bucket.take(this.lane, signal);
        } catch (error) {
            if (signal?.aborted) return false;
            throw error;
        }
        return true;
    }

    /** What a refused or unanswered send means: when to try again, or why not. */
    private judge(error: unknown, before: SendTries, retryUntil: number): SendResult {
        const now = this.clock.now();
        const kind = errorKind(error);
        const unknownFate = wasUnanswered(error);
        const tries: SendTries = {
            attempts: before.attempts,
            pairBackoffs: before.pairBackoffs + (kind === 'pair_backoff' ? 1 : 0),
            unanswered: before.unanswered + (unknownFate ? 1 : 0)
        };
        const code = errorCode(error);
        const failure: SendFailure = {
            kind,
            message: error instanceof Error ? error.message : String(error),
            at: new Date(now).toISOString(),
            ...(code !== undefined ? { code } : {})
        };
        const verdict = this.verdict(kind, tries, retryUntil - now);
        if (unknownFate) return { kind: 'unknown_fate', failure, tries, ...('retryInMs' in verdict ? { retryInMs: verdict.retryInMs } : {}) };
        if ('retryInMs' in verdict) return { kind: 'retry_later', failure, retryInMs: verdict.retryInMs, tries };
        return { kind: 'given_up', failure, because: verdict.because, tries };
    }

    private verdict(kind: GraphErrorKind, tries: SendTries, msLeft: number): { retryInMs: number } | { because: GiveUpReason } {
        const { retry } = this.options;
        if (NEVER_RETRIED.has(kind)) return { because: 'refused' };
        if (msLeft <= 0) return { because: 'out_of_time' };
        if (kind === 'media_failed') return tries.attempts >= 2 ? { because: 'refused' } : { retryInMs: retry.backoff.baseDelayMs };
        if (kind === 'pair_backoff' && tries.pairBackoffs > (retry.maxPairBackoffs ?? Infinity)) return { because: 'pair_rate_limit' };
        const delay =
            kind === 'pair_backoff'
                ? pairRateDelay(tries.pairBackoffs, retry.pairBackoffUnitMs)
                : fullJitterDelay(tries.attempts, retry.backoff, this.options.random);
        // The last try comes when the time is up, not after it (131056's 4^n s grows past any bound).
        return { retryInMs: Math.min(delay, msLeft) };
    }
}

const KINDS: ReadonlySet<string> = new Set<GraphErrorKind>([
    'retry',
    'pair_backoff',
    'window_closed',
    'undeliverable',
    'stop_campaign',
    'media_failed',
    'template_error',
    'fatal'
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
