import * as crypto from 'crypto';
import type { Logger } from '../common/logger';
import { Clock, TimerHandle } from '../common/clock';
import { DEPARTMENTS, departmentById } from '../dialogs';
import { ConversationLeases } from '../adapters/whatsapp';
import { BroadcastFanOut, FanOutContext, FanOutEnd } from './broadcastFanOut';
import { BroadcastRepository } from './broadcastRepository';
import { SubscriptionRepository } from './subscriptionRepository';
import { AlertLevel, Broadcast, BroadcastProgress, BroadcastSource, CapOrigin } from './types';

/** What a supervisor (or a CAP document) asks to send. */
export interface AlertRequest {
    level: AlertLevel;
    phenomenon: string;
    /** Department ids, or 'all' for the whole province. */
    departments: string[] | 'all';
    text: string;
    validUntil: string;
}

/** A request the service refuses, with a message for the API's 400/409. */
export class AlertRequestError extends Error {
    constructor(
        readonly status: 400 | 404 | 409,
        message: string
    ) {
        super(message);
        this.name = 'AlertRequestError';
    }
}

/**
 * Broadcasts from request to completion: audience, delivery records, the fan-out (one per running broadcast),
 * approval of ingested alerts, cancellation, progress; and, at start, resuming whatever a crash interrupted.
 */
export class BroadcastService {
    private readonly running = new Map<string, { fanOut: BroadcastFanOut; done: Promise<FanOutEnd | undefined> }>();
    /** Fan-outs that failed, waiting to be started again. */
    private readonly relaunches = new Map<string, TimerHandle>();
    private stopped = false;

    constructor(
        private readonly broadcasts: BroadcastRepository,
        private readonly subscriptions: SubscriptionRepository,
        private readonly fanOutContext: FanOutContext,
        private readonly clock: Clock,
        private readonly logger: Logger,
        private readonly options: {
            relaunchBaseMs: number;
            /** One fan-out per broadcast across the instances sharing the store (the broadcast's lease). */
            leases: ConversationLeases;
            /** How often a running fan-out checks that its lease still holds (default 2 s). */
            leaseCheckMs?: number;
        }
    ) {}

    /** How many subscribers an alert for these departments reaches now. */
    async preview(departments: string[] | 'all'): Promise<number> {
        let recipients = 0;
        for await (const page of this.subscriptions.audiencePages(this.resolveDepartments(departments).ids)) recipients += page.length;
        return recipients;
    }

    /** Creates a broadcast; sends it at once unless it waits for approval. */
    async create(
        request: AlertRequest,
        origin: { source: BroadcastSource; by: string; id?: string; cap?: CapOrigin; awaitApproval?: boolean }
    ): Promise<Broadcast | undefined> {
        const { ids, wholeProvince } = this.resolveDepartments(request.departments);
        const now = this.nowIso();
        if (Date.parse(request.validUntil) <= this.clock.now()) throw new AlertRequestError(400, 'validUntil: the alert would already be expired');
        const broadcast: Broadcast = {
            id: origin.id ?? `al-${now.slice(0, 10).replace(/-/g, '')}-${crypto.randomBytes(5).toString('hex')}`,
            source: origin.source,
            level: request.level,
            phenomenon: request.phenomenon,
            departments: ids,
            wholeProvince,
            text: request.text,
            validUntil: new Date(request.validUntil).toISOString(),
            state: origin.awaitApproval ? 'awaiting_approval' : 'preparing',
            createdAt: now,
            createdBy: origin.by,
            ...(origin.cap ? { cap: origin.cap } : {})
        };
        if (!(await this.broadcasts.create(broadcast))) return undefined;
        this.logger.info(
            { broadcastId: broadcast.id, source: broadcast.source, level: broadcast.level, departments: ids.length, state: broadcast.state },
            'alert broadcast created'
        );
        if (broadcast.state === 'preparing') this.launch(broadcast);
        return broadcast;
    }

    /** Records a CAP document that must not reach the public (kept so the same identifier is never sent later). */
    async recordIgnored(broadcast: Broadcast): Promise<boolean> {
        return this.broadcasts.create(broadcast);
    }

