import * as http from 'http';

/** A keep-alive HTTP client for the load generator (cheaper per request than fetch). Loopback only. */
export class LoadClient {
    private readonly agent: http.Agent;

    constructor(maxSockets: number) {
        this.agent = new http.Agent({ keepAlive: true, maxSockets });
    }

    /** POSTs `body`; resolves with the status and the answer's text (status 0 when the server could not be reached). */
    post(url: string, body: Buffer | string, headers: Record<string, string>, timeoutMs = 30_000): Promise<{ status: number; text: string }> {
        return new Promise((resolve) => {
            const request = http.request(
                url,
                { method: 'POST', agent: this.agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: timeoutMs },
                (response) => {
                    const chunks: Buffer[] = [];
                    response.on('data', (chunk: Buffer) => chunks.push(chunk));
                    response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
                    response.on('error', () => resolve({ status: 0, text: '' }));
                }
            );
            request.on('timeout', () => request.destroy(new Error('timeout')));
            request.on('error', () => resolve({ status: 0, text: '' }));
            request.end(body);
        });
    }

    close(): void {
        this.agent.destroy();
    }
}

/** Latency percentiles (ms) of a list of samples. */
export function percentiles(samples: number[]): { p50: number; p99: number; max: number } {
    if (samples.length === 0) return { p50: NaN, p99: NaN, max: NaN };
    const sorted = [...samples].sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}
