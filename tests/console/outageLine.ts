import { loadConfig } from '../../config';
import { createSilentLogger } from '../../common/logger';
import { GraphApiPeer, type PeerSentMessage } from '../../adapters/simulator/graphPeer';
import { buildMessageWebhook } from '../../adapters/simulator/webhookBuilder';
import { WebhookSender } from '../../adapters/simulator/webhookSender';
import { startApplication, type RunningApplication } from '../../server/application';
import { mountFeatures } from '../../server/features';
import { OutageStore } from '../handoff/support/outageStore';
import { ADMIN, LINE_SECRETS, textOf } from '../support/lineHarness';
import { makeTempDir } from '../support/tempDir';

/**
 * The whole line as LineHarness starts it (Meta mode, a local Graph API peer, a fresh SQLite file), with
 * every feature's store passing through an {@link OutageStore}: a test takes storage down and brings it back
 * while a browser uses the console.
 */
export class OutageLine {
    private constructor(
        readonly app: RunningApplication,
        readonly outage: OutageStore,
        readonly peer: GraphApiPeer,
        private readonly closePeer: () => Promise<void>,
        private readonly removeTemp: () => void,
        private readonly sender: WebhookSender
    ) {}

    static async start(): Promise<OutageLine> {
        const temp = makeTempDir('outage-line');
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
            ADMIN_PASSWORD: ADMIN.password
        });
        let outage: OutageStore | undefined;
        const app = await startApplication(config, createSilentLogger(), {
            mountFeatures: (context) => mountFeatures({ ...context, store: (outage = new OutageStore(context.store)) })
        });
        const sender = new WebhookSender({ webhookUrl: `${app.url}/api/whatsapp`, appSecret: LINE_SECRETS.appSecret });
        return new OutageLine(app, outage!, peer.peer, peer.close, temp.remove, sender);
    }

    get url(): string {
        return this.app.url;
    }

    /** A citizen writes: a signed webhook, as Meta posts it. Resolves with the line's HTTP status. */
    citizenSays(phone: string, name: string, text: string): Promise<number> {
        const business = { phoneNumberId: LINE_SECRETS.phoneNumberId, displayPhoneNumber: '543834000000', wabaId: 'TEST-WABA' };
        return this.sender.send(buildMessageWebhook(business, { address: phone, name }, { kind: 'text', text }).payload);
    }

    /** The texts the line sent to this phone, in the order the peer accepted them. */
    textsTo(phone: string): string[] {
        return this.peer
            .sent()
            .filter((message: PeerSentMessage) => message.recipient === phone)
            .map(textOf);
    }

    async waitForText(phone: string, fragment: string, timeoutMs = 10_000): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        while (!this.textsTo(phone).some((text) => text.includes(fragment))) {
            if (Date.now() > deadline) throw new Error(`OutageLine.waitForText(): nothing sent to ${phone} says ${JSON.stringify(fragment)}`);
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
    }

    async stop(): Promise<void> {
        this.outage.restore();
        await this.app.stop();
        await this.closePeer();
        this.removeTemp();
    }
}
