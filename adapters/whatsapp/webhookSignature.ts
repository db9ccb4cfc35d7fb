import * as crypto from 'crypto';

/** The header Meta signs every webhook POST with. */
export const SIGNATURE_HEADER = 'x-hub-signature-256';

const SIGNATURE_PREFIX = 'sha256=';

/** `sha256=<hex>`: the HMAC-SHA256 of the exact raw body bytes, keyed with the app secret. */
export function signBody(rawBody: Buffer, appSecret: string): string {
    return SIGNATURE_PREFIX + crypto.createHmac('sha256', appSecret).update(rawBody).digest('hex');
}

/**
 * Whether `header` is the signature Meta would put on `rawBody`. The HMAC is computed over the bytes as
 * received (re-serialised JSON differs as soon as the text is not ASCII) and compared in constant time.
 * Never throws: a missing, truncated or non-hex header is simply not valid.
 */
export function hasValidSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
    if (typeof header !== 'string' || !appSecret) return false;
    const trimmed = header.trim();
    if (trimmed.slice(0, SIGNATURE_PREFIX.length).toLowerCase() !== SIGNATURE_PREFIX) return false;
    const hex = trimmed.slice(SIGNATURE_PREFIX.length);
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) return false;
    const received = Buffer.from(hex, 'hex');
    const expected = crypto.createHmac('sha256', appSecret).update(rawBody).digest();
    return received.length === expected.length && crypto.timingSafeEqual(received, expected);
}

/**
 * Meta's subscription handshake: `hub.mode=subscribe` with the configured verify token answers 200 with the
 * challenge as the plain body; anything else answers 403.
 */
export function verifySubscription(query: Record<string, unknown>, verifyToken: string): { status: 200 | 403; body: string } {
    const mode = hubParam(query, 'mode');
    const token = hubParam(query, 'verify_token');
    const challenge = hubParam(query, 'challenge');
    if (
        mode === 'subscribe' &&
        typeof token === 'string' &&
        typeof challenge === 'string' &&
        verifyToken.length > 0 &&
        constantTimeEquals(token, verifyToken)
    ) {
        return { status: 200, body: challenge };
    }
    return { status: 403, body: 'Forbidden' };
}

/** `hub.mode` as a flat key, or nested (`{ hub: { mode } }`) when a query parser expanded the dots. */
function hubParam(query: Record<string, unknown>, name: string): unknown {
    const flat = query[`hub.${name}`];
    if (flat !== undefined) return flat;
    const hub = query['hub'];
    return hub && typeof hub === 'object' ? (hub as Record<string, unknown>)[name] : undefined;
}

function constantTimeEquals(a: string, b: string): boolean {
    const left = crypto.createHash('sha256').update(a).digest();
    const right = crypto.createHash('sha256').update(b).digest();
    return crypto.timingSafeEqual(left, right) && a === b;
}
