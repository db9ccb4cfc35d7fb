import * as path from 'path';
import * as restify from 'restify';
import { createSilentLogger } from '../../../common/logger';
import { GraphApiPeer, PeerSentMessage, PeerStatus } from '../../../adapters/simulator/graphPeer';
import { buildStatusWebhook } from '../../../adapters/simulator/webhookBuilder';
import { GraphClient } from '../../../adapters/whatsapp/graphClient';
import type { TokenBucket } from '../../../adapters/whatsapp/rateLimiter';
import type { AlertGraph } from '../../../alerts/broadcastFanOut';
import { signBody } from '../../../adapters/whatsapp/webhookSignature';
import { WhatsAppWebhook } from '../../../adapters/whatsapp/whatsAppWebhook';
import { createAlerts, Alerts, AlertSettings } from '../../../alerts';
import { SubscriptionRepository } from '../../../alerts/subscriptionRepository';
import { createHandoff, Handoff } from '../../../handoff';
import { DocumentStore } from '../../../storage/documentStore';
import { SqliteDocumentStore } from '../../../storage/sqlite/sqliteDocumentStore';
import { makeTempDir } from '../../support/tempDir';

export const SECRETS = { accessToken: 'alerts-test-token', phoneNumberId: '109876543210', appSecret: 'alerts-app-secret' };
export const BUSINESS = { phoneNumberId: SECRETS.phoneNumberId, displayPhoneNumber: '543834000000', wabaId: 'TEST-WABA' };

export const DEPT = { capital: '10049', valleViejo: '10112', belen: '10035', tinogasta: '10105', andalgala: '10021', laPaz: '10070' };

/**
 * Relays the peer's statuses to the line's webhook as Meta does: signed POSTs carrying many statuses each, and an
 * update the line did not answer 200 is delivered again later (Meta retries for days). `target` may change (a
 * restarted line listens on a new port).
 */
export class StatusRelay {
    private readonly queue: PeerStatus[] = [];
    private timer: NodeJS.Timeout | undefined;
    private busy = false;
    delivered = 0;

    constructor(private target: ((raw: Buffer, signature: string) => Promise<number>) | undefined) {}

    retarget(target: ((raw: Buffer, signature: string) => Promise<number>) | undefined): void {
        this.target = target;
    }

    push(status: PeerStatus): void {
        this.queue.push(status);
        this.timer ??= setTimeout(() => void this.pump(), 10);
    }

    get backlog(): number {
        return this.queue.length + (this.busy ? 1 : 0);
    }

    stop(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
        this.queue.length = 0;
    }

    private async pump(): Promise<void> {
        this.timer = undefined;
        if (this.busy) return;
        this.busy = true;
        const batch = this.queue.splice(0, 1000);
        let ok = false;
        try {
            if (this.target && batch.length > 0) {
                const statuses = batch.flatMap((status) => statusesOf(buildStatusWebhook(BUSINESS, status)));
                const payload = buildStatusWebhook(BUSINESS, batch[0]);
                (payload as { entry: Array<{ changes: Array<{ value: Record<string, unknown> }> }> }).entry[0].changes[0].value.statuses = statuses;
                const raw = Buffer.from(JSON.stringify(payload));
                ok = (await this.target(raw, signBody(raw, SECRETS.appSecret))) === 200;
            }
        } catch {
            ok = false;
        }
        this.busy = false;
        if (ok) this.delivered += batch.length;
        else this.queue.unshift(...batch);
        if (this.queue.length > 0) this.timer ??= setTimeout(() => void this.pump(), ok ? 0 : 100);
    }
}

function statusesOf(payload: Record<string, unknown>): unknown[] {
    return (payload as { entry: Array<{ changes: Array<{ value: { statuses: unknown[] } }> }> }).entry[0].changes[0].value.statuses;
}

/** An HTTP poster to a webhook URL (for the child-process test). */
export function httpTarget(url: string): (raw: Buffer, signature: string) => Promise<number> {
    return async (raw, signature) => {
        const response = await fetch(url, {
            method: 'POST',
            body: raw,
            headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }
        });
        await response.arrayBuffer();
        return response.status;
    };
}

/** The alerts service on a SQLite file in a temp dir, sending to a local Graph API peer whose statuses come back. */
export class AlertHarness {
    private constructor(
        readonly store: SqliteDocumentStore,
        readonly alerts: Alerts,
        readonly handoff: Handoff,
        readonly peer: GraphApiPeer,
        readonly relay: StatusRelay,
        readonly subscriptions: SubscriptionRepository,
        private readonly closePeer: () => Promise<void>,
        private readonly removeTemp: () => void,
        private server?: restify.Server,
        public url = ''
    ) {}

    private makeInstance!: (instanceId: string) => Alerts;
    private readonly others: Alerts[] = [];

