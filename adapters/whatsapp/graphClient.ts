import * as crypto from 'crypto';
import * as http from 'http';
import * as https from 'https';
import { MediaHostPolicy, MediaUrlRefusedError } from './mediaHosts';
import { CloudMessage, CloudRecipient, GraphErrorKind } from './types';

export interface GraphClientOptions {
    /** WHATSAPP_GRAPH_URL, including the version, e.g. `https://graph.facebook.com/v24.0`. */
    baseUrl: string;
    accessToken: string;
    phoneNumberId: string;
    /** Per request; a request that takes longer is abandoned and reported as retryable. Default 15 s. */
    timeoutMs?: number;
    /** WHATSAPP_MEDIA_HOSTS: the hosts a media url may name (see {@link MediaHostPolicy}); default Meta's CDN. */
    mediaHosts?: readonly string[];
}

/** A Graph API failure, classified on Meta's `error.code` (never on the HTTP status). */
export class GraphApiError extends Error {
    readonly httpStatus: number;
    readonly code: number;
    readonly subcode?: number;
    readonly details?: string;
    readonly fbtraceId?: string;
    readonly kind: GraphErrorKind;
    /**
     * The request went out and no answer came (a timeout, a connection cut midway): Meta may have acted on it, so
     * sending it again may deliver it twice. False when Meta answered, or when nothing left this machine.
     */
    readonly unanswered: boolean;

    constructor(
        message: string,
        fields: {
            httpStatus: number;
            code: number;
            subcode?: number;
            details?: string;
            fbtraceId?: string;
            kind: GraphErrorKind;
            unanswered?: boolean;
        }
    ) {
        super(message);
        this.name = 'GraphApiError';
        this.httpStatus = fields.httpStatus;
        this.unanswered = fields.unanswered ?? false;
        this.code = fields.code;
        if (fields.subcode !== undefined) this.subcode = fields.subcode;
        if (fields.details !== undefined) this.details = fields.details;
        if (fields.fbtraceId !== undefined) this.fbtraceId = fields.fbtraceId;
        this.kind = fields.kind;
    }
}

/** A media file that could not be fetched as WhatsApp described it. */
export class MediaDownloadError extends Error {
    constructor(
        readonly reason: 'too_large' | 'sha256_mismatch' | 'url_expired' | 'bad_answer' | 'host_refused',
        message: string
    ) {
        super(`GraphClient.downloadMedia(): ${message}`);
        this.name = 'MediaDownloadError';
    }
}

const ERROR_KINDS: Array<[GraphErrorKind, number[]]> = [
    ['retry', [4, 80007, 130429, 131000, 131016]],
    ['pair_backoff', [131056]],
    ['window_closed', [131047]],
    ['undeliverable', [131026]],
    ['stop_campaign', [131048, 368, 131031]],
    ['media_failed', [131052, 131053]],
    ['template_error', [132000, 132001, 132015]]
];
const KIND_BY_CODE = new Map<number, GraphErrorKind>(ERROR_KINDS.flatMap(([kind, codes]) => codes.map((c) => [c, kind] as [number, GraphErrorKind])));

/** Meta's "invalid OAuth access token": final, and only an administrator can end it (a new token). */
export const ACCESS_TOKEN_ERROR_CODE = 190;

/**
 * What to do about a Graph API error code (the table in the Cloud API notes). A code not in the table is fatal,
 * unless it came with an HTTP 5xx: Meta's own trouble (its codes 1 and 2 are "temporary") passes, so it is retried.
 * 190 (the access token) is fatal whatever the status: retrying cannot renew a token.
 */
export function classifyGraphError(code: number, httpStatus?: number): GraphErrorKind {
    const known = KIND_BY_CODE.get(code);
    if (known) return known;
    if (code !== ACCESS_TOKEN_ERROR_CODE && httpStatus !== undefined && httpStatus >= 500) return 'retry';
    return 'fatal';
}

export type MediaKind = 'image' | 'audio' | 'video' | 'document' | 'sticker';

/** Meta's size limits per kind of media, in bytes. */
export const MEDIA_SIZE_LIMITS: Record<MediaKind | 'animatedSticker', number> = {
    image: 5 * 1024 * 1024,
    audio: 16 * 1024 * 1024,
    video: 16 * 1024 * 1024,
    document: 100 * 1024 * 1024,
    sticker: 100 * 1024,
    animatedSticker: 500 * 1024
};

