import { setMaxListeners } from 'events';
import type { Logger } from '../common/logger';
import { Clock } from '../common/clock';
import { CloudMessageSender, MessageSender, NO_TRIES_YET, SendResult } from '../adapters/whatsapp';
import { DeliveryStateDoc, updateDeliveryState } from '../adapters/whatsapp';
import { recipientFor } from '../adapters/whatsapp';
import { TokenBucket } from '../adapters/whatsapp';
import { CloudMessage } from '../adapters/whatsapp';
import { DocumentStore, isPreconditionFailed, StoredDocument } from '../storage';
import { alertTemplateFor } from './alertTemplate';
import { BroadcastRepository } from './broadcastRepository';
import { SubscriptionRepository } from './subscriptionRepository';
import { Broadcast, DeliveryRecord, deliveryRef, parseDeliveryRef } from './types';

/** The part of the Graph client a broadcast uses (GraphClient satisfies it). */
export type AlertGraph = MessageSender;

export interface FanOutTuning {
    templateName: string;
    templateLanguage: string;
    concurrency: number;
    /** See AlertSettings.retryForMs. */
    retryForMs: number;
    retryBaseMs: number;
    retryMaxMs: number;
    pairBackoffUnitMs: number;
    reconcileWindowMs: number;
    reconcilePollMs: number;
}

export interface FanOutContext {
    store: DocumentStore;
    graph: AlertGraph;
    broadcasts: BroadcastRepository;
    subscriptions: SubscriptionRepository;
    /** Shared by every broadcast: ALERT_RATE_PER_SECOND, the alerts' own cap. */
    bucket: TokenBucket;
    /**
     * The phone number's whole budget (WHATSAPP_RATE_PER_SECOND), shared with the bot's and operators' replies:
     * alerts take from it in the bulk lane, so a citizen writing during a broadcast is answered first.
     */
    numberBucket?: TokenBucket;
    clock: Clock;
    logger: Logger;
    tuning: FanOutTuning;
}

/** How one recipient's turn ended. */
type Outcome =
    | { kind: 'sent'; wamid: string }
    | { kind: 'failed'; reason: string; code?: number }
    | { kind: 'skipped'; reason: string }
    | { kind: 'release' } // not sent; back to pending (cancel, shutdown, campaign stopped)
    | { kind: 'ambiguous' }; // the request may have reached Meta: settle it from the statuses before sending again

export type FanOutEnd = 'completed' | 'cancelled' | 'stopped' | 'interrupted';

/**
 * Pending records read per query. Each query scans the broadcast's records (keyset paging on a JSON field, no
 * index), so fewer, larger pages cost far less in all: 5,000 small records are about 2 MB.
 */
const PAGE_SIZE = 5000;
const CLAIM_SIZE = 100;
const FLUSH_EVERY_MS = 200;
const STATE_CHECK_EVERY_MS = 1000;
/** Status timestamps are whole seconds, and clocks differ a little. */
const STATUS_TIME_SKEW_MS = 5000;
/** 131056 refusals after which one recipient is given up: a broadcast does not wait minutes for one citizen. */
const MAX_PAIR_BACKOFFS = 3;
const EXPIRED = 'expired: the alert is no longer valid';
/** Why a send was withheld when the recipient opted out meanwhile (any other reason releases the record). */
const NOT_SUBSCRIBED = 'not_subscribed';

/**
 * Sends one broadcast to its pending delivery records, at the shared rate, with enough sends in flight to reach it.
 * Each send goes through the same {@link CloudMessageSender} as the outbox's replies (tokens, the request, what
 * Graph's answer means, the retry policy); what is the fan-out's own is who gets the alert, its delivery records,
 * cancellation and progress.
 *
 * Never twice: a record is claimed ('sending', conditional batch write) before its send; Graph's answer is kept at
 * once in the 'messages' doc of the wamid (origin 'alert', outboxId = the delivery reference) and then in the record.
 * A record found 'sending' at start (a crash) or a send whose answer never came (timeout, reset) is ambiguous: it is
 * settled as sent when a 'messages' doc names it, or when a status for that recipient with no known origin arrives
 * within the reconciliation window (Meta re-delivers unanswered webhooks); only then is it sent again.
 * Residual risk: a message Meta accepted whose statuses do not reach the line within the window is sent twice.
 */
