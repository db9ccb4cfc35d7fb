import { TurnContext } from 'botbuilder';
import { AlertCommand } from './intentRecognizer';
import { say } from './texts';

/** "ALERTAS" / "MIS ALERTAS" / "BAJA": the seam the weather-alerts work fills in. */
export interface AlertSubscriptionCommands {
    handle(context: TurnContext, command: AlertCommand): Promise<void>;
}

/** Until the alerts service exists: tell the citizen politely that it is not available yet. */
export class AlertsNotAvailableYet implements AlertSubscriptionCommands {
    async handle(context: TurnContext): Promise<void> {
        await context.sendActivity(say('alertsNotAvailable'));
    }
}
