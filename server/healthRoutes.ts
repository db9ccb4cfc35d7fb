import type * as restify from 'restify';
import type { DocumentStore } from '../storage';
import type { ServerMetrics } from './metrics';
import { scrape, type MetricsAccess } from './metricsEndpoint';

/** How long `/readyz` waits for the store before calling it unreachable. */
const READINESS_TIMEOUT_MS = 2000;

/**
 * `/healthz`: the process answers. `/readyz`: the store answers too (503 otherwise, so a load balancer sends
 * no citizen to an instance that cannot record their message). `/metrics`: Prometheus text, here only with a
 * METRICS_TOKEN and to a request bearing it (see {@link MetricsAccess}; otherwise on the metrics listener alone).
 */
export function mountHealthRoutes(
    server: restify.Server,
    deps: { store: DocumentStore; metrics: ServerMetrics; metricsAccess: MetricsAccess; isStopping: () => boolean }
): void {
    server.get('/healthz', async (_req, res) => {
        res.send(200, { status: 'ok' });
    });

    server.get('/readyz', async (_req, res) => {
        if (deps.isStopping()) {
            res.send(503, { status: 'stopping' });
            return;
        }
        try {
            await withTimeout(deps.store.ping(), READINESS_TIMEOUT_MS);
            res.send(200, { status: 'ready', storage: deps.store.engine });
        } catch (error) {
            res.send(503, { status: 'unavailable', storage: deps.store.engine, message: (error as Error).message });
        }
    });

    server.get('/metrics', async (req, res) => {
        if (deps.metricsAccess.token === undefined) {
            res.send(404, { code: 'NotFound', message: 'the metrics are served on METRICS_HOST:METRICS_PORT, or here with METRICS_TOKEN set' });
            return;
        }
        const { status, headers, body } = await scrape(deps.metrics, deps.metricsAccess, req.header('authorization'));
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
        res.sendRaw(status, body);
    });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