export interface MediaDownloadLimits {
    /** The message type the media came in; guessed from the mime type when absent. */
    kind?: MediaKind;
    animated?: boolean;
    /** A stricter cap than Meta's, e.g. what the line is willing to store. */
    maxBytes?: number;
}

export interface MediaInfo {
    id: string;
    url: string;
    mimeType: string;
    sha256: string;
    fileSize?: number;
}

/** How one request through the seam is bounded. */
export interface GraphRequestOptions {
    maxBytes?: number;
    /** Set for media downloads: every hop must be a media host this policy allows. */
    mediaHosts?: MediaHostPolicy;
}

/** One HTTP answer as the seam returns it. */
export interface GraphHttpResponse {
    status: number;
    contentType: string;
    body: Buffer;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** The Cloud API over HTTP: send, mark read (with typing indicator), media. All traffic goes through request(). */
export class GraphClient {
    private readonly baseUrl: string;
    private readonly mediaHosts: MediaHostPolicy;

    constructor(private readonly options: GraphClientOptions) {
        this.baseUrl = options.baseUrl.replace(/\/+$/, '');
        this.mediaHosts = new MediaHostPolicy(options.mediaHosts);
    }

    /** Sends one message; resolves with its wamid once Meta accepted it (delivery comes later as a status). */
    async sendMessage(recipient: CloudRecipient, message: CloudMessage, context?: { messageId: string }): Promise<{ wamid: string }> {
        const body: Record<string, unknown> = {
            messaging_product: 'whatsapp',
            recipient_type: 'individual',
            ...recipientField(recipient),
            ...message
        };
        if (context?.messageId) body.context = { message_id: context.messageId };
        const answer = await this.call('sendMessage', 'POST', this.messagesUrl(), body);
        const wamid = (answer as { messages?: Array<{ id?: unknown }> }).messages?.[0]?.id;
        if (typeof wamid !== 'string') {
            throw new GraphApiError('GraphClient.sendMessage(): the answer carries no message id', { httpStatus: 200, code: 0, kind: 'fatal' });
        }
        return { wamid };
    }

    /** Marks a citizen's message read (blue ticks) and, with `typing`, shows the typing indicator. */
    async markRead(wamid: string, options: { typing: boolean }): Promise<void> {
        const body: Record<string, unknown> = { messaging_product: 'whatsapp', status: 'read', message_id: wamid };
        if (options.typing) body.typing_indicator = { type: 'text' };
        await this.call('markRead', 'POST', this.messagesUrl(), body);
    }

    /** Where a media id's bytes are (the url lives 5 minutes) and what they should be. */
    async getMediaInfo(mediaId: string): Promise<MediaInfo> {
        const answer = (await this.call('getMediaInfo', 'GET', `${this.baseUrl}/${encodeURIComponent(mediaId)}`)) as Record<string, unknown>;
        if (typeof answer.url !== 'string' || typeof answer.mime_type !== 'string') {
            throw new MediaDownloadError('bad_answer', `media ${mediaId}: the answer has no url or mime_type`);
        }
        const info: MediaInfo = {
            id: typeof answer.id === 'string' ? answer.id : mediaId,
            url: answer.url,
            mimeType: answer.mime_type,
            sha256: typeof answer.sha256 === 'string' ? answer.sha256 : ''
        };
        const size = Number(answer.file_size);
        if (answer.file_size !== undefined && Number.isFinite(size)) info.fileSize = size;
        return info;
    }

