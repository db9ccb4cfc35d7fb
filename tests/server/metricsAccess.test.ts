import { expect } from 'chai';
import { Writable } from 'stream';
import { ConfigError, loadConfig } from '../../config';
import { createLogger, createSilentLogger, type Logger } from '../../common/logger';
import { startApplication, type RunningApplication } from '../../server/application';
import { makeTempDir } from '../support/tempDir';

const TOKEN = 'prometheus-scrape-token-7c1e94b2';

describe('who may read /metrics', () => {
    let temp: ReturnType<typeof makeTempDir>;
    let app: RunningApplication | undefined;

    beforeEach(() => (temp = makeTempDir('metrics')));
    afterEach(async () => {
        await app?.stop();
        app = undefined;
        temp.remove();
    });

    async function startLine(env: Record<string, string> = {}, logger: Logger = createSilentLogger()): Promise<RunningApplication> {
        app = await startApplication(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: temp.dir, ...env }), logger);
        return app;
    }

    function get(url: string, authorization?: string): Promise<Response> {
        return fetch(url, { headers: authorization === undefined ? {} : { authorization } });
    }

    it('by default serves them on a loopback listener of their own, and not on the main port, even to a loopback peer', async () => {
        const line = await startLine();
        await fetch(`${line.url}/healthz`);

        const onMain = await get(`${line.url}/metrics`);
        expect(onMain.status, 'the main port, from 127.0.0.1').to.equal(404);
        expect(await onMain.text()).to.not.include('http_requests_total');

        expect(line.metricsUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
        const scraped = await get(`${line.metricsUrl}/metrics`);
        expect(scraped.status).to.equal(200);
        expect(scraped.headers.get('content-type')).to.match(/^text\/plain/);
        expect(await scraped.text()).to.match(/http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/);

        // The metrics listener serves nothing else.
        expect((await get(`${line.metricsUrl}/healthz`)).status).to.equal(404);
        expect((await fetch(`${line.metricsUrl}/metrics`, { method: 'POST' })).status).to.equal(405);
    });

    it('with METRICS_TOKEN, answers only a request bearing it, on the main port and on the metrics listener', async () => {
        const line = await startLine({ METRICS_TOKEN: TOKEN });
        const rows: [string, string | undefined, number][] = [
            ['no Authorization', undefined, 401],
            ['a wrong token of the same length', `Bearer ${TOKEN.slice(0, -1)}x`, 401],
            ['a prefix of the token', `Bearer ${TOKEN.slice(0, 20)}`, 401],
            ['the token and more', `Bearer ${TOKEN}x`, 401],
            ['the token as Basic credentials', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`, 401],
            ['the token without a scheme', TOKEN, 401],
            ['the token', `Bearer ${TOKEN}`, 200]
        ];
        for (const [where, base] of [
            ['main port', line.url],
            ['metrics listener', line.metricsUrl!]
        ]) {
            for (const [what, authorization, status] of rows) {
                const response = await get(`${base}/metrics`, authorization);
                expect(response.status, `${where}, ${what}`).to.equal(status);
                const body = await response.text();
                if (status === 401) {
                    expect(response.headers.get('www-authenticate'), `${where}, ${what}`).to.equal('Bearer realm="metrics"');
                    expect(body).to.not.include('process_cpu');
                } else {
                    expect(body).to.include('http_requests_total');
                }
            }
        }
    });

    it('with METRICS_PORT=off opens no listener, and without a token serves them nowhere', async () => {
        const line = await startLine({ METRICS_PORT: 'off' });
        expect(line.metricsUrl).to.equal(undefined);
        expect((await get(`${line.url}/metrics`)).status).to.equal(404);
    });

    it('never writes the token, right or wrong, to the logs', async () => {
        const lines: string[] = [];
        const destination = new Writable({
            write(chunk: Buffer, _encoding, done) {
                lines.push(chunk.toString('utf8'));
                done();
            }
        });
        const wrong = 'not-the-scrape-token-0b5d1f3a9e';
        const line = await startLine({ METRICS_TOKEN: TOKEN, LOG_LEVEL: 'trace' }, createLogger({ level: 'trace', destination }));
        for (const base of [line.url, line.metricsUrl!]) {
            expect((await get(`${base}/metrics`, `Bearer ${wrong}`)).status).to.equal(401);
            expect((await get(`${base}/metrics`, `Bearer ${TOKEN}`)).status).to.equal(200);
        }
        await line.stop();

        const logs = lines.join('');
        expect(logs).to.include('"msg":"line listening"');
        expect(logs).to.include(`"metrics":"${line.metricsUrl}"`);
        expect(logs).to.not.include(TOKEN);
        expect(logs).to.not.include(wrong);
    });
});

describe('config: METRICS_HOST, METRICS_PORT, METRICS_TOKEN', () => {
    const cwd = '/srv/linea';

    it('listens for scrapes on 127.0.0.1:9464 unless told, on any free port when PORT=0, and nowhere with off', () => {
        expect(loadConfig({}, cwd).metrics).to.deep.equal({ listener: { host: '127.0.0.1', port: 9464 } });
        expect(
            loadConfig({ WHATSAPP_ACCESS_TOKEN: 't', WHATSAPP_APP_SECRET: 's', WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_PHONE_NUMBER_ID: '1' }, cwd)
                .metrics,
            'in Meta mode, where HOST is 0.0.0.0, too'
        ).to.deep.equal({ listener: { host: '127.0.0.1', port: 9464 } });
        expect(loadConfig({ PORT: '0' }, cwd).metrics).to.deep.equal({ listener: { host: '127.0.0.1', port: 0 } });
        expect(loadConfig({ METRICS_HOST: '10.0.0.7', METRICS_PORT: '9100', METRICS_TOKEN: TOKEN }, cwd).metrics).to.deep.equal({
            listener: { host: '10.0.0.7', port: 9100 },
            token: TOKEN
        });
        expect(loadConfig({ METRICS_PORT: 'OFF', METRICS_TOKEN: TOKEN }, cwd).metrics).to.deep.equal({ token: TOKEN });
    });

    const mistakes: [string, Record<string, string>, string][] = [
        [
            'a short token',
            { METRICS_TOKEN: 'short' },
            'Configuration error: METRICS_TOKEN must be 16 to 512 visible ASCII characters, no spaces (e.g. openssl rand -hex 32)'
        ],
        [
            'a token with a space',
            { METRICS_TOKEN: 'two words of a long token' },
            'Configuration error: METRICS_TOKEN must be 16 to 512 visible ASCII characters, no spaces (e.g. openssl rand -hex 32)'
        ],
        [
            'a port that is no port',
            { METRICS_PORT: 'prometheus' },
            'Configuration error: METRICS_PORT must be a port from 0 to 65535, or off (got "prometheus")'
        ],
        ['a port out of range', { METRICS_PORT: '70000' }, 'Configuration error: METRICS_PORT must be a port from 0 to 65535, or off (got "70000")'],
        ['the main port', { PORT: '8080', METRICS_PORT: '8080' }, 'Configuration error: METRICS_PORT must differ from PORT (8080), or be off']
    ];
    for (const [name, env, message] of mistakes) {
        it(`refuses ${name}`, () => {
            expect(() => loadConfig(env, cwd)).to.throw(ConfigError, message);
        });
    }
});
