import type * as restify from 'restify';
import type { DocumentStore } from '../storage/documentStore';
import type { ServerMetrics } from './metrics';

/** How long `/readyz` waits for the store before calling it unreachable. */
const READINESS_TIMEOUT_MS = 2000;

/**
 * `/healthz`: the process answers. `/readyz`: the store answers too (503 otherwise, so a load balancer sends
 * no citizen to an instance that cannot record their message). `/metrics`: Prometheus text.
 */
export function mountHealthRoutes(server: restify.Server, deps: { store: DocumentStore; metrics: ServerMetrics; isStopping: () => boolean }): void {
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

    server.get('/metrics', async (_req, res) => {
        const { contentType, body } = await deps.metrics.render();
        res.setHeader('Content-Type', contentType);
        res.sendRaw(200, body);
    });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