    /**
     * Fetches a media id's bytes: info, then the url with the same Bearer token. Checks the size against
     * Meta's limit for the kind and the sha256 Meta announced. An expired url (404) is renewed once. The url comes
     * from an answer we do not trust with our token: it is fetched only from a configured media host, every
     * redirect included, never from a private address.
     */
    async downloadMedia(mediaId: string, limits: MediaDownloadLimits = {}): Promise<{ bytes: Buffer; mimeType: string; sha256: string }> {
        let info = await this.getMediaInfo(mediaId);
        const maxBytes = sizeLimit(info.mimeType, limits);
        if (info.fileSize !== undefined && info.fileSize > maxBytes) {
            throw new MediaDownloadError('too_large', `media ${mediaId} is ${info.fileSize} bytes; the limit is ${maxBytes}`);
        }
        let response = await this.request('GET', this.mediaUrl(mediaId, info.url), undefined, { maxBytes, mediaHosts: this.mediaHosts });
        if (response.status === 404) {
            info = await this.getMediaInfo(mediaId);
            response = await this.request('GET', this.mediaUrl(mediaId, info.url), undefined, { maxBytes, mediaHosts: this.mediaHosts });
            if (response.status === 404) {
                throw new MediaDownloadError('url_expired', `media ${mediaId}: the url was not found even after asking for a new one`);
            }
        }
        if (response.status < 200 || response.status >= 300) throw this.toError('downloadMedia', response);
        if (response.body.length > maxBytes) {
            throw new MediaDownloadError('too_large', `media ${mediaId} is over ${maxBytes} bytes`);
        }
        const sha256 = crypto.createHash('sha256').update(response.body).digest('hex');
        if (info.sha256 && !sameDigest(sha256, info.sha256)) {
            throw new MediaDownloadError('sha256_mismatch', `media ${mediaId}: sha256 ${sha256} differs from the announced ${info.sha256}`);
        }
        return { bytes: response.body, mimeType: info.mimeType, sha256 };
    }

    /** The media url of an answer, if the line may fetch it with its token. */
    private mediaUrl(mediaId: string, url: string): string {
        try {
            this.mediaHosts.check(new URL(url));
        } catch (err) {
            const why = err instanceof MediaUrlRefusedError ? err.message : 'refused a media url that is not a URL';
            throw new MediaDownloadError('host_refused', `media ${mediaId}: ${why}`);
        }
        return url;
    }

    /**
     * The one door to the network (tests replace it to change the transport and nothing else). Adds the Bearer
     * token; stops reading past `maxBytes`; a network failure or timeout becomes a retryable GraphApiError.
     * With `mediaHosts`, every hop (redirects included) must be a media host the policy allows.
     */
    protected async request(method: string, url: string, body?: unknown, options: GraphRequestOptions = {}): Promise<GraphHttpResponse> {
        const headers: Record<string, string> = { authorization: `Bearer ${this.options.accessToken}` };
        const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
        if (payload) {
            headers['content-type'] = 'application/json';
            headers['content-length'] = String(payload.length);
        }
        try {
            return await httpRequest(
                method,
                new URL(url),
                headers,
                payload,
                this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
                options.maxBytes,
                MAX_REDIRECTS,
                options.mediaHosts
            );
        } catch (err) {
            if (err instanceof MediaDownloadError) throw err;
            if (err instanceof MediaUrlRefusedError) throw new MediaDownloadError('host_refused', err.message);
            if (err instanceof RedirectRefusedError) {
                // Graph answered (with a redirect we will not follow): final, and nothing was left unanswered.
                throw new GraphApiError(`GraphClient.request(): ${method} ${redactUrl(url)} ${err.message}`, {
                    httpStatus: err.httpStatus,
                    code: 0,
                    kind: 'fatal'
                });
            }
            const timedOut = err instanceof RequestTimeoutError;
            throw new GraphApiError(
                `GraphClient.request(): ${method} ${redactUrl(url)} ${timedOut ? 'timed out' : `failed: ${(err as Error).message}`}`,
                { httpStatus: 0, code: 0, kind: 'retry', unanswered: (err as { requestSent?: boolean }).requestSent === true }
            );
        }
    }

    private messagesUrl(): string {
        return `${this.baseUrl}/${encodeURIComponent(this.options.phoneNumberId)}/messages`;
    }

    private async call(operation: string, method: string, url: string, body?: unknown): Promise<unknown> {
        const response = await this.request(method, url, body);
        if (response.status < 200 || response.status >= 300) throw this.toError(operation, response);
        try {
            return JSON.parse(response.body.toString('utf8'));
        } catch {
            throw new GraphApiError(`GraphClient.${operation}(): the answer is not JSON`, { httpStatus: response.status, code: 0, kind: 'fatal' });
        }
    }

