import { expect } from 'chai';
import { Writable } from 'stream';
import { ConfigError, loadConfig } from '../../config';
import { createLogger } from '../../common/logger';
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
        const destination = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
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

        const failures = lines.map((line) => JSON.parse(line) as { msg: string; ip?: string }).filter((entry) => entry.msg === 'operator login failed');
        expect(failures).to.have.length(PER_ADDRESS_LIMIT);
        expect(failures.every((entry) => entry.ip === guesser), JSON.stringify(failures[0])).to.equal(true);
    });

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

describe('config: TRUST_PROXY', () => {
    it('is empty by default and reads addresses, ranges and proxy-addr\'s names separated by commas', () => {
        expect(loadConfig({}).trustProxy).to.deep.equal([]);
        expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,uniquelocal , 2001:db8::1' }).trustProxy)
            .to.deep.equal(['loopback', '10.0.0.0/8', 'uniquelocal', '2001:db8::1']);
    });

    for (const bad of ['true', '1', 'loopback,nginx', '10.0.0.0/33', '*']) {
        it(`stops the start on TRUST_PROXY="${bad}" with a message naming the variable`, () => {
            expect(() => loadConfig({ TRUST_PROXY: bad })).to.throw(ConfigError, /^Configuration error: TRUST_PROXY must be addresses, CIDR ranges or loopback, linklocal, uniquelocal/);
        });
    }
});