    async approve(id: string, by: string): Promise<Broadcast> {
        const current = await this.require(id);
        if (current.state !== 'awaiting_approval') throw new AlertRequestError(409, `broadcast ${id} is ${current.state}, not awaiting approval`);
        if (Date.parse(current.validUntil) <= this.clock.now())
            throw new AlertRequestError(409, `broadcast ${id} expired at ${current.validUntil}; it will not be sent`);
        const approved = await this.broadcasts.update(id, (b) =>
            b.state === 'awaiting_approval' ? { ...b, state: 'preparing', approvedBy: by, approvedAt: this.nowIso() } : undefined
        );
        if (!approved) throw new AlertRequestError(409, `broadcast ${id} changed meanwhile; reload it`);
        this.launch(approved);
        return approved;
    }

    /** Cancels a broadcast not yet finished: nobody not yet reached receives it. */
    async cancel(id: string, by: string, reason?: string): Promise<Broadcast> {
        const current = await this.require(id);
        const cancellable = ['awaiting_approval', 'preparing', 'sending'];
        if (!cancellable.includes(current.state))
            throw new AlertRequestError(409, `broadcast ${id} is ${current.state}; only a pending or running one can be cancelled`);
        const cancelled = await this.broadcasts.update(id, (b) =>
            cancellable.includes(b.state)
                ? { ...b, state: 'cancelled', cancelledBy: by, finishedAt: this.nowIso(), ...(reason ? { reason } : {}) }
                : undefined
        );
        if (!cancelled) throw new AlertRequestError(409, `broadcast ${id} finished meanwhile`);
        this.running.get(id)?.fanOut.cancel();
        return cancelled;
    }

    async get(id: string): Promise<Broadcast | undefined> {
        return this.broadcasts.get(id);
    }

    async list(): Promise<Broadcast[]> {
        return this.broadcasts.list();
    }

    async progress(id: string): Promise<{ broadcast: Broadcast; progress: BroadcastProgress }> {
        const broadcast = await this.require(id);
        return { broadcast, progress: await this.broadcasts.progress(broadcast) };
    }

    /** Resumes the broadcasts a stop or a crash left preparing or sending. */
    async resumeInterrupted(): Promise<void> {
        for (const broadcast of await this.broadcasts.inStates(['preparing', 'sending'])) this.launch(broadcast);
    }

    /** Resolves when the broadcast's fan-out (if running here) ends. */
    async whenDone(id: string): Promise<FanOutEnd | undefined> {
        return this.running.get(id)?.done;
    }

    /** Stops every fan-out; what they were sending stays resumable. */
    async stop(): Promise<void> {
        this.stopped = true;
        for (const timer of this.relaunches.values()) this.clock.clearTimer(timer);
        this.relaunches.clear();
        for (const { fanOut } of this.running.values()) fanOut.interrupt();
        await Promise.all([...this.running.values()].map((r) => r.done));
        await this.options.leases.releaseAll();
    }

    private launch(broadcast: Broadcast, failures = 0): void {
        if (this.stopped || this.running.has(broadcast.id)) return;
        const fanOut = new BroadcastFanOut(broadcast, this.fanOutContext);
        let retry: { failures: number; atMs?: number } | undefined;
        const done = this.underLease(broadcast, fanOut)
            .then(
                (outcome) => {
                    if (typeof outcome === 'object') {
                        // Another instance runs it; look again when its lease would have expired, in case that instance died.
                        retry = { failures: 0, atMs: outcome.elsewhereUntil + 1 };
                        return undefined;
                    }
                    if (outcome === 'lease_lost') {
                        this.logger.warn(
                            { broadcastId: broadcast.id },
                            "BroadcastService.launch(): the broadcast's lease was lost; sending stopped here and resumes under a new lease"
                        );
                        retry = { failures: 1 };
                        return undefined;
                    }
                    return outcome;
                },
                (error: unknown) => {
                    retry = { failures: failures + 1 };
                    this.logger.error(
                        { err: error, broadcastId: broadcast.id, failures: failures + 1 },
                        'BroadcastService.launch(): the fan-out failed; it starts again after a pause'
                    );
                    return undefined;
                }
            )
            .finally(() => {
                this.running.delete(broadcast.id);
                if (retry) this.relaunchLater(broadcast.id, retry.failures, retry.atMs);
            });
        this.running.set(broadcast.id, { fanOut, done });
    }