export class BroadcastFanOut {
    private stopping: 'cancel' | 'shutdown' | 'halt' | undefined;
    private haltReason = '';
    private readonly inFlight = new Set<Promise<void>>();
    private results: DeliveryRecord[] = [];
    private flushing: Promise<void> = Promise.resolve();
    private readonly suspects: DeliveryRecord[] = [];
    private readonly departments: ReadonlySet<string>;
    private readonly message: (ref: string) => CloudMessage;
    private lastStateCheck = 0;
    private flushTimer: ReturnType<Clock['setTimer']> | undefined;
    private stateTimer: ReturnType<Clock['setTimer']> | undefined;
    private ended = false;
    /** Wakes every pause in progress: a cancel or a shutdown must not wait for a minute-long retry to come round. */
    private readonly sleepers = new Set<() => void>();
    /**
     * Aborted when the fan-out is told to stop: its sends waiting for a token leave the buckets' queues at once and
     * take none, so the citizens' replies waiting behind them on the number's budget get those tokens.
     */
    private readonly stopWaitingForTokens = new AbortController();
    /** Wakes the claim loop when a send ends (a slot frees) or the fan-out is told to stop. */
    private slotFreed: { promise: Promise<void>; resolve: () => void } | undefined;
    /** Records claimed at once: a quarter of the sends in flight, so a few recipients waiting out long retries never hold the rest back. */
    private readonly claimSize: number;
    /** Pacing (the alerts' rate, then the number's budget in the bulk lane), the send, and what Graph's answer means. */
    private readonly sender: CloudMessageSender;

    constructor(
        private readonly broadcast: Broadcast,
        private readonly ctx: FanOutContext
    ) {
        this.departments = new Set(broadcast.departments);
        this.message = alertTemplateFor(broadcast, { name: ctx.tuning.templateName, language: ctx.tuning.templateLanguage });
        this.claimSize = Math.min(CLAIM_SIZE, Math.max(1, Math.ceil(ctx.tuning.concurrency / 4)));
        this.sender = new CloudMessageSender({
            graph: ctx.graph,
            store: ctx.store,
            buckets: ctx.numberBucket ? [ctx.bucket, ctx.numberBucket] : [ctx.bucket],
            lane: 'bulk',
            retry: {
                backoff: { baseDelayMs: ctx.tuning.retryBaseMs, maxDelayMs: ctx.tuning.retryMaxMs },
                pairBackoffUnitMs: ctx.tuning.pairBackoffUnitMs,
                maxPairBackoffs: MAX_PAIR_BACKOFFS
            },
            clock: ctx.clock
        });
        // Each send waiting for a token listens on it (up to the sends in flight, hundreds), each listener removed
        // when its token comes: not the leak Node warns of past 10.
        setMaxListeners(0, this.stopWaitingForTokens.signal);
    }

    /** Stop sending (the broadcast was cancelled); what is in flight finishes. */
    cancel(): void {
        this.stopping ??= 'cancel';
        this.wakeEveryWait();
    }

    /** Stop sending for a shutdown: the broadcast stays 'sending' and resumes at the next start. */
    interrupt(): void {
        this.stopping ??= 'shutdown';
        this.wakeEveryWait();
    }

