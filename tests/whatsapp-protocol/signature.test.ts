import { expect } from 'chai';
import * as http from 'http';
import { AddressInfo } from 'net';
import { hasValidSignature, signBody, verifySubscription } from '../../adapters/whatsapp/webhookSignature';

const APP_SECRET = 'app-secret-for-tests';

/** A webhook endpoint as the adapter will run it: raw bytes in, 401 on a bad signature, 200 otherwise. */
async function startEndpoint(): Promise<{ url: string; close(): Promise<void> }> {
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
            const raw = Buffer.concat(chunks);
            const header = req.headers['x-hub-signature-256'];
            const ok = hasValidSignature(raw, Array.isArray(header) ? header[0] : header, APP_SECRET);
            // (restify, loaded by other suites, patches ServerResponse.writeHead so it no longer chains)
            res.statusCode = ok ? 200 : 401;
            res.end();
        });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}/api/whatsapp`,
        close: () =>
            new Promise((r) => {
                server.closeAllConnections();
                server.close(() => r());
            })
    };
}

describe('webhook signature (X-Hub-Signature-256)', () => {
    let endpoint: { url: string; close(): Promise<void> };
    before(async () => {
        endpoint = await startEndpoint();
    });
    after(() => endpoint.close());

    async function post(raw: Buffer, signature?: string): Promise<number> {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (signature !== undefined) headers['x-hub-signature-256'] = signature;
        const response = await fetch(endpoint.url, { method: 'POST', headers, body: raw });
        return response.status;
    }

    // Meta escapes non-ASCII as \uXXXX: the bytes differ from JSON.stringify(JSON.parse(body)).
    const metaBody = Buffer.from('{"entry":[{"text":{"body":"Mar\\u00eda \\ud83d\\udea8 se inunda"}}]}', 'utf8');

    it('accepts a non-ASCII body signed over the exact raw bytes', async () => {
        expect(await post(metaBody, signBody(metaBody, APP_SECRET))).to.equal(200);
        const utf8Body = Buffer.from('{"text":"Ñandú en Andalgalá 🚨"}', 'utf8');
        expect(await post(utf8Body, signBody(utf8Body, APP_SECRET))).to.equal(200);
    });

    it('rejects a signature computed over re-serialised JSON', async () => {
        const reserialised = Buffer.from(JSON.stringify(JSON.parse(metaBody.toString('utf8'))), 'utf8');
        expect(reserialised.equals(metaBody)).to.equal(false);
        expect(await post(metaBody, signBody(reserialised, APP_SECRET))).to.equal(401);
    });

    it('rejects a missing header, garbage and a signature made with another secret', async () => {
        expect(await post(metaBody)).to.equal(401);
        for (const junk of ['', 'sha256=', 'sha256=zz', 'md5=abc', 'sha256=' + 'a'.repeat(63), 'sha256=' + 'a'.repeat(200)]) {
            expect(await post(metaBody, junk), junk).to.equal(401);
        }
        expect(await post(metaBody, signBody(metaBody, 'another-secret'))).to.equal(401);
    });

    it('never throws on junk headers and accepts upper-case hex', () => {
        expect(hasValidSignature(metaBody, undefined, APP_SECRET)).to.equal(false);
        expect(hasValidSignature(metaBody, 'sha256=' + 'ä'.repeat(64), APP_SECRET)).to.equal(false);
        expect(hasValidSignature(metaBody, signBody(metaBody, APP_SECRET).toUpperCase().replace('SHA256=', 'sha256='), APP_SECRET)).to.equal(true);
        expect(hasValidSignature(metaBody, signBody(metaBody, APP_SECRET), '')).to.equal(false);
    });

    it('signBody returns sha256=<64 hex>', () => {
        expect(signBody(Buffer.from('x'), APP_SECRET)).to.match(/^sha256=[0-9a-f]{64}$/);
    });
});

describe('webhook verification (GET hub.challenge)', () => {
    const token = 'verify-me';

    it('answers 200 with the challenge when mode is subscribe and the token matches', () => {
        expect(verifySubscription({ 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '1158201444' }, token)).to.deep.equal({
            status: 200,
            body: '1158201444'
        });
    });

    it('reads the nested form a dotted query parser produces', () => {
        expect(verifySubscription({ hub: { mode: 'subscribe', verify_token: token, challenge: '42' } }, token).status).to.equal(200);
    });

    it('answers 403 for a wrong token, a wrong mode, missing fields or an empty configured token', () => {
        const cases: Array<[Record<string, unknown>, string]> = [
            [{ 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '1' }, token],
            [{ 'hub.mode': 'unsubscribe', 'hub.verify_token': token, 'hub.challenge': '1' }, token],
            [{ 'hub.mode': 'subscribe', 'hub.challenge': '1' }, token],
            [{ 'hub.mode': 'subscribe', 'hub.verify_token': token }, token],
            [{}, token],
            [{ 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '1' }, ''],
            [{ 'hub.mode': 'subscribe', 'hub.verify_token': [token, token], 'hub.challenge': '1' }, token]
        ];
        for (const [query, configured] of cases) {
            expect(verifySubscription(query, configured).status, JSON.stringify(query)).to.equal(403);
        }
    });
});
