import { TurnContext } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { AlertCommand } from './intentRecognizer';
import type { ProtocolDependencies } from './protocolDependencies';
import { say } from './texts';

/** "ALERTAS" / "MIS ALERTAS" / "BAJA": the seam the weather-alerts work fills in. */
export interface AlertSubscriptionCommands {
    /** One-turn answer to a command (always used for 'list' and 'unsubscribe', and for 'subscribe' during a report). */
    handle(context: TurnContext, command: AlertCommand): Promise<void>;
    /**
     * The multi-turn dialog "ALERTAS" starts when no report is running. MainDialog adds it once, at construction,
     * handing it the protocol's dependencies (so it can hand over to a person like every protocol dialog).
     */
    createSubscriptionDialog?(deps: ProtocolDependencies): Dialog;
}

/** Until the alerts service exists: tell the citizen politely that it is not available yet. */
export class AlertsNotAvailableYet implements AlertSubscriptionCommands {
    async handle(context: TurnContext): Promise<void> {
        await context.sendActivity(say('alertsNotAvailable'));
    }
}