    async run(): Promise<FanOutEnd> {
        const { broadcasts, logger } = this.ctx;
        const id = this.broadcast.id;
        this.scheduleFlush();
        this.scheduleStateCheck();
        try {
            // Sends of unknown fate (a crash) wait for their statuses while everyone else is served meanwhile.
            const leftovers = (await broadcasts.ambiguous(id)).map((doc) => doc.value);
            if (leftovers.length > 0) {
                logger.warn(
                    { broadcastId: id, ambiguous: leftovers.length },
                    'BroadcastFanOut.run(): resuming; settling sends of unknown fate from the statuses'
                );
                this.suspects.push(...leftovers);
            }
            const reconciling = this.reconcile(this.suspects.splice(0));
            await this.sendAllPending();
            await this.drain();
            const unsettled = await reconciling;
            if (this.stopping)
                await broadcasts.writeRecords(
                    id,
                    unsettled.map((record) => ({ value: { ...record, state: 'pending' } }))
                );
            else for (const record of unsettled) this.launch(record);
            await this.drain();
            while (!this.stopping && this.suspects.length > 0) {
                const unsettled = await this.reconcile(this.suspects.splice(0));
                for (const record of unsettled) this.launch(record);
                await this.drain();
            }
        } catch (error) {
            // What is in flight is released rather than left to finish minutes of retries.
            this.interrupt();
            throw error;
        } finally {
            this.ended = true;
            if (this.flushTimer) this.ctx.clock.clearTimer(this.flushTimer);
            if (this.stateTimer) this.ctx.clock.clearTimer(this.stateTimer);
            await this.drain();
        }
        return this.finish();
    }

    /** Pages through pending records in key order, claiming 100 at a time as capacity frees up. */
    private async sendAllPending(): Promise<void> {
        let cursor = '';
        while (!this.stopping) {
            const page = await this.ctx.broadcasts.pendingPage(this.broadcast.id, cursor, PAGE_SIZE);
            if (page.length === 0) return;
            cursor = page[page.length - 1].value.citizenKey;
            for (let start = 0; start < page.length && !this.stopping; start += this.claimSize) {
                await this.waitForCapacity(this.claimSize);
                await this.checkStillWanted();
                if (this.stopping) return;
                for (const record of await this.claim(page.slice(start, start + this.claimSize))) this.launch(record);
            }
        }
    }

    /** Marks records 'sending' with their etags (one transaction); one by one if another writer got there first. */
    private async claim(docs: StoredDocument<DeliveryRecord>[]): Promise<DeliveryRecord[]> {
        const sendingAt = new Date(this.ctx.clock.now()).toISOString();
        const claims = docs.map((doc) => ({ value: { ...doc.value, state: 'sending' as const, sendingAt }, ifMatch: doc.etag }));
        try {
            return (await this.ctx.broadcasts.writeRecords(this.broadcast.id, claims)).map((doc) => doc.value);
        } catch (error) {
            if (!isPreconditionFailed(error)) throw error;
        }
        const claimed: DeliveryRecord[] = [];
        for (const claim of claims) {
            try {
                claimed.push((await this.ctx.broadcasts.putRecord(claim.value, claim.ifMatch)).value);
            } catch (error) {
                if (!isPreconditionFailed(error)) throw error;
            }
        }
        return claimed;
    }

    private launch(record: DeliveryRecord): void {
        const task: Promise<void> = this.deliver(record)
            .catch((error: unknown): Outcome => {
                this.ctx.logger.error({ err: error, broadcastId: record.broadcastId }, 'BroadcastFanOut.deliver(): unexpected failure; fate unknown');
                return { kind: 'ambiguous' };
            })
            .then((outcome) => this.keep(record, outcome))
            .finally(() => {
                this.inFlight.delete(task);
                this.wakeClaimLoop();
            });
        this.inFlight.add(task);
    }

