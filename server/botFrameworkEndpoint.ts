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
import { WHATSAPP_CHANNEL } from '../dialogs';
import { jsonBody } from '../common/http/jsonBody';
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
    /**
     * Whether requests without a Bot Framework token are served when no MicrosoftAppId is set (the Emulator's
     * way). Only in simulator mode: an anonymous request chooses its own `from.id` and `serviceUrl`, and proactive
     * operator messages would be posted to that URL.
     */
    allowAnonymous: boolean;
    /** Called when a turn fails, after the error is logged: e.g. apologise to the citizen and reset the dialog. */
    onTurnError?(context: TurnContext, error: Error): Promise<void>;
}

/**
 * `POST /api/messages`: the standard Bot Framework endpoint (Emulator, Web Chat, Azure Bot Service), through
 * botbuilder's CloudAdapter, running the same bot as WhatsApp. With no MicrosoftAppId it accepts anonymous
 * requests, as the Emulator expects, but only when `allowAnonymous` (simulator mode); otherwise it answers 401.
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
        await options
            .onTurnError?.(context, error)
            .catch((secondError: Error) => logger.error({ err: { message: secondError.message } }, 'turn error handler failed'));
    };

    const anonymousRefused = !credentials.appId && !options.allowAnonymous;
    if (anonymousRefused) {
        logger.warn(
            'POST /api/messages refuses every request: set MicrosoftAppId and MicrosoftAppPassword to serve Web Chat or Azure Bot Service (anonymous requests are served only in simulator mode)'
        );
    }
    server.post('/api/messages', ...jsonBody(options.maxBodyBytes), async (req, res) => {
        if (anonymousRefused) {
            res.send(401, {
                error: 'this endpoint needs a Bot Framework app id (MicrosoftAppId); anonymous requests are served only in simulator mode'
            });
            return;
        }
        // WhatsApp activities come only from the signed webhook: one posted here would speak as a WhatsApp citizen.
        if ((req.body as { channelId?: unknown } | undefined)?.channelId === WHATSAPP_CHANNEL) {
            res.send(400, { error: 'channelId "whatsapp" is reserved for the WhatsApp webhook' });
            return;
        }
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
