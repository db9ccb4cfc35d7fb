import type * as restify from 'restify';
import { CaseEvent, CaseEvents } from '../service/caseEvents';

/**
 * The operators' live view as Server-Sent Events: one `event:` per case change or message, a comment
 * every `heartbeatMs` so proxies keep the stream open, and unsubscription when the browser goes away.
 */
export class EventStreams {
    private readonly open = new Set<restify.Response>();

    constructor(private readonly events: CaseEvents, private readonly heartbeatMs: number) {}

    handler(): restify.RequestHandler {
        return (req: restify.Request, res: restify.Response, next: restify.Next): void => {
            res.writeHead(200, {
                'Content-Type': 'text/event-stream; charset=utf-8',
                'Cache-Control': 'no-cache, no-store',
                Connection: 'keep-alive',
                'X-Accel-Buffering': 'no'
            });
            res.write('retry: 3000\n: connected\n\n');
            this.open.add(res);
            const unsubscribe = this.events.subscribe((event) => res.write(format(event)));
            const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), this.heartbeatMs);
            heartbeat.unref();
            let cleaned = false;
            const cleanup = (): void => {
                if (cleaned) return;
                cleaned = true;
                clearInterval(heartbeat);
                unsubscribe();
                this.open.delete(res);
                next(false);
            };
            req.on('close', cleanup);
            res.on('close', cleanup);
        };
    }

    /** Ends every open stream (at stop). */
    closeAll(): void {
        for (const res of [...this.open]) res.end();
    }

    get size(): number {
        return this.open.size;
    }
}

function format(event: CaseEvent): string {
    const data = event.type === 'message' ? { caseId: event.caseId, message: event.message } : { case: event.case };
    return `event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`;
}
