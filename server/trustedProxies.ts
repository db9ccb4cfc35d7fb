import type { IncomingMessage } from 'http';
import proxyaddr from 'proxy-addr';
import type * as restify from 'restify';

/** Whether the peer at `address`, `hop` steps from this server (0: the socket's peer), is a proxy to believe. */
export type ProxyTrust = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY as `proxy-addr` (and so Express's `trust proxy`) reads it: addresses, CIDR ranges (`10.0.0.0/8`,
 * `10.0.0.0/255.0.0.0`) and the names `loopback`, `linklocal`, `uniquelocal`. An empty list trusts no one.
 * Throws a TypeError naming the first entry that is none of these.
 */
export function compileProxyTrust(entries: readonly string[]): ProxyTrust {
    return proxyaddr.compile([...entries]);
}

const trustByRequest = new WeakMap<IncomingMessage, ProxyTrust>();

/**
 * Restify `pre` handler: the requests it sees may name their client in `X-Forwarded-For` when they come from a proxy
 * `trust` accepts. A request it never saw ignores that header. (`X-Forwarded-Proto` needs no trust: see sessionCookie.)
 */
export function trustProxies(trust: ProxyTrust): restify.RequestHandler {
    return function rememberProxyTrust(req: restify.Request, _res: restify.Response, next: restify.Next): void {
        trustByRequest.set(req, trust);
        next();
    };
}

/**
 * The client's address: the socket's peer, or, when that peer is a trusted proxy, the nearest address in
 * `X-Forwarded-For` that is not one (entries further left were written by the client and may be invented).
 */
export function clientAddress(req: IncomingMessage): string {
    const trust = trustByRequest.get(req);
    return (trust ? proxyaddr(req, trust) : req.socket.remoteAddress) ?? 'unknown';
}
