import * as crypto from 'crypto';
import { EventEmitter } from 'events';
import * as restify from 'restify';
import { validateSendBody } from './graphPeerValidation';
import { readJsonBody } from './requestBody';

/** What Meta calls each error code, for the `message` of the error body. */
const ERROR_TITLES: Record<number, string> = {
    1: 'An unknown error occurred',
    2: 'Service temporarily unavailable',
    4: 'Application request limit reached',
    100: 'Invalid parameter',
    190: 'Invalid OAuth access token - Cannot parse access token',
    368: 'Temporarily blocked for policies violations',
    80007: 'Rate limit issues',
    130429: 'Rate limit hit',
    131000: 'Something went wrong',
    131016: 'Service unavailable',
    131026: 'Message undeliverable',
    131031: 'Account has been locked',
    131047: 'Re-engagement message',
    131048: 'Spam rate limit hit',
    131049: 'This message was not delivered to maintain healthy ecosystem engagement.',
    131052: 'Media download error',
    131053: 'Media upload error',
    131056: '(Business Account, Consumer Account) pair rate limit hit',
    132000: 'Number of parameters does not match the expected number of params',
    132001: 'Template name does not exist in the translation',
    132015: 'Template is paused'
};
/** The HTTP status Meta carries a code on varies; clients must decide on the code, and the peer makes them. */
const HTTP_STATUS_BY_CODE: Record<number, number> = { 1: 500, 2: 503, 190: 401, 131000: 500, 131016: 503, 130429: 429 };

const MEDIA_URL_TTL_MS = 5 * 60 * 1000;

/** One message the peer accepted, as the business sent it. */
export interface PeerSentMessage {
    wamid: string;
    /** The phone number digits (no '+') or the BSUID the message was addressed to. */
    recipient: string;
    recipientKind: 'phone' | 'bsuid';
    /** The request body as received. */
    body: Record<string, unknown>;
    /** True when a BSUID was put in `to`: Meta answers 200 and never delivers it. */
    dropped: boolean;
    acceptedAt: number;
}

/** A delivery status the peer produces for an accepted message (what a status webhook would carry). */
export interface PeerStatus {
    wamid: string;
    status: 'sent' | 'delivered' | 'read' | 'failed';
    /** With 'failed': why, as Meta puts it in `statuses[].errors`. */
    errors?: { code: number; title: string; message: string; error_data: { details: string } }[];
    recipient: string;
    recipientKind: 'phone' | 'bsuid';
    /** Unix seconds. */
    timestamp: number;
}

export interface PeerReadMark {
    wamid: string;
    typing: boolean;
}

export interface GraphApiPeerOptions {
    accessToken: string;
    phoneNumberId: string;
    /** Milliseconds since the epoch; injectable so a test can age media urls. */
    now?: () => number;
    /** In [0, 1); injectable so fault rates are reproducible. */
    random?: () => number;
    /** Called for each accepted (not dropped) message with sent, then delivered, then read. */
    statusCallback?: (status: PeerStatus) => void | Promise<void>;
    /** Pause between sent, delivered and read. Default 200 ms. */
    statusDelayMs?: number;
}

export interface PeerFaults {
    /** Share of requests [0, 1] answered with an error picked from `codes`. */
    errorRate?: number;
    /** Codes for `errorRate` (default 131000). */
    codes?: number[];
    /** Added to every answer. */
    latencyMs?: number;
    /** Share of requests [0, 1] never answered (the client must time out). */
    timeoutRate?: number;
    /**
     * Share of requests [0, 1] whose answer is cut: the status line, the headers and the first bytes of a 200 go
     * out, then the connection is destroyed (`truncatedAnswer: 'drop'`, the default) or left open with nothing more
     * (`'stall'`, until the client gives up). Nothing is accepted, as when a proxy or a network path dies midway.
     */
    truncatedAnswerRate?: number;
    truncatedAnswer?: 'drop' | 'stall';
    /** The next requests fail with these codes, one each, in order. */
    nextErrors?: number[];
    /**
     * The next accepted messages to these recipients, one each, are answered 200 and then reported `failed` with the
     * code in a status (as Meta reports 131047 or 131026 for a message it had accepted), instead of sent, delivered
     * and read. Taken only while statuses are being reported (a status callback is set).
     */
    nextFailedStatuses?: { recipient: string; code: number }[];
}

interface StoredMedia {
    bytes: Buffer;
    mimeType: string;
    sha256: string;
}

type Handler = (req: restify.Request, res: restify.Response) => Promise<void>;

