/**
 * Broadcast benchmark: N subscribers (default 100,000) sent one alert at a configured rate (default 1,000/s) through
 * a Graph API peer on 127.0.0.1, statuses coming back through the real webhook. Reports the achieved rate against
 * the configured one and the peak memory. Run alone: `node dist/bench/broadcastBench.js [subscribers] [rate] [--no-statuses]`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createSilentLogger } from '../common/logger';
import { GraphApiPeer, PeerStatus } from '../adapters/simulator/graphPeer';
import { buildStatusWebhook } from '../adapters/simulator/webhookBuilder';
import { GraphClient } from '../adapters/whatsapp/graphClient';
import { signBody } from '../adapters/whatsapp/webhookSignature';
import { WhatsAppWebhook } from '../adapters/whatsapp/whatsAppWebhook';
import { createAlerts } from '../alerts';
import { DEPARTMENTS } from '../dialogs/domainData';
import type { SessionService } from '../handoff/auth/sessionService';
import { SUBSCRIPTION_ID, Subscription } from '../alerts/types';
import { SqliteDocumentStore } from '../storage/sqlite/sqliteDocumentStore';

export interface BroadcastBenchmarkOptions {
    subscribers?: number;
    ratePerSecond?: number;
    /** Added by the peer to every answer (default 20 ms, a plausible round trip to Meta). */
    peerLatencyMs?: number;
    /** Apply sent/delivered/read statuses through the webhook while sending (default true). */
    withStatuses?: boolean;
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
    peakRssMb: number;
}

const TOKEN = 'bench-token';
const PHONE_NUMBER_ID = '100000000001';
const APP_SECRET = 'bench-secret';

export async function runBroadcastBenchmark(options: BroadcastBenchmarkOptions = {}): Promise<BroadcastBenchmarkResult> {
    const subscribers = options.subscribers ?? 100_000;
    const rate = options.ratePerSecond ?? 1000;
    const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linea-broadcast-bench-'));
    const store = SqliteDocumentStore.open({ file: path.join(dir, 'bench.sqlite') });
    const peer = await GraphApiPeer.listen({ accessToken: TOKEN, phoneNumberId: PHONE_NUMBER_ID, statusDelayMs: 50 });
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 100);
    const logger = createSilentLogger();
    const alerts = createAlerts({
        store, logger, auth: { sessions: undefined as unknown as SessionService },
        graph: new GraphClient({ baseUrl: peer.url, accessToken: TOKEN, phoneNumberId: PHONE_NUMBER_ID }),
        settings: { ratePerSecond: rate, templateName: 'alerta_meteorologica', templateLanguage: 'es_AR', capAutoApprove: false }
    });
    const webhook = new WhatsAppWebhook({ store, logger, appSecret: APP_SECRET, verifyToken: 'unused', onStatus: (u, s) => alerts.onStatus(u, s) });
    const statuses: PeerStatus[] = [];
    let applying = false;
    const applyTimer = setInterval(() => {
        if (applying || statuses.length === 0) return;
        applying = true;
        const batch = statuses.splice(0, 1000);
        const payload = buildStatusWebhook({ phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: '543834000000', wabaId: 'BENCH' }, batch[0]) as {
            entry: Array<{ changes: Array<{ value: Record<string, unknown> }> }>;
        };
        payload.entry[0].changes[0].value.statuses = batch.flatMap((s) =>
            (buildStatusWebhook({ phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: '543834000000', wabaId: 'BENCH' }, s) as typeof payload).entry[0].changes[0].value.statuses as unknown[]);
        const raw = Buffer.from(JSON.stringify(payload));
        void webhook.handleDelivery(raw, signBody(raw, APP_SECRET)).finally(() => {
            applying = false;
        });
    }, 50);
    if (options.withStatuses !== false) peer.peer.setStatusCallback((status) => void statuses.push(status));
    peer.peer.injectFaults({ latencyMs: options.peerLatencyMs ?? 20 });

    try {
        log(`seeding ${subscribers} subscribers…`);
        const at = new Date().toISOString();
        const ids = DEPARTMENTS.map((d) => d.id);
        for (let i = 0; i < subscribers; i++) {
            const citizenKey = `549383${String(5_000_000 + i)}`;
            const departments = [ids[i % ids.length]];
            const value: Subscription = { citizenKey, active: true, departments, wholeProvince: false, optIn: { at, wording: 'bench', channel: 'whatsapp' }, history: [], updatedAt: at };
            await store.put('subscribers', { partitionKey: citizenKey, id: SUBSCRIPTION_ID, value });
        }
        const started = Date.now();
        const broadcast = (await alerts.service.create(
            { level: 'naranja', phenomenon: 'Viento zonda', departments: 'all', text: 'Benchmark', validUntil: new Date(Date.now() + 6 * 3600_000).toISOString() },
            { source: 'api', by: 'bench' }
        ))!;
        let sendingAt = 0;
        while (sendingAt === 0) {
            if ((await alerts.service.get(broadcast.id))?.state !== 'preparing') sendingAt = Date.now();
            else await new Promise((resolve) => setTimeout(resolve, 20));
        }
        log(`delivery records written in ${((sendingAt - started) / 1000).toFixed(1)} s; sending at ${rate}/s…`);
        const end = await alerts.service.whenDone(broadcast.id);
        const finished = Date.now();
        const { progress } = await alerts.service.progress(broadcast.id);
        const sendSeconds = (finished - sendingAt) / 1000;
        const achievedRate = progress.accepted / sendSeconds;
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        const result: BroadcastBenchmarkResult = {
            subscribers, configuredRate: rate, achievedRate: Math.round(achievedRate), rateRatio: Number((achievedRate / rate).toFixed(3)),
            sendSeconds: Number(sendSeconds.toFixed(1)), prepareSeconds: Number(((sendingAt - started) / 1000).toFixed(1)),
            accepted: progress.accepted, peakRssMb: Math.round(peakRss / (1024 * 1024))
        };
        log(`fan-out ${String(end)}: ${JSON.stringify(result)}`);
        return result;
    } finally {
        clearInterval(sampler);
        clearInterval(applyTimer);
        await alerts.stop();
        await peer.close();
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    const args = process.argv.slice(2);
    const [subscribers, rate] = args.filter((arg) => !arg.startsWith('--')).map(Number);
    runBroadcastBenchmark({
        ...(subscribers ? { subscribers } : {}), ...(rate ? { ratePerSecond: rate } : {}),
        withStatuses: !args.includes('--no-statuses')
    }).then(
        () => process.exit(0),
        (error: unknown) => {
            process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
            process.exit(1);
        }
    );
}
