import { DocumentStore, isPreconditionFailed } from '../storage';
import { DEPARTMENTS } from '../dialogs';
import { SUBSCRIPTION_ID, Subscription } from './types';

const MAX_CONFLICT_RETRIES = 5;
const AUDIENCE_PAGE_SIZE = 5000;

/** Weather-alert subscriptions: one document per citizen, every change a conditional write. */
export class SubscriptionRepository {
    constructor(private readonly store: DocumentStore) {}

    async get(citizenKey: string): Promise<Subscription | undefined> {
        return (await this.store.get<Subscription>('subscribers', citizenKey, SUBSCRIPTION_ID))?.value;
    }

    /** Opts in to `departmentIds` (replacing the previous choice), keeping the accepted sentence and its time. */
    async subscribe(
        citizenKey: string,
        choice: { departmentIds: string[]; wholeProvince: boolean },
        wording: string,
        at: string
    ): Promise<Subscription> {
        const departments = choice.wholeProvince ? DEPARTMENTS.map((d) => d.id) : [...new Set(choice.departmentIds)];
        return this.update(citizenKey, at, (current) => ({
            citizenKey,
            active: true,
            departments,
            wholeProvince: choice.wholeProvince,
            optIn: { at, wording, channel: 'whatsapp' },
            history: recentHistory([...(current?.history ?? []), { action: 'opt_in', at, wording, departments }]),
            updatedAt: at
        }));
    }

    /** Opts out of everything at once. Returns whether the citizen was subscribed. */
    async unsubscribe(citizenKey: string, at: string): Promise<boolean> {
        let wasActive = false;
        await this.update(citizenKey, at, (current) => {
            wasActive = current?.active === true;
            return {
                citizenKey,
                active: false,
                departments: [],
                wholeProvince: false,
                ...(current?.optIn ? { optIn: current.optIn } : {}),
                optedOutAt: at,
                history: recentHistory([...(current?.history ?? []), { action: 'opt_out', at }]),
                updatedAt: at
            };
        });
        return wasActive;
    }

    /** Whether a citizen may receive an alert for these departments right now (checked before every send). */
    async isReachable(citizenKey: string, departmentIds: ReadonlySet<string>): Promise<boolean> {
        const subscription = await this.get(citizenKey);
        return subscription?.active === true && subscription.departments.some((id) => departmentIds.has(id));
    }

    /** The citizen keys subscribed to at least one of the departments, sorted, each once. */
    async audience(departmentIds: readonly string[]): Promise<string[]> {
        const keys: string[] = [];
        for await (const page of this.audiencePages(departmentIds)) keys.push(...page);
        return keys;
    }

    /**
     * The same keys a page at a time, in key order (keyset paging: nothing skipped or read twice). A province-wide
     * audience is 100,000 documents; read at once they were the largest memory peak of a broadcast.
     */
    async *audiencePages(departmentIds: readonly string[], pageSize = AUDIENCE_PAGE_SIZE): AsyncGenerator<string[]> {
        const wanted = new Set(departmentIds);
        let after = '';
        for (;;) {
            const page = await this.store.query<Subscription>('subscribers', {
                where: [
                    { field: 'active', op: '=', value: true },
                    { field: 'citizenKey', op: '>', value: after }
                ],
                orderBy: [{ field: 'citizenKey' }],
                limit: pageSize
            });
            if (page.length === 0) return;
            after = page[page.length - 1].value.citizenKey;
            const keys = page
                .filter((doc) => doc.id === SUBSCRIPTION_ID && doc.value.departments.some((id) => wanted.has(id)))
                .map((doc) => doc.value.citizenKey);
            if (keys.length > 0) yield keys;
            if (page.length < pageSize) return;
        }
    }

    private async update(citizenKey: string, at: string, next: (current: Subscription | undefined) => Subscription): Promise<Subscription> {
        for (let attempt = 0; ; attempt++) {
            const current = await this.store.get<Subscription>('subscribers', citizenKey, SUBSCRIPTION_ID);
            try {
                const doc = await this.store.put<Subscription>(
                    'subscribers',
                    { partitionKey: citizenKey, id: SUBSCRIPTION_ID, value: next(current?.value) },
                    current ? { ifMatch: current.etag } : { ifNoneMatch: '*' }
                );
                return doc.value;
            } catch (error) {
                if (!isPreconditionFailed(error) || attempt >= MAX_CONFLICT_RETRIES) {
                    throw error instanceof Error ? error : new Error(`SubscriptionRepository.update(): ${String(error)} at ${at}`);
                }
            }
        }
    }
}

/**
 * Consent changes kept per citizen: the latest opt-in is kept apart (`optIn`), and a document that grew with every
 * ALERTAS / BAJA would one day pass Cosmos DB's 2 MB, after which that citizen's writes fail for good.
 */
export const MAX_SUBSCRIPTION_HISTORY = 200;

function recentHistory<T>(history: T[]): T[] {
    return history.length > MAX_SUBSCRIPTION_HISTORY ? history.slice(-MAX_SUBSCRIPTION_HISTORY) : history;
}