/**
 * A local Graph API for WhatsApp that answers as the protocol notes say Meta does: token and phone number id
 * checked, send bodies validated with Meta's limits and error shape, media behind expiring urls, and faults
 * on demand. Mount it on a restify server under a base path such as `/graph/v24.0`.
 *
 * Events: 'message' (PeerSentMessage, not for dropped ones), 'read' (PeerReadMark).
 */
export class GraphApiPeer extends EventEmitter {
    private readonly accepted: PeerSentMessage[] = [];
    private readonly readMarks: PeerReadMark[] = [];
    private readonly media = new Map<string, StoredMedia>();
    private readonly mediaUrls = new Map<string, { mediaId: string; expiresAt: number }>();
    private readonly timers = new Set<NodeJS.Timeout>();
    private readonly hanging = new Set<() => void>();
    private faults: PeerFaults = {};
    private injected = 0;
    private inFlight = 0;
    private statusCallback: GraphApiPeerOptions['statusCallback'];
    private basePath = '';
    private readonly now: () => number;
    private readonly random: () => number;

    constructor(private readonly options: GraphApiPeerOptions) {
        super();
        this.now = options.now ?? Date.now;
        this.random = options.random ?? Math.random;
        this.statusCallback = options.statusCallback;
    }

    /** Sets (or clears) who receives the sent / delivered / read statuses of accepted messages. */
    setStatusCallback(callback: GraphApiPeerOptions['statusCallback']): void {
        this.statusCallback = callback;
    }

    /** A peer on its own server at http://127.0.0.1:<port><basePath>, for tests. */
    static async listen(options: GraphApiPeerOptions & { basePath?: string }): Promise<{ peer: GraphApiPeer; url: string; close(): Promise<void> }> {
        const server = restify.createServer({ name: 'graph-api-peer', handleUncaughtExceptions: false });
        const peer = new GraphApiPeer(options);
        const basePath = options.basePath ?? '/v24.0';
        peer.mount(server, basePath);
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
        const { port } = server.address();
        return {
            peer,
            url: `http://127.0.0.1:${port}${basePath}`,
            close: async () => {
                peer.close();
                server.server.closeAllConnections?.();
                await new Promise<void>((resolve) => server.close(() => resolve()));
            }
        };
    }

    /** Adds the peer's routes to `server` under `basePath` (e.g. '/graph/v24.0'). */
    mount(server: restify.Server, basePath: string): void {
        this.basePath = basePath.replace(/\/+$/, '');
        server.post(
            `${this.basePath}/:phoneNumberId/messages`,
            this.guarded((req, res) => this.postMessages(req, res))
        );
        server.get(
            `${this.basePath}/__media/:token`,
            this.guarded((req, res) => this.downloadMedia(req, res), { faults: false })
        );
        server.get(
            `${this.basePath}/:mediaId`,
            this.guarded((req, res) => this.getMediaInfo(req, res))
        );
    }

    /** Every message accepted so far, in order (dropped ones included, flagged). */
    sent(): PeerSentMessage[] {
        return [...this.accepted];
    }

    /** Every mark-read received, in order. */
    reads(): PeerReadMark[] {
        return [...this.readMarks];
    }

    /** Stores media as if a citizen had sent it; answers its media id. `announcedSha256` lets a test lie about it. */
    addMedia(bytes: Buffer, mimeType: string, options: { announcedSha256?: string } = {}): string {
        const id = String(1_000_000_000_000 + Math.floor(this.random() * 9_000_000_000_000));
        const sha256 = options.announcedSha256 ?? crypto.createHash('sha256').update(bytes).digest('hex');
        this.media.set(id, { bytes, mimeType, sha256 });
        return id;
    }

    /** Replaces the current faults (an empty object clears them). */
    injectFaults(faults: PeerFaults): void {
        this.faults = { ...faults, nextErrors: [...(faults.nextErrors ?? [])] };
    }

    /** Errors answered so far because of injectFaults (what a test waits for before acting on a failed send). */
    faultsInjected(): number {
        return this.injected;
    }

    /** Requests received and not answered yet (held by an injected latency, or hanging): what a test waits out. */
    requestsInFlight(): number {
        return this.inFlight;
    }

    /** Stops pending status timers and lets hanging requests go (their sockets are closed). */
    close(): void {
        for (const timer of this.timers) clearTimeout(timer);
        this.timers.clear();
        for (const release of this.hanging) release();
        this.hanging.clear();
    }

    private guarded(handler: Handler, options: { faults: boolean } = { faults: true }): Handler {
        return async (req, res) => {
            this.inFlight++;
            try {
                await this.answer(handler, options, req, res);
            } finally {
                this.inFlight--;
            }
        };
    }

