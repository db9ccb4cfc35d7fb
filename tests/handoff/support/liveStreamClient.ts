import * as http from 'http';

/**
 * One operator live-view stream (`GET /api/operator/events`) on a connection of its own, read as it arrives: what a
 * console tab holds. A refused stream (not 200) is read to its end, so `text` is its JSON answer.
 */
export class LiveStreamClient {
    private received = '';
    private finished = false;
    private waiters: { pattern: RegExp; from: number; resolve: () => void; reject: (error: Error) => void }[] = [];

    private constructor(
        private readonly request: http.ClientRequest,
        private readonly response: http.IncomingMessage
    ) {
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
            this.received += chunk;
            this.waiters = this.waiters.filter((waiter) => {
                if (!waiter.pattern.test(this.received.slice(waiter.from))) return true;
                waiter.resolve();
                return false;
            });
        });
        const finish = (): void => {
            if (this.finished) return;
            this.finished = true;
            for (const waiter of this.waiters.splice(0)) {
                waiter.reject(
                    new Error(
                        `LiveStreamClient.waitFor(): the stream ended before ${String(waiter.pattern)}; received ${JSON.stringify(this.received)}`
                    )
                );
            }
        };
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', finish);
    }

    /** Opens a stream with a Bearer token; resolves once the answer's headers (and, unless 200, its body) are in. */
    static open(baseUrl: string, token: string): Promise<LiveStreamClient> {
        return new Promise((resolve, reject) => {
            const request = http.get(`${baseUrl}/api/operator/events`, {
                agent: false,
                headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }
            });
            request.once('error', reject);
            request.once('response', (response) => {
                const client = new LiveStreamClient(request, response);
                if (response.statusCode === 200) resolve(client);
                else response.once('end', () => resolve(client));
            });
        });
    }

    get status(): number {
        return this.response.statusCode ?? 0;
    }

    get text(): string {
        return this.received;
    }

    /** Whether the server ended the stream (or the connection closed). */
    get ended(): boolean {
        return this.finished;
    }

    /** Resolves once what arrived after character `from` matches `pattern`; rejects if the stream ends first. */
    waitFor(pattern: RegExp, from = 0): Promise<void> {
        if (pattern.test(this.received.slice(from))) return Promise.resolve();
        if (this.finished) return Promise.reject(new Error(`LiveStreamClient.waitFor(): the stream had ended before ${String(pattern)}`));
        return new Promise((resolve, reject) => this.waiters.push({ pattern, from, resolve, reject }));
    }

    /** The browser goes away: the connection is closed from this side. Resolves once its socket is closed. */
    close(): Promise<void> {
        const socket = this.request.socket;
        if (!socket || socket.destroyed) return Promise.resolve();
        return new Promise((resolve) => {
            socket.once('close', () => resolve());
            this.request.destroy();
        });
    }
}
