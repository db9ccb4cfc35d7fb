/**
 * Broadcast benchmark: N subscribers (default 100,000) sent one alert at a configured rate (default 1,000/s).
 *
 * Faithful to production: this process runs the line itself (startApplication + mountFeatures, configured from
 * environment variables as `node dist/index.js` is, ALERT_RATE_PER_SECOND = the rate), and a supervisor sends the
 * alert through the alert API. Meta is a Graph API peer in a CHILD process (bench/servers/graphPeerChild.ts) on
 * 127.0.0.1, answering after ~20 ms and sending the sent / delivered / read statuses back as signed webhook POSTs
 * (up to 50 statuses each) to the line's real `/api/whatsapp`. So the line's memory and event loop carry only the
 * line's work. Reports the achieved rate (from the broadcast's own startedAt / finishedAt) against the configured
 * one, and the line process's peak RSS (sampled every 100 ms).
 *
 * Run alone: `node dist/bench/broadcastBench.js [subscribers] [rate] [--no-statuses]`.
 */
import { ChildProcess, fork } from 'child_process';
import * as fs from 'fs';
import * as inspector from 'inspector';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import { loadConfig } from '../config';
import { createSilentLogger } from '../common/logger';
import { startApplication, RunningApplication } from '../server/application';
import { mountFeatures } from '../server/features';
import { DEPARTMENTS } from '../dialogs/domainData';
import { SUBSCRIPTION_ID, Subscription, Broadcast, BroadcastProgress } from '../alerts/types';
import { SqliteDocumentStore } from '../storage/sqlite/sqliteDocumentStore';
import type { InstrumentedDocumentStore } from '../storage/instrumentedStore';
import type { PeerChildOptions, PeerChildStats } from './servers/graphPeerChild';

export interface BroadcastBenchmarkOptions {
    subscribers?: number;
    ratePerSecond?: number;
    /** Added by the peer to every answer (default 20 ms, a plausible round trip to Meta). */
    peerLatencyMs?: number;
    /** Send sent/delivered/read statuses back through the webhook while sending (default true). */
    withStatuses?: boolean;
    /** Pause between a message's sent, delivered and read statuses (default 500 ms). */
    statusDelayMs?: number;
    log?: (line: string) => void;
}

export interface BroadcastBenchmarkResult {
    subscribers: number;
    configuredRate: number;
    achievedRate: number;
    /** achieved / configured. */
    rateRatio: number;
    sendSeconds: number;
    prepareSeconds: number;
    accepted: number;
    /** Peak RSS of the line (this process: the broadcast, its webhook and its storage). */
    peakRssMb: number;
    /** Counted by the line from the statuses it received (0 with --no-statuses). */
    delivered?: number;
    read?: number;
    /** The Graph API peer's own peak RSS (its own process; not the line's). */
    peerPeakRssMb?: number;
}

const TOKEN = 'bench-access-token';
const PHONE_NUMBER_ID = '100000000001';
const APP_SECRET = 'bench-app-secret';
const ADMIN = { username: 'bench-supervisor', password: 'bench-supervisor-password' };
const SEED_CONCURRENCY = 500;
const SEED_ARGUMENT = '--seed-subscribers';
const POLL_MS = 200;
/** After the last send, how long to wait for the statuses still on their way (so the counts are complete). */
const STATUS_DRAIN_MS = 20_000;