    /** `graph` wraps the Graph client the fan-out uses (a test that makes Graph unreachable for a while); `peerUrl` is the Graph peer's base URL. */
    /** `storeForAlerts` wraps the store the alerts (only they) use: a test that makes storage fail for a while. */
    /** `numberBucket` is the phone number's whole budget, as the line shares it with conversations. */
    static async start(
        settings: Partial<AlertSettings> = {},
        options: {
            http?: boolean;
            graph?: (real: GraphClient, peerUrl: string) => AlertGraph;
            storeForAlerts?: (real: DocumentStore) => DocumentStore;
            numberBucket?: TokenBucket;
        } = {}
    ): Promise<AlertHarness> {
        const temp = makeTempDir('alerts');
        const store = SqliteDocumentStore.open({ file: path.join(temp.dir, 'line.sqlite') });
        const logger = createSilentLogger();
        const { peer, url, close } = await GraphApiPeer.listen({
            accessToken: SECRETS.accessToken,
            phoneNumberId: SECRETS.phoneNumberId,
            statusDelayMs: 5
        });
        const client = new GraphClient({ baseUrl: url, accessToken: SECRETS.accessToken, phoneNumberId: SECRETS.phoneNumberId, timeoutMs: 2000 });
        const graph = options.graph ? options.graph(client, url) : client;
        const handoff = createHandoff({
            store,
            logger,
            passwordHashing: { memoryCost: 1024, timeCost: 1 },
            messenger: { sendText: async () => ({ ok: true }) }
        });
        const instance = (instanceId: string): Alerts =>
            createAlerts({
                store: options.storeForAlerts ? options.storeForAlerts(store) : store,
                graph,
                logger,
                auth: { sessions: handoff.sessions },
                instanceId,
                ...(options.numberBucket ? { numberBucket: options.numberBucket } : {}),
                settings: {
                    ratePerSecond: 500,
                    templateName: 'alerta_meteorologica',
                    templateLanguage: 'es_AR',
                    capAutoApprove: false,
                    retryBaseMs: 20,
                    retryMaxMs: 100,
                    pairBackoffUnitMs: 5,
                    reconcileWindowMs: 1000,
                    reconcilePollMs: 100,
                    ...settings
                }
            });
        const alerts = instance('instance-a');
        const webhook = new WhatsAppWebhook({
            store,
            logger,
            appSecret: SECRETS.appSecret,
            verifyToken: 'unused',
            onStatus: (u, s) => alerts.onStatus(u, s)
        });
        const relay = new StatusRelay(async (raw, signature) => (await webhook.handleDelivery(raw, signature)).status);
        peer.setStatusCallback((status) => relay.push(status));
        const harness = new AlertHarness(store, alerts, handoff, peer, relay, new SubscriptionRepository(store), close, temp.remove);
        harness.makeInstance = instance;
        if (options.http) {
            const server = restify.createServer({ name: 'alerts-test', handleUncaughtExceptions: false });
            alerts.mountRoutes(server);
            await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
            harness.server = server;
            harness.url = `http://127.0.0.1:${server.address().port}`;
        }
        return harness;
    }

    /** Another instance of the line's alerts on the same store and Graph peer (stopped by close()). */
    anotherInstance(instanceId: string): Alerts {
        const other = this.makeInstance(instanceId);
        this.others.push(other);
        return other;
    }

    /** Subscribes `count` citizens (keys 54938350000NN…) to `departments`. */
    async subscribe(prefix: string, count: number, departments: string[]): Promise<string[]> {
        const keys: string[] = [];
        for (let i = 0; i < count; i++) {
            const key = `${prefix}${String(i).padStart(5, '0')}`;
            await this.subscriptions.subscribe(
                key,
                { departmentIds: departments, wholeProvince: false },
                'opt-in de prueba',
                new Date().toISOString()
            );
            keys.push(key);
        }
        return keys;
    }

    /** Messages the peer accepted, by recipient. */
    sentCounts(): Map<string, number> {
        return countByRecipient(this.peer.sent());
    }

    async waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        while (!(await condition())) {
            if (Date.now() > deadline) throw new Error(`AlertHarness.waitFor(): timed out waiting for ${what}`);
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
    }

    async close(): Promise<void> {
        for (const other of this.others) await other.stop();
        await this.alerts.stop();
        this.relay.stop();
        this.server?.server.closeAllConnections?.();
        if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
        await this.closePeer();
        await this.store.close();
        this.removeTemp();
    }
}

export function countByRecipient(sent: PeerSentMessage[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const message of sent) counts.set(message.recipient, (counts.get(message.recipient) ?? 0) + 1);
    return counts;
}

export function inAnHour(): string {
    return new Date(Date.now() + 60 * 60 * 1000).toISOString();
}

export type { DocumentStore };
