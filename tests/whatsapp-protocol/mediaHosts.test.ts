import { expect } from 'chai';
import * as http from 'http';
import { AddressInfo } from 'net';
import { GraphClient, MediaDownloadError } from '../../adapters/whatsapp/graphClient';
import { MediaHostPolicy, MediaUrlRefusedError } from '../../adapters/whatsapp/mediaHosts';

const TOKEN = 'EAAG-secret-token';
const PHONE_NUMBER_ID = '106540352242922';

interface Seen {
    server: string;
    path: string;
    authorization: string | undefined;
}

/** A plain HTTP server on a loopback address that records every request it receives. */
async function recorder(
    name: string,
    host: string,
    seen: Seen[],
    answer: (req: http.IncomingMessage, res: http.ServerResponse) => void
): Promise<{ url: string; close(): Promise<void> }> {
    const server = http.createServer((req, res) => {
        seen.push({ server: name, path: req.url ?? '', authorization: req.headers.authorization });
        answer(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    return {
        url: `http://${host}:${(server.address() as AddressInfo).port}`,
        close: async () => {
            server.closeAllConnections();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        }
    };
}

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (err) {
        return err as Error;
    }
    throw new Error('expected a rejection');
}

/** A Graph API whose media-info answer names whatever url the attacker chose. */
async function lyingGraph(seen: Seen[], mediaUrl: () => string): Promise<{ url: string; close(): Promise<void> }> {
    return recorder('graph', '127.0.0.1', seen, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: '42', url: mediaUrl(), mime_type: 'image/jpeg', sha256: '', file_size: '4' }));
    });
}

describe('media downloads reach only the configured media hosts, and the token goes nowhere else', () => {
    const seen: Seen[] = [];
    const closers: Array<() => Promise<void>> = [];
    afterEach(async () => {
        seen.length = 0;
        for (const close of closers.splice(0)) await close();
    });

    it('does not send the token to, or fetch from, a host the media-info answer names off the list', async () => {
        const foreign = await recorder('foreign', '127.0.0.2', seen, (_req, res) => res.end('leak'));
        const graph = await lyingGraph(seen, () => `${foreign.url}/collect`);
        closers.push(foreign.close, graph.close);
        const client = new GraphClient({
            baseUrl: `${graph.url}/v24.0`,
            accessToken: TOKEN,
            phoneNumberId: PHONE_NUMBER_ID,
            mediaHosts: [new URL(graph.url).host]
        });

        const err = await rejectionOf(client.downloadMedia('42', { kind: 'image' }));
        expect(err).to.be.instanceOf(MediaDownloadError);
        expect((err as MediaDownloadError).reason).to.equal('host_refused');
        expect(seen.map((s) => s.server)).to.deep.equal(['graph']);
    });

    it("does not fetch the line's own loopback endpoints (e.g. /metrics) named by the answer", async () => {
        const line = await recorder('line', '127.0.0.1', seen, (_req, res) => res.end('# HELP secret metrics'));
        const graph = await lyingGraph(seen, () => `${line.url}/metrics`);
        closers.push(line.close, graph.close);
        const client = new GraphClient({
            baseUrl: `${graph.url}/v24.0`,
            accessToken: TOKEN,
            phoneNumberId: PHONE_NUMBER_ID,
            mediaHosts: [new URL(graph.url).host]
        });

        expect(((await rejectionOf(client.downloadMedia('42'))) as MediaDownloadError).reason).to.equal('host_refused');
        expect(seen.filter((s) => s.server === 'line')).to.deep.equal([]);
    });

    it("with the default list (Meta's CDN), refuses any loopback url at all", async () => {
        const line = await recorder('line', '127.0.0.1', seen, (_req, res) => res.end('x'));
        const graph = await lyingGraph(seen, () => `${line.url}/metrics`);
        closers.push(line.close, graph.close);
        const client = new GraphClient({ baseUrl: `${graph.url}/v24.0`, accessToken: TOKEN, phoneNumberId: PHONE_NUMBER_ID });

        expect(((await rejectionOf(client.downloadMedia('42'))) as MediaDownloadError).reason).to.equal('host_refused');
        expect(seen.filter((s) => s.server === 'line')).to.deep.equal([]);
    });

    it('refuses a redirect from an allowed media host to a host off the list', async () => {
        const foreign = await recorder('foreign', '127.0.0.2', seen, (_req, res) => res.end('leak'));
        const media = await recorder('media', '127.0.0.1', seen, (_req, res) => {
            res.writeHead(302, { location: `${foreign.url}/stolen` });
            res.end();
        });
        const graph = await lyingGraph(seen, () => `${media.url}/file`);
        closers.push(foreign.close, media.close, graph.close);
        const client = new GraphClient({
            baseUrl: `${graph.url}/v24.0`,
            accessToken: TOKEN,
            phoneNumberId: PHONE_NUMBER_ID,
            mediaHosts: [new URL(graph.url).host, new URL(media.url).host]
        });

        expect(((await rejectionOf(client.downloadMedia('42'))) as MediaDownloadError).reason).to.equal('host_refused');
        expect(seen.map((s) => s.server)).to.deep.equal(['graph', 'media']);
    });

    it('downloads from a configured host, with the token', async () => {
        const media = await recorder('media', '127.0.0.1', seen, (_req, res) => res.end('JPEG'));
        const graph = await lyingGraph(seen, () => `${media.url}/file`);
        closers.push(media.close, graph.close);
        const client = new GraphClient({
            baseUrl: `${graph.url}/v24.0`,
            accessToken: TOKEN,
            phoneNumberId: PHONE_NUMBER_ID,
            mediaHosts: ['127.0.0.1']
        });

        expect((await client.downloadMedia('42')).bytes.toString()).to.equal('JPEG');
        expect(seen.find((s) => s.server === 'media')?.authorization).to.equal(`Bearer ${TOKEN}`);
    });
});

describe('the media host policy', () => {
    const refuses = (policy: MediaHostPolicy, url: string): boolean => {
        try {
            policy.check(new URL(url));
            return false;
        } catch (err) {
            return err instanceof MediaUrlRefusedError;
        }
    };

    it("allows Meta's media CDN over https by default and nothing else", () => {
        const meta = new MediaHostPolicy();
        expect(refuses(meta, 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1')).to.equal(false);
        expect(refuses(meta, 'https://scontent.xx.fbcdn.net/v/t1/1.jpg')).to.equal(false);
        for (const url of [
            'http://lookaside.fbsbx.com/x',
            'https://fbsbx.com.evil.example/x',
            'https://evilfbsbx.com/x',
            'https://127.0.0.1/x',
            'https://[::1]/x',
            'https://169.254.169.254/latest/meta-data',
            'https://10.0.0.5/x',
            'file:///etc/passwd',
            'ftp://lookaside.fbsbx.com/x'
        ]) {
            expect(refuses(meta, url), url).to.equal(true);
        }
    });

    it('allows a configured loopback entry over http, and honours a port when one is given', () => {
        const lab = new MediaHostPolicy(['127.0.0.1:8443']);
        expect(refuses(lab, 'http://127.0.0.1:8443/media')).to.equal(false);
        expect(refuses(lab, 'http://127.0.0.1:3978/metrics')).to.equal(true);
    });

    it('refuses a listed name that resolves to a loopback address (DNS rebinding)', async () => {
        const policy = new MediaHostPolicy(['.localhost.test', 'media.localhost.test']);
        const error = await new Promise<Error | null>((resolve) => policy.lookup('localhost', {}, (err) => resolve(err)));
        expect(error).to.be.instanceOf(MediaUrlRefusedError);
    });
});
