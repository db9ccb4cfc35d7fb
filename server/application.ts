import type * as restify from 'restify';
import type { AppConfig } from '../config';
import type { Clock } from '../common/clock';
import type { Logger } from '../common/logger';
import type { DocumentStore } from '../storage';
import { createDocumentStore } from '../storage';
import { makeDataDirPrivate } from '../storage';
import { InstrumentedDocumentStore } from '../storage';
import { createHttpServer } from './createServer';
import { mountHealthRoutes } from './healthRoutes';
import { HTTP_TIMEOUTS, type HttpTimeouts } from './httpTimeouts';
import { ServerMetrics } from './metrics';
import { isLoopbackHost, listenForMetrics, type MetricsListener } from './metricsEndpoint';
import { InFlightRequests } from './inFlightRequests';

/** Something the application starts after the HTTP server and stops before closing storage. */
export interface Stoppable {
    /**
     * Called as the stop begins, before the wait for requests in flight: ends what never ends by itself (the
     * console's live streams), so that wait is for real work only.
     */
    beginStop?(): void;
    stop(): Promise<void>;
}

export interface RunningApplication {
    readonly url: string;
    readonly server: restify.Server;
    readonly store: DocumentStore;
    readonly metrics: ServerMetrics;
    /** The metrics listener, e.g. `http://127.0.0.1:9464`; undefined with METRICS_PORT=off. */
    readonly metricsUrl?: string;
    /** Stops accepting, finishes what is in flight (up to the configured timeout), closes storage. Idempotent. */
    stop(): Promise<void>;
}

export interface ApplicationHooks {
    /** Mounts the feature routes (bot, WhatsApp, operators) and returns what must be stopped with the server. */
    mountFeatures?(context: FeatureContext): Promise<Stoppable[]>;
    /** The deadlines for slow and idle clients, on every listener ({@link HTTP_TIMEOUTS} unless given: tests lower them). */
    httpTimeouts?: HttpTimeouts;
}

export interface FeatureContext {
    config: AppConfig;
    logger: Logger;
    server: restify.Server;
    store: DocumentStore;
    metrics: ServerMetrics;
    /** The address the server listens on, e.g. `http://127.0.0.1:3978` (features that call themselves use it). */
    selfUrl: string;
    /** What the handoff reads the time from (offers, deadlines, sessions): the system's clock unless a test moves it. */
    clock?: Clock;
}

/**
 * Builds the line from its configuration: storage, metrics, the HTTP server and its routes; starts listening.
 * The composition root (`index.ts`) and the tests both start the line through here.
 */
export async function startApplication(config: AppConfig, logger: Logger, hooks: ApplicationHooks = {}): Promise<RunningApplication> {
    const metrics = new ServerMetrics();
    const madePrivate = makeDataDirPrivate(config.dataDir);
    if (madePrivate > 0) logger.warn({ dataDir: config.dataDir, entries: madePrivate }, 'DATA_DIR had entries others could read; made them private');
    const store = new InstrumentedDocumentStore(await createDocumentStore(config.storage, logger), {
        onOperation(operation, collection, durationMs, outcome) {
            metrics.storageOperations.observe({ operation, collection }, durationMs / 1000);
            if (outcome === 'error') metrics.storageErrors.inc({ operation, collection });
        }
    });

    let stopping = false;
    const timeouts = hooks.httpTimeouts ?? HTTP_TIMEOUTS;
    const metricsAccess = config.metrics.token !== undefined ? { token: config.metrics.token } : {};
    const server = createHttpServer({ logger, metrics, maxBodyBytes: config.maxBodyBytes, trustProxy: config.trustProxy, timeouts });
    const inFlight = new InFlightRequests(server);
    mountHealthRoutes(server, { store, metrics, metricsAccess, isStopping: () => stopping });

    let metricsListener: MetricsListener | undefined;
    try {
        if (config.metrics.listener) {
            metricsListener = await listenForMetrics({ ...config.metrics.listener, metrics, access: metricsAccess, timeouts });
            if (!metricsAccess.token && !isLoopbackHost(config.metrics.listener.host)) {
                logger.warn({ metrics: metricsListener.url }, 'the metrics listener is open beyond this machine without METRICS_TOKEN');
            }
        }
        await new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(config.port, config.host, () => {
                server.removeListener('error', reject);
                resolve();
            });
        });
    } catch (error) {
        await metricsListener?.close();
        await store.close();
        throw error;
    }
    const address = server.address();
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;

    let features: Stoppable[] = [];
    try {
        features = (await hooks.mountFeatures?.({ config, logger, server, store, metrics, selfUrl: url })) ?? [];
    } catch (error) {
        server.close();
        await metricsListener?.close();
        await store.close();
        throw error;
    }
    logger.info({ url, metrics: metricsListener?.url, storage: store.engine, whatsapp: config.whatsapp.mode }, 'line listening');

    let stopped: Promise<void> | undefined;
    const stop = (): Promise<void> => {
        stopped ??= (async () => {
            stopping = true;
            logger.info('stopping: no new requests, finishing those in flight');
            const closed = new Promise<void>((resolve) => server.close(() => resolve()));
            server.server.closeIdleConnections();
            const metricsClosed = metricsListener?.close();
            for (const feature of features) feature.beginStop?.();
            await inFlight.drained(config.shutdownTimeoutMs);
            for (const feature of [...features].reverse()) {
                await feature.stop().catch((error: Error) => logger.error({ err: error }, 'a feature did not stop cleanly'));
            }
            server.server.closeAllConnections();
            await closed;
            await metricsClosed;
            await store.close();
            logger.info('stopped');
        })();
        return stopped;
    };

    return { url, ...(metricsListener ? { metricsUrl: metricsListener.url } : {}), server, store, metrics, stop };
}
