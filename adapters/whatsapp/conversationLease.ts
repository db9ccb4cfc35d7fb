import { DocumentStore, StoredDocument, isPreconditionFailed } from '../../storage';
import { Logger } from '../../common/logger';
import { Clock, TimerHandle, systemClock } from '../../common/clock';

/** Collection 'leases', partition key and id = the lease key. */
export interface LeaseDoc {
    key: string;
    owner: string;
    /** Milliseconds since the epoch; past it, anyone may take the lease over. */
    expiresAt: number;
    acquiredAt: string;
}

export interface LeaseOptions {
    store: DocumentStore;
    logger: Logger;
    /**
     * This instance's name among the instances sharing the store. Keep it stable across restarts (e.g. the host
     * name) so a restarted instance takes back at once what it held when it died; two instances running at the
     * same time must never share it.
     */
    owner: string;
    /** How long a lease holds without renewal (default 30 s). Renewed when less than a third of it is left. */
    ttlMs?: number;
    /**
     * How long a lease is kept after its last use (default 5 s): a stream of messages from one citizen takes it
     * once, not once per turn. 0 releases it at the end of every use. Another instance that wants it meanwhile
     * waits at most this long (plus `contendedRetryMs`).
     */
    idleReleaseMs?: number;
    /** How soon to try again a lease another instance holds (default 1 s; never later than its expiry). */
    contendedRetryMs?: number;
    clock?: Clock;
}

/** A lease this instance holds; `lost` turns true if a renewal found it taken. */
export interface HeldLease {
    readonly key: string;
    readonly lost: boolean;
    /** Ends this use. The lease itself is kept a while for the next use (see `idleReleaseMs`). */
    release(): Promise<void>;
}

/** Another instance holds the lease: when it expires at the latest, and when to look again. */
export interface RefusedLease {
    heldUntil: number;
    retryAt: number;
}

/** One lease this instance holds, used or idle. */
interface Holding {
    readonly key: string;
    etag: string;
    expiresAt: number;
    users: number;
    lost: boolean;
    renewTimer?: TimerHandle;
    idleTimer?: TimerHandle;
    /** A renewal in flight: the next acquire waits for it instead of racing it. */
    renewing?: Promise<void>;
}

/**
 * Cross-instance exclusion for one conversation's turns (or one citizen's sends): a document with an owner and
 * an expiry, taken with a conditional write so that of two instances trying at once exactly one wins. A holder
 * that dies stops renewing and the lease expires; then another instance takes it over (or the same instance,
 * restarted under the same owner name, at once).
 *
 * A lease is kept in memory between uses and used again without touching storage while more than a third of its
 * lifetime is left; it is renewed (one conditional write) only near its expiry, and deleted once it was idle for
 * `idleReleaseMs` or at {@link releaseAll}. The stored expiry is always what this instance wrote last, so no
 * other instance can take a lease this one still counts on.
 */
export class ConversationLeases {
    private readonly ttlMs: number;
    private readonly renewMarginMs: number;
    private readonly idleReleaseMs: number;
    private readonly contendedRetryMs: number;
    private readonly clock: Clock;
    private readonly held = new Map<string, Holding>();
    /** Deletes in flight, so that taking a lease again waits for its release instead of racing it. */
    private readonly releasing = new Map<string, Promise<void>>();
    /** First takes in flight: a second acquire of the same key waits for the first instead of competing with it. */
    private readonly taking = new Map<string, Promise<unknown>>();
    private closed = false;

    constructor(private readonly options: LeaseOptions) {
        this.ttlMs = options.ttlMs ?? 30_000;
        this.renewMarginMs = Math.floor(this.ttlMs / 3);
        this.idleReleaseMs = options.idleReleaseMs ?? 5_000;
        this.contendedRetryMs = options.contendedRetryMs ?? 1_000;
        this.clock = options.clock ?? systemClock;
    }

    /** Takes the lease (or uses the one already held), or answers when to look again if another instance holds it. */
    async acquire(key: string): Promise<HeldLease | RefusedLease> {
        for (;;) {
            const pending = this.releasing.get(key) ?? this.taking.get(key);
            if (pending) {
                await pending.catch(() => undefined);
                continue;
            }
            const holding = this.held.get(key);
            if (!holding) {
                const taking = this.take(key);
                this.taking.set(key, taking);
                try {
                    return await taking;
                } finally {
                    this.taking.delete(key);
                }
            }
            if (holding.renewing) {
                await holding.renewing;
                continue;
            }
            if (holding.lost) {
                this.forget(holding);
                continue;
            }
            if (holding.expiresAt - this.clock.now() > this.renewMarginMs) return this.use(holding);
            holding.renewing = this.renew(holding).finally(() => (holding.renewing = undefined));
        }
    }

    /**
     * Deletes every lease stored under this instance's owner name: they are left from before a crash (two live
     * instances never share a name), and the work they guarded may run again at once. Call before draining.
     */
    async reclaimOwn(): Promise<number> {
        const { store, logger, owner } = this.options;
        const own = await store.query<LeaseDoc>('leases', { where: [{ field: 'owner', op: '=', value: owner }] });
        const stale = own.filter((doc) => !this.held.has(doc.id));
        await Promise.all(stale.map((doc) => this.deleteStored(doc.id, doc.etag, 'reclaimOwn')));
        if (stale.length > 0)
            logger.info({ owner, leases: stale.length }, 'ConversationLeases.reclaimOwn(): took back the leases held before a restart');
        return stale.length;
    }