export async function runBroadcastBenchmark(options: BroadcastBenchmarkOptions = {}): Promise<BroadcastBenchmarkResult> {
    const subscribers = options.subscribers ?? 100_000;
    const rate = options.ratePerSecond ?? 1000;
    const withStatuses = options.withStatuses !== false;
    const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linea-broadcast-bench-'));
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const reporter = setInterval(() => {
        const usage = process.memoryUsage();
        log(
            `  rss ${mb(usage.rss)} MB (peak ${mb(peakRss)}), heap ${mb(usage.heapUsed)}/${mb(usage.heapTotal)} MB, external ${mb(usage.external)} MB`
        );
    }, 10_000);
    let peer: PeerChild | undefined;
    let app: RunningApplication | undefined;
    try {
        log(`seeding ${subscribers} subscribers…`);
        await seedInChild(path.join(dir, 'linea.sqlite'), subscribers);
        peer = await PeerChild.start({
            accessToken: TOKEN,
            phoneNumberId: PHONE_NUMBER_ID,
            appSecret: APP_SECRET,
            latencyMs: options.peerLatencyMs ?? 20,
            statusDelayMs: options.statusDelayMs ?? 500,
            statusesPerPost: 50,
            flushMs: 50,
            maxPostsInFlight: 8,
            sendStatuses: withStatuses
        });
        const config = loadConfig(
            {
                PORT: '0',
                HOST: '127.0.0.1',
                INSTANCE_ID: 'broadcast-bench',
                LOG_LEVEL: 'silent',
                DATA_DIR: dir,
                WHATSAPP_ACCESS_TOKEN: TOKEN,
                WHATSAPP_APP_SECRET: APP_SECRET,
                WHATSAPP_VERIFY_TOKEN: 'bench-verify',
                WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
                WHATSAPP_GRAPH_URL: peer.url,
                WHATSAPP_MEDIA_HOSTS: '127.0.0.1',
                // The number's whole budget (alerts share it with conversations, which have none here) at the alert rate.
                ALERT_RATE_PER_SECOND: String(rate),
                WHATSAPP_RATE_PER_SECOND: String(rate),
                ADMIN_USERNAME: ADMIN.username,
                ADMIN_PASSWORD: ADMIN.password
            },
            dir
        );
        app = await startApplication(config, createSilentLogger(), { mountFeatures });
        if (withStatuses) peer.deliverStatusesTo(`${app.url}/api/whatsapp`);
        const api = await SupervisorApi.login(app.url);
        log(`line listening at ${app.url} (rss ${mb(process.memoryUsage().rss)} MB); Graph API peer at ${peer.url}`);

        const created = await api.call<{ broadcast: Broadcast }>('POST', '/api/alerts', {
            level: 'naranja',
            phenomenon: 'Viento zonda',
            departments: 'all',
            text: 'Benchmark',
            validUntil: new Date(Date.now() + 6 * 3600_000).toISOString()
        });
        const id = created.broadcast.id;
        let announced = false;
        let broadcast: Broadcast | undefined;
        for (;;) {
            const { broadcasts } = await api.call<{ broadcasts: Broadcast[] }>('GET', '/api/alerts');
            broadcast = broadcasts.find((b) => b.id === id);
            if (!announced && broadcast?.startedAt) {
                announced = true;
                log(
                    `delivery records written in ${seconds(created.broadcast.createdAt, broadcast.startedAt).toFixed(1)} s (peak rss so far ${mb(peakRss)} MB); sending at ${rate}/s…`
                );
                startDiagnostics(log);
            }
            if (broadcast && !['awaiting_approval', 'preparing', 'sending'].includes(broadcast.state)) break;
            await delay(POLL_MS);
        }
        if (!broadcast?.startedAt || !broadcast.finishedAt)
            throw new Error(`runBroadcastBenchmark(): broadcast ended ${broadcast?.state} without start/finish times`);
        if (withStatuses) await peer.waitForStatuses(STATUS_DRAIN_MS);
        const { progress } = await api.call<{ progress: BroadcastProgress }>('GET', `/api/alerts/${id}`);
        const peerStats = await peer.stats();
        const sendSeconds = seconds(broadcast.startedAt, broadcast.finishedAt);
        const achievedRate = progress.accepted / sendSeconds;
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        const result: BroadcastBenchmarkResult = {
            subscribers,
            configuredRate: rate,
            achievedRate: Math.round(achievedRate),
            rateRatio: Number((achievedRate / rate).toFixed(3)),
            sendSeconds: Number(sendSeconds.toFixed(1)),
            prepareSeconds: Number(seconds(created.broadcast.createdAt, broadcast.startedAt).toFixed(1)),
            accepted: progress.accepted,
            peakRssMb: mb(peakRss),
            delivered: progress.delivered,
            read: progress.read,
            peerPeakRssMb: peerStats.peakRssMb
        };
        log(`fan-out ${broadcast.state}: ${JSON.stringify(result)}`);
        log(`peer: ${JSON.stringify(peerStats)}`);
        log(`line storage round trips: ${JSON.stringify((app.store as InstrumentedDocumentStore).counters())}`);
        return result;
    } finally {
        clearInterval(sampler);
        clearInterval(reporter);
        await app?.stop();
        await peer?.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * Subscribers written into the line's SQLite file before it starts, by a short-lived process of their own: in
 * production they accumulate over months, and the line starts on a database that already holds them.
 */
function seedInChild(file: string, count: number): Promise<void> {
    const child = fork(__filename, [SEED_ARGUMENT, file, String(count)], {
        execPath: process.execPath,
        execArgv: [],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    });
    return new Promise((resolve, reject) => {
        child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seedInChild(): the seeding process exited with ${code}`))));
    });
}

/** Many writes at once, so group commit makes them one transaction per 500. */
async function seedSubscribers(file: string, count: number): Promise<void> {
    const store = SqliteDocumentStore.open({ file });
    try {
        const at = new Date().toISOString();
        const ids = DEPARTMENTS.map((d) => d.id);
        for (let start = 0; start < count; start += SEED_CONCURRENCY) {
            const writes: Promise<unknown>[] = [];
            for (let i = start; i < Math.min(count, start + SEED_CONCURRENCY); i++) {
                const citizenKey = `549383${String(5_000_000 + i)}`;
                const value: Subscription = {
                    citizenKey,
                    active: true,
                    departments: [ids[i % ids.length]],
                    wholeProvince: false,
                    optIn: { at, wording: 'bench', channel: 'whatsapp' },
                    history: [],
                    updatedAt: at
                };
                writes.push(store.put('subscribers', { partitionKey: citizenKey, id: SUBSCRIPTION_ID, value }));
            }
            await Promise.all(writes);
        }
    } finally {
        await store.close();
    }
}

/** The Graph API peer in its own process (bench/servers/graphPeerChild.js, run with this node). */
class PeerChild {
    private constructor(
        private readonly child: ChildProcess,
        readonly url: string
    ) {}

    static start(options: PeerChildOptions): Promise<PeerChild> {
        const child = fork(path.join(__dirname, 'servers', 'graphPeerChild.js'), [JSON.stringify(options)], {
            execPath: process.execPath,
            execArgv: [],
            stdio: ['ignore', 'inherit', 'inherit', 'ipc']
        });
        return new Promise((resolve, reject) => {
            child.once('message', (message: { type: string; url?: string }) => {
                if (message.type === 'listening' && message.url) resolve(new PeerChild(child, message.url));
                else reject(new Error(`PeerChild.start(): unexpected ${JSON.stringify(message)}`));
            });
            child.once('exit', (code) => reject(new Error(`PeerChild.start(): the peer exited (${code}) before listening`)));
        });
    }

    deliverStatusesTo(webhookUrl: string): void {
        this.child.send({ type: 'webhook', url: webhookUrl });
    }

    stats(): Promise<PeerChildStats> {
        return new Promise((resolve) => {
            const onMessage = (message: { type: string; stats?: PeerChildStats }): void => {
                if (message.type !== 'stats' || !message.stats) return;
                this.child.off('message', onMessage);
                resolve(message.stats);
            };
            this.child.on('message', onMessage);
            this.child.send({ type: 'stats' });
        });
    }

    /** Until every status produced so far reached the line (or `timeoutMs`). */
    async waitForStatuses(timeoutMs: number): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        let last = -1;
        while (Date.now() < deadline) {
            const stats = await this.stats();
            // Read statuses come 2 × statusDelayMs after the send: wait until the count stops growing, too.
            if (stats.statusesDelivered === stats.statusesQueued && stats.statusesQueued === last) return;
            last = stats.statusesQueued;
            await delay(1000);
        }
    }

    async stop(): Promise<void> {
        if (this.child.exitCode !== null) return;
        const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
        this.child.send({ type: 'stop' });
        const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
    }
}

/** The alert API as a supervisor calls it (Bearer session from the operator login). */
class SupervisorApi {
    private constructor(
        private readonly baseUrl: string,
        private readonly token: string
    ) {}

    static async login(baseUrl: string): Promise<SupervisorApi> {
        const response = await fetch(`${baseUrl}/api/operator/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(ADMIN)
        });
        const body = (await response.json()) as { token?: string };
        if (!response.ok || !body.token) throw new Error(`SupervisorApi.login(): ${response.status} ${JSON.stringify(body)}`);
        return new SupervisorApi(baseUrl, body.token);
    }

    async call<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
        const response = await fetch(`${this.baseUrl}${route}`, {
            method,
            headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
            ...(body !== undefined ? { body: JSON.stringify(body) } : {})
        });
        const answer = (await response.json()) as T;
        if (!response.ok) throw new Error(`SupervisorApi.call(): ${method} ${route} answered ${response.status} ${JSON.stringify(answer)}`);
        return answer;
    }
}

