import { productionNodeFlags } from './environment';
import { fork, type ChildProcess } from 'child_process';
import * as path from 'path';
import type { ChildMessage, ParentMessage } from './servers/childProtocol';

/** A server under test in its own process. */
export interface BenchChild {
    url: string;
    memory(options?: { gc?: boolean }): Promise<{ rss: number; heapUsed: number; external: number; peakRss: number; cpuMicros: number }>;
    counters<T>(options?: { reset?: boolean }): Promise<T>;
    /** Asks the server to stop cleanly; kills it if it has not exited within `timeoutMs`. */
    stop(timeoutMs?: number): Promise<void>;
}

/**
 * Runs `work` against `child` and divides by `count(result)` the CPU the child used meanwhile (every thread), and
 * the CPU this bench process used (the load generator, and the Graph peer when the line sends to one): on a machine
 * whose cores both share, throughput follows the sum.
 */
export async function withCpuPer<T>(
    child: BenchChild,
    work: () => Promise<T>,
    count: (result: T) => number
): Promise<T & { cpuMicrosEach: number; benchCpuMicrosEach: number }> {
    const before = (await child.memory()).cpuMicros;
    const benchBefore = process.cpuUsage();
    const result = await work();
    const bench = process.cpuUsage(benchBefore);
    const n = Math.max(1, count(result));
    const cpuMicrosEach = ((await child.memory()).cpuMicros - before) / n;
    return { ...result, cpuMicrosEach, benchCpuMicrosEach: (bench.user + bench.system) / n };
}

/** Forks `bench/servers/<name>.js` (compiled) with `env`, and waits until it listens. */
export function startBenchChild(name: string, env: Record<string, string> = {}, options: { startTimeoutMs?: number } = {}): Promise<BenchChild> {
    const script = path.join(__dirname, 'servers', `${name}.js`);
    const child = fork(script, [], {
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
        // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every server under test there (open it in Chrome DevTools).
        execArgv: [
            ...productionNodeFlags(),
            '--expose-gc',
            ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])
        ],
        stdio: ['ignore', 'ignore', 'inherit', 'ipc']
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`startBenchChild(): ${name} did not listen within ${options.startTimeoutMs ?? 20_000} ms`));
        }, options.startTimeoutMs ?? 20_000);
        child.once('exit', (code, signal) => {
            clearTimeout(timer);
            reject(new Error(`startBenchChild(): ${name} exited (${code ?? signal}) before listening`));
        });
        child.on('message', (message: ChildMessage) => {
            if (message.type !== 'listening') return;
            clearTimeout(timer);
            resolve(handle(child, message.url, exited));
        });
    });
}

function handle(child: ChildProcess, url: string, exited: Promise<void>): BenchChild {
    const ask = <T extends ChildMessage['type']>(question: ParentMessage, answer: T): Promise<Extract<ChildMessage, { type: T }>> =>
        new Promise((resolve, reject) => {
            const onMessage = (message: ChildMessage): void => {
                if (message.type !== answer) return;
                child.off('message', onMessage);
                resolve(message as Extract<ChildMessage, { type: T }>);
            };
            child.on('message', onMessage);
            if (!child.connected) reject(new Error('BenchChild: the server process is gone'));
            else child.send(question);
        });
    return {
        url,
        memory: async (options = {}) => {
            const { rss, heapUsed, external, peakRss, cpuMicros } = await ask({ type: 'memory', gc: options.gc }, 'memory');
            return { rss, heapUsed, external, peakRss, cpuMicros };
        },
        counters: async <T>(options: { reset?: boolean } = {}) => (await ask({ type: 'counters', reset: options.reset }, 'counters')).value as T,
        stop: async (timeoutMs = 15_000) => {
            if (child.exitCode !== null || child.signalCode !== null) return;
            if (child.connected) child.send({ type: 'stop' } satisfies ParentMessage);
            const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
            await exited;
            clearTimeout(timer);
        }
    };
}
