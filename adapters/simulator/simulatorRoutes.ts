import * as crypto from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import * as restify from 'restify';
import { z } from 'zod';
import { projectRoot } from '../../common/projectRoot';
import type { Logger } from '../../common/logger';
import { GraphApiPeer, PeerReadMark, PeerSentMessage } from './graphPeer';
import { isValidBsuid, isValidWaId } from '../whatsapp';
import { readJsonBody } from './requestBody';
import { SimulatedBusiness, SimulatedInput, buildMessageWebhook } from './webhookBuilder';
import { WebhookSender, relayStatuses } from './webhookSender';

export interface SimulatorOptions {
    /** Where the line receives webhooks (e.g. http://127.0.0.1:3978/api/whatsapp); a function if known only after listen. */
    webhookUrl: string | (() => string);
    appSecret: string;
    phoneNumberId: string;
    peer: GraphApiPeer;
    basePath: string;
    displayPhoneNumber?: string;
    logger?: Logger;
}

const ASSETS: Record<string, string> = { 'app.js': 'application/javascript; charset=utf-8', 'app.css': 'text/css; charset=utf-8' };
const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

const citizenSchema = z.object({
    phone: z.string().trim().min(1).max(40),
    name: z.string().trim().min(1).max(80)
});
const inputSchema: z.ZodType<SimulatedInput> = z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('text'), text: z.string().trim().min(1).max(4096) }),
    z.object({ kind: z.literal('button_reply'), id: z.string().min(1).max(256), title: z.string().max(20) }),
    z.object({
        kind: z.literal('list_reply'),
        id: z.string().min(1).max(200),
        title: z.string().max(24),
        description: z.string().max(72).optional()
    }),
    z.object({
        kind: z.literal('location'),
        latitude: z.coerce.number().min(-90).max(90),
        longitude: z.coerce.number().min(-180).max(180),
        name: z.string().max(200).optional(),
        address: z.string().max(300).optional()
    }),
    z.object({
        kind: z.literal('image'),
        mediaId: z.string().min(1),
        mimeType: z.string(),
        sha256: z.string(),
        caption: z.string().max(1024).optional()
    })
]);
const sendSchema = citizenSchema.extend({ input: inputSchema, contextId: z.string().optional() });
const mediaSchema = z.object({ mimeType: z.enum(['image/jpeg', 'image/png']), dataBase64: z.string().min(1) });

/**
 * The phone page: a citizen chats with the line through real signed webhooks, and sees the line's answers as
 * the Graph API peer accepts them. Returns a handle whose close() ends the live event streams.
 */
