import { expect } from 'chai';
import * as crypto from 'crypto';
import * as http from 'http';
import { AddressInfo } from 'net';
import { GraphApiPeer } from '../../adapters/simulator/graphPeer';
import {
    GraphApiError,
    GraphClient,
    GraphClientOptions,
    GraphHttpResponse,
    GraphRequestOptions,
    MEDIA_SIZE_LIMITS,
    MediaDownloadError,
    classifyGraphError,
    redirectHeaders
} from '../../adapters/whatsapp/graphClient';
import { toCloudMessages } from '../../adapters/whatsapp/outboundMapping';

const TOKEN = 'EAAG-test-token';
const PHONE_NUMBER_ID = '106540352242922';

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (err) {
        return err as Error;
    }
    throw new Error('expected a rejection');
}

describe('GraphClient against GraphApiPeer', () => {
    let clock = Date.now();
    let running: { peer: GraphApiPeer; url: string; close(): Promise<void> };
    let client: GraphClient;

    beforeEach(async () => {
        clock = Date.now();
        running = await GraphApiPeer.listen({ accessToken: TOKEN, phoneNumberId: PHONE_NUMBER_ID, now: () => clock });
        client = new GraphClient({
            baseUrl: running.url,
            accessToken: TOKEN,
            phoneNumberId: PHONE_NUMBER_ID,
            timeoutMs: 2000,
            mediaHosts: ['127.0.0.1']
        });
    });
    afterEach(() => running.close());

    it('sends a message to a phone number with +, country code, product and recipient type', async () => {
        const [message] = toCloudMessages({ type: 'message', text: 'Recibimos su reporte DC-7K3F.' });
        const { wamid } = await client.sendMessage({ to: '5493834123456' }, message, { messageId: 'wamid.IN1' });
        expect(wamid).to.match(/^wamid\./);
        const [sent] = running.peer.sent();
        expect(sent).to.include({ wamid, recipient: '5493834123456', recipientKind: 'phone', dropped: false });
        expect(sent.body).to.deep.equal({
            messaging_product: 'whatsapp',
            recipient_type: 'individual',
            to: '+5493834123456',
            type: 'text',
            text: { body: 'Recibimos su reporte DC-7K3F.', preview_url: false },
            context: { message_id: 'wamid.IN1' }
        });
    });

    it('sends every mapped interactive message in a form the peer accepts', async () => {
        const departments = [
            'Ambato',
            'Ancasti',
            'Andalgalá',
            'Antofagasta de la Sierra',
            'Belén',
            'Capayán',
            'Capital',
            'El Alto',
            'Fray Mamerto Esquiú',
            'La Paz',
            'Paclín',
            'Pomán',
            'Santa María',
            'Santa Rosa',
            'Tinogasta',
            'Valle Viejo'
        ];
        const activity = {
            type: 'message',
            text: '¿En qué departamento está?',
            suggestedActions: { to: [], actions: departments.map((d) => ({ type: 'imBack', title: d, value: d })) }
        };
        for (const message of toCloudMessages(activity)) await client.sendMessage({ to: '+5493834123456' }, message);
        for (const message of toCloudMessages({
            type: 'message',
            text: '¿Confirma?',
            suggestedActions: {
                to: [],
                actions: [
                    { type: 'imBack', title: 'Sí', value: 'si' },
                    { type: 'imBack', title: 'No', value: 'no' }
                ]
            }
        })) {
            await client.sendMessage({ to: '+5493834123456' }, message);
        }
        expect(running.peer.sent()).to.have.length(2);
    });

    it('addresses a BSUID through `recipient`, even when a caller put it in `to`', async () => {
        const [message] = toCloudMessages({ type: 'message', text: 'Hola' });
        await client.sendMessage({ recipient: 'AR.1234567890' }, message);
        await client.sendMessage({ to: 'AR.1234567890' }, message);
        const sent = running.peer.sent();
        expect(sent.map((s) => [s.recipientKind, s.dropped, s.body.recipient, s.body.to])).to.deep.equal([
            ['bsuid', false, 'AR.1234567890', undefined],
            ['bsuid', false, 'AR.1234567890', undefined]
        ]);
    });

    it('marks a message read with the typing indicator', async () => {
        await client.markRead('wamid.IN1', { typing: true });
        await client.markRead('wamid.IN2', { typing: false });
        expect(running.peer.reads()).to.deep.equal([
            { wamid: 'wamid.IN1', typing: true },
            { wamid: 'wamid.IN2', typing: false }
        ]);
    });

    it('classifies errors on error.code, whatever HTTP status carries them', async () => {
        const codes = [130429, 131056, 131047, 131026, 131048, 131052, 132001, 131000, 4];
        running.peer.injectFaults({ nextErrors: codes });
        const [message] = toCloudMessages({ type: 'message', text: 'x' });
        const seen: Array<[number, number, string]> = [];
        for (const _ of codes) {
            const err = (await rejectionOf(client.sendMessage({ to: '5493834123456' }, message))) as GraphApiError;
            expect(err).to.be.instanceOf(GraphApiError);
            expect(err.fbtraceId).to.be.a('string');
            expect(err.message).to.contain('GraphClient.sendMessage()');
            seen.push([err.code, err.httpStatus, err.kind]);
        }
        expect(seen).to.deep.equal([
            [130429, 429, 'retry'],
            [131056, 400, 'pair_backoff'],
            [131047, 400, 'window_closed'],
            [131026, 400, 'undeliverable'],
            [131048, 400, 'stop_campaign'],
            [131052, 400, 'media_failed'],
            [132001, 400, 'template_error'],
            [131000, 500, 'retry'],
            [4, 400, 'retry']
        ]);
        expect(running.peer.sent()).to.have.length(0);
        expect(classifyGraphError(80007)).to.equal('retry');
        expect(classifyGraphError(131016)).to.equal('retry');
        expect(classifyGraphError(368)).to.equal('stop_campaign');
        expect(classifyGraphError(131031)).to.equal('stop_campaign');
        expect(classifyGraphError(131053)).to.equal('media_failed');
        expect(classifyGraphError(132000)).to.equal('template_error');
        expect(classifyGraphError(132015)).to.equal('template_error');
        expect(classifyGraphError(100)).to.equal('fatal');
    });

    it('reports a body Meta refuses as fatal code 100 with the details, and a bad token as 190', async () => {
        const err = (await rejectionOf(
            client.sendMessage({ to: '5493834123456' }, { type: 'text', text: { body: 'x'.repeat(4097) } })
        )) as GraphApiError;
        expect([err.code, err.kind, err.httpStatus]).to.deep.equal([100, 'fatal', 400]);
        expect(err.details).to.contain('4096');
        const intruder = new GraphClient({ baseUrl: running.url, accessToken: 'stolen', phoneNumberId: PHONE_NUMBER_ID });
        const denied = (await rejectionOf(intruder.markRead('wamid.X', { typing: false }))) as GraphApiError;
        expect([denied.code, denied.httpStatus, denied.kind]).to.deep.equal([190, 401, 'fatal']);
    });

    it('turns a timeout and a refused connection into retryable errors', async () => {
        running.peer.injectFaults({ timeoutRate: 1 });
        const slow = new GraphClient({ baseUrl: running.url, accessToken: TOKEN, phoneNumberId: PHONE_NUMBER_ID, timeoutMs: 150 });
        const timedOut = (await rejectionOf(slow.markRead('wamid.X', { typing: true }))) as GraphApiError;
        expect([timedOut.kind, timedOut.httpStatus]).to.deep.equal(['retry', 0]);
        expect(timedOut.message).to.contain('timed out');
        expect(timedOut.unanswered, 'the request went out: Meta may have acted on it').to.equal(true);

        const closed = http.createServer();
        await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
        const { port } = closed.address() as AddressInfo;
        await new Promise<void>((resolve) => closed.close(() => resolve()));
        const nowhere = new GraphClient({ baseUrl: `http://127.0.0.1:${port}/v24.0`, accessToken: TOKEN, phoneNumberId: PHONE_NUMBER_ID });
        const refused = (await rejectionOf(nowhere.markRead('wamid.X', { typing: false }))) as GraphApiError;
        expect(refused.kind).to.equal('retry');
        expect(refused.unanswered, 'nothing reached Meta').to.equal(false);
    });

    it('settles a send whose answer is cut after the headers, as retryable and unanswered', async () => {
        // The socket is destroyed once the status line, headers and first bytes are out: before the fix the promise
        // never settled (the request was already destroyed, so neither its 'error' nor the deadline came through).
        running.peer.injectFaults({ truncatedAnswerRate: 1, truncatedAnswer: 'drop' });
        const [message] = toCloudMessages({ type: 'message', text: 'x' });
        const cut = (await rejectionOf(client.sendMessage({ to: '5493834123456' }, message))) as GraphApiError;
        expect(cut).to.be.instanceOf(GraphApiError);
        expect([cut.kind, cut.httpStatus, cut.unanswered]).to.deep.equal(['retry', 0, true]);
        expect(cut.message).to.match(/GraphClient\.request\(\).*(cut|closed)/);

        // Headers, then silence: the deadline rejects on its own.
        running.peer.injectFaults({ truncatedAnswerRate: 1, truncatedAnswer: 'stall' });
        const slow = new GraphClient({ baseUrl: running.url, accessToken: TOKEN, phoneNumberId: PHONE_NUMBER_ID, timeoutMs: 150 });
        const stalled = (await rejectionOf(slow.markRead('wamid.X', { typing: false }))) as GraphApiError;
        expect([stalled.kind, stalled.unanswered]).to.deep.equal(['retry', true]);
        expect(stalled.message).to.contain('timed out');

        running.peer.injectFaults({});
        expect((await client.sendMessage({ to: '5493834123456' }, message)).wamid).to.match(/^wamid\./);
    });

    it("retries a code missing from the table when it comes with a 5xx (Meta's temporary 1 and 2), not with a 4xx", async () => {
        running.peer.injectFaults({ nextErrors: [1, 2] });
        const [message] = toCloudMessages({ type: 'message', text: 'x' });
        const unknown = (await rejectionOf(client.sendMessage({ to: '5493834123456' }, message))) as GraphApiError;
        const temporary = (await rejectionOf(client.sendMessage({ to: '5493834123456' }, message))) as GraphApiError;
        expect([unknown.code, unknown.httpStatus, unknown.kind]).to.deep.equal([1, 500, 'retry']);
        expect([temporary.code, temporary.httpStatus, temporary.kind]).to.deep.equal([2, 503, 'retry']);
        expect(classifyGraphError(2, 400)).to.equal('fatal');
        expect(classifyGraphError(190, 500), 'a bad token is final whatever carries it').to.equal('fatal');
        expect(classifyGraphError(131026, 500), 'a known code keeps its meaning').to.equal('undeliverable');
    });

    it('says in the error of 190 that the access token is invalid or expired', async () => {
        const intruder = new GraphClient({ baseUrl: running.url, accessToken: 'expired', phoneNumberId: PHONE_NUMBER_ID });
        const [message] = toCloudMessages({ type: 'message', text: 'x' });
        const denied = (await rejectionOf(intruder.sendMessage({ to: '5493834123456' }, message))) as GraphApiError;
        expect([denied.code, denied.kind]).to.deep.equal([190, 'fatal']);
        expect(denied.message).to.match(/access token is invalid or expired.*WHATSAPP_ACCESS_TOKEN/);
    });

    it('follows a redirect to another origin without the Bearer token, and keeps it on the same origin', async () => {
        const seen: Array<{ server: string; authorization: string | undefined }> = [];
        const elsewhere = http.createServer((req, res) => {
            seen.push({ server: 'elsewhere', authorization: req.headers.authorization });
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end('{"id":"1","url":"u","mime_type":"image/jpeg"}');
        });
        const graph = http.createServer((req, res) => {
            seen.push({ server: 'graph', authorization: req.headers.authorization });
            const target = req.url?.includes('/away') ? `${elsewhereUrl}/moved` : '/v24.0/away';
            res.writeHead(302, { location: target });
            res.end();
        });
        let elsewhereUrl = '';
        for (const server of [elsewhere, graph]) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
        try {
            const redirected = new GraphClient({
                baseUrl: `http://127.0.0.1:${(graph.address() as AddressInfo).port}/v24.0`,
                accessToken: TOKEN,
                phoneNumberId: PHONE_NUMBER_ID
            });
            await redirected.getMediaInfo('123');
            expect(seen).to.deep.equal([
                { server: 'graph', authorization: `Bearer ${TOKEN}` },
                { server: 'graph', authorization: `Bearer ${TOKEN}` },
                { server: 'elsewhere', authorization: undefined }
            ]);
        } finally {
            for (const server of [elsewhere, graph]) {
                server.closeAllConnections();
                await new Promise<void>((resolve) => server.close(() => resolve()));
            }
        }
    });

    it('refuses a redirect that leaves https, unless the first request was plain http on loopback', () => {
        const headers = { authorization: `Bearer ${TOKEN}`, accept: 'application/json' };
        const meta = new URL('https://graph.facebook.com/v24.0/123');
        expect(() => redirectHeaders(meta, meta, new URL('http://graph.facebook.com/v24.0/123'), headers)).to.throw(/refused a redirect to http:/);
        expect(() => redirectHeaders(meta, meta, new URL('file:///etc/passwd'), headers)).to.throw(/refused a redirect/);
        expect(redirectHeaders(meta, meta, new URL('https://graph.facebook.com/v24.0/456'), headers)).to.deep.equal(headers);
        expect(redirectHeaders(meta, meta, new URL('https://lookaside.fbsbx.com/x'), headers)).to.deep.equal({ accept: 'application/json' });
        const simulator = new URL('http://127.0.0.1:3978/simulator/graph/v24.0/123');
        expect(redirectHeaders(simulator, simulator, new URL('http://127.0.0.1:3978/other'), headers)).to.deep.equal(headers);
        const plain = new URL('http://graph.example.org/v24.0/123');
        expect(() => redirectHeaders(plain, plain, new URL('http://graph.example.org/v24.0/456'), headers)).to.throw(/only https/);
    });

    it('downloads media with the Bearer token and checks its sha256', async () => {
        const photo = crypto.randomBytes(2048);
        const mediaId = running.peer.addMedia(photo, 'image/jpeg');
        const info = await client.getMediaInfo(mediaId);
        expect(info).to.include({ id: mediaId, mimeType: 'image/jpeg', fileSize: 2048 });
        const download = await client.downloadMedia(mediaId, { kind: 'image' });
        expect(download.bytes.equals(photo)).to.equal(true);
        expect(download.sha256).to.equal(crypto.createHash('sha256').update(photo).digest('hex'));

        const tampered = running.peer.addMedia(photo, 'image/jpeg', { announcedSha256: crypto.createHash('sha256').update('other').digest('hex') });
        const err = await rejectionOf(client.downloadMedia(tampered));
        expect(err).to.be.instanceOf(MediaDownloadError);
        expect((err as MediaDownloadError).reason).to.equal('sha256_mismatch');
    });

    it('refuses media over the limit for its kind before downloading it', async () => {
        const big = running.peer.addMedia(Buffer.alloc(MEDIA_SIZE_LIMITS.image + 1), 'image/png');
        expect(((await rejectionOf(client.downloadMedia(big, { kind: 'image' }))) as MediaDownloadError).reason).to.equal('too_large');
        const sticker = running.peer.addMedia(Buffer.alloc(150 * 1024), 'image/webp');
        expect(((await rejectionOf(client.downloadMedia(sticker, { kind: 'sticker', animated: false }))) as MediaDownloadError).reason).to.equal(
            'too_large'
        );
        expect((await client.downloadMedia(sticker, { kind: 'sticker', animated: true })).bytes.length).to.equal(150 * 1024);
    });

    it('asks for a new url once when the url expired, then gives up clearly', async () => {
        const mediaId = running.peer.addMedia(Buffer.from('voz'), 'audio/ogg');
        const requested: string[] = [];
        /** Ages the peer's clock past the 5-minute url lifetime right before the first download(s). */
        class AgingClient extends GraphClient {
            constructor(
                options: GraphClientOptions,
                private readonly agings: number
            ) {
                super(options);
            }
            protected override async request(method: string, url: string, body?: unknown, options?: GraphRequestOptions): Promise<GraphHttpResponse> {
                requested.push(url.includes('/__media/') ? 'download' : 'info');
                if (url.includes('/__media/') && requested.filter((r) => r === 'download').length <= this.agings) clock += 5 * 60 * 1000 + 1;
                return super.request(method, url, body, options);
            }
        }
        const options = { baseUrl: running.url, accessToken: TOKEN, phoneNumberId: PHONE_NUMBER_ID, mediaHosts: ['127.0.0.1'] };
        const renewed = await new AgingClient(options, 1).downloadMedia(mediaId, { kind: 'audio' });
        expect(renewed.bytes.toString()).to.equal('voz');
        expect(requested).to.deep.equal(['info', 'download', 'info', 'download']);

        requested.length = 0;
        const err = await rejectionOf(new AgingClient(options, 2).downloadMedia(mediaId, { kind: 'audio' }));
        expect((err as MediaDownloadError).reason).to.equal('url_expired');
        expect(err.message).to.contain('GraphClient.downloadMedia()');
        expect(requested).to.deep.equal(['info', 'download', 'info', 'download']);
    });
});