/**
 * Optional diagnostics once sending starts: BENCH_ALLOC_PROFILE_S=20 samples allocations for 20 s into a
 * .heapprofile (BENCH_ALLOC_ALL=1: collected ones too, i.e. the allocation rate by site); BENCH_HEAP_SNAPSHOT_AFTER_S=50
 * writes a heap snapshot 50 s in (what is really live, after a full GC).
 */
function startDiagnostics(log: (line: string) => void): void {
    const profileSeconds = Number(process.env.BENCH_ALLOC_PROFILE_S ?? 0);
    if (profileSeconds > 0) void profileAllocations(profileSeconds * 1000, process.env.BENCH_ALLOC_ALL === '1', log);
    const snapshotSeconds = Number(process.env.BENCH_HEAP_SNAPSHOT_AFTER_S ?? 0);
    if (snapshotSeconds > 0) setTimeout(() => log(`heap snapshot: ${v8.writeHeapSnapshot()}`), snapshotSeconds * 1000).unref();
}

async function profileAllocations(ms: number, includeCollected: boolean, log: (line: string) => void): Promise<void> {
    const session = new inspector.Session();
    session.connect();
    const post = (method: string, params: object = {}): Promise<unknown> =>
        new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
    await post('HeapProfiler.startSampling', {
        samplingInterval: 16384,
        includeObjectsCollectedByMajorGC: includeCollected,
        includeObjectsCollectedByMinorGC: includeCollected
    });
    await delay(ms);
    const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
    const file = `alloc-${process.pid}.heapprofile`;
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    log(`allocation profile: ${file}`);
}

function mb(bytes: number): number {
    return Math.round(bytes / (1024 * 1024));
}

function seconds(fromIso: string, toIso: string): number {
    return (Date.parse(toIso) - Date.parse(fromIso)) / 1000;
}

function delay(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

if (require.main === module && process.argv[2] === SEED_ARGUMENT) {
    seedSubscribers(process.argv[3], Number(process.argv[4])).then(
        () => process.exit(0),
        (error: unknown) => {
            process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
            process.exit(1);
        }
    );
} else if (require.main === module) {
    const args = process.argv.slice(2);
    const [subscribers, rate] = args.filter((arg) => !arg.startsWith('--')).map(Number);
    runBroadcastBenchmark({
        ...(subscribers ? { subscribers } : {}),
        ...(rate ? { ratePerSecond: rate } : {}),
        withStatuses: !args.includes('--no-statuses')
    }).then(
        () => process.exit(0),
        (error: unknown) => {
            process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
            process.exit(1);
        }
    );
}
