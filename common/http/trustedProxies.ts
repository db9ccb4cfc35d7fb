import type { IncomingMessage } from 'http';
import ipaddr from 'ipaddr.js';
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
 * The client's address as the login throttle counts it: the socket's peer, or, when that peer is a trusted proxy,
 * the nearest address in `X-Forwarded-For` that is not one (entries further left were written by the client and may
 * be invented). One client is one key (see {@link addressKey}); a forwarded value that is no address falls back to
 * the socket's, so junk cannot buy a fresh limit.
 */
export function clientAddress(req: IncomingMessage): string {
    const socket = addressKey(req.socket.remoteAddress);
    const trust = trustByRequest.get(req);
    if (!trust || socket === undefined) return socket ?? 'unknown';
    return addressKey(proxyaddr(req, trust)) ?? socket;
}

/** `a.b.c.d:port` and `[IPv6]:port`, as some proxies (Azure Application Gateway) write the client in X-Forwarded-For. */
const WITH_PORT = /^(?:(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}|\[([^\]]+)\](?::\d{1,5})?)$/;

/**
 * The key one client is counted under, or undefined when `written` is not an IP address: without a port (each
 * connection has its own), an IPv4-mapped IPv6 address as its IPv4 (a dual-stack socket writes `::ffff:a.b.c.d`),
 * and IPv6 as its /64 prefix, e.g. `2001:db8:1:2::/64` (a subscriber is usually given a whole /64 and could
 * otherwise rotate through 2^64 fresh limits). IPv4 only in four-part decimal: ipaddr.js would read `5555` as 0.0.21.179.
 */
function addressKey(written: string | undefined): string | undefined {
    if (written === undefined) return undefined;
    const trimmed = written.trim();
    const withPort = WITH_PORT.exec(trimmed);
    const address = withPort ? (withPort[1] ?? withPort[2]) : trimmed;
    if (!ipaddr.IPv4.isValidFourPartDecimal(address) && !ipaddr.IPv6.isValid(address)) return undefined;
    const ip = ipaddr.process(address);
    if (ip instanceof ipaddr.IPv4) return ip.toString();
    const [a, b, c, d] = ip.parts;
    return `${new ipaddr.IPv6([a, b, c, d, 0, 0, 0, 0]).toString()}/64`;
}
