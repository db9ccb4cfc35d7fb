import { createReportBot } from '../bots/createReportBot';
import { DocumentStoreStorage } from '../storage/botStateStorage';
import type { FeatureContext, Stoppable } from './application';
import { mountBotFrameworkEndpoint } from './botFrameworkEndpoint';
import { apologizeAndRestart } from './turnErrors';

/**
 * Mounts the line's features on a started server: the standard Bot Framework endpoint, the WhatsApp
 * webhook (with the simulator when no access token is set), and, as they land, handoff and alerts.
 */
export async function mountFeatures(context: FeatureContext): Promise<Stoppable[]> {
    const { config, logger, server, store, metrics } = context;

    const webBot = createReportBot({ store, storage: new DocumentStoreStorage(store), logger });
    mountBotFrameworkEndpoint(server, {
        credentials: config.botFramework,
        bot: webBot.bot,
        logger,
        metrics,
        maxBodyBytes: config.maxBodyBytes,
        onTurnError: (turn) => apologizeAndRestart(turn, webBot.conversationState)
    });

    return [];
}
