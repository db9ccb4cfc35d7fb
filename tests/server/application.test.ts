import { expect } from 'chai';
import { loadConfig } from '../../config';
import { createSilentLogger } from '../../common/logger';
import { startApplication, type RunningApplication, type Stoppable } from '../../server/application';
import { jsonBody } from '../../common/http/jsonBody';
import { makeTempDir } from '../support/tempDir';
import { waitFor } from '../support/waitFor';

describe('the HTTP server (health, metrics, errors, limits, clean stop)', () => {
    let temp: ReturnType<typeof makeTempDir>;
    let app: RunningApplication;
    let releaseSlowRequest: (() => void) | undefined;
    const stopOrder: string[] = [];

    beforeEach(async () => {
        temp = makeTempDir('server');
        stopOrder.length = 0;
        releaseSlowRequest = undefined;
        const config = loadConfig({ PORT: '0', DATA_DIR: temp.dir, MAX_BODY_BYTES: '2048' });
        app = await startApplication(config, createSilentLogger(), {
            async mountFeatures({ server }): Promise<Stoppable[]> {
                server.post('/test/echo', ...jsonBody(config.maxBodyBytes), async (req, res) => {
                    res.send(200, { received: req.body });
                });
                server.get('/test/slow', async (_req, res) => {
                    await new Promise<void>((resolve) => (releaseSlowRequest = resolve));
                    stopOrder.push('slow request answered');
                    res.send(200, { done: true });
                });
                return [{ stop: async () => void stopOrder.push('feature stopped') }];
            }
        });
    });

    afterEach(async () => {
        await app.stop();
        temp.remove();
    });

    it('answers /healthz and /readyz', async () => {
        expect((await fetch(`${app.url}/healthz`)).status).to.equal(200);
        const ready = await fetch(`${app.url}/readyz`);
        expect(ready.status).to.equal(200);
        expect(await ready.json()).to.deep.equal({ status: 'ready', storage: 'sqlite' });
    });

    it('answers /readyz with 503 when the storage cannot be reached', async () => {
        await app.store.close();
        const ready = await fetch(`${app.url}/readyz`);
        expect(ready.status).to.equal(503);
        expect(await ready.json()).to.include({ status: 'unavailable', storage: 'sqlite' });
    });

    it('exposes Prometheus metrics of requests and storage', async () => {
        await fetch(`${app.url}/healthz`);
        await fetch(`${app.url}/readyz`);
        await app.store.get('meta', 'meta', 'nothing-here');
        // On the metrics listener (127.0.0.1): the main port does not serve them without METRICS_TOKEN.
        const metrics = await fetch(`${app.metricsUrl}/metrics`);
        expect(metrics.headers.get('content-type')).to.match(/^text\/plain/);
        const text = await metrics.text();
        expect(text).to.match(/http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/);
        expect(text).to.match(/storage_operation_duration_seconds_count\{operation="get",collection="meta"\} 1/);
        expect(text).to.include('storage_errors_total');
        expect(text).to.include('bot_turn_duration_seconds');
    });

    it('answers an unknown route with a JSON 404', async () => {
        const response = await fetch(`${app.url}/no-such-route`);
        expect(response.status).to.equal(404);
        expect(response.headers.get('content-type')).to.match(/application\/json/);
        expect(await response.json()).to.have.property('code', 'ResourceNotFound');
    });

    it('rejects a body above the limit with 413 and malformed JSON with 400, both as JSON', async () => {
        const ok = await fetch(`${app.url}/test/echo`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ texto: 'Se inundó la calle' })
        });
        expect(ok.status).to.equal(200);
        expect(await ok.json()).to.deep.equal({ received: { texto: 'Se inundó la calle' } });

        const big = await fetch(`${app.url}/test/echo`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ texto: 'x'.repeat(4096) })
        });
        expect(big.status).to.equal(413);
        expect(await big.json()).to.have.property('code');

        const malformed = await fetch(`${app.url}/test/echo`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"texto": '
        });
        expect(malformed.status).to.equal(400);
        expect(await malformed.json()).to.have.property('code');
    });

    it('on stop: reports not ready, finishes the request in flight, stops features, then closes storage', async () => {
        const slow = fetch(`${app.url}/test/slow`);
        await waitFor('the slow request to reach its handler', () => releaseSlowRequest !== undefined);
        const stopped = app.stop();
        await new Promise((resolve) => setTimeout(resolve, 50));
        await fetch(`${app.url}/healthz`).then(
            () => expect.fail('a stopping server must not accept new connections'),
            () => undefined
        );
        releaseSlowRequest!();
        const response = await slow;
        expect(response.status).to.equal(200);
        await stopped;
        expect(stopOrder).to.deep.equal(['slow request answered', 'feature stopped']);
        await app.store.ping().then(
            () => expect.fail('storage must be closed after stop'),
            () => undefined
        );
    });
});
