import { expect } from 'chai';
import * as crypto from 'crypto';
import { EventEmitter, once } from 'events';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as restify from 'restify';
import { GraphApiPeer } from '../../adapters/simulator/graphPeer';
import { mountSimulator } from '../../adapters/simulator/simulatorRoutes';
import { GraphClient } from '../../adapters/whatsapp/graphClient';
import { parseWebhook } from '../../adapters/whatsapp/webhookParser';
import { hasValidSignature } from '../../adapters/whatsapp/webhookSignature';

const APP_SECRET = 'simulator-app-secret';
const TOKEN = 'EAAG-sim-token';
const PHONE_NUMBER_ID = '106540352242922';

interface Captured {
    raw: Buffer;
    signature: string | undefined;
}

/** Stands in for the line's webhook endpoint: records every POST exactly as received. */
async function startCapture(): Promise<{ url: string; received: Captured[]; waitFor(n: number): Promise<void>; close(): Promise<void> }> {
    const received: Captured[] = [];
    /** Woken on every POST: waitFor() resolves when the count it waits for has come. */
    const arrivals = new EventEmitter();
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
            const header = req.headers['x-hub-signature-256'];
            received.push({ raw: Buffer.concat(chunks), signature: Array.isArray(header) ? header[0] : header });
            arrivals.emit('post');
            res.statusCode = 200;
            res.end();
        });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}/api/whatsapp`,
        received,
        waitFor: async (n) => {
            while (received.length < n) await once(arrivals, 'post');
            expect(received.length).to.be.at.least(n);
        },
        close: () =>
            new Promise((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            })
    };
}

describe('simulator phone page', () => {
    let capture: Awaited<ReturnType<typeof startCapture>>;
    let server: restify.Server;
    let peer: GraphApiPeer;
    let simulator: { close(): void };
    let origin: string;
    let client: GraphClient;

    beforeEach(async () => {
        capture = await startCapture();
        server = restify.createServer();
        peer = new GraphApiPeer({ accessToken: TOKEN, phoneNumberId: PHONE_NUMBER_ID, statusDelayMs: 5 });
        peer.mount(server, '/graph/v24.0');
        simulator = mountSimulator(server, {
            webhookUrl: capture.url,
            appSecret: APP_SECRET,
            phoneNumberId: PHONE_NUMBER_ID,
            peer,
            basePath: '/simulator'
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
        origin = `http://127.0.0.1:${server.address().port}`;
        client = new GraphClient({ baseUrl: `${origin}/graph/v24.0`, accessToken: TOKEN, phoneNumberId: PHONE_NUMBER_ID, mediaHosts: ['127.0.0.1'] });
    });
    afterEach(async () => {
        simulator.close();
        peer.close();
        server.server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await capture.close();
    });

    async function send(body: unknown): Promise<{ status: number; json: any }> {
        // As the phone page's own fetch sends it: a browser names the page's origin on every POST.
        const response = await fetch(`${origin}/simulator/api/send`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin },
            body: JSON.stringify(body)
        });
        return { status: response.status, json: await response.json() };
    }

    it('posts a citizen text as a Meta-shaped webhook signed over its raw bytes', async () => {
        const answer = await send({ phone: '+54 9 383 412-3456', name: 'Ñuñoa Pérez', input: { kind: 'text', text: 'Se inunda la casa 🚨' } });
        expect(answer.status).to.equal(200);
        expect(answer.json.webhookStatus).to.equal(200);
        await capture.waitFor(1);
        const [{ raw, signature }] = capture.received;
        expect(hasValidSignature(raw, signature, APP_SECRET)).to.equal(true);
        expect(hasValidSignature(raw, signature, 'other-secret')).to.equal(false);
        const parsed = parseWebhook(raw);
        expect(parsed.messages).to.have.length(1);
        expect(parsed.messages[0]).to.include({
            wamid: answer.json.wamid,
            citizenKey: '5493834123456',
            waId: '5493834123456',
            profileName: 'Ñuñoa Pérez',
            phoneNumberId: PHONE_NUMBER_ID,
            type: 'text'
        });
        expect(parsed.messages[0].raw.text).to.deep.equal({ body: 'Se inunda la casa 🚨' });
        expect(Math.abs(parsed.messages[0].timestamp - Date.now() / 1000)).to.be.lessThan(60);
    });

    it('gives every message a unique wamid and carries replies, locations and BSUID citizens', async () => {
        const first = await send({
            phone: '5493834123456',
            name: 'María',
            input: { kind: 'button_reply', id: 'si', title: 'Sí' },
            contextId: 'wamid.BOT1'
        });
        const second = await send({
            phone: '5493834123456',
            name: 'María',
            input: { kind: 'location', latitude: '-28.4696', longitude: -65.7795, name: 'Plaza 25 de Mayo' }
        });
        const hidden = await send({ phone: 'AR.1234567890', name: 'Anónimo', input: { kind: 'list_reply', id: 'capital', title: 'Capital' } });
        expect(new Set([first.json.wamid, second.json.wamid, hidden.json.wamid]).size).to.equal(3);
        await capture.waitFor(3);
        const messages = capture.received.flatMap((c) => parseWebhook(c.raw).messages);
        expect(messages[0].raw.context).to.deep.equal({ from: '543834000000', id: 'wamid.BOT1' });
        expect(messages[1].raw.location).to.deep.equal({ latitude: -28.4696, longitude: -65.7795, name: 'Plaza 25 de Mayo' });
        expect(messages[2]).to.include({ citizenKey: 'AR.1234567890', bsuid: 'AR.1234567890' });
        expect(messages[2].waId).to.equal(undefined);
        expect((await send({ phone: '549', name: 'x', input: { kind: 'text', text: '' } })).status).to.equal(400);
    });

    it('uploads a photo to the peer and sends it as an image the line can download', async () => {
        const photo = crypto.randomBytes(4096);
        const upload = await fetch(`${origin}/simulator/api/media`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin },
            body: JSON.stringify({ mimeType: 'image/jpeg', dataBase64: photo.toString('base64') })
        });
        const media = (await upload.json()) as { mediaId: string; mimeType: string; sha256: string };
        await send({ phone: '5493834123456', name: 'María', input: { kind: 'image', ...media, caption: 'el puente' } });
        await capture.waitFor(1);
        const [message] = parseWebhook(capture.received[0].raw).messages;
        expect(message.raw.image).to.deep.equal({ id: media.mediaId, mime_type: 'image/jpeg', sha256: media.sha256, caption: 'el puente' });
        const download = await client.downloadMedia(media.mediaId, { kind: 'image' });
        expect(download.bytes.equals(photo)).to.equal(true);
    });

    it('streams the line’s accepted messages and read marks to the citizen’s page, and posts signed statuses', async () => {
        const mine = await send({ phone: '5493834123456', name: 'María', input: { kind: 'text', text: 'hola' } });
        const controller = new AbortController();
        const events = await fetch(`${origin}/simulator/api/events?phone=${encodeURIComponent('+54 9 383 412-3456')}`, { signal: controller.signal });
        expect(events.headers.get('content-type')).to.contain('text/event-stream');
        const reader = events.body!.getReader();
        let buffered = '';
        const nextEvents = async (n: number): Promise<Array<{ event: string; data: any }>> => {
            const found: Array<{ event: string; data: any }> = [];
            while (found.length < n) {
                const blocks = buffered.split('\n\n');
                buffered = blocks.pop()!;
                for (const block of blocks) {
                    const event = /^event: (.*)$/m.exec(block)?.[1];
                    const data = /^data: (.*)$/m.exec(block)?.[1];
                    if (event && data) found.push({ event, data: JSON.parse(data) });
                }
                if (found.length >= n) break;
                const { value, done } = await reader.read();
                if (done) break;
                buffered += Buffer.from(value).toString('utf8');
            }
            return found;
        };
        await client.markRead(mine.json.wamid, { typing: true });
        await client.sendMessage({ to: '5493834999999' }, { type: 'text', text: { body: 'para otro' } });
        const { wamid } = await client.sendMessage({ to: '5493834123456' }, { type: 'text', text: { body: '<b>Hola</b>, ¿en qué lo ayudamos?' } });
        const received = await nextEvents(2);
        controller.abort();
        expect(received[0]).to.deep.equal({ event: 'read', data: { wamid: mine.json.wamid, typing: true } });
        expect(received[1].event).to.equal('message');
        expect(received[1].data.wamid).to.equal(wamid);
        expect(received[1].data.body.text).to.deep.equal({ body: '<b>Hola</b>, ¿en qué lo ayudamos?' });

        // 1 citizen message + 3 statuses for each of the 2 messages the line sent.
        await capture.waitFor(7);
        const statusPosts = capture.received.slice(1);
        for (const post of statusPosts) expect(hasValidSignature(post.raw, post.signature, APP_SECRET)).to.equal(true);
        const statuses = statusPosts.flatMap((p) => parseWebhook(p.raw).statuses).filter((s) => s.wamid === wamid);
        expect(statuses.map((s) => [s.status, s.recipientId])).to.deep.equal([
            ['sent', '5493834123456'],
            ['delivered', '5493834123456'],
            ['read', '5493834123456']
        ]);
    });

    it('serves the Spanish phone page and its assets, rendering bot text without innerHTML', async () => {
        const page = await fetch(`${origin}/simulator`);
        expect(page.status).to.equal(200);
        const html = await page.text();
        expect(html).to.contain('lang="es-AR"').and.contain('/simulator/assets/app.js').and.not.contain('{{BASE}}');
        expect(page.headers.get('content-security-policy')).to.contain("script-src 'self'");
        const script = await (await fetch(`${origin}/simulator/assets/app.js`)).text();
        expect(script).to.contain('textContent').and.not.contain('innerHTML');
        expect((await fetch(`${origin}/simulator/assets/app.css`)).headers.get('content-type')).to.contain('text/css');
        expect((await fetch(`${origin}/simulator/assets/secrets.json`)).status).to.equal(404);
    });
});