    private toError(operation: string, response: GraphHttpResponse): GraphApiError {
        let error: Record<string, unknown> | undefined;
        try {
            error = (JSON.parse(response.body.toString('utf8')) as { error?: Record<string, unknown> }).error;
        } catch {
            error = undefined;
        }
        const code = Number(error?.code);
        if (!error || !Number.isFinite(code)) {
            // No Meta error body at all (a proxy or an outage): a 5xx is worth retrying, anything else is not.
            return new GraphApiError(`GraphClient.${operation}(): HTTP ${response.status} without a Graph error body`, {
                httpStatus: response.status,
                code: 0,
                kind: response.status >= 500 ? 'retry' : 'fatal'
            });
        }
        const fields: ConstructorParameters<typeof GraphApiError>[1] = {
            httpStatus: response.status,
            code,
            kind: classifyGraphError(code, response.status)
        };
        const subcode = Number(error.error_subcode);
        if (error.error_subcode !== undefined && Number.isFinite(subcode)) fields.subcode = subcode;
        const details = (error.error_data as { details?: unknown } | undefined)?.details;
        if (typeof details === 'string') fields.details = details;
        if (typeof error.fbtrace_id === 'string') fields.fbtraceId = error.fbtrace_id;
        const text = typeof error.message === 'string' ? error.message : 'Graph API error';
        // Every log line that carries this error then tells the administrator what to do; Meta's own text does not.
        const action =
            code === ACCESS_TOKEN_ERROR_CODE ? ' (the WhatsApp access token is invalid or expired: set a valid WHATSAPP_ACCESS_TOKEN)' : '';
        return new GraphApiError(`GraphClient.${operation}(): (#${code}) ${text}${fields.details ? `: ${fields.details}` : ''}${action}`, fields);
    }
}

/** A phone number goes in `to` with '+' and the country code; a BSUID goes in `recipient`. */
function recipientField(recipient: CloudRecipient): CloudRecipient {
    if ('recipient' in recipient) return { recipient: recipient.recipient };
    const to = recipient.to.trim();
    // A BSUID put in `to` is accepted by Meta and silently dropped: route it where it is delivered.
    if (/[A-Za-z]/.test(to)) return { recipient: to };
    return { to: `+${to.replace(/[^\d]/g, '')}` };
}

function sizeLimit(mimeType: string, limits: MediaDownloadLimits): number {
    const kind: MediaKind =
        limits.kind ??
        (mimeType === 'image/webp'
            ? 'sticker'
            : mimeType.startsWith('image/')
              ? 'image'
              : mimeType.startsWith('audio/')
                ? 'audio'
                : mimeType.startsWith('video/')
                  ? 'video'
                  : 'document');
    // A sticker not known to be static may be animated: allow the animated limit.
    const meta = kind === 'sticker' && limits.animated !== false ? MEDIA_SIZE_LIMITS.animatedSticker : MEDIA_SIZE_LIMITS[kind];
    return limits.maxBytes !== undefined ? Math.min(limits.maxBytes, meta) : meta;
}

/** Meta's sha256 is hex; accept base64 too, as some payloads carry it so. */
function sameDigest(hex: string, announced: string): boolean {
    const expected = announced.trim();
    if (/^[0-9a-fA-F]{64}$/.test(expected)) return expected.toLowerCase() === hex;
    return Buffer.from(expected, 'base64').toString('hex') === hex;
}

/**
 * Keep-alive connection pools shared by every client: at hundreds of sends a second, a new connection per send
 * costs more than the send, and fetch's per-request streams showed up as most of the broadcast's garbage.
 */
const AGENTS: Record<string, http.Agent> = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 512 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 512 })
};
const MAX_REDIRECTS = 3;

class RequestTimeoutError extends Error {}

/** A redirect that would carry the request somewhere it must not go (see {@link redirectHeaders}). */
class RedirectRefusedError extends Error {
    constructor(
        readonly httpStatus: number,
        message: string
    ) {
        super(message);
        this.name = 'RedirectRefusedError';
    }
}

/**
 * The headers to follow a redirect from `from` to `to` with, or a RedirectRefusedError. The Bearer token goes only
 * back to the origin it was given for (a redirect to another host must not hand it the line's token), and a
 * redirect never leaves https, except between plain-http loopback addresses when the first request was one (the
 * simulator and the tests).
 */
