import { expect } from 'chai';
import type { IncomingMessage } from 'http';
import { Writable } from 'stream';
import { ConfigError, loadConfig } from '../../config';
import { createLogger } from '../../common/logger';
import { clientAddress } from '../../common/http/trustedProxies';
import { ApiHarness, startApiHarness } from './support/handoffHarness';

/** A login as a reverse proxy passes it on: the headers it adds are given here, the socket is 127.0.0.1. */
async function loginVia(url: string, headers: Record<string, string>, username: string, password: string): Promise<Response> {
    return fetch(`${url}/api/operator/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ username, password })
    });
}

/** The per-address limit: this many failed logins from one address over any usernames answer 429 after them. */
const PER_ADDRESS_LIMIT = 30;

describe('handoff: operator logins behind a reverse proxy (TRUST_PROXY)', () => {
    let h: ApiHarness | undefined;

    afterEach(async () => {
        await h?.close();
        h = undefined;
    });

    it('without TRUST_PROXY ignores X-Forwarded-For: a client inventing a new address for each guess still meets the per-address limit', async () => {
        h = await startApiHarness();
        for (let i = 0; i < PER_ADDRESS_LIMIT; i++) {
            const guess = await loginVia(h.app.url, { 'x-forwarded-for': `203.0.113.${i + 1}` }, `nadie${i}`, 'adivinanza');
            expect(guess.status, `guess ${i + 1}`).to.equal(401);
        }
        const next = await loginVia(h.app.url, { 'x-forwarded-for': '198.51.100.9' }, 'jefa', 'supervisora-123');
        expect(next.status).to.equal(429);
    });

    it('with TRUST_PROXY=loopback counts failures per forwarded address: the guessing address is locked out, another operator logs in', async () => {
        const lines: string[] = [];
        const destination = new Writable({
            write(chunk, _encoding, done) {
                lines.push(String(chunk));
                done();
            }
        });
        h = await startApiHarness({}, createLogger({ level: 'warn', destination }), { TRUST_PROXY: 'loopback' });
        const guesser = '203.0.113.7';
        for (let i = 0; i < PER_ADDRESS_LIMIT; i++) {
            // The client may write anything in front; the proxy appends the address it saw, and that one counts.
            const guess = await loginVia(h.app.url, { 'x-forwarded-for': `10.0.${i}.1, ${guesser}` }, `nadie${i}`, 'adivinanza');
            expect(guess.status, `guess ${i + 1}`).to.equal(401);
        }
        expect((await loginVia(h.app.url, { 'x-forwarded-for': guesser }, 'nadie-mas', 'adivinanza')).status).to.equal(429);
        expect((await loginVia(h.app.url, { 'x-forwarded-for': `10.1.1.1, ${guesser}` }, 'jefa', 'supervisora-123')).status).to.equal(429);

        const colleague = await loginVia(h.app.url, { 'x-forwarded-for': '198.51.100.9' }, 'jefa', 'supervisora-123');
        expect(colleague.status).to.equal(200);

        const failures = lines
            .map((line) => JSON.parse(line) as { msg: string; ip?: string })
            .filter((entry) => entry.msg === 'operator login failed');
        expect(failures).to.have.length(PER_ADDRESS_LIMIT);
        expect(
            failures.every((entry) => entry.ip === guesser),
            JSON.stringify(failures[0])
        ).to.equal(true);
    });

    /**
     * One client written in different ways, or junk that names no client: the guesses' forwarded values (by
     * guess number), a later login's value that must meet the same limit (none: no X-Forwarded-For, the socket's
     * address), one that must not, and the address the failed-login log lines carry.
     */
    const SAME_CLIENT = [
        {
            what: 'ports rotated on one IPv4 address (Azure Application Gateway writes IP:port)',
            guess: (i: number) => `203.0.113.7:${5000 + i}`,
            same: '203.0.113.7',
            other: '198.51.100.9:5000',
            logged: '203.0.113.7'
        },
        {
            what: 'addresses of one IPv6 /64, bare and as [address]:port',
            guess: (i: number) => (i % 2 ? `2001:db8:1:2::${(i + 1).toString(16)}` : `[2001:db8:1:2:${i.toString(16)}::1]:443`),
            same: '2001:db8:1:2:ffff:ffff:ffff:ffff',
            other: '2001:db8:1:3::1',
            logged: '2001:db8:1:2::/64'
        },
        {
            what: 'an IPv4 address and its IPv4-mapped IPv6 form',
            guess: (i: number) => (i % 2 ? '::ffff:203.0.113.7' : `[::ffff:203.0.113.7]:${5000 + i}`),
            same: '203.0.113.7',
            other: '::ffff:198.51.100.9',
            logged: '203.0.113.7'
        },
        {
            what: "junk that is no address, which falls back to the socket's address",
            guess: (i: number) => `evil-string-${i}`,
            same: undefined,
            other: '198.51.100.9',
            logged: '127.0.0.1'
        }
    ];

    for (const { what, guess, same, other, logged } of SAME_CLIENT) {
        it(`with TRUST_PROXY=loopback counts as one address ${what}`, async () => {
            const lines: string[] = [];
            const destination = new Writable({
                write(chunk, _encoding, done) {
                    lines.push(String(chunk));
                    done();
                }
            });
            h = await startApiHarness({}, createLogger({ level: 'warn', destination }), { TRUST_PROXY: 'loopback' });
            for (let i = 0; i < PER_ADDRESS_LIMIT; i++) {
                const attempt = await loginVia(h.app.url, { 'x-forwarded-for': guess(i) }, `nadie${i}`, 'adivinanza');
                expect(attempt.status, `guess ${i + 1} from ${guess(i)}`).to.equal(401);
            }
            const sameClient = await loginVia(h.app.url, same === undefined ? {} : { 'x-forwarded-for': same }, 'jefa', 'supervisora-123');
            expect(sameClient.status, `from ${same ?? 'the socket'}`).to.equal(429);
            expect((await loginVia(h.app.url, { 'x-forwarded-for': other }, 'jefa', 'supervisora-123')).status, `from ${other}`).to.equal(200);

            const failures = lines
                .map((line) => JSON.parse(line) as { msg: string; ip?: string })
                .filter((entry) => entry.msg === 'operator login failed');
            expect([...new Set(failures.map((entry) => entry.ip))]).to.deep.equal([logged]);
        });
    }

    // Believed from anyone: a forged "https" only makes the forger's own cookie stricter, and a TLS-terminating proxy
    // missing from TRUST_PROXY must not leave the session cookie to travel over http://.
    it('makes the session cookie Secure on X-Forwarded-Proto: https, from a trusted proxy and from any other peer alike', async () => {
        h = await startApiHarness({}, undefined, { TRUST_PROXY: '127.0.0.1/8' });
        const viaProxy = await loginVia(h.app.url, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.9' }, 'jefa', 'supervisora-123');
        expect(viaProxy.headers.get('set-cookie')).to.match(/; Secure$/);
        const plainBehindProxy = await loginVia(h.app.url, { 'x-forwarded-for': '198.51.100.9' }, 'jefa', 'supervisora-123');
        expect(plainBehindProxy.headers.get('set-cookie')).to.not.match(/Secure/);
        await h.close();

        h = await startApiHarness({}, undefined, { TRUST_PROXY: '192.0.2.1' });
        const notTrusted = await loginVia(h.app.url, { 'x-forwarded-proto': 'https' }, 'jefa', 'supervisora-123');
        expect(notTrusted.status).to.equal(200);
        expect(notTrusted.headers.get('set-cookie')).to.match(/; Secure$/);
        const onlyTheFirstValue = await loginVia(h.app.url, { 'x-forwarded-proto': 'http, https' }, 'jefa', 'supervisora-123');
        expect(onlyTheFirstValue.headers.get('set-cookie')).to.not.match(/Secure/);
    });
});

describe('common/http/trustedProxies: clientAddress() without a trusted proxy', () => {
    const withSocket = (remoteAddress: string | undefined): IncomingMessage =>
        ({ socket: { remoteAddress }, headers: {} }) as unknown as IncomingMessage;

    // A dual-stack listener (HOST=::) sees IPv4 clients as ::ffff:a.b.c.d; an IPv4 one sees a.b.c.d: one client, one key.
    for (const [socket, expected] of [
        ['::ffff:127.0.0.1', '127.0.0.1'],
        ['127.0.0.1', '127.0.0.1'],
        ['2001:db8:1:2::abcd', '2001:db8:1:2::/64'],
        [undefined, 'unknown']
    ] as const) {
        it(`keys the socket's address ${socket ?? '(none: the socket closed)'} as ${expected}`, () => {
            expect(clientAddress(withSocket(socket))).to.equal(expected);
        });
    }
});

describe('config: TRUST_PROXY', () => {
    it("is empty by default and reads addresses, ranges and proxy-addr's names separated by commas", () => {
        expect(loadConfig({}).trustProxy).to.deep.equal([]);
        expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,uniquelocal , 2001:db8::1' }).trustProxy).to.deep.equal([
            'loopback',
            '10.0.0.0/8',
            'uniquelocal',
            '2001:db8::1'
        ]);
    });

    for (const bad of ['true', '1', 'loopback,nginx', '10.0.0.0/33', '*']) {
        it(`stops the start on TRUST_PROXY="${bad}" with a message naming the variable`, () => {
            expect(() => loadConfig({ TRUST_PROXY: bad })).to.throw(
                ConfigError,
                /^Configuration error: TRUST_PROXY must be addresses, CIDR ranges or loopback, linklocal, uniquelocal/
            );
        });
    }
});
