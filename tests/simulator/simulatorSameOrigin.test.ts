import { expect } from 'chai';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as restify from 'restify';
import type { Browser, Page } from 'playwright-core';
import { GraphApiPeer } from '../../adapters/simulator/graphPeer';
import { mountSimulator } from '../../adapters/simulator/simulatorRoutes';
import { parseWebhook } from '../../adapters/whatsapp/webhookParser';
import { launchChromium } from '../support/browser';

const APP_SECRET = 'simulator-app-secret';
const TOKEN = 'EAAG-sim-token';
const PHONE_NUMBER_ID = '106540352242922';
const MESSAGE = { phone: '5493834123456', name: 'María', input: { kind: 'text', text: 'Se inunda la casa' } };
const PHOTO = { mimeType: 'image/png', dataBase64: Buffer.from('not really a png, but bytes').toString('base64') };

/** An HTTP server on 127.0.0.1 (port chosen by the OS) answering every request with `handler`. */
async function listen(handler: http.RequestListener): Promise<{ port: number; close(): Promise<void> }> {
    const server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
        port: (server.address() as AddressInfo).port,
        close: () =>
            new Promise((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            })
    };
}

/**
 * The simulator's state-changing routes answer only the phone page itself: JSON from the same origin. Another site's
 * page open in the same browser must not be able to write as a citizen (a text/plain or form POST needs no CORS
 * preflight) nor upload a photo.
 */