    private async answer(handler: Handler, options: { faults: boolean }, req: restify.Request, res: restify.Response): Promise<void> {
        if (this.faults.latencyMs) await this.sleep(this.faults.latencyMs);
        if (options.faults) {
            if (this.faults.timeoutRate && this.random() < this.faults.timeoutRate) {
                await this.hang(res);
                res.socket?.destroy();
                return;
            }
            if (this.faults.truncatedAnswerRate && this.random() < this.faults.truncatedAnswerRate) {
                this.injected++;
                await this.truncate(res, this.faults.truncatedAnswer ?? 'drop');
                return;
            }
            const injected = this.nextInjectedError();
            if (injected !== undefined) {
                this.sendError(res, injected, 'Injected fault');
                return;
            }
        }
        if (!options.faults || this.isAuthorized(req)) {
            await handler(req, res);
            return;
        }
        this.sendError(res, 190, 'Malformed access token');
    }

    private async postMessages(req: restify.Request, res: restify.Response): Promise<void> {
        if (req.params.phoneNumberId !== this.options.phoneNumberId) {
            this.sendError(res, 100, `Unsupported post request. Object with ID '${req.params.phoneNumberId}' does not exist`, 33);
            return;
        }
        const body = await readJsonBody(req).catch(() => undefined);
        if (!body) {
            this.sendError(res, 100, 'The request body must be a JSON object.');
            return;
        }
        if (body.status === 'read') {
            this.markRead(body, res);
            return;
        }
        const problem = validateSendBody(body);
        if (problem) {
            this.sendError(res, problem.code, problem.details);
            return;
        }
        const usesRecipient = typeof body.recipient === 'string' && body.recipient.trim() !== '';
        const address = (usesRecipient ? body.recipient : body.to) as string;
        const isBsuid = /[A-Za-z]/.test(address);
        const recipient = isBsuid ? address.trim() : address.replace(/[^\d]/g, '');
        const message: PeerSentMessage = {
            wamid: `wamid.${crypto.randomBytes(24).toString('base64url')}`,
            recipient,
            recipientKind: isBsuid ? 'bsuid' : 'phone',
            body,
            dropped: isBsuid && !usesRecipient,
            acceptedAt: this.now()
        };
        this.accepted.push(message);
        res.send(200, {
            messaging_product: 'whatsapp',
            contacts: [isBsuid ? { input: address, user_id: recipient } : { input: address, wa_id: recipient }],
            messages: [{ id: message.wamid }]
        });
        if (message.dropped) return;
        this.emit('message', message);
        this.scheduleStatuses(message);
    }

    private markRead(body: Record<string, unknown>, res: restify.Response): void {
        if (body.messaging_product !== 'whatsapp') {
            this.sendError(res, 100, 'The parameter messaging_product is required.');
            return;
        }
        if (typeof body.message_id !== 'string' || !body.message_id.startsWith('wamid.')) {
            this.sendError(res, 100, 'The parameter message_id is required.');
            return;
        }
        const indicator = body.typing_indicator as { type?: unknown } | undefined;
        if (indicator !== undefined && indicator?.type !== 'text') {
            this.sendError(res, 100, "Param typing_indicator['type'] must be 'text'.");
            return;
        }
        const mark: PeerReadMark = { wamid: body.message_id, typing: indicator !== undefined };
        this.readMarks.push(mark);
        res.send(200, { success: true });
        this.emit('read', mark);
    }

    private async getMediaInfo(req: restify.Request, res: restify.Response): Promise<void> {
        const mediaId = String(req.params.mediaId);
        const media = this.media.get(mediaId);
        if (!media) {
            this.sendError(res, 100, `Unsupported get request. Object with ID '${mediaId}' does not exist`, 33);
            return;
        }
        const token = crypto.randomBytes(16).toString('hex');
        this.mediaUrls.set(token, { mediaId, expiresAt: this.now() + MEDIA_URL_TTL_MS });
        const host = req.headers.host ?? '127.0.0.1';
        res.send(200, {
            url: `http://${host}${this.basePath}/__media/${token}?mid=${mediaId}&ext=${Math.floor(this.now() / 1000)}`,
            mime_type: media.mimeType,
            sha256: media.sha256,
            file_size: String(media.bytes.length),
            id: mediaId,
            messaging_product: 'whatsapp'
        });
    }

