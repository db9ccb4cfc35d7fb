import {
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
    ConfigurationServiceClientCredentialFactory,
    type Middleware,
    type TurnContext
} from 'botbuilder';
import type * as restify from 'restify';
import type { BotFrameworkConfig } from '../config';
import type { Logger } from '../common/logger';
import { jsonBody } from './createServer';
import type { ServerMetrics } from './metrics';

/** What the endpoint runs for every turn: an ActivityHandler, or anything with its `run`. */
export interface TurnRunner {
    run(context: TurnContext): Promise<void>;
}

export interface BotFrameworkEndpointOptions {
    credentials: BotFrameworkConfig;
    bot: TurnRunner;
    middleware?: Middleware[];
    logger: Logger;
    metrics: ServerMetrics;
    maxBodyBytes: number;
    /** Called when a turn fails, after the error is logged: e.g. apologise to the citizen and reset the dialog. */
    onTurnError?(context: TurnContext, error: Error): Promise<void>;
}

/**
 * `POST /api/messages`: the standard Bot Framework endpoint (Emulator, Web Chat, Azure Bot Service), through
 * botbuilder's CloudAdapter, running the same bot as WhatsApp. With no MicrosoftAppId it accepts anonymous
 * requests, as the Emulator expects.
 */
export function mountBotFrameworkEndpoint(server: restify.Server, options: BotFrameworkEndpointOptions): CloudAdapter {
    const { credentials, logger, metrics } = options;
    const auth = new ConfigurationBotFrameworkAuthentication(
        {},
        new ConfigurationServiceClientCredentialFactory({
            MicrosoftAppId: credentials.appId,
            MicrosoftAppPassword: credentials.appPassword,
            MicrosoftAppType: credentials.appType,
            MicrosoftAppTenantId: credentials.tenantId
        })
    );
    const adapter = new CloudAdapter(auth);
    for (const middleware of options.middleware ?? []) adapter.use(middleware);

    adapter.onTurnError = async (context, error) => {
        logger.error({ err: { name: error.name, message: error.message, stack: error.stack }, channel: context.activity.channelId }, 'turn failed');
        await options.onTurnError?.(context, error).catch((secondError: Error) =>
            logger.error({ err: { message: secondError.message } }, 'turn error handler failed')
        );
    };

    server.post('/api/messages', ...jsonBody(options.maxBodyBytes), async (req, res) => {
        const timer = metrics.turnDuration.startTimer({ channel: channelOf(req.body) });
        try {
            await adapter.process(req, res, (context) => options.bot.run(context));
        } finally {
            timer();
        }
    });
    return adapter;
}

function channelOf(body: unknown): string {
    const channel = (body as { channelId?: unknown } | undefined)?.channelId;
    return typeof channel === 'string' && /^[a-z0-9_-]{1,32}$/i.test(channel) ? channel : 'unknown';
}