    /** One recipient, through the shared sender: sent, failed, skipped, released, or of unknown fate; waits out its retries. */
    private async deliver(record: DeliveryRecord): Promise<Outcome> {
        const { clock, tuning } = this.ctx;
        const validUntil = Date.parse(this.broadcast.validUntil);
        const retryUntil = Math.min(clock.now() + tuning.retryForMs, validUntil);
        const ref = deliveryRef(record.broadcastId, record.citizenKey);
        let tries = NO_TRIES_YET;
        for (;;) {
            if (clock.now() >= validUntil) this.halt(EXPIRED);
            if (this.stopping) return { kind: 'release' };
            const result = await this.sender.send({
                recipient: recipientFor(record.citizenKey),
                message: this.message(ref),
                tries,
                retryUntil,
                signal: this.stopWaitingForTokens.signal,
                withhold: () => this.withhold(record, validUntil)
            });
            if (result.kind === 'not_sent')
                return result.reason === NOT_SUBSCRIBED ? { kind: 'skipped', reason: NOT_SUBSCRIBED } : { kind: 'release' };
            record.attempts += 1;
            tries = result.tries;
            switch (result.kind) {
                case 'sent':
                    await this.recordAcceptance(record, ref, result);
                    return { kind: 'sent', wamid: result.wamid };
                case 'unknown_fate':
                    // Sent and unanswered: Meta may have it, so its statuses decide (a send that never left this
                    // machine, Graph unreachable, is an ordinary retry).
                    return { kind: 'ambiguous' };
                case 'retry_later':
                    await this.pause(result.retryInMs);
                    continue;
                case 'given_up':
                    return this.givenUp(result);
            }
        }
    }

    /**
     * Asked once the tokens are taken, right before the send: a reason not to send to this recipient now. A token
     * got before a stop is not used either.
     */
    private async withhold(record: DeliveryRecord, validUntil: number): Promise<string | undefined> {
        if (this.stopping) return 'stopping';
        // Re-read now, not when the broadcast started: an opt-out a second ago must hold.
        if (!(await this.ctx.subscriptions.isReachable(record.citizenKey, this.departments))) return NOT_SUBSCRIBED;
        // The tokens and the subscription check take a moment: the alert may have expired meanwhile.
        if (this.ctx.clock.now() >= validUntil) {
            this.halt(EXPIRED);
            return 'expired';
        }
        return undefined;
    }

    /** Graph's acceptance in the wamid's 'messages' doc, named as this delivery's (origin 'alert'). */
    private async recordAcceptance(record: DeliveryRecord, ref: string, sent: Extract<SendResult, { kind: 'sent' }>): Promise<void> {
        try {
            await this.sender.recordAcceptance(sent.wamid, {
                citizenKey: record.citizenKey,
                outboxId: ref,
                origin: 'alert',
                originRef: record.broadcastId,
                acceptedAt: sent.sentAt
            });
        } catch (error) {
            // The record still carries the wamid; statuses will create the 'messages' doc.
            this.ctx.logger.error({ err: error, wamid: sent.wamid }, 'BroadcastFanOut.deliver(): could not record the accepted send');
        }
    }

    /** A refusal for good: the recipient fails, or, for a campaign-level refusal, the whole broadcast stops. */
    private givenUp(result: Extract<SendResult, { kind: 'given_up' }>): Outcome {
        const { failure } = result;
        if (failure.kind === 'stop_campaign' || failure.kind === 'template_error') {
            this.halt(`Graph error ${failure.code} (${failure.kind}): ${failure.message}`);
            return { kind: 'release' };
        }
        const reason =
            result.because === 'out_of_time' ? 'retries_exhausted' : result.because === 'pair_rate_limit' ? 'pair_rate_limit' : failure.kind;
        return { kind: 'failed', reason, ...(failure.code !== undefined ? { code: failure.code } : {}) };
    }

    /** Queues the record's new state for the next batch write (ambiguous ones wait for reconciliation). */
    private keep(record: DeliveryRecord, outcome: Outcome): void {
        const at = new Date(this.ctx.clock.now()).toISOString();
        switch (outcome.kind) {
            case 'ambiguous':
                this.suspects.push(record);
                return;
            case 'sent':
                this.results.push({ ...record, state: 'sent', wamid: outcome.wamid, sentAt: at, settledBy: 'graph' });
                break;
            case 'failed':
                this.results.push({
                    ...record,
                    state: 'failed',
                    reason: outcome.reason,
                    ...(outcome.code !== undefined ? { errorCode: outcome.code } : {})
                });
                break;
            case 'skipped':
                this.results.push({ ...record, state: 'skipped', reason: outcome.reason });
                break;
            case 'release':
                this.results.push({ ...record, state: 'pending' });
                break;
        }
        if (this.results.length >= CLAIM_SIZE) void this.flush();
    }

