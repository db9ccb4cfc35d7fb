import * as crypto from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { applyHttpTimeouts, type HttpTimeouts } from './httpTimeouts';
import type { ServerMetrics } from './metrics';

/**
 * Who may read `/metrics`. They tell an attacker what the line is doing (traffic, errors, storage latency, memory),
 * so they are never open to the network by default:
 * - a listener of their own, on `METRICS_HOST:METRICS_PORT` (`127.0.0.1:9464` unless set), as Prometheus exporters
 *   have: a Prometheus on the same machine, or a sidecar, scrapes it; open it wider by setting METRICS_HOST.
 * - the main port serves `/metrics` only with `METRICS_TOKEN` set, to a request bearing it (Prometheus's
 *   `authorization: { credentials_file: … }`): for platforms that expose one port. Without a token it is not served
 *   there, not even to loopback peers: the reverse proxy in front of the line often runs on the same machine, and then
 *   every request from the Internet arrives from a loopback address.
 * With a token, the metrics listener asks for it too.
 */
export interface MetricsAccess {
    /** METRICS_TOKEN: when set, every scrape needs `Authorization: Bearer <token>`. */
    token?: string;
}

/** An answer to a scrape, the same on both listeners. */
interface ScrapeAnswer {
    status: number;
    headers: Record<string, string>;
    body: string;
}

/**
 * Answers one scrape: 401 without the token (when one is set), else the metrics. The token is compared in constant
 * time, over SHA-256 digests so that neither its length nor its first differing byte shows in the time taken.
 */
export async function scrape(metrics: ServerMetrics, access: MetricsAccess, authorization: string | undefined): Promise<ScrapeAnswer> {
    if (access.token !== undefined && !bearerMatches(authorization, access.token)) {
        return {
            status: 401,
            headers: { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer realm="metrics"' },
            body: JSON.stringify({ code: 'Unauthorized', message: 'the metrics need Authorization: Bearer <METRICS_TOKEN>' })
        };
    }
    const { contentType, body } = await metrics.render();
    return { status: 200, headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' }, body };
}

/** Whether an `Authorization` header carries exactly this bearer token (constant time). */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
    const offered = /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
    const same = crypto.timingSafeEqual(digest(offered ?? ''), digest(token));
    return offered !== undefined && same;
}

function digest(value: string): Buffer {
    return crypto.createHash('sha256').update(value, 'utf8').digest();
}

export interface MetricsListener {
    /** e.g. `http://127.0.0.1:9464` (the port chosen when METRICS_PORT was 0). */
    readonly url: string;
    close(): Promise<void>;
}

/**
 * The metrics listener: `GET /metrics` and nothing else, on its own address, with the same deadlines for slow and idle
 * clients as the main port. A plain Node server: it has one route, and its requests stay out of the line's request
 * metrics (a scrape every 15 s would be most of them).
 */
export async function listenForMetrics(options: {
    host: string;
    port: number;
    metrics: ServerMetrics;
    access: MetricsAccess;
    timeouts: HttpTimeouts;
}): Promise<MetricsListener> {
    const server = http.createServer((req, res) => {
        const path = (req.url ?? '').split('?')[0];
        const answer = (status: number, headers: Record<string, string>, body: string): void => {
            res.writeHead(status, headers);
            res.end(req.method === 'HEAD' ? undefined : body);
        };
        if (path !== '/metrics') {
            answer(404, { 'Content-Type': 'application/json' }, JSON.stringify({ code: 'NotFound', message: 'only /metrics is served here' }));
            return;
        }
        if (req.method !== 'GET' && req.method !== 'HEAD') {
            answer(
                405,
                { 'Content-Type': 'application/json', Allow: 'GET, HEAD' },
                JSON.stringify({ code: 'MethodNotAllowed', message: 'GET /metrics' })
            );
            return;
        }
        scrape(options.metrics, options.access, req.headers.authorization).then(
            ({ status, headers, body }) => answer(status, headers, body),
            () =>
                answer(
                    500,
                    { 'Content-Type': 'application/json' },
                    JSON.stringify({ code: 'InternalError', message: 'the metrics could not be read' })
                )
        );
    });
    applyHttpTimeouts(server, options.timeouts);

    await new Promise<void>((resolve, reject) => {
        const refused = (error: Error): void => {
            reject(
                new Error(
                    `the metrics listener cannot listen on ${options.host}:${options.port} (METRICS_HOST, METRICS_PORT; METRICS_PORT=off for none): ${error.message}`
                )
            );
        };
        server.once('error', refused);
        server.listen(options.port, options.host, () => {
            server.removeListener('error', refused);
            resolve();
        });
    });
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

    let closed: Promise<void> | undefined;
    return {
        url: `http://${host}:${address.port}`,
        close() {
            closed ??= new Promise<void>((resolve) => {
                server.close(() => resolve());
                // Prometheus keeps its connection alive between scrapes: nothing is in flight worth waiting for.
                server.closeAllConnections();
            });
            return closed;
        }
    };
}

/** Whether an address to listen on is this machine only (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
    return /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1' || host === '[::1]' || host.toLowerCase() === 'localhost';
}
