import { AlertSubscriptionService } from '../../../alerts/subscriptionCommands';
import { SubscriptionRepository } from '../../../alerts/subscriptionRepository';
import { DocumentStore } from '../../../storage/documentStore';
import { ReportBotHarness } from '../../dialogs/support/reportBotHarness';

/** The report bot on SQLite with the real alerts service answering ALERTAS / MIS ALERTAS / BAJA. */
export async function startReportBotWithAlerts(
    now = '2026-11-28T17:05:00.000Z'
): Promise<{ h: ReportBotHarness; subscriptions: SubscriptionRepository }> {
    // The harness opens its own store: the repository reaches it through a late-bound reference.
    const holder: { store?: DocumentStore } = {};
    const lateStore = new Proxy(
        {},
        {
            get: (_target, name) => {
                const value = (holder.store as unknown as Record<string | symbol, unknown>)[name];
                return typeof value === 'function' ? value.bind(holder.store) : value;
            }
        }
    ) as DocumentStore;
    const subscriptions = new SubscriptionRepository(lateStore);
    const h = await ReportBotHarness.start({ alertCommands: new AlertSubscriptionService(subscriptions, () => now) });
    holder.store = h.store;
    return { h, subscriptions };
}
