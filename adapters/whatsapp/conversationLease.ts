import { DocumentStore, isPreconditionFailed } from '../../storage/documentStore';
import { Logger } from '../../common/logger';
import { Clock, TimerHandle, systemClock } from './backoff';

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
    /** This process's name among the instances sharing the store. */
    owner: string;
    /** How long a lease holds without renewal (default 30 s). Renewed every third of it while held. */
    ttlMs?: number;
    clock?: Clock;
}

/** A lease this instance holds; `lost` turns true if a renewal found it taken. */
export interface HeldLease {
    readonly key: string;
    readonly lost: boolean;
    release(): Promise<void>;
}

/**
 * Cross-instance exclusion for one conversation's turns (or one citizen's sends): a document with an owner and
 * an expiry, taken with a conditional write so that of two instances trying at once exactly one wins. A holder
 * that dies stops renewing and the lease expires; then another instance takes it over.
 */
export class ConversationLeases {
    private readonly ttlMs: number;
    private readonly clock: Clock;

    constructor(private readonly options: LeaseOptions) {
        this.ttlMs = options.ttlMs ?? 30_000;
        this.clock = options.clock ?? systemClock;
    }

    /** Takes the lease, or answers when it will expire if another live instance holds it. */
    async acquire(key: string): Promise<HeldLease | { heldUntil: number }> {
        const { store } = this.options;
        const current = await store.get<LeaseDoc>('leases', key, key);
        if (current && current.value.owner !== this.options.owner && current.value.expiresAt > this.clock.now()) {
            return { heldUntil: current.value.expiresAt };
        }
        try {
            const written = await store.put<LeaseDoc>(
                'leases',
                { partitionKey: key, id: key, value: this.leaseValue(key) },
                current ? { ifMatch: current.etag } : { ifNoneMatch: '*' }
            );
            return this.hold(key, written.etag);
        } catch (error) {
            if (!isPreconditionFailed(error)) throw error;
            // Someone else wrote it between our read and our write: they hold it now.
            return { heldUntil: this.clock.now() + this.ttlMs };
        }
    }

    private leaseValue(key: string): LeaseDoc {
        return { key, owner: this.options.owner, expiresAt: this.clock.now() + this.ttlMs, acquiredAt: new Date(this.clock.now()).toISOString() };
    }

    private hold(key: string, firstEtag: string): HeldLease {
        const { store, logger } = this.options;
        let etag = firstEtag;
        let lost = false;
        let released = false;
        let timer: TimerHandle | undefined;
        let renewing: Promise<void> = Promise.resolve();
        const scheduleRenewal = (): void => {
            timer = this.clock.setTimer(() => {
                renewing = renew();
            }, Math.max(1, Math.floor(this.ttlMs / 3)));
        };
        const renew = async (): Promise<void> => {
            if (released) return;
            try {
                const written = await store.put<LeaseDoc>('leases', { partitionKey: key, id: key, value: this.leaseValue(key) }, { ifMatch: etag });
                etag = written.etag;
                if (!released) scheduleRenewal();
            } catch (error) {
                lost = true;
                logger.warn({ err: error, lease: key }, 'ConversationLeases.renew(): lease lost; finishing the current turn only');
            }
        };
        scheduleRenewal();
        return {
            key,
            get lost() {
                return lost;
            },
            release: async () => {
                released = true;
                if (timer) this.clock.clearTimer(timer);
                await renewing;
                if (lost) return;
                try {
                    await store.delete('leases', key, key, { ifMatch: etag });
                } catch (error) {
                    logger.warn({ err: error, lease: key }, 'ConversationLeases.release(): lease changed hands before release');
                }
            }
        };
    }
}

export function isHeld(result: HeldLease | { heldUntil: number }): result is HeldLease {
    return 'release' in result;
}