export function redirectHeaders(first: URL, from: URL, to: URL, headers: Record<string, string>, httpStatus = 302): Record<string, string> {
    const loopbackHttp = first.protocol === 'http:' && isLoopback(first.hostname);
    if (to.protocol !== 'https:' && !(to.protocol === 'http:' && loopbackHttp)) {
        throw new RedirectRefusedError(httpStatus, `refused a redirect to ${to.protocol}//${to.host} (only https is followed)`);
    }
    const { 'content-length': _length, 'content-type': _type, authorization, ...rest } = headers;
    return to.origin === from.origin && authorization !== undefined ? { ...rest, authorization } : rest;
}

function isLoopback(hostname: string): boolean {
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * One HTTP exchange with a total deadline and a body-size cap (media); follows a few redirects. Settles exactly
 * once, through finish(): a connection cut after the headers (the request is then already destroyed, so its
 * 'error' never comes) and the deadline both reject directly instead of counting on the request's own events.
 */
function httpRequest(
    method: string,
    target: URL,
    headers: Record<string, string>,
    payload: Buffer | undefined,
    timeoutMs: number,
    maxBytes: number | undefined,
    redirectsLeft: number,
    mediaHosts?: MediaHostPolicy,
    first: URL = target
): Promise<GraphHttpResponse> {
    return new Promise((resolve, reject) => {
        // Handed to the operating system whole: from here a failure leaves Meta's side unknown.
        let requestSent = false;
        let settled = false;
        const finish = (error: Error | undefined, answer?: GraphHttpResponse): void => {
            if (settled) return;
            settled = true;
            clearTimeout(deadline);
            if (error) {
                request.destroy();
                reject(Object.assign(error, { requestSent }));
            } else {
                resolve(answer!);
            }
        };
        const transport = target.protocol === 'https:' ? https : http;
        const lookup = mediaHosts?.lookup;
        const request = transport.request(target, { method, headers, agent: AGENTS[target.protocol], ...(lookup ? { lookup } : {}) }, (response) => {
            const status = response.statusCode ?? 0;
            const location = response.headers.location;
            if (status >= 300 && status < 400 && location && redirectsLeft > 0) {
                response.resume();
                let next: URL;
                let nextHeaders: Record<string, string>;
                try {
                    next = new URL(location, target);
                    nextHeaders = redirectHeaders(first, target, next, headers, status);
                    mediaHosts?.check(next);
                } catch (error) {
                    const known = error instanceof RedirectRefusedError || error instanceof MediaUrlRefusedError;
                    finish(known ? error : new RedirectRefusedError(status, `refused a redirect to an unreadable location`));
                    return;
                }
                // This exchange is over; the next one has its own deadline and settles the promise.
                settled = true;
                clearTimeout(deadline);
                httpRequest('GET', next, nextHeaders, undefined, timeoutMs, maxBytes, redirectsLeft - 1, mediaHosts, first).then(resolve, reject);
                return;
            }
            const declared = Number(response.headers['content-length']);
            if (maxBytes !== undefined && Number.isFinite(declared) && declared > maxBytes) {
                finish(new MediaDownloadError('too_large', `the file is ${declared} bytes; the limit is ${maxBytes}`));
                return;
            }
            const chunks: Buffer[] = [];
            let total = 0;
            response.on('data', (chunk: Buffer) => {
                total += chunk.length;
                if (maxBytes !== undefined && total > maxBytes) {
                    finish(new MediaDownloadError('too_large', `the file is over ${maxBytes} bytes`));
                    return;
                }
                chunks.push(chunk);
            });
            response.on('end', () => {
                if (!response.complete) {
                    finish(new Error('the connection closed before the answer was complete'));
                    return;
                }
                finish(undefined, { status, contentType: String(response.headers['content-type'] ?? ''), body: Buffer.concat(chunks) });
            });
            response.on('error', (error) => finish(error));
            response.on('aborted', () => finish(new Error('the connection was cut during the answer')));
            response.on('close', () => {
                if (!response.complete) finish(new Error('the connection closed before the answer was complete'));
            });
        });
        const deadline = setTimeout(() => finish(new RequestTimeoutError('timed out')), timeoutMs);
        request.once('finish', () => {
            requestSent = true;
        });
        request.on('error', (error) => finish(error));
        request.end(payload);
    });
}

/** Media urls carry signed query strings: keep them out of error messages and logs. */
function redactUrl(url: string): string {
    const q = url.indexOf('?');
    return q === -1 ? url : `${url.slice(0, q)}?…`;
}