    /**
     * Runs the fan-out while this instance holds the broadcast's lease, so two instances never send one broadcast
     * (a starting instance resumes every unfinished broadcast: without the lease it would re-send what the
     * other instance has in flight). Losing the lease interrupts the fan-out; what it did is in its records.
     */
    private async underLease(
        broadcast: Broadcast,
        fanOut: BroadcastFanOut
    ): Promise<FanOutEnd | undefined | 'lease_lost' | { elsewhereUntil: number }> {
        const lease = await this.options.leases.acquire(`broadcast:${broadcast.id}`);
        if (!('release' in lease)) return { elsewhereUntil: lease.heldUntil };
        const check = setInterval(() => {
            if (lease.lost) fanOut.interrupt();
        }, this.options.leaseCheckMs ?? 2000);
        check.unref();
        try {
            const end = await this.prepareAndSend(broadcast, fanOut);
            return lease.lost && end === 'interrupted' && !this.stopped ? 'lease_lost' : end;
        } finally {
            clearInterval(check);
            await lease.release();
        }
    }

    /**
     * A fan-out that failed (storage did not answer) starts again after a pause that doubles with each failure:
     * left alone, the alert would stay half sent until someone restarted the line. Everything it already did is
     * in its delivery records, so it goes on where it stopped and sends nobody twice.
     */
    private relaunchLater(id: string, failures: number, atMs?: number): void {
        if (this.stopped || this.relaunches.has(id)) return;
        const pause =
            atMs !== undefined
                ? Math.max(1, atMs - this.clock.now())
                : Math.min(5 * 60_000, this.options.relaunchBaseMs * 2 ** Math.min(Math.max(failures, 1) - 1, 10));
        const timer = this.clock.setTimer(() => {
            this.relaunches.delete(id);
            this.broadcasts.get(id).then(
                (current) => {
                    if (current && (current.state === 'preparing' || current.state === 'sending')) this.launch(current, failures);
                },
                (error: unknown) => {
                    this.logger.error(
                        { err: error, broadcastId: id },
                        'BroadcastService.relaunchLater(): could not read the broadcast; trying again later'
                    );
                    this.relaunchLater(id, failures + 1);
                }
            );
        }, pause);
        this.relaunches.set(id, timer);
    }

    /** Writes the delivery records (once), switches to 'sending', then fans out. */
    private async prepareAndSend(broadcast: Broadcast, fanOut: BroadcastFanOut): Promise<FanOutEnd | undefined> {
        let current = broadcast;
        if (current.state === 'preparing') {
            // A page of the audience at a time: the records, not the subscriptions, are what the fan-out reads.
            let total = 0;
            for await (const page of this.subscriptions.audiencePages(current.departments)) {
                await this.broadcasts.writeDeliveries(current.id, page);
                total += page.length;
            }
            const sending = await this.broadcasts.update(current.id, (b) =>
                b.state === 'preparing' ? { ...b, state: 'sending', total, startedAt: this.nowIso() } : undefined
            );
            if (!sending) return 'cancelled';
            current = sending;
            this.logger.info({ broadcastId: current.id, recipients: total }, 'alert broadcast sending');
        }
        const end = await fanOut.run();
        this.logger.info({ broadcastId: current.id, end }, 'alert broadcast fan-out ended');
        return end;
    }

    /** The department ids an alert for `departments` goes to (400 for an unknown one), and whether that is the whole province. */
    resolveDepartments(departments: string[] | 'all'): { ids: string[]; wholeProvince: boolean } {
        if (departments === 'all') return { ids: DEPARTMENTS.map((d) => d.id), wholeProvince: true };
        const unknown = departments.filter((id) => !departmentById(id));
        if (unknown.length > 0) throw new AlertRequestError(400, `departments: unknown department id(s) ${unknown.join(', ')}`);
        if (departments.length === 0) throw new AlertRequestError(400, 'departments: name at least one department, or "all"');
        const ids = [...new Set(departments)];
        return { ids, wholeProvince: ids.length === DEPARTMENTS.length };
    }

    private async require(id: string): Promise<Broadcast> {
        const broadcast = await this.broadcasts.get(id);
        if (!broadcast) throw new AlertRequestError(404, `no broadcast ${id}`);
        return broadcast;
    }

    private nowIso(): string {
        return new Date(this.clock.now()).toISOString();
    }
}
