import * as dns from 'dns';
import * as ipaddr from 'ipaddr.js';
import type { LookupFunction } from 'net';

/**
 * Where Meta serves media bytes today (`lookaside.fbsbx.com`) and its CDN families. A media-info answer is not
 * trusted: its `url` is fetched with the line's token only when its host is on this list.
 */
export const META_MEDIA_HOSTS: readonly string[] = ['lookaside.fbsbx.com', '.fbsbx.com', '.fbcdn.net', '.whatsapp.net'];

/** A media url that the line will not fetch (wrong scheme, host off the list, a private address). */
export class MediaUrlRefusedError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'MediaUrlRefusedError';
    }
}

interface HostEntry {
    /** Lowercase host name or IP literal, without brackets; for a suffix entry, the suffix with its leading dot. */
    host: string;
    suffix: boolean;
    port?: number;
}

/**
 * The hosts a media url may name. An entry is `host`, `host:port`, `[v6]:port` or `.suffix` (any subdomain).
 * Only https is fetched, and a name must resolve to public addresses only; an entry that is itself a loopback,
 * private or link-local address (the tests' Graph peer, a lab proxy) is trusted as configured, over http too.
 */
export class MediaHostPolicy {
    private readonly entries: readonly HostEntry[];

    constructor(entries: readonly string[] = META_MEDIA_HOSTS) {
        this.entries = entries.map(parseEntry);
    }

    /** @throws MediaUrlRefusedError when `url` may not be fetched. */
    check(url: URL): void {
        const host = bare(url.hostname);
        const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
        const entry = this.entries.find((candidate) => matches(candidate, host, port));
        if (!entry) throw new MediaUrlRefusedError(`refused a media url on ${url.host}: not a configured media host`);
        const configuredLocal = !entry.suffix && isNonPublic(host);
        if (url.protocol !== 'https:' && !(url.protocol === 'http:' && configuredLocal)) {
            throw new MediaUrlRefusedError(`refused a media url over ${url.protocol.replace(':', '')} (only https is fetched)`);
        }
    }

    /**
     * A DNS lookup for connections to media hosts that refuses names resolving to loopback, private or link-local
     * addresses: an allowed name cannot be pointed at the line's own network (DNS rebinding). IP literals are
     * not looked up; {@link check} has already judged them.
     */
    readonly lookup: LookupFunction = (hostname, options, callback) => {
        const configuredLocal = this.entries.some((entry) => !entry.suffix && entry.host === hostname.toLowerCase() && isNonPublic(entry.host));
        dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
            if (error) {
                callback(error, '', 0);
                return;
            }
            const list = addresses;
            const local = list.find((address) => isNonPublic(address.address));
            if ((local && !configuredLocal) || list.length === 0) {
                callback(new MediaUrlRefusedError(`refused media host ${hostname}: it resolves to a non-public address`), '', 0);
                return;
            }
            if (options.all) callback(null, list, 0);
            else callback(null, list[0].address, list[0].family);
        });
    };
}

function parseEntry(raw: string): HostEntry {
    const text = raw.trim().toLowerCase();
    const bracketed = /^\[([0-9a-f:.]+)\](?::(\d+))?$/.exec(text);
    if (bracketed) return { host: bracketed[1], suffix: false, port: bracketed[2] ? Number(bracketed[2]) : undefined };
    const withPort = /^([^:]+):(\d+)$/.exec(text);
    const host = withPort ? withPort[1] : text;
    return { host, suffix: host.startsWith('.'), port: withPort ? Number(withPort[2]) : undefined };
}

function matches(entry: HostEntry, host: string, port: number): boolean {
    if (entry.port !== undefined && entry.port !== port) return false;
    return entry.suffix ? host.endsWith(entry.host) && host.length > entry.host.length : host === entry.host;
}

function bare(hostname: string): string {
    return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/** Loopback, private, link-local, unspecified and every other address that is not public unicast. */
export function isNonPublic(host: string): boolean {
    if (host === 'localhost') return true;
    if (!ipaddr.isValid(host)) return false;
    let address = ipaddr.parse(host);
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
    return address.range() !== 'unicast';
}

/** `WHATSAPP_MEDIA_HOSTS`: entries separated by commas; the problem with the first bad one, or undefined. */
export function mediaHostsProblem(entries: readonly string[]): string | undefined {
    if (entries.length === 0) return 'must name at least one host';
    const bad = entries.find((entry) => !/^(\.?[a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/i.test(entry.trim()));
    return bad === undefined ? undefined : `has an entry that is not a host, host:port or .suffix (got "${bad}")`;
}