    private flush(): Promise<void> {
        this.flushing = this.flushing.then(async () => {
            const batch = this.results.splice(0);
            if (batch.length === 0) return;
            try {
                await this.ctx.broadcasts.writeRecords(
                    this.broadcast.id,
                    batch.map((value) => ({ value }))
                );
            } catch (error) {
                // Left 'sending' in storage: the next start settles them from the 'messages' docs, never blindly.
                this.ctx.logger.error(
                    { err: error, broadcastId: this.broadcast.id, records: batch.length },
                    'BroadcastFanOut.flush(): could not write delivery records'
                );
            }
        });
        return this.flushing;
    }

    private scheduleFlush(): void {
        this.flushTimer = this.ctx.clock.setTimer(() => {
            void this.flush();
            this.scheduleFlush();
        }, FLUSH_EVERY_MS);
    }

    /** Waits for room for `wanted` more sends (or for the fan-out to be told to stop). */
    private async waitForCapacity(wanted: number): Promise<void> {
        while (!this.stopping && this.inFlight.size > 0 && this.inFlight.size + wanted > this.ctx.tuning.concurrency) {
            this.slotFreed ??= withResolvers();
            await this.slotFreed.promise;
        }
    }

    private wakeClaimLoop(): void {
        const freed = this.slotFreed;
        this.slotFreed = undefined;
        freed?.resolve();
    }

    /**
     * Every second for the whole run, not only between claims: sends in flight may all be waiting out retries
     * for minutes, and a cancel made by another instance, or the end of the alert's validity, must still stop them.
     */
    private scheduleStateCheck(): void {
        this.stateTimer = this.ctx.clock.setTimer(() => {
            this.checkStillWanted({ now: true })
                .catch((error: unknown) =>
                    this.ctx.logger.warn(
                        { err: error, broadcastId: this.broadcast.id },
                        'BroadcastFanOut.checkStillWanted(): could not read the broadcast; will look again'
                    )
                )
                .finally(() => {
                    if (!this.stopping && !this.ended) this.scheduleStateCheck();
                });
        }, STATE_CHECK_EVERY_MS);
    }

    private async drain(): Promise<void> {
        while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
        await this.flush();
    }

    /** Notices a cancel from another instance, and an alert past its validity (never sent late). */
    private async checkStillWanted(options: { now?: boolean } = {}): Promise<void> {
        const now = this.ctx.clock.now();
        if (!options.now && now - this.lastStateCheck < STATE_CHECK_EVERY_MS) return;
        this.lastStateCheck = now;
        const current = await this.ctx.broadcasts.get(this.broadcast.id);
        // A check that was reading when the run ended must not turn a finished broadcast into a stopped one.
        if (this.ended) return;
        if (current?.state !== 'sending') this.cancel();
        else if (Date.parse(this.broadcast.validUntil) <= now) this.halt(EXPIRED);
    }

    /** Waits `delayMs`, or less if the fan-out is told to stop meanwhile (callers look at `stopping` next). */
    private pause(delayMs: number): Promise<void> {
        if (this.stopping) return Promise.resolve();
        return new Promise((resolve) => {
            const wake = (): void => {
                this.ctx.clock.clearTimer(timer);
                this.sleepers.delete(wake);
                resolve();
            };
            const timer = this.ctx.clock.setTimer(wake, delayMs);
            this.sleepers.add(wake);
        });
    }

    /** The fan-out was told to stop: every pause, every wait for a token and the claim loop end now. */
    private wakeEveryWait(): void {
        for (const wake of [...this.sleepers]) wake();
        this.stopWaitingForTokens.abort();
        this.wakeClaimLoop();
    }

    private halt(reason: string): void {
        if (this.stopping) return;
        this.stopping = 'halt';
        this.haltReason = reason;
        this.wakeEveryWait();
        this.ctx.logger.error({ broadcastId: this.broadcast.id, reason }, 'BroadcastFanOut: broadcast stopped');
    }

