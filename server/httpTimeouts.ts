import type * as http from 'http';

/**
 * How long an HTTP server of the line waits for a client, phase by phase, so that no socket is held open by a
 * client that does not talk. Node checks the first two every `checkIntervalMs`; the third is a socket timer.
 */
export interface HttpTimeouts {
    /** From a request's first byte to the end of its headers (Node's `headersTimeout`). */
    headersTimeoutMs: number;
    /** From a request's first byte to the end of its body: receiving it, not answering it (Node's `requestTimeout`). */
    requestTimeoutMs: number;
    /** How long a kept-alive connection may sit idle between two requests (Node's `keepAliveTimeout`). */
    keepAliveTimeoutMs: number;
    /** How often Node looks for requests past the first two (Node's `connectionsCheckingInterval`). */
    checkIntervalMs: number;
}

/** The values every listener of the line uses (tests lower them through `ApplicationHooks.httpTimeouts`). */
export const HTTP_TIMEOUTS: Readonly<HttpTimeouts> = {
    // Meta, browsers and proxies send their headers at once, in milliseconds; 15 s leaves room for a phone on a poor
    // rural link. A slowloris client, trickling a header byte now and then to keep its socket, is cut here: the deadline
    // counts from the request's first byte, so trickling does not move it. (Node's 60 s, checked every 30 s, gave it 90 s.)
    headersTimeoutMs: 15_000,
    // The whole request, body included: the largest are Meta's 3 MB webhooks and MAX_BODY_BYTES (1 MB) operator bodies;
    // 60 s is 3 MB at 400 kbit/s (Node's 300 s let a body trickle for five minutes). Node applies it until the request is
    // received, not while it is answered: the operators' live stream (/api/operator/events), a GET answered for hours,
    // is not cut by it (tests/server/httpTimeouts.test.ts keeps it open past this deadline).
    requestTimeoutMs: 60_000,
    // Longer than the 60 s after which the proxy in front (nginx's upstream keepalive_timeout, AWS ALB) drops an idle
    // connection: the proxy always closes first, so it never sends Meta's webhook onto a socket this server is closing
    // at that very moment (a 502, and Meta's retry minutes later). An idle socket costs only a file handle, and holding
    // one longer takes a whole request within headersTimeoutMs every 65 s.
    keepAliveTimeoutMs: 65_000,
    // The deadlines above are enforced within a second of passing, not within Node's 30 s.
    checkIntervalMs: 1000
};

/**
 * Sets {@link HttpTimeouts} on a Node HTTP server before it listens (Node reads the checking interval when it starts
 * listening). Left as Node has them, on purpose:
 * - `maxHeadersCount` (2000): header bytes are already capped by Node's `maxHeaderSize` (16 KiB), which is what bounds
 *   their cost; a lower count would not refuse a request but silently drop the headers past it, the cookie or Meta's
 *   signature among them.
 * - `maxRequestsPerSocket` (unlimited): requests on one socket are answered one at a time, each under the deadlines
 *   above, so a long-lived connection costs nothing more; a limit would answer 503 to a client that pipelines past it.
 * - `timeout` (0, no socket inactivity timer): every phase where the client must talk has its deadline above; the
 *   answer is the server's to write, and a live stream is quiet between heartbeats.
 */
export function applyHttpTimeouts(server: http.Server, timeouts: HttpTimeouts): void {
    if (timeouts.headersTimeoutMs > timeouts.requestTimeoutMs) {
        throw new Error('applyHttpTimeouts(): headersTimeoutMs must not exceed requestTimeoutMs (Node would never apply it)');
    }
    server.headersTimeout = timeouts.headersTimeoutMs;
    server.requestTimeout = timeouts.requestTimeoutMs;
    server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
    (server as http.Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = timeouts.checkIntervalMs;
}
