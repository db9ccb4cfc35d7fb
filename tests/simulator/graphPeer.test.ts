import { expect } from 'chai';
import * as restify from 'restify';
import { GraphApiPeer, PeerStatus } from '../../adapters/simulator/graphPeer';

const TOKEN = 'EAAG-peer-token';
const PHONE_NUMBER_ID = '106540352242922';

describe('GraphApiPeer answers as the Cloud API does', () => {
    let clock = Date.now();
    let statuses: PeerStatus[];
    let running: { peer: GraphApiPeer; url: string; close(): Promise<void> };

    beforeEach(async () => {
        statuses = [];
        running = await GraphApiPeer.listen({
            accessToken: TOKEN,
            phoneNumberId: PHONE_NUMBER_ID,
            now: () => clock,
            statusDelayMs: 5,
            statusCallback: (s) => {
                statuses.push(s);
            }
        });
    });
    afterEach(() => running.close());

    async function post(body: unknown, options: { token?: string; phoneNumberId?: string } = {}): Promise<{ status: number; json: any }> {
        const response = await fetch(`${running.url}/${options.phoneNumberId ?? PHONE_NUMBER_ID}/messages`, {
            method: 'POST',
            headers: { authorization: `Bearer ${options.token ?? TOKEN}`, 'content-type': 'application/json' },
            body: JSON.stringify(body)
        });
        return { status: response.status, json: await response.json() };
    }

    const to = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '+5493834123456' };
    const buttons = (titles: string[], ids = titles) => ({
        ...to,
        type: 'interactive',
        interactive: {
            type: 'button',
            body: { text: '¿Sí o no?' },
            action: { buttons: titles.map((t, i) => ({ type: 'reply', reply: { id: ids[i], title: t } })) }
        }
    });
    const list = (rows: Array<{ id: string; title: string; description?: string }>, button = 'Ver opciones') => ({
        ...to,
        type: 'interactive',
        interactive: { type: 'list', body: { text: 'Elija' }, action: { button, sections: [{ title: 'Opciones', rows }] } }
    });
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, title: `Fila ${i}` }));

    it('accepts a valid text with Meta’s answer shape and records it', async () => {
        const { status, json } = await post({ ...to, type: 'text', text: { body: 'Hola 👋', preview_url: false } });
        expect(status).to.equal(200);
        expect(json.messaging_product).to.equal('whatsapp');
        expect(json.contacts).to.deep.equal([{ input: '+5493834123456', wa_id: '5493834123456' }]);
        expect(json.messages[0].id).to.match(/^wamid\./);
        expect(running.peer.sent().map((s) => [s.wamid, s.recipient])).to.deep.equal([[json.messages[0].id, '5493834123456']]);
    });

    it('refuses what Meta refuses, with code 100 and Meta’s error body', async () => {
        const refused: unknown[] = [
            { type: 'text', to: '+5493834123456', text: { body: 'sin producto' } },
            { ...to, type: 'text', text: { body: 'x'.repeat(4097) } },
            { ...to, type: 'text', text: {} },
            { messaging_product: 'whatsapp', type: 'text', text: { body: 'sin destinatario' } },
            buttons(['a', 'b', 'c', 'd']),
            buttons(['Un título de más de veinte']),
            buttons(['Sí', 'No'], ['x', 'x']),
            list(rows(11)),
            list([{ id: 'a', title: 'Un título de más de 24 caracteres' }]),
            list([{ id: 'a', title: 'a', description: 'd'.repeat(73) }]),
            list(rows(2), 'Un botón demasiado largo'),
            { ...to, type: 'interactive', interactive: { type: 'button', action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'a' } }] } } },
            { ...to, type: 'image', image: {} },
            { ...to, type: 'template', template: { name: 'alerta' } },
            { ...to, type: 'carousel', carousel: {} }
        ];
        for (const body of refused) {
            const { status, json } = await post(body);
            expect(status, JSON.stringify(body).slice(0, 80)).to.equal(400);
            expect(json.error).to.include({ code: 100, message: '(#100) Invalid parameter' });
            expect(json.error.type).to.be.a('string');
            expect(json.error.fbtrace_id).to.be.a('string');
            expect(json.error.error_data.details).to.be.a('string').and.not.equal('');
        }
        expect(running.peer.sent()).to.deep.equal([]);
        // Counted in characters as people see them: 4096 emoji are fine.
        expect((await post({ ...to, type: 'text', text: { body: '🚨'.repeat(4096) } })).status).to.equal(200);
        expect((await post(list(rows(10)))).status).to.equal(200);
    });

    it('checks the token and the phone number id', async () => {
        const badToken = await post({ ...to, type: 'text', text: { body: 'x' } }, { token: 'nope' });
        expect([badToken.status, badToken.json.error.code]).to.deep.equal([401, 190]);
        const badPhone = await post({ ...to, type: 'text', text: { body: 'x' } }, { phoneNumberId: '999' });
        expect([badPhone.status, badPhone.json.error.code, badPhone.json.error.error_subcode]).to.deep.equal([400, 100, 33]);
    });

    it('accepts a BSUID put in `to` with 200 and silently drops it; `recipient` is delivered', async () => {
        const events: string[] = [];
        running.peer.on('message', (m) => events.push(m.recipient));
        const dropped = await post({ messaging_product: 'whatsapp', to: 'AR.1234567890', type: 'text', text: { body: 'x' } });
        expect(dropped.status).to.equal(200);
        const delivered = await post({ messaging_product: 'whatsapp', recipient: 'AR.1234567890', type: 'text', text: { body: 'y' } });
        expect(delivered.status).to.equal(200);
        expect(running.peer.sent().map((s) => s.dropped)).to.deep.equal([true, false]);
        expect(events).to.deep.equal(['AR.1234567890']);
    });

    it('produces sent, delivered and read statuses for each accepted message', async () => {
        const { json } = await post({ ...to, type: 'text', text: { body: 'x' } });
        // Until all three came (or 20 s, for a diff of what did), however loaded the machine is.
        for (const deadline = Date.now() + 20_000; statuses.length < 3 && Date.now() < deadline;)
            await new Promise((resolve) => setTimeout(resolve, 10));
        expect(statuses.map((s) => [s.wamid, s.status, s.recipient])).to.deep.equal([
            [json.messages[0].id, 'sent', '5493834123456'],
            [json.messages[0].id, 'delivered', '5493834123456'],
            [json.messages[0].id, 'read', '5493834123456']
        ]);
    });

    it('answers mark-read with {success:true}', async () => {
        const { status, json } = await post({
            messaging_product: 'whatsapp',
            status: 'read',
            message_id: 'wamid.IN',
            typing_indicator: { type: 'text' }
        });
        expect([status, json]).to.deep.equal([200, { success: true }]);
        expect(running.peer.reads()).to.deep.equal([{ wamid: 'wamid.IN', typing: true }]);
    });

    it('serves media behind a url that needs the token and expires after 5 minutes', async () => {
        const mediaId = running.peer.addMedia(Buffer.from('foto'), 'image/jpeg');
        const info = (await (await fetch(`${running.url}/${mediaId}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as any;
        expect(info).to.include({ id: mediaId, mime_type: 'image/jpeg', file_size: '4' });
        expect(info.sha256).to.match(/^[0-9a-f]{64}$/);
        expect((await fetch(info.url)).status).to.equal(401);
        const ok = await fetch(info.url, { headers: { authorization: `Bearer ${TOKEN}` } });
        expect(Buffer.from(await ok.arrayBuffer()).toString()).to.equal('foto');
        clock += 5 * 60 * 1000;
        expect((await fetch(info.url, { headers: { authorization: `Bearer ${TOKEN}` } })).status).to.equal(404);
    });

    it('injects queued errors, random errors by rate and latency', async () => {
        const body = { ...to, type: 'text', text: { body: 'x' } };
        running.peer.injectFaults({ nextErrors: [131056, 131016] });
        expect((await post(body)).json.error.code).to.equal(131056);
        expect((await post(body)).json.error.code).to.equal(131016);
        expect((await post(body)).status).to.equal(200);
        running.peer.injectFaults({ errorRate: 1, codes: [130429] });
        expect((await post(body)).json.error.code).to.equal(130429);
        const before = running.peer.sent().length;
        running.peer.injectFaults({ latencyMs: 100 });
        const slow = post(body);
        while (running.peer.requestsInFlight() === 0) await new Promise((resolve) => setImmediate(resolve));
        expect(running.peer.sent(), 'nothing accepted while the answer is held').to.have.length(before);
        expect((await slow).status).to.equal(200);
        expect(running.peer.requestsInFlight(), 'answered: no longer in flight').to.equal(0);
        expect(running.peer.sent()).to.have.length(before + 1);
        running.peer.injectFaults({});
        expect((await post(body)).status).to.equal(200);
    });

    it("cuts an answer after its headers on demand, accepting nothing, and answers Meta's temporary codes 1 and 2 with a 5xx", async () => {
        running.peer.injectFaults({ truncatedAnswerRate: 1 });
        const response = await fetch(`${running.url}/${PHONE_NUMBER_ID}/messages`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
            body: JSON.stringify({ ...to, type: 'text', text: { body: 'x' } })
        });
        expect(response.status, 'the headers arrived').to.equal(200);
        let cut: unknown;
        await response.text().catch((error: unknown) => (cut = error));
        expect(cut, 'the body never completes').to.be.instanceOf(Error);
        expect(running.peer.sent()).to.deep.equal([]);
        expect(running.peer.faultsInjected()).to.equal(1);

        running.peer.injectFaults({ nextErrors: [1, 2] });
        const unknown = await post({ ...to, type: 'text', text: { body: 'x' } });
        const temporary = await post({ ...to, type: 'text', text: { body: 'x' } });
        expect([unknown.status, unknown.json.error.code, temporary.status, temporary.json.error.code]).to.deep.equal([500, 1, 503, 2]);
    });

    it('mounts on a shared restify server under a base path, even behind a body parser', async () => {
        const server = restify.createServer();
        server.use(restify.plugins.bodyParser());
        const peer = new GraphApiPeer({ accessToken: TOKEN, phoneNumberId: PHONE_NUMBER_ID });
        peer.mount(server, '/graph/v24.0');
        server.get('/healthz', async (_req, res) => {
            res.send(200, 'ok');
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
        try {
            const { port } = server.address();
            const response = await fetch(`http://127.0.0.1:${port}/graph/v24.0/${PHONE_NUMBER_ID}/messages`, {
                method: 'POST',
                headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
                body: JSON.stringify({ ...to, type: 'text', text: { body: 'compartido' } })
            });
            expect(response.status).to.equal(200);
            expect(peer.sent()[0].body.text).to.deep.equal({ body: 'compartido' });
            expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).to.equal(200);
        } finally {
            peer.close();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        }
    });
});
