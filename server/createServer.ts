import * as restify from 'restify';
import type { Logger } from '../common/logger';
import { applyHttpTimeouts, HTTP_TIMEOUTS, type HttpTimeouts } from './httpTimeouts';
import type { ServerMetrics } from './metrics';
import { compileProxyTrust, trustProxies } from '../common/http/trustedProxies';

export interface HttpServerOptions {
    logger: Logger;
    metrics: ServerMetrics;
    /** Largest JSON body accepted by routes that use {@link jsonBody}. */
    maxBodyBytes: number;
    /** TRUST_PROXY: the proxies whose X-Forwarded-For is believed (none when empty). */
    trustProxy?: readonly string[];
    /** How long a client may take to send a request or stay idle ({@link HTTP_TIMEOUTS} unless given). */
    timeouts?: HttpTimeouts;
}

/**
 * A restify server with what every route shares: query parsing, JSON error bodies, request metrics,
 * one structured log line per request, and deadlines for slow or idle clients (server/httpTimeouts.ts).
 * No global body parser: each route picks its own, because the WhatsApp webhook must see the exact raw
 * bytes to check Meta's signature.
 */
export function createHttpServer(options: HttpServerOptions): restify.Server {
    const server = restify.createServer({ name: 'linea-emergencia', handleUncaughtExceptions: false });
    applyHttpTimeouts(server.server, options.timeouts ?? HTTP_TIMEOUTS);
    const { logger, metrics } = options;

    const startedAt = new WeakMap<restify.Request, bigint>();
    server.pre(function startTimer(req, _res, next) {
        startedAt.set(req, process.hrtime.bigint());
        next();
    });
    if (options.trustProxy?.length) server.pre(trustProxies(compileProxyTrust(options.trustProxy)));
    server.use(restify.plugins.queryParser({ mapParams: false }));

    server.on('after', (req: restify.Request, res: restify.Response, route: restify.Route | undefined) => {
        const routeName = route?.spec?.path?.toString() ?? 'unmatched';
        const started = startedAt.get(req);
        const seconds = started ? Number(process.hrtime.bigint() - started) / 1e9 : 0;
        metrics.httpRequests.inc({ method: req.method, route: routeName, status: String(res.statusCode) });
        metrics.httpDuration.observe({ method: req.method, route: routeName }, seconds);
        // Only method, route and status: URLs and bodies can carry tokens or a citizen's words.
        logger.debug({ method: req.method, route: routeName, status: res.statusCode, ms: Math.round(seconds * 1000) }, 'request');
    });

    server.on('restifyError', (req: restify.Request, _res: restify.Response, err: Error & { statusCode?: number }, callback: () => void) => {
        if ((err.statusCode ?? 500) >= 500) {
            logger.error(
                { err: { name: err.name, message: err.message, stack: err.stack }, method: req.method, route: req.getRoute()?.path },
                'request failed'
            );
        }
        callback();
    });

    return server;
}