export function mountSimulator(server: restify.Server, options: SimulatorOptions): { close(): void } {
    const base = options.basePath.replace(/\/+$/, '');
    const business: SimulatedBusiness = {
        phoneNumberId: options.phoneNumberId,
        displayPhoneNumber: options.displayPhoneNumber ?? '543834000000',
        wabaId: 'SIMULATED-WABA'
    };
    const sender = new WebhookSender({ webhookUrl: options.webhookUrl, appSecret: options.appSecret });
    /** Which citizen sent which wamid, so a mark-read can be shown on the right phone. */
    const senderOf = new Map<string, string>();
    const streams = new Set<() => void>();

    relayStatuses(options.peer, sender, business, (status, answered) =>
        options.logger?.warn({ wamid: status.wamid, status: status.status, answered }, 'simulator status webhook not accepted')
    );

    const page = async (_req: restify.Request, res: restify.Response): Promise<void> => {
        const html = await fs.promises.readFile(path.join(publicDir(), 'index.html'), 'utf8');
        sendText(res, 200, html.replace(/\{\{BASE\}\}/g, base), 'text/html; charset=utf-8');
    };
    server.get(base, page);
    server.get(`${base}/`, page);

    server.get(`${base}/assets/:file`, async (req: restify.Request, res: restify.Response) => {
        const file = String(req.params.file);
        const type = ASSETS[file];
        if (!type) {
            sendText(res, 404, 'No encontrado', 'text/plain; charset=utf-8');
            return;
        }
        sendText(res, 200, await fs.promises.readFile(path.join(publicDir(), file), 'utf8'), type);
    });

    server.post(`${base}/api/send`, async (req: restify.Request, res: restify.Response) => {
        if (!acceptsPageRequest(req, res)) return;
        const parsed = sendSchema.safeParse(await readJsonBody(req).catch(() => undefined));
        if (!parsed.success) {
            res.send(400, { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
            return;
        }
        const address = citizenAddress(parsed.data.phone);
        if (!isValidWaId(address) && !isValidBsuid(address)) {
            // The line refuses such a sender (webhookParser): say so here instead of posting what it will drop.
            res.send(400, {
                error: 'phone: escriba un número con código de país (por ejemplo +54 9 383 412-3456) o un BSUID (por ejemplo AR.1234567890)'
            });
            return;
        }
        const { wamid, payload } = buildMessageWebhook(business, { address, name: parsed.data.name }, parsed.data.input, {
            contextId: parsed.data.contextId
        });
        senderOf.set(wamid, address);
        const webhookStatus = await sender.send(payload);
        res.send(200, { wamid, webhookStatus });
    });

    server.post(`${base}/api/media`, async (req: restify.Request, res: restify.Response) => {
        if (!acceptsPageRequest(req, res)) return;
        const parsed = mediaSchema.safeParse(await readJsonBody(req, Math.ceil(MAX_PHOTO_BYTES * 1.4)).catch(() => undefined));
        if (!parsed.success) {
            res.send(400, { error: 'Envíe una foto JPEG o PNG de hasta 5 MB.' });
            return;
        }
        const bytes = Buffer.from(parsed.data.dataBase64, 'base64');
        if (bytes.length === 0 || bytes.length > MAX_PHOTO_BYTES) {
            res.send(400, { error: 'Envíe una foto JPEG o PNG de hasta 5 MB.' });
            return;
        }
        const mediaId = options.peer.addMedia(bytes, parsed.data.mimeType);
        res.send(200, { mediaId, mimeType: parsed.data.mimeType, sha256: crypto.createHash('sha256').update(bytes).digest('hex') });
    });

    server.get(`${base}/api/events`, async (req: restify.Request, res: restify.Response) => {
        if (!servesHost(headerValue(req, 'host'))) {
            res.send(403, { code: 'Forbidden', error: HOST_REFUSED });
            return;
        }
        const phone = citizenAddress(
            String((req.query as Record<string, unknown> | undefined)?.phone ?? new URL(req.url ?? '', 'http://x').searchParams.get('phone') ?? '')
        );
        if (!phone) {
            res.send(400, { error: 'phone is required' });
            return;
        }
        res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
        // Open the stream at once (a browser waits for the first bytes) and ask for quick reconnects.
        res.write('retry: 3000\n: conectado\n\n');
        const write = (event: string, data: unknown): void => {
            res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        };
        for (const message of options.peer.sent()) {
            if (message.recipient === phone && !message.dropped) write('message', toPageMessage(message));
        }
        const onMessage = (message: PeerSentMessage): void => {
            if (message.recipient === phone) write('message', toPageMessage(message));
        };
        const onRead = (mark: PeerReadMark): void => {
            if (senderOf.get(mark.wamid) === phone) write('read', mark);
        };
        options.peer.on('message', onMessage);
        options.peer.on('read', onRead);
        const heartbeat = setInterval(() => res.write(': latido\n\n'), HEARTBEAT_MS);
        await new Promise<void>((resolve) => {
            const finish = (): void => {
                clearInterval(heartbeat);
                options.peer.off('message', onMessage);
                options.peer.off('read', onRead);
                streams.delete(finish);
                resolve();
            };
            streams.add(finish);
            res.once('close', finish);
        });
        if (!res.writableEnded) res.end();
    });

    return {
        close: () => {
            options.peer.setStatusCallback(undefined);
            for (const finish of [...streams]) finish();
        }
    };
}

/**
 * True when a state-changing request may go on: it comes from the phone page itself (the page's own origin, which
 * browsers send on every POST: `Origin`, and `Sec-Fetch-Site: same-origin`) and carries JSON. Otherwise answers
 * 403 or 415 and returns false. Another site's page could otherwise post a citizen's message through a visitor's
 * browser: a `text/plain` or form POST needs no CORS preflight, and the webhook it triggers is signed here.
 */
export function acceptsPageRequest(req: restify.Request, res: restify.Response): boolean {
    const refusal = pageRequestRefusal(req);
    if (!refusal) return true;
    // The body is never read: the connection closes after this answer instead.
    res.header('Connection', 'close');
    res.send(refusal.status, { code: refusal.code, error: refusal.message });
    return false;
}

function pageRequestRefusal(req: restify.Request): { status: 403 | 415; code: string; message: string } | undefined {
    // A browser says which site made the request (Sec-Fetch-Site, which no page can set, and right behind a proxy that
    // rewrites Host); an older one only sends Origin, which must then name this server.
    if (!servesHost(headerValue(req, 'host'))) return { status: 403, code: 'Forbidden', message: HOST_REFUSED };
    const fetchSite = headerValue(req, 'sec-fetch-site');
    const origin = headerValue(req, 'origin');
    const sameOrigin = fetchSite !== undefined ? fetchSite === 'same-origin' : origin !== undefined && isOriginOf(origin, headerValue(req, 'host'));
    if (!sameOrigin) {
        return {
            status: 403,
            code: 'Forbidden',
            message: 'only the simulator page itself may send: the request must come from this same origin (Origin or Sec-Fetch-Site: same-origin)'
        };
    }
    const contentType = (headerValue(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (contentType !== 'application/json') {
        return { status: 415, code: 'UnsupportedMediaType', message: 'the body must be JSON (Content-Type: application/json)' };
    }
    return undefined;
}

const HOST_REFUSED = 'the simulator answers only at an IP address or localhost (a page on another name could reach it by DNS rebinding)';

/**
 * True for a Host header naming an IP address or localhost. A name of someone else's domain re-pointed at this machine
 * (DNS rebinding) would make that site's page same-origin with the simulator; an IP literal cannot be re-pointed.
 */
function servesHost(host: string | undefined): boolean {
    if (!host) return false;
    try {
        const name = new URL(`http://${host}`).hostname.replace(/^\[|\]$/g, '');
        return name === 'localhost' || net.isIP(name) !== 0;
    } catch {
        return false;
    }
}

/** True when `origin` (an Origin header) is the origin of a request to `host` (its Host header). */
function isOriginOf(origin: string, host: string | undefined): boolean {
    if (!host) return false;
    try {
        const from = new URL(origin);
        if (from.protocol !== 'http:' && from.protocol !== 'https:') return false;
        if (from.origin !== origin) return false;
        return new URL(`${from.protocol}//${host}`).host === from.host;
    } catch {
        // "null" (a sandboxed frame, a file:// page) or anything else that is no origin.
        return false;
    }
}

function headerValue(req: restify.Request, name: string): string | undefined {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
}

/** Digits of a phone number as typed ("+54 9 383 412-3456"), or a BSUID as it is. */
export function citizenAddress(typed: string): string {
    const trimmed = typed.trim();
    return /[A-Za-z]/.test(trimmed) ? trimmed : trimmed.replace(/[^\d]/g, '');
}

function toPageMessage(message: PeerSentMessage): Record<string, unknown> {
    return { wamid: message.wamid, body: message.body, at: message.acceptedAt };
}

function publicDir(): string {
    return path.join(projectRoot(), 'adapters', 'simulator', 'public');
}

function sendText(res: restify.Response, status: number, text: string, contentType: string): void {
    res.sendRaw(status, text, {
        'content-type': contentType,
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'",
        'x-content-type-options': 'nosniff'
    });
}