    /**
     * Settles records whose send may have reached Meta: by a 'messages' doc naming the delivery, or by a status of
     * that recipient with no known origin, newer than the claim. Waits up to the window for late statuses.
     * Returns the records still unsettled (never accepted, as far as the statuses tell).
     */
    private async reconcile(records: DeliveryRecord[]): Promise<DeliveryRecord[]> {
        if (records.length === 0) return [];
        const { clock, tuning, broadcasts } = this.ctx;
        const open = new Map(records.map((record) => [record.citizenKey, record]));
        const deadline = clock.now() + tuning.reconcileWindowMs;
        for (;;) {
            const settled: DeliveryRecord[] = [];
            const settle = (record: DeliveryRecord, wamid: string): void => {
                open.delete(record.citizenKey);
                settled.push({ ...record, state: 'sent', wamid, sentAt: new Date(clock.now()).toISOString(), settledBy: 'reconciliation' });
            };
            const refs = [...open.keys()].map((key) => deliveryRef(this.broadcast.id, key));
            for (const doc of await broadcasts.messagesFor('outboxId', refs)) {
                const named = parseDeliveryRef(doc.outboxId);
                const record = named?.broadcastId === this.broadcast.id ? open.get(named.citizenKey) : undefined;
                if (record) settle(record, doc.wamid);
            }
            if (open.size > 0) {
                for (const doc of await broadcasts.messagesFor('recipientId', [...open.keys()])) {
                    const record = doc.recipientId ? open.get(doc.recipientId) : undefined;
                    if (!record || doc.origin !== undefined || !isNewerThanClaim(doc, record)) continue;
                    if (await this.adopt(doc.wamid, record)) settle(record, doc.wamid);
                }
            }
            if (settled.length > 0)
                await broadcasts.writeRecords(
                    this.broadcast.id,
                    settled.map((value) => ({ value }))
                );
            if (open.size === 0 || clock.now() >= deadline || this.stopping) break;
            await this.pause(tuning.reconcilePollMs);
        }
        return [...open.values()];
    }

    /** Tags an untagged 'messages' doc as this delivery's, unless someone else claimed it first. */
    private async adopt(wamid: string, record: DeliveryRecord): Promise<boolean> {
        const change = await updateDeliveryState(this.ctx.store, wamid, (current) =>
            current && current.origin === undefined
                ? {
                      ...current,
                      citizenKey: record.citizenKey,
                      outboxId: deliveryRef(record.broadcastId, record.citizenKey),
                      origin: 'alert',
                      originRef: record.broadcastId
                  }
                : undefined
        );
        return change.changed;
    }

    private async finish(): Promise<FanOutEnd> {
        const now = new Date(this.ctx.clock.now()).toISOString();
        switch (this.stopping) {
            case 'shutdown':
                return 'interrupted';
            case 'cancel':
                return 'cancelled';
            case 'halt':
                await this.ctx.broadcasts.update(this.broadcast.id, (current) =>
                    current.state === 'sending' ? { ...current, state: 'stopped', reason: this.haltReason, finishedAt: now } : undefined
                );
                return 'stopped';
            default:
                await this.ctx.broadcasts.update(this.broadcast.id, (current) =>
                    current.state === 'sending' ? { ...current, state: 'completed', finishedAt: now } : undefined
                );
                return 'completed';
        }
    }
}

function isNewerThanClaim(doc: DeliveryStateDoc, record: DeliveryRecord): boolean {
    if (!record.sendingAt) return true;
    const times = Object.values(doc.at)
        .filter((t): t is string => typeof t === 'string')
        .map((t) => Date.parse(t));
    return times.length > 0 && Math.min(...times) >= Date.parse(record.sendingAt) - STATUS_TIME_SKEW_MS;
}

function withResolvers(): { promise: Promise<void>; resolve: () => void } {
    let resolve!: () => void;
    const promise = new Promise<void>((done) => {
        resolve = done;
    });
    return { promise, resolve };
}
