import { expect } from 'chai';
import * as net from 'net';
import type { HttpTimeouts } from '../../server/httpTimeouts';
import { login } from '../handoff/support/handoffHarness';
import { LiveStreamClient } from '../handoff/support/liveStreamClient';
import { startOperatorLine, SUPERVISOR, type OperatorLine } from '../handoff/support/operatorLine';

/** The deadlines lowered so a test sees them pass; the checking interval well below them. */
const SHORT: HttpTimeouts = { headersTimeoutMs: 300, requestTimeoutMs: 300, keepAliveTimeoutMs: 300, checkIntervalMs: 20 };

/** What a socket received before the server closed it. */
interface Closed {
    received: string;
}

/**
 * A slowloris client: sends a request line and the start of a header, then one more byte every 20 ms, never ending the
 * headers. Resolves once the server closes the connection, with what it wrote.
 */
function slowloris(url: string): Promise<Closed> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve) => {
        const socket = net.connect(Number(port), hostname);
        let received = '';
        let trickle: NodeJS.Timeout | undefined;
        socket.on('connect', () => {
            socket.write(`GET /healthz HTTP/1.1\r\nHost: ${hostname}\r\nX-Slow: `);
            trickle = setInterval(() => socket.write('a'), 20);
        });
        socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
        // A byte written after the server hung up fails with EPIPE or ECONNRESET: the close follows.
        socket.on('error', () => undefined);
        socket.on('close', () => {
            clearInterval(trickle);
            resolve({ received });
        });
    });
}

/** A keep-alive client that asks once and then sits idle; resolves with what it received once the server closes. */
function idleAfterOneRequest(url: string): Promise<Closed> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve) => {
        const socket = net.connect(Number(port), hostname);
        let received = '';
        socket.on('connect', () => socket.write(`GET /healthz HTTP/1.1\r\nHost: ${hostname}\r\nConnection: keep-alive\r\n\r\n`));
        socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
        socket.on('error', () => undefined);
        socket.on('close', () => resolve({ received }));
    });
}

/** 408 when the server had time to say it; nothing when the connection was cut first. Never an answer to the request. */
function expectCutWithoutAnswer(closed: Closed, where: string): void {
    expect(closed.received === '' || closed.received.startsWith('HTTP/1.1 408 '), `${where} answered ${JSON.stringify(closed.received)}`).to.equal(
        true
    );
}

describe('the HTTP server closes sockets of clients that do not talk', () => {
    let line: OperatorLine;
    let app: OperatorLine['app'];

    beforeEach(async () => {
        // The operator API and its live stream as the line mounts them, with a heartbeat every 50 ms.
        line = await startOperatorLine({ httpTimeouts: SHORT, handoff: { sseHeartbeatMs: 50 } });
        app = line.app;
    });

    afterEach(async () => {
        await line.close();
    });

    it('cuts a client that sends its headers slowly (slowloris) after headersTimeout, on the main port and the metrics listener', async () => {
        for (const [where, url] of [
            ['main port', app.url],
            ['metrics listener', app.metricsUrl!]
        ]) {
            expectCutWithoutAnswer(await slowloris(url), where);
        }
    });

    it('closes a kept-alive connection left idle after keepAliveTimeout', async () => {
        const closed = await idleAfterOneRequest(app.url);
        expect(closed.received).to.match(/^HTTP\/1\.1 200 OK\r\n/);
        expect(closed.received).to.match(/\r\nKeep-Alive: timeout=\d+\r\n/i);
    });

    it("keeps the operators' live stream open past requestTimeout: the deadline is for receiving a request, not for answering it", async () => {
        const operator = await login(app.url, SUPERVISOR.username, SUPERVISOR.password);
        const stream = await LiveStreamClient.open(app.url, operator.token);
        expect(stream.status).to.equal(200);
        await stream.waitFor(/: connected\n\n/);

        // The slow client connects after the stream was asked for, with a deadline as long as the stream's
        // requestTimeout: once the server has cut it, it has checked the stream's request past its deadline too.
        expectCutWithoutAnswer(await slowloris(app.url), 'main port');

        const mark = stream.text.length;
        await stream.waitFor(/: heartbeat\n\n[^]*: heartbeat\n\n/, mark);
        expect(stream.ended, 'the stream is still open').to.equal(false);
        expect(stream.text).to.not.include('408');
        await stream.close();
    });
});