    private async downloadMedia(req: restify.Request, res: restify.Response): Promise<void> {
        if (!this.isAuthorized(req)) {
            this.sendError(res, 190, 'Malformed access token');
            return;
        }
        const link = this.mediaUrls.get(String(req.params.token));
        const media = link && link.expiresAt > this.now() ? this.media.get(link.mediaId) : undefined;
        if (!media) {
            res.sendRaw(404, 'Not Found', { 'content-type': 'text/plain' });
            return;
        }
        res.sendRaw(200, media.bytes, { 'content-type': media.mimeType, 'content-length': String(media.bytes.length) });
    }

    private scheduleStatuses(message: PeerSentMessage): void {
        if (!this.statusCallback) return;
        const failedWith = this.takeFailedStatus(message.recipient);
        const delay = this.options.statusDelayMs ?? 200;
        const statuses = failedWith === undefined ? (['sent', 'delivered', 'read'] as const) : (['failed'] as const);
        // Each status is scheduled when the one before it fires: timers of different lengths that are all due at once
        // (a busy event loop) may fire out of order, and a citizen's phone sees sent, delivered, read in that order.
        const schedule = (step: number): void => {
            const status = statuses[step];
            if (status === undefined) return;
            const timer = setTimeout(
                () => {
                    this.timers.delete(timer);
                    schedule(step + 1);
                    const update: PeerStatus = {
                        wamid: message.wamid,
                        status,
                        recipient: message.recipient,
                        recipientKind: message.recipientKind,
                        timestamp: Math.floor(this.now() / 1000),
                        ...(failedWith !== undefined ? { errors: [statusError(failedWith)] } : {})
                    };
                    Promise.resolve()
                        .then(() => this.statusCallback?.(update))
                        .catch(() => undefined);
                },
                step === 0 ? 0 : delay
            );
            this.timers.add(timer);
        };
        schedule(0);
    }

    private takeFailedStatus(recipient: string): number | undefined {
        const queue = this.faults.nextFailedStatuses;
        const index = queue?.findIndex((fault) => fault.recipient === recipient) ?? -1;
        if (!queue || index < 0) return undefined;
        this.injected++;
        return queue.splice(index, 1)[0].code;
    }

    private isAuthorized(req: restify.Request): boolean {
        return req.headers.authorization === `Bearer ${this.options.accessToken}`;
    }

    private nextInjectedError(): number | undefined {
        let code = this.faults.nextErrors?.shift();
        if (code === undefined && this.faults.errorRate && this.random() < this.faults.errorRate) {
            const codes = this.faults.codes?.length ? this.faults.codes : [131000];
            code = codes[Math.floor(this.random() * codes.length)];
        }
        if (code !== undefined) this.injected++;
        return code;
    }

    /** Meta's error body: `{error:{message,type,code,error_data:{details},error_subcode?,fbtrace_id}}`. */
    private sendError(res: restify.Response, code: number, details: string, subcode?: number): void {
        const error: Record<string, unknown> = {
            message: `(#${code}) ${ERROR_TITLES[code] ?? 'Unknown error'}`,
            type: subcode === 33 ? 'GraphMethodException' : 'OAuthException',
            code,
            error_data: { messaging_product: 'whatsapp', details },
            fbtrace_id: crypto.randomBytes(9).toString('base64url')
        };
        if (subcode !== undefined) error.error_subcode = subcode;
        res.send(HTTP_STATUS_BY_CODE[code] ?? 400, { error });
    }

    private sleep(ms: number): Promise<void> {
        return new Promise((resolve) => {
            const timer = setTimeout(() => {
                this.timers.delete(timer);
                resolve();
            }, ms);
            this.timers.add(timer);
        });
    }

    /** Sends the start of an answer the client will never get the rest of (see PeerFaults.truncatedAnswerRate). */
    private async truncate(res: restify.Response, then: 'drop' | 'stall'): Promise<void> {
        res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', 'content-length': '512' });
        // Destroyed only once these bytes reached the socket: the client must have the headers in hand.
        await new Promise<void>((resolve) => res.write('{"messaging_product":"whatsapp","messages":[{"id":"wamid.', () => resolve()));
        if (then === 'stall') await this.hang(res);
        res.socket?.destroy();
    }

    /** Holds a request unanswered until the client gives up or the peer closes. */
    private hang(res: restify.Response): Promise<void> {
        return new Promise((resolve) => {
            const release = (): void => {
                this.hanging.delete(release);
                resolve();
            };
            this.hanging.add(release);
            res.once('close', release);
        });
    }
}

/** The `errors[0]` of a failed status, in Meta's shape. */
function statusError(code: number): NonNullable<PeerStatus['errors']>[number] {
    const title = ERROR_TITLES[code] ?? 'Unknown error';
    return { code, title, message: title, error_data: { details: `${title} (injected by the Graph API peer)` } };
}
