import type * as restify from 'restify';

/**
 * Counts requests being answered, so a stop can wait for them (a webhook half-recorded must finish
 * recording before the process exits, or Meta's retry would be its only chance).
 */
export class InFlightRequests {
    private count = 0;
    private waiters: (() => void)[] = [];

    constructor(server: restify.Server) {
        server.pre((req, res, next) => {
            this.count++;
            let done = false;
            const finish = (): void => {
                if (done) return;
                done = true;
                this.count--;
                if (this.count === 0) this.waiters.splice(0).forEach((wake) => wake());
            };
            res.once('finish', finish);
            res.once('close', finish);
            next();
        });
    }

    get size(): number {
        return this.count;
    }

    /** Resolves when no request is in flight, or after `timeoutMs`, whichever comes first. */
    drained(timeoutMs: number): Promise<void> {
        if (this.count === 0) return Promise.resolve();
        return new Promise((resolve) => {
            const timer = setTimeout(resolve, timeoutMs);
            this.waiters.push(() => {
                clearTimeout(timer);
                resolve();
            });
        });
    }
}
