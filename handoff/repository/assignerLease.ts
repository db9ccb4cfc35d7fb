import { DocumentStore, isPreconditionFailed } from '../../storage';

const KEY = 'handoff-assigner';

interface AssignerLeaseDoc {
    owner: string;
    expiresAt: string;
}

/**
 * Which instance hands out case offers. Offers count against each operator's limit of open cases; two instances
 * offering at once could both see room for the same operator and give them one case too many. The lease is one
 * document in 'leases', taken and renewed by conditional writes: one holder at a time, and a holder that died
 * is replaced once its lease expires.
 */
export class AssignerLease {
    constructor(
        private readonly store: DocumentStore,
        private readonly owner: string,
        private readonly ttlMs: number
    ) {}

    /** Takes or renews the lease at `now`; false when another live instance holds it or won the race. */
    async acquire(now: Date): Promise<boolean> {
        const current = await this.store.get<AssignerLeaseDoc>('leases', KEY, KEY);
        if (current && current.value.owner !== this.owner && current.value.expiresAt > now.toISOString()) return false;
        // Held with more than half its time left: no write (the assigner asks every second or so).
        if (current && current.value.owner === this.owner && Date.parse(current.value.expiresAt) - now.getTime() > this.ttlMs / 2) return true;
        const doc = { id: KEY, partitionKey: KEY, value: { owner: this.owner, expiresAt: new Date(now.getTime() + this.ttlMs).toISOString() } };
        try {
            await this.store.put('leases', doc, current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
            return true;
        } catch (error) {
            if (isPreconditionFailed(error)) return false;
            throw error;
        }
    }

    /** Lets another instance take over at once (a clean stop). */
    async release(): Promise<void> {
        const current = await this.store.get<AssignerLeaseDoc>('leases', KEY, KEY);
        if (!current || current.value.owner !== this.owner) return;
        try {
            await this.store.delete('leases', KEY, KEY, { ifMatch: current.etag });
        } catch (error) {
            if (!isPreconditionFailed(error)) throw error;
        }
    }
}
