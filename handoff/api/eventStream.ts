import type * as restify from 'restify';
import { authOf } from '../auth/authenticate';
import { sendError } from './httpErrors';
import { CaseEvent, CaseEvents } from '../service/caseEvents';
import { Clock, systemClock } from '../types';

/** What the streams need to know about sessions: whether one still stands, and when this instance ends one. */
export interface StreamSessions {
    isLive(tokenHash: string): Promise<boolean>;
    onSessionEnded(listener: (tokenHash: string) => void): void;
}

interface OpenStream {
    username: string;
    tokenHash: string;
    expiresAt: string;
}

/** Streams one operator account may hold open at once unless told otherwise (LIVE_EVENTS_STREAMS_PER_USER). */
export const DEFAULT_STREAMS_PER_USER = 20;

/**
 * The operators' live view as Server-Sent Events: one `event:` per case change or message, a comment
 * every `heartbeatMs` so proxies keep the stream open, and unsubscription when the browser goes away.
 * A stream lives no longer than its session: it ends at logout or when an account change ends the session
 * (at once on this instance; at the next heartbeat when another instance ended it) and at the session's expiry.
 * The console then finds its session gone and shows the login.
 *
 * One account holds at most `maxPerUser` streams (a console tab holds one); one more is refused with 429 and a message
 * the console can show, and the streams already open go on. Closing the oldest instead would make a ping-pong of it:
 * the browser whose stream was closed reconnects by itself within seconds and would close the next oldest, and so on.
 * A stream the browser closes frees its place at once.
 */
export class EventStreams {
    private readonly open = new Map<restify.Response, OpenStream>();
    private readonly clock: Clock;

    constructor(
        private readonly events: CaseEvents,
        private readonly heartbeatMs: number,
        private readonly sessions: StreamSessions,
        clock: Clock = systemClock,
        private readonly maxPerUser: number = DEFAULT_STREAMS_PER_USER
    ) {
        this.clock = clock;
        sessions.onSessionEnded((tokenHash) => this.endSession(tokenHash));
    }

    handler(): restify.RequestHandler {
        return (req: restify.Request, res: restify.Response, next: restify.Next): void => {
            const { username, tokenHash, expiresAt } = authOf(req).operator;
            if (this.countOf(username) >= this.maxPerUser) {
                sendError(
                    res,
                    429,
                    'TooManyRequests',
                    `Este usuario ya tiene ${this.maxPerUser} ventanas de la consola recibiendo novedades en vivo. Cierre alguna que no use y vuelva a cargar esta página.`
                );
                next(false);
                return;
            }
            res.writeHead(200, {
                'Content-Type': 'text/event-stream; charset=utf-8',
                'Cache-Control': 'no-cache, no-store',
                Connection: 'keep-alive',
                'X-Accel-Buffering': 'no'
            });
            res.write('retry: 3000\n: connected\n\n');
            this.open.set(res, { username, tokenHash, expiresAt });
            const unsubscribe = this.events.subscribe((event) => res.write(format(event)));
            const heartbeat = setInterval(() => void this.beat(res), this.heartbeatMs);
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
        for (const res of [...this.open.keys()]) res.end();
    }

    get size(): number {
        return this.open.size;
    }

    private countOf(username: string): number {
        let count = 0;
        for (const stream of this.open.values()) if (stream.username === username) count++;
        return count;
    }

    private endSession(tokenHash: string): void {
        for (const [res, stream] of this.open) if (stream.tokenHash === tokenHash) res.end();
    }

    private async beat(res: restify.Response): Promise<void> {
        const stream = this.open.get(res);
        if (!stream) return;
        let live: boolean;
        try {
            live = stream.expiresAt > new Date(this.clock.now()).toISOString() && (await this.sessions.isLive(stream.tokenHash));
        } catch {
            // Storage did not answer: keep the stream; the next heartbeat asks again.
            live = true;
        }
        if (!this.open.has(res)) return;
        if (live) res.write(': heartbeat\n\n');
        else res.end();
    }
}

function format(event: CaseEvent): string {
    const { type: _type, ...data } = event;
    return `event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`;
}
