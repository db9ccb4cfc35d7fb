import { signBody } from '../whatsapp';
import type { GraphApiPeer, PeerStatus } from './graphPeer';
import { buildStatusWebhook, type SimulatedBusiness } from './webhookBuilder';

/** Posts webhook bodies to the line the way Meta does: JSON, over HTTP, signed with the app secret. */
export class WebhookSender {
    constructor(private readonly options: { webhookUrl: string | (() => string); appSecret: string; timeoutMs?: number }) {}

    /** Sends one webhook; resolves with the HTTP status the line answered (0 when it could not be reached). */
    async send(payload: Record<string, unknown>): Promise<number> {
        // Meta escapes non-ASCII in its JSON; the signature covers these exact bytes either way.
        const raw = Buffer.from(
            JSON.stringify(payload).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
            'utf8'
        );
        const url = typeof this.options.webhookUrl === 'function' ? this.options.webhookUrl() : this.options.webhookUrl;
        return this.post(url, raw, {
            'content-type': 'application/json',
            'x-hub-signature-256': signBody(raw, this.options.appSecret),
            'user-agent': 'facebookexternalua'
        });
    }

    /** The one door to the network (tests may replace it). */
    protected async post(url: string, body: Buffer, headers: Record<string, string>): Promise<number> {
        try {
            const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) });
            await response.arrayBuffer();
            return response.status;
        } catch {
            return 0;
        }
    }
}

/**
 * From now on the peer's statuses of accepted messages come back to the line as signed status webhooks, posted one
 * after another so the line sees sent, delivered, read in that order. `onRefused` hears of any not answered 200.
 */
export function relayStatuses(
    peer: GraphApiPeer,
    sender: WebhookSender,
    business: SimulatedBusiness,
    onRefused?: (status: PeerStatus, answered: number) => void
): void {
    let queue: Promise<void> = Promise.resolve();
    peer.setStatusCallback((status) => {
        queue = queue
            .then(async () => {
                const answered = await sender.send(buildStatusWebhook(business, status));
                if (answered !== 200) onRefused?.(status, answered);
            })
            .catch(() => undefined);
    });
}
