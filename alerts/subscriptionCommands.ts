import { TurnContext } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { formatLocal } from '../common/time';
import { AlertSubscriptionCommands } from '../dialogs';
import { citizenKeyOf } from '../dialogs';
import { AlertCommand } from '../dialogs';
import { ProtocolDependencies } from '../dialogs';
import { say } from '../dialogs';
import { describeDepartments } from './departmentChoice';
import { AlertSubscriptionDialog } from './subscriptionDialog';
import { SubscriptionRepository } from './subscriptionRepository';

/**
 * What the citizen's alert commands do: "MIS ALERTAS" lists, "BAJA"/"STOP"/"no quiero más alertas" opts out of
 * everything at once (effective for broadcasts already running: every send re-reads the subscription), and
 * "ALERTAS" starts {@link AlertSubscriptionDialog} (or, in the middle of a report, is deferred politely).
 */
export class AlertSubscriptionService implements AlertSubscriptionCommands {
    constructor(
        private readonly subscriptions: SubscriptionRepository,
        private readonly clock: () => string
    ) {}

    async handle(context: TurnContext, command: AlertCommand): Promise<void> {
        const citizenKey = citizenKeyOf(context);
        switch (command) {
            case 'list': {
                const subscription = await this.subscriptions.get(citizenKey);
                if (!subscription?.active) {
                    await context.sendActivity(say('alertsListEmpty'));
                    return;
                }
                const since = subscription.optIn ? formatLocal(subscription.optIn.at, 'dd/MM/yyyy') : '';
                await context.sendActivity(say('alertsList', { departments: describeDepartments(subscription), since }));
                return;
            }
            case 'unsubscribe': {
                const wasSubscribed = await this.subscriptions.unsubscribe(citizenKey, this.clock());
                await context.sendActivity(say(wasSubscribed ? 'alertsUnsubscribed' : 'alertsUnsubscribedAlready'));
                return;
            }
            case 'subscribe':
                // Only reached while a report is running: the report comes first.
                await context.sendActivity(say('alertsSubscribeAfterReport'));
                return;
        }
    }

    createSubscriptionDialog(deps: ProtocolDependencies): Dialog {
        return new AlertSubscriptionDialog(deps, this.subscriptions, this);
    }
}