describe('simulator: only the phone page itself may send or upload (same origin, JSON)', function () {
    this.timeout(60_000);
    let webhooks: Buffer[];
    let capture: Awaited<ReturnType<typeof listen>>;
    let server: restify.Server;
    let peer: GraphApiPeer;
    let simulator: { close(): void };
    let origin: string;
    let uploads: string[];

    beforeEach(async () => {
        webhooks = [];
        capture = await listen((req, res) => {
            const chunks: Buffer[] = [];
            req.on('data', (c: Buffer) => chunks.push(c));
            req.on('end', () => {
                webhooks.push(Buffer.concat(chunks));
                res.end();
            });
        });
        server = restify.createServer();
        peer = new GraphApiPeer({ accessToken: TOKEN, phoneNumberId: PHONE_NUMBER_ID, statusDelayMs: 5 });
        uploads = [];
        const addMedia = peer.addMedia.bind(peer);
        peer.addMedia = (...args) => {
            const id = addMedia(...args);
            uploads.push(id);
            return id;
        };
        peer.mount(server, '/graph/v24.0');
        simulator = mountSimulator(server, {
            webhookUrl: `http://127.0.0.1:${capture.port}/api/whatsapp`,
            appSecret: APP_SECRET,
            phoneNumberId: PHONE_NUMBER_ID,
            peer,
            basePath: '/simulator'
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
        origin = `http://127.0.0.1:${server.address().port}`;
    });
    afterEach(async () => {
        simulator.close();
        peer.close();
        server.server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await capture.close();
    });

    /** POSTs `body` as given; the old simulator posted the webhook before it answered, so its answer ends the story. */
    async function postTo(route: 'send' | 'media', body: string, headers: Record<string, string>): Promise<{ status: number; json: any }> {
        const response = await fetch(`${origin}/simulator/api/${route}`, { method: 'POST', headers, body });
        return { status: response.status, json: await response.json().catch(() => undefined) };
    }

    it('refuses a cross-site text/plain POST to /api/send with 403, and no citizen message reaches the line', async () => {
        const answer = await postTo('send', JSON.stringify(MESSAGE), {
            'content-type': 'text/plain',
            origin: 'http://evil.example',
            'sec-fetch-site': 'cross-site'
        });
        expect(answer.status).to.equal(403);
        expect(answer.json.error).to.match(/same origin/);
        expect(webhooks, 'no webhook was posted').to.deep.equal([]);
    });

    const refusals: [string, Record<string, string>, 403 | 415][] = [
        ['JSON from another site', { 'content-type': 'application/json', origin: 'http://evil.example' }, 403],
        ['JSON from another port of the same host', { 'content-type': 'application/json', origin: 'http://127.0.0.1:1' }, 403],
        ['JSON from a sandboxed frame (Origin: null)', { 'content-type': 'application/json', origin: 'null' }, 403],
        ['JSON naming no origin at all', { 'content-type': 'application/json' }, 403],
        ['JSON from a sibling site', { 'content-type': 'application/json', 'sec-fetch-site': 'same-site' }, 403],
        [
            'JSON a browser says is cross-site, whatever its Origin',
            { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site', origin: '(own)' },
            403
        ],
        ["text/plain from the page's own origin", { 'content-type': 'text/plain', origin: '(own)' }, 415],
        ["a form post from the page's own origin", { 'content-type': 'application/x-www-form-urlencoded', origin: '(own)' }, 415],
        ["a multipart form from the page's own origin", { 'content-type': 'multipart/form-data; boundary=x', 'sec-fetch-site': 'same-origin' }, 415],
        ['no content type', { 'sec-fetch-site': 'same-origin' }, 415],
        ['a look-alike JSON type', { 'content-type': 'application/jsonx', origin: '(own)' }, 415]
    ];
    for (const [what, headers, status] of refusals) {
        it(`answers ${status} to ${what}, on /api/send and /api/media, doing nothing`, async () => {
            const sent = { ...headers, ...(headers.origin === '(own)' ? { origin } : {}) };
            const send = await postTo('send', JSON.stringify(MESSAGE), sent);
            const media = await postTo('media', JSON.stringify(PHOTO), sent);
            expect([send.status, media.status]).to.deep.equal([status, status]);
            for (const answer of [send, media]) {
                expect(answer.json.code).to.equal(status === 403 ? 'Forbidden' : 'UnsupportedMediaType');
                expect(answer.json.error).to.match(status === 403 ? /same origin/ : /Content-Type: application\/json/);
            }
            expect(webhooks, 'no webhook was posted').to.deep.equal([]);
            expect(uploads, 'no photo was stored').to.deep.equal([]);
        });
    }

    it('refuses a page of another domain re-pointed at this machine (DNS rebinding), on send and on the event stream', async () => {
        const port = new URL(origin).port;
        const ask = (method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> =>
            new Promise((resolve, reject) => {
                const req = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
                    const chunks: Buffer[] = [];
                    res.on('data', (c: Buffer) => chunks.push(c));
                    res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
                });
                req.on('error', reject);
                req.end(body);
            });
        const rebound = `rebind.evil.example:${port}`;
        const sent = await ask(
            'POST',
            '/simulator/api/send',
            { host: rebound, origin: `http://${rebound}`, 'content-type': 'application/json' },
            JSON.stringify(MESSAGE)
        );
        expect(sent.status).to.equal(403);
        expect(sent.text).to.include('DNS rebinding');
        expect((await ask('GET', '/simulator/api/events?phone=5493834123456', { host: rebound })).status).to.equal(403);
        expect(webhooks, 'no webhook was posted').to.deep.equal([]);
    });

    it("serves the page's own JSON requests: Origin of this server, or Sec-Fetch-Site: same-origin", async () => {
        const byOrigin = await postTo('send', JSON.stringify(MESSAGE), { 'content-type': 'application/json', origin });
        const byFetchMetadata = await postTo('media', JSON.stringify(PHOTO), {
            'content-type': 'application/json; charset=utf-8',
            'sec-fetch-site': 'same-origin'
        });
        expect([byOrigin.status, byFetchMetadata.status]).to.deep.equal([200, 200]);
        expect(byOrigin.json.webhookStatus).to.equal(200);
        expect(uploads).to.deep.equal([byFetchMetadata.json.mediaId]);
        expect(webhooks).to.have.length(1);
        expect(parseWebhook(webhooks[0]).messages[0]).to.include({ citizenKey: '5493834123456', wamid: byOrigin.json.wamid });
    });

    it('refuses, with 400, a phone that is neither a number nor a BSUID (the line would drop it)', async () => {
        for (const phone of ['<script>', '../../etc/passwd', '__proto__', '549']) {
            const answer = await postTo('send', JSON.stringify({ ...MESSAGE, phone }), { 'content-type': 'application/json', origin });
            expect(answer.status, phone).to.equal(400);
            expect(answer.json.error).to.match(/^phone: /);
        }
        expect(webhooks).to.deep.equal([]);
    });

    describe('in Chromium', () => {
        let browser: Browser;
        let page: Page;
        let attacker: Awaited<ReturnType<typeof listen>>;

        /** HTML attribute text. */
        const attribute = (text: string): string => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

        before(async () => (browser = await launchChromium()));
        after(async () => browser?.close());
        beforeEach(async () => {
            // The classic cross-site form: its one field's name and value add up to a JSON body ("name=value").
            const json = JSON.stringify({ ...MESSAGE, pad: '' });
            attacker = await listen((_req, res) => {
                res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
                res.end(
                    `<!doctype html><title>otro sitio</title><form method="POST" enctype="text/plain" action="${origin}/simulator/api/send">` +
                        `<input type="hidden" name="${attribute(json.slice(0, -2))}" value="&quot;}"><button>Ver fotos</button></form>`
                );
            });
            page = await browser.newPage();
        });
        afterEach(async () => {
            await page.close();
            await attacker.close();
        });

        it("another site's page cannot post a citizen message, by fetch or by a text/plain form; the phone page's own fetch still can", async () => {
            // localhost is another site than 127.0.0.1: a different origin, as an attacker's page would be.
            await page.goto(`http://localhost:${attacker.port}/`);
            const target = `${origin}/simulator/api/send`;
            await page.evaluate(
                `fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(JSON.stringify(MESSAGE))} }).then(() => 'answered')`
            );
            const [response] = await Promise.all([page.waitForResponse(target), page.waitForURL(target), page.click('button')]);
            expect(response.status(), 'the form post is refused').to.equal(403);
            expect(webhooks, 'no citizen message reached the line').to.deep.equal([]);

            await page.goto(`${origin}/simulator`);
            const answer = await page.evaluate<{
                status: number;
                json: { webhookStatus: number };
            }>(`fetch('/simulator/api/send', { method: 'POST', headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(JSON.stringify(MESSAGE))} })
                .then(async (sent) => ({ status: sent.status, json: await sent.json() }))`);
            expect(answer.status).to.equal(200);
            expect(answer.json.webhookStatus).to.equal(200);
            expect(webhooks).to.have.length(1);
        });
    });
});