    /** Releases every lease not in use now; leases in use are released when their use ends. Takes no new ones. */
    async releaseAll(): Promise<void> {
        this.closed = true;
        const idle = [...this.held.values()].filter((holding) => holding.users === 0);
        await Promise.all(idle.map((holding) => this.releaseNow(holding)));
        await Promise.all([...this.releasing.values()]);
    }

    /** The first use: read, and write conditionally on what was read. */
    private async take(key: string): Promise<HeldLease | RefusedLease> {
        const { store } = this.options;
        const current = await store.get<LeaseDoc>('leases', key, key);
        const now = this.clock.now();
        if (current && current.value.owner !== this.options.owner && current.value.expiresAt > now) {
            return this.refused(current.value.expiresAt);
        }
        let written: StoredDocument<LeaseDoc>;
        try {
            written = await store.put<LeaseDoc>(
                'leases',
                { partitionKey: key, id: key, value: this.leaseValue(key) },
                current ? { ifMatch: current.etag } : { ifNoneMatch: '*' }
            );
        } catch (error) {
            if (!isPreconditionFailed(error)) throw error;
            // Someone else wrote it between our read and our write: they hold it now.
            return this.refused(this.clock.now() + this.ttlMs);
        }
        const holding: Holding = { key, etag: written.etag, expiresAt: written.value.expiresAt, users: 0, lost: false };
        this.held.set(key, holding);
        return this.use(holding);
    }

    private refused(heldUntil: number): RefusedLease {
        return { heldUntil, retryAt: Math.min(heldUntil + 1, this.clock.now() + this.contendedRetryMs) };
    }

    private use(holding: Holding): HeldLease {
        holding.users++;
        if (holding.idleTimer) this.clock.clearTimer(holding.idleTimer);
        holding.idleTimer = undefined;
        this.scheduleRenewal(holding);
        let released = false;
        return {
            key: holding.key,
            get lost() {
                return holding.lost;
            },
            release: async () => {
                if (released) return;
                released = true;
                await this.endUse(holding);
            }
        };
    }

    /** While the lease is in use, it is renewed a third of its lifetime before it expires. */
    private scheduleRenewal(holding: Holding): void {
        if (holding.renewTimer) return;
        holding.renewTimer = this.clock.setTimer(
            () => {
                holding.renewTimer = undefined;
                if (holding.users === 0 || holding.lost || this.held.get(holding.key) !== holding) return;
                holding.renewing = this.renew(holding).finally(() => {
                    holding.renewing = undefined;
                    if (holding.users > 0 && !holding.lost) this.scheduleRenewal(holding);
                });
            },
            Math.max(1, holding.expiresAt - this.renewMarginMs - this.clock.now())
        );
    }

    private async renew(holding: Holding): Promise<void> {
        try {
            const written = await this.options.store.put<LeaseDoc>(
                'leases',
                { partitionKey: holding.key, id: holding.key, value: this.leaseValue(holding.key) },
                { ifMatch: holding.etag }
            );
            holding.etag = written.etag;
            holding.expiresAt = written.value.expiresAt;
        } catch (error) {
            holding.lost = true;
            if (holding.users > 0) {
                this.options.logger.warn(
                    { err: error, lease: holding.key },
                    'ConversationLeases.renew(): lease lost; finishing the current turn only'
                );
            }
        }
    }

    private async endUse(holding: Holding): Promise<void> {
        holding.users--;
        if (holding.users > 0) return;
        if (holding.renewTimer) this.clock.clearTimer(holding.renewTimer);
        holding.renewTimer = undefined;
        if (holding.renewing) await holding.renewing;
        if (holding.users > 0) return; // used again while the renewal ran
        if (holding.lost) {
            this.forget(holding);
            return;
        }
        if (this.closed || this.idleReleaseMs <= 0) {
            await this.releaseNow(holding);
            return;
        }
        if (holding.idleTimer) this.clock.clearTimer(holding.idleTimer);
        holding.idleTimer = this.clock.setTimer(() => {
            holding.idleTimer = undefined;
            if (holding.users === 0 && !holding.renewing) void this.releaseNow(holding);
        }, this.idleReleaseMs);
    }

    /** Forgets the lease here and deletes it in storage (conditionally: a lease taken over stays with its new owner). */
    private releaseNow(holding: Holding): Promise<void> {
        this.forget(holding);
        if (holding.lost) return Promise.resolve();
        const deleting = this.deleteStored(holding.key, holding.etag, 'release').finally(() => {
            if (this.releasing.get(holding.key) === deleting) this.releasing.delete(holding.key);
        });
        this.releasing.set(holding.key, deleting);
        return deleting;
    }

    private forget(holding: Holding): void {
        if (holding.renewTimer) this.clock.clearTimer(holding.renewTimer);
        if (holding.idleTimer) this.clock.clearTimer(holding.idleTimer);
        holding.renewTimer = undefined;
        holding.idleTimer = undefined;
        if (this.held.get(holding.key) === holding) this.held.delete(holding.key);
    }

    private async deleteStored(key: string, etag: string, method: string): Promise<void> {
        try {
            await this.options.store.delete('leases', key, key, { ifMatch: etag });
        } catch (error) {
            const level = isPreconditionFailed(error) ? 'info' : 'warn';
            this.options.logger[level]({ err: error, lease: key }, `ConversationLeases.${method}(): lease changed hands before release`);
        }
    }

    private leaseValue(key: string): LeaseDoc {
        const now = this.clock.now();
        return { key, owner: this.options.owner, expiresAt: now + this.ttlMs, acquiredAt: new Date(now).toISOString() };
    }
}

export function isHeld(result: HeldLease | RefusedLease): result is HeldLease {
    return 'release' in result;
}
