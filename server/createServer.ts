import * as restify from 'restify';
import type { Logger } from '../common/logger';
import { applyHttpTimeouts, HTTP_TIMEOUTS, type HttpTimeouts } from './httpTimeouts';
import type { ServerMetrics } from './metrics';
import { compileProxyTrust, trustProxies } from './trustedProxies';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './jsonNesting';

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
            logger.error({ err: { name: err.name, message: err.message, stack: err.stack }, method: req.method, route: req.getRoute()?.path }, 'request failed');
        }
        callback();
    });

    return server;
}

/**
 * A JSON body parser with the configured size limit (413 above it, 400 for malformed JSON, 415 for a body that is
 * not JSON). Only JSON: restify's general bodyParser also takes multipart forms, which it streams to temporary files
 * past any size limit and never deletes, and form posts would let another site log a browser in.
 */
export function jsonBody(maxBodyBytes: number): restify.RequestHandler[] {
    const [readBody, parseJson] = restify.plugins.jsonBodyParser({ maxBodySize: maxBodyBytes, mapParams: false } as restify.plugins.JsonBodyParserOptions) as unknown as restify.RequestHandler[];
    return [requireJsonContent, readBody, refuseDeepNesting, parseJson];
}

/** 400 for a body nested deeper than any the line takes, before JSON.parse spends the event loop on it. */
function refuseDeepNesting(req: restify.Request, res: restify.Response, next: restify.Next): void {
    const body: unknown = req.body;
    const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : '';
    if (jsonDepthExceeds(text)) {
        res.send(400, { code: 'BadRequest', message: `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels` });
        next(false);
        return;
    }
    next();
}

const JSON_CONTENT_TYPE = /^application\/([a-z0-9.+-]+\+)?json$/i;

function requireJsonContent(req: restify.Request, res: restify.Response, next: restify.Next): void {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim();
    if (hasBody && !JSON_CONTENT_TYPE.test(contentType)) {
        // The body is never read: the connection closes after this answer instead.
        res.header('Connection', 'close');
        res.send(415, { code: 'UnsupportedMediaType', message: 'the body must be JSON (Content-Type: application/json)' });
        next(false);
        return;
    }
    next();
}
