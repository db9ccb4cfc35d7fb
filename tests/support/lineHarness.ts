import { loadConfig, type AppConfig } from '../../config';
import type { Clock } from '../../common/clock';
import { createSilentLogger } from '../../common/logger';
import { GraphApiPeer, type PeerSentMessage } from '../../adapters/simulator/graphPeer';
import { buildMessageWebhook, type SimulatedBusiness, type SimulatedInput } from '../../adapters/simulator/webhookBuilder';
import { WebhookSender, relayStatuses } from '../../adapters/simulator/webhookSender';
import { startApplication, type RunningApplication } from '../../server/application';
import { mountFeatures } from '../../server/features';
import type { DocumentStore } from '../../storage/documentStore';
import { makeTempDir } from './tempDir';

export const LINE_SECRETS = {
    accessToken: 'test-access-token',
    appSecret: 'test-app-secret',
    verifyToken: 'test-verify-token',
    phoneNumberId: '109876543210'
};

export const ADMIN = { username: 'supervisora', password: 'clave-de-prueba-larga' };

/**
 * The whole line as production runs it (Meta mode: signed webhooks in, Graph API calls out), with a local
 * Graph API peer on its own port standing in for Meta, on a fresh SQLite file.
 */
export class LineHarness {
    private constructor(
        readonly app: RunningApplication,
        readonly peer: GraphApiPeer,
        private readonly closePeer: () => Promise<void>,
        private readonly removeTemp: () => void,
        private readonly sender: WebhookSender,
        readonly dataDir: string
    ) {}

    /**
     * `env` is read as at a real start; `adjust` may then change the configuration read, for a test that needs a
     * value the variable refuses (e.g. a report going stale in a second, where REPORT_STALE_AFTER_HOURS starts at 0.5).
     * `features.wrapStore` puts a store of the test's between every feature and storage (e.g. one that can go down);
     * `features.clock` is the clock the handoff reads (e.g. one the test puts forward to make an offer run out).
     */
    static async start(
        env: Record<string, string> = {},
        adjust: (config: AppConfig) => AppConfig = (config) => config,
        features: { wrapStore?: (store: DocumentStore) => DocumentStore; clock?: Clock } = {}
    ): Promise<LineHarness> {
        const temp = makeTempDir('line');
        const peer = await GraphApiPeer.listen({
            accessToken: LINE_SECRETS.accessToken,
            phoneNumberId: LINE_SECRETS.phoneNumberId,
            statusDelayMs: 5
        });
        const config = loadConfig({
            PORT: '0',
            DATA_DIR: temp.dir,
            WHATSAPP_ACCESS_TOKEN: LINE_SECRETS.accessToken,
            WHATSAPP_APP_SECRET: LINE_SECRETS.appSecret,
            WHATSAPP_VERIFY_TOKEN: LINE_SECRETS.verifyToken,
            WHATSAPP_PHONE_NUMBER_ID: LINE_SECRETS.phoneNumberId,
            WHATSAPP_GRAPH_URL: peer.url,
            WHATSAPP_MEDIA_HOSTS: '127.0.0.1',
            ADMIN_USERNAME: ADMIN.username,
            ADMIN_PASSWORD: ADMIN.password,
            ...env
        });
        const { wrapStore, clock } = features;
        const app = await startApplication(adjust(config), createSilentLogger(), {
            mountFeatures: (context) => mountFeatures({ ...context, store: wrapStore ? wrapStore(context.store) : context.store, clock })
        });
        const sender = new WebhookSender({ webhookUrl: `${app.url}/api/whatsapp`, appSecret: LINE_SECRETS.appSecret });
        return new LineHarness(app, peer.peer, peer.close, temp.remove, sender, temp.dir);
    }

    get url(): string {
        return this.app.url;
    }

    readonly business: SimulatedBusiness = { phoneNumberId: LINE_SECRETS.phoneNumberId, displayPhoneNumber: '543834000000', wabaId: 'TEST-WABA' };

    /** A citizen writes: a signed webhook, exactly as Meta posts it. Resolves with the line's HTTP status. */
    async citizenSays(phone: string, name: string, input: SimulatedInput | string): Promise<number> {
        const message = typeof input === 'string' ? ({ kind: 'text', text: input } as const) : input;
        const { payload } = buildMessageWebhook(this.business, { address: phone, name }, message);
        return this.sender.send(payload);
    }

    /** Delivers a webhook body the test built itself (a message kind the phone page cannot send), signed. */
    async sendWebhook(payload: Parameters<WebhookSender['send']>[0]): Promise<number> {
        return this.sender.send(payload);
    }

    /**
     * From now on the peer's statuses of accepted messages (sent, delivered, read, or failed) come back to the line as
     * Meta's signed status webhooks, one after another.
     */
    forwardStatuses(): void {
        relayStatuses(this.peer, this.sender, this.business);
    }

    /** Everything the line sent to this phone, in the order the peer accepted it. */
    sentTo(phone: string): PeerSentMessage[] {
        return this.peer.sent().filter((message) => message.recipient === phone);
    }

    /** Waits until the line has sent at least `count` messages to this phone; returns the new ones after `since`. */
    async waitForMessages(phone: string, count: number, since = 0, timeoutMs = 10_000): Promise<PeerSentMessage[]> {
        await pollUntil(
            () => this.sentTo(phone).length - since >= count,
            timeoutMs,
            () => {
                const got = this.sentTo(phone).slice(since).map(textOf);
                return `LineHarness.waitForMessages(): expected ${count} message(s) to ${phone}, got ${JSON.stringify(got)}`;
            }
        );
        return this.sentTo(phone).slice(since);
    }

    /** Waits until the peer has accepted a message to this phone whose text includes `fragment`. */
    async waitForText(phone: string, fragment: string, timeoutMs = 10_000): Promise<void> {
        await pollUntil(
            () => this.sentTo(phone).some((message) => textOf(message).includes(fragment)),
            timeoutMs,
            () => `LineHarness.waitForText(): nothing sent to ${phone} says ${JSON.stringify(fragment)}`
        );
    }

    async stop(): Promise<void> {
        await this.app.stop();
        await this.closePeer();
        this.removeTemp();
    }
}

/** Checks `condition` every 10 ms; throws the error `failure()` describes once `timeoutMs` has passed. */
async function pollUntil(condition: () => boolean, timeoutMs: number, failure: () => string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error(failure());
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}

/** The text a citizen reads in a sent message (text body, interactive body, or template name). */
export function textOf(message: PeerSentMessage): string {
    const body = message.body as Record<string, any>;
    if (body.type === 'text') return body.text.body;
    if (body.type === 'interactive') return body.interactive.body?.text ?? '';
    if (body.type === 'template') {
        const parameters = (body.template.components ?? [])
            .flatMap((c: { parameters?: { text?: string }[] }) => c.parameters ?? [])
            .map((p: { text?: string }) => p.text ?? '');
        return [`template:${body.template.name}`, ...parameters].join(' ');
    }
    return `[${body.type}]`;
}

/** The reply buttons or list rows offered by an interactive message: [id, title]. */
export function choicesOf(message: PeerSentMessage): { id: string; title: string }[] {
    const interactive = (message.body as Record<string, any>).interactive;
    if (!interactive) return [];
    if (interactive.type === 'button') return interactive.action.buttons.map((b: any) => ({ id: b.reply.id, title: b.reply.title }));
    if (interactive.type === 'list') return interactive.action.sections.flatMap((s: any) => s.rows.map((r: any) => ({ id: r.id, title: r.title })));
    return [];
}
