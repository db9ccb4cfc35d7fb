import * as http from 'http';
import type { AddressInfo } from 'net';
import { GraphClient } from '../../adapters/whatsapp/graphClient';

/**
 * An HTTP hop in front of the local Graph API peer that can lose answers: the request reaches the peer whole (it
 * accepts the message and reports its statuses), then the connection to the client is cut before the answer goes
 * back, as when a network path dies after Meta acted. The client is left with a send of unknown fate.
 */
export class AnswerLosingProxy {
    /** Answers lost so far. */
    lost = 0;
    private toLose = 0;
    /** The peer's origin (`http://127.0.0.1:<port>`); set before the first request. */
    private target = '';

    private constructor(private readonly server: http.Server) {}

    static async listen(): Promise<AnswerLosingProxy> {
        const server = http.createServer();
        const proxy = new AnswerLosingProxy(server);
        server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => void proxy.forward(req, res));
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        return proxy;
    }

    /** A Graph client that reaches the peer at `peerUrl` (its base URL with the version) through this proxy. */
    clientFor(peerUrl: string, credentials: { accessToken: string; phoneNumberId: string }): GraphClient {
        const peer = new URL(peerUrl);
        this.target = peer.origin;
        const { port } = this.server.address() as AddressInfo;
        return new GraphClient({ baseUrl: `http://127.0.0.1:${port}${peer.pathname}`, ...credentials, timeoutMs: 5000 });
    }

    /** The answers to the next `count` requests are lost (each request still reaches the peer). */
    loseNextAnswers(count: number): void {
        this.toLose = count;
    }

    async close(): Promise<void> {
        this.server.closeAllConnections();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }

    private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        try {
            const chunks: Buffer[] = [];
            for await (const chunk of req) chunks.push(chunk as Buffer);
            const headers: Record<string, string> = {};
            for (const name of ['authorization', 'content-type']) {
                const value = req.headers[name];
                if (typeof value === 'string') headers[name] = value;
            }
            const upstream = await fetch(`${this.target}${req.url ?? '/'}`, {
                method: req.method ?? 'GET',
                headers,
                ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {})
            });
            const body = Buffer.from(await upstream.arrayBuffer());
            if (this.toLose > 0) {
                this.toLose -= 1;
                this.lost += 1;
                req.socket.destroy();
                return;
            }
            res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
            res.end(body);
        } catch {
            req.socket.destroy();
        }
    }
}
