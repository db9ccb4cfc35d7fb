/**
 * The little protocol between the benchmark runner and a server under test running in its own process
 * (started with `fork`): the child announces where it listens, answers memory questions and stops on request.
 * The server and the load generator never share an event loop.
 */
export type ParentMessage = { type: 'memory'; gc?: boolean } | { type: 'counters'; reset?: boolean } | { type: 'stop' };

export type ChildMessage =
    | { type: 'listening'; url: string }
    | { type: 'memory'; rss: number; heapUsed: number; external: number; peakRss: number; cpuMicros: number }
    | { type: 'counters'; value: unknown }
    | { type: 'stopped' };

export interface ChildHooks {
    stop(): Promise<void>;
    counters?(reset: boolean): unknown;
}

/** Tells the parent where this server listens and serves its questions until told to stop. */
export function serveParent(url: string, hooks: ChildHooks): void {
    const send = (message: ChildMessage): void => void process.send?.(message);
    process.on('message', (message: ParentMessage) => {
        if (message.type === 'memory') {
            const gc = (globalThis as { gc?: () => void }).gc;
            if (message.gc && gc) {
                gc();
                gc();
            }
            const usage = process.memoryUsage();
            send({
                type: 'memory',
                rss: usage.rss,
                heapUsed: usage.heapUsed,
                external: usage.external,
                peakRss: process.resourceUsage().maxRSS * 1024,
                cpuMicros: cpuMicros()
            });
        } else if (message.type === 'counters') {
            send({ type: 'counters', value: hooks.counters?.(message.reset ?? false) ?? null });
        } else if (message.type === 'stop') {
            const stopped = (): void => {
                send({ type: 'stopped' });
                process.exit(0);
            };
            hooks.stop().then(stopped, stopped);
        }
    });
    // The runner died: never outlive it.
    process.on('disconnect', () => process.exit(0));
    send({ type: 'listening', url });
}

/** CPU time this process has used so far, every thread, user and system. */
function cpuMicros(): number {
    const usage = process.cpuUsage();
    return usage.user + usage.system;
}

/** The port to listen on is always chosen by the OS; the host is loopback only. */
export const LOOPBACK = '127.0.0.1';
