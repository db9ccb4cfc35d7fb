import type * as restify from 'restify';
import type { WhatsAppConfig } from '../config';
import type { Logger } from '../common/logger';
import { GraphClient } from '../adapters/whatsapp';
import { WhatsAppAdapter, WhatsAppWebhook, mountWhatsAppWebhook, type OutboxSenderOptions, type WhatsAppWebhookOptions } from '../adapters/whatsapp';
import { GraphApiPeer } from '../adapters/simulator';
import { mountSimulator } from '../adapters/simulator';
import type { DocumentStore } from '../storage';
import type { MediaStore } from '../storage';

/** Meta's largest webhook payload. */
const WEBHOOK_MAX_BYTES = 3 * 1024 * 1024;
/** Where the simulator's Graph API peer answers, on the line's own server. */
const SIMULATOR_GRAPH_PATH = '/simulator/graph/v24.0';

export interface WhatsAppLine {
    adapter: WhatsAppAdapter;
    graph: GraphClient;
    webhook: WhatsAppWebhook;
    /** The local Graph API peer, in simulator mode only. */
    peer?: GraphApiPeer;
    /** Stops the simulator's streams (if any). The adapter is stopped by its owner. */
    closeSimulator(): void;
}

export interface WhatsAppLineOptions {
    server: restify.Server;
    config: WhatsAppConfig;
    store: DocumentStore;
    mediaStore: MediaStore;
    logger: Logger;
    /** The address the server listens on: the simulator posts webhooks there and the Graph client calls the peer there. */
    selfUrl: string;
    /** This server among instances sharing the store (a restarted server takes back its conversations at once). */
    instanceId: string;
    outbox?: Pick<OutboxSenderOptions, 'onFinalFailure' | 'onSent' | 'onEarlyStatus'>;
    /** Every status that moved a sent message forward (the alert counters). */
    onStatus?: WhatsAppWebhookOptions['onStatus'];
}

/**
 * The WhatsApp side of the line: the Cloud API adapter, its signed webhook on `/api/whatsapp`, and, when no
 * access token is configured, the local Graph API peer and the `/simulator` phone page in Meta's place, so
 * the whole production path runs on one machine.
 */
export function mountWhatsAppLine(options: WhatsAppLineOptions): WhatsAppLine {
    const { server, config, store, logger, selfUrl } = options;
    let peer: GraphApiPeer | undefined;
    let graphUrl = config.graphUrl;
    if (config.mode === 'simulator') {
        peer = new GraphApiPeer({ accessToken: config.accessToken, phoneNumberId: config.phoneNumberId });
        peer.mount(server, SIMULATOR_GRAPH_PATH);
        graphUrl ??= `${selfUrl}${SIMULATOR_GRAPH_PATH}`;
    }
    if (!graphUrl) throw new Error('mountWhatsAppLine(): no Graph API URL');

    const graph = new GraphClient({
        baseUrl: graphUrl,
        accessToken: config.accessToken,
        phoneNumberId: config.phoneNumberId,
        timeoutMs: config.graphTimeoutMs,
        // The simulator's Graph peer serves media from its own address; Meta's from its CDN.
        mediaHosts: config.mediaHosts ?? (peer ? [new URL(graphUrl).host] : undefined)
    });
    const adapter = new WhatsAppAdapter({
        store,
        graph,
        logger,
        botId: config.phoneNumberId,
        instanceId: options.instanceId,
        phoneNumberId: config.phoneNumberId,
        mediaStore: options.mediaStore,
        messagesPerSecond: config.ratePerSecond,
        outbox: { ...options.outbox, retry: config.retry, giveUpAfterMs: config.retryForMs, sweepIntervalMs: config.outboxSweepMs }
    });
    const webhook = new WhatsAppWebhook({
        store,
        logger,
        appSecret: config.appSecret,
        verifyToken: config.verifyToken,
        processor: adapter,
        onStatus: options.onStatus
    });
    mountWhatsAppWebhook(server, webhook, { path: '/api/whatsapp', maxBodyBytes: WEBHOOK_MAX_BYTES });

    let simulator: { close(): void } | undefined;
    if (peer) {
        simulator = mountSimulator(server, {
            webhookUrl: `${selfUrl}/api/whatsapp`,
            appSecret: config.appSecret,
            phoneNumberId: config.phoneNumberId,
            peer,
            basePath: '/simulator',
            logger
        });
        logger.info({ simulator: `${selfUrl}/simulator` }, 'no WHATSAPP_ACCESS_TOKEN: the WhatsApp simulator stands in for Meta');
    }
    return { adapter, graph, webhook, peer, closeSimulator: () => simulator?.close() };
}
