import type * as restify from 'restify';
import { ServerResponse } from 'http';
import { Logger } from '../../common/logger';
import { readRawBody } from '../../common/http/rawBody';
import { DocumentStore } from '../../storage';
import { Clock, systemClock } from '../../common/clock';
import { DeliveryStateDoc, applyStatusUpdate } from './deliveryStates';
import { recordInbound } from './inbox';
import { MalformedWebhookError, logPreview, parseWebhook } from './webhookParser';
import { SIGNATURE_HEADER, hasValidSignature, verifySubscription } from './webhookSignature';
import { StatusUpdate } from './types';

export interface WhatsAppWebhookOptions {
    store: DocumentStore;
    logger: Logger;
    appSecret: string;
    verifyToken: string;
    /** Told which citizens have new messages once they are recorded (the adapter). */
    processor?: { signal(citizenKeys: Iterable<string>): void };
    /** Told of every status that moved a sent message forward (alert counters, the operator console). */
    onStatus?: (update: StatusUpdate, state: DeliveryStateDoc) => void | Promise<void>;
    clock?: Clock;
}

export interface WebhookAnswer {
    /** 503: storage could not record the update; Meta retries, and deduplication makes the retry safe. */
    status: 200 | 400 | 401 | 503;
    body: object;
}

/**
 * Meta's webhook, independent of any HTTP framework. A POST is answered 200 only once every message in it is in
 * the durable inbox and every status is applied: after that, a crash loses nothing. Anything else makes Meta
 * retry, and the inbox records each wamid once however often it comes.
 */
export class WhatsAppWebhook {
    private readonly clock: Clock;

    constructor(private readonly options: WhatsAppWebhookOptions) {
        this.clock = options.clock ?? systemClock;
    }

    /** The subscription handshake (GET). */
    handleVerification(query: Record<string, unknown>): { status: 200 | 403; body: string } {
        return verifySubscription(query, this.options.verifyToken);
    }

    /** One update POST: `rawBody` exactly as received, `signatureHeader` the X-Hub-Signature-256 value. */
    async handleDelivery(rawBody: Buffer, signatureHeader: string | undefined): Promise<WebhookAnswer> {
        const { logger } = this.options;
        if (!hasValidSignature(rawBody, signatureHeader, this.options.appSecret)) {
            logger.warn(
                { bytes: rawBody.length, signed: signatureHeader !== undefined },
                'WhatsAppWebhook.handleDelivery(): missing or wrong signature; nothing stored'
            );
            return { status: 401, body: { error: 'invalid or missing X-Hub-Signature-256' } };
        }
        let parsed;
        try {
            parsed = parseWebhook(rawBody);
        } catch (error) {
            if (!(error instanceof MalformedWebhookError)) throw error;
            logger.warn({ err: error }, 'WhatsAppWebhook.handleDelivery(): malformed body');
            return { status: 400, body: { error: error.message } };
        }
        // Skipped, never stored or answered; the rest of the POST is still recorded and answered 200 (Meta would
        // retry a refusal of the whole POST for days). What the sender wrote is logged only cut short and escaped.
        for (const rejected of parsed.rejected ?? []) {
            logger.warn(
                { kind: rejected.kind, id: rejected.id === undefined ? undefined : logPreview(rejected.id, 80), reason: rejected.reason },
                'WhatsAppWebhook.handleDelivery(): part of the update skipped'
            );
        }
        for (const message of parsed.messages) {
            const truncated = message.raw.truncated;
            if (Array.isArray(truncated)) {
                logger.warn(
                    { wamid: logPreview(message.wamid, 80), truncated },
                    'WhatsAppWebhook.handleDelivery(): a message longer than WhatsApp allows was cut to its limits'
                );
            }
        }
        for (const systemError of parsed.systemErrors) {
            logger.error(
                { code: systemError.code, title: systemError.title, details: systemError.details },
                'WhatsAppWebhook.handleDelivery(): WhatsApp reports a system error'
            );
        }

        try {
            const recorded = await recordInbound(this.options.store, parsed.messages, new Date(this.clock.now()).toISOString());
            if (recorded.duplicates.length > 0) {
                logger.info(
                    { duplicates: recorded.duplicates.map((m) => m.wamid) },
                    'WhatsAppWebhook.handleDelivery(): already recorded; acknowledged again'
                );
            }
            // At once, not after the statuses: the messages are durable now, and a status that fails below (503, Meta
            // retries the whole POST) must not hold the citizens' turns back until the next sweep.
            this.options.processor?.signal(recorded.citizenKeys);
            await Promise.all(parsed.statuses.map((update) => this.applyStatus(update)));
        } catch (error) {
            logger.error({ err: error }, 'WhatsAppWebhook.handleDelivery(): could not record the update; Meta will retry');
            return { status: 503, body: { error: 'storage unavailable; retry later' } };
        }
        return { status: 200, body: { received: parsed.messages.length, statuses: parsed.statuses.length } };
    }

    private async applyStatus(update: StatusUpdate): Promise<void> {
        const change = await applyStatusUpdate(this.options.store, update);
        if (!change.changed || !change.doc || !this.options.onStatus) return;
        try {
            await this.options.onStatus(update, change.doc.value);
        } catch (error) {
            this.options.logger.error({ err: error, wamid: update.wamid }, 'WhatsAppWebhook.onStatus(): hook failed');
        }
    }
}

export interface MountWebhookOptions {
    path: string;
    maxBodyBytes: number;
}

/**
 * Routes GET (verification) and POST (updates) on `path`. The raw body is read here from the request stream:
 * the signature covers the exact bytes, and no body parser runs on this server. A body over `maxBodyBytes`
 * is answered 413 as soon as that is known (from Content-Length, or while streaming) and never buffered whole.
 */
export function mountWhatsAppWebhook(
    server: restify.Server,
    webhook: WhatsAppWebhook,
    options: MountWebhookOptions = { path: '/api/whatsapp', maxBodyBytes: 3 * 1024 * 1024 }
): void {
    server.get(options.path, async (req: restify.Request, res: restify.Response) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const answer = webhook.handleVerification(Object.fromEntries(url.searchParams));
        writePlain(res, answer.status, answer.body);
    });
    server.post(options.path, async (req: restify.Request, res: restify.Response) => {
        const body = await readRawBody(req, options.maxBodyBytes);
        if (body === 'too_large') {
            // The rest of the body is read and dropped (never kept): closing instead would reset the sender's
            // socket before it reads the 413, and Meta would just see a network error.
            writeJson(res, 413, { error: `body larger than ${options.maxBodyBytes} bytes` });
            return;
        }
        const header = req.headers[SIGNATURE_HEADER];
        const answer = await webhook.handleDelivery(body, Array.isArray(header) ? header[0] : header);
        writeJson(res, answer.status, answer.body);
    });
}

function writeJson(res: ServerResponse, status: number, body: object): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
}

function writePlain(res: ServerResponse, status: number, body: string): void {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
}
