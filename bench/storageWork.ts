import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig, type AppConfig } from '../config';
import { createSilentLogger } from '../common/logger';
import { startApplication } from '../server/application';
import { mountFeatures } from '../server/features';
import type { InstrumentedDocumentStore } from '../storage/instrumentedStore';
import type { CosmosDocumentStore } from '../storage/cosmos/cosmosDocumentStore';
import { LocalCosmosServer } from '../tests/storage/storageTestSupport';
import { CITIZEN_SCRIPT } from './citizenScript';
import { CountingStore, type WorkCounts } from './countingStore';
import { LoadClient } from './httpLoad';
import { PhoneNumbers, lineEnv, signedMessageWebhook } from './signedWebhooks';
import { ReplyWatcher, calibrateReplies } from './turnsBench';

export interface StorageWorkResult {
    engine: 'sqlite' | 'cosmos';
    turns: number;
    /** Round trips per turn by what they touched (see CountingStore). */
    perTurn: WorkCounts;
    readsPerTurn: number;
    writesPerTurn: number;
    /** Reads / writes of conversation state documents only. */
    stateReadsPerTurn: number;
    stateWritesPerTurn: number;
    /** Request units per turn (cosmos only; the local server charges 1 RU per request). */
    requestUnitsPerTurn?: number;
}

/**
 * Storage work of one citizen message: the line runs in this process on the engine, citizens go through the
 * script one step at a time, and every round trip to the engine (the turn, its webhook, its sends, leases and
 * delivery states) is counted until the line is quiet, then divided by the number of turns.
 */
export async function measureStorageWork(engine: 'sqlite' | 'cosmos', citizens = 5): Promise<StorageWorkResult> {
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), `linea-bench-storage-`));
    const watcher = await ReplyWatcher.start();
    const cosmos = engine === 'cosmos' ? new LocalCosmosServer() : undefined;
    await cosmos?.start();
    let app: Awaited<ReturnType<typeof startApplication>> | undefined;
    try {
        const config: AppConfig = loadConfig(lineEnv(temp, watcher.url, { WHATSAPP_RATE_PER_SECOND: '1000' }));
        if (cosmos) {
            const storage = {
                engine: 'cosmos' as const,
                endpoint: cosmos.endpoint,
                key: Buffer.from('bench-key').toString('base64'),
                databaseId: 'bench',
                clientOptions: cosmos.clientOptionsForTests()
            };
            config.storage = storage;
        }
        app = await startApplication(config, createSilentLogger(), { mountFeatures });
        const instrumented = app.store as InstrumentedDocumentStore;
        const counting = CountingStore.attach(instrumented);
        const replies = await calibrateReplies(app.url, watcher, '5493830000001', 300);
        await quiet(counting);
        counting.reset();
        const chargeBefore = cosmos ? (counting as unknown as { inner: CosmosDocumentStore }).inner.requestCharge : 0;

        const client = new LoadClient(1);
        const phones = new PhoneNumbers('5493831');
        let turns = 0;
        for (let c = 0; c < citizens; c++) {
            const phone = phones.take();
            let expected = 0;
            for (let step = 0; step < CITIZEN_SCRIPT.length; step++) {
                const webhook = signedMessageWebhook(phone, 'Vecina', CITIZEN_SCRIPT[step]);
                const answer = await client.post(`${app.url}/api/whatsapp`, webhook.body, webhook.headers);
                expected += replies[step];
                if (answer.status !== 200 || !(await watcher.waitFor(phone, expected, 15_000)))
                    throw new Error(`measureStorageWork(): turn ${step} got no reply`);
                await quiet(counting);
                turns++;
            }
        }
        client.close();
        const counts = counting.reset();
        const charge = cosmos ? (counting as unknown as { inner: CosmosDocumentStore }).inner.requestCharge - chargeBefore : undefined;
        const perTurn: WorkCounts = {};
        let reads = 0;
        let writes = 0;
        for (const [key, value] of Object.entries(counts).sort()) {
            perTurn[key] = { reads: value.reads / turns, writes: value.writes / turns };
            reads += value.reads;
            writes += value.writes;
        }
        const state = counts['conversations/state'] ?? { reads: 0, writes: 0 };
        const stateInBatches = Object.entries(counts)
            .filter(([key]) => key.startsWith('conversations/batch(') && key.includes('state'))
            .reduce((sum, [, v]) => sum + v.writes, 0);
        return {
            engine,
            turns,
            perTurn,
            readsPerTurn: reads / turns,
            writesPerTurn: writes / turns,
            stateReadsPerTurn: state.reads / turns,
            stateWritesPerTurn: (state.writes + stateInBatches) / turns,
            ...(charge !== undefined ? { requestUnitsPerTurn: charge / turns } : {})
        };
    } finally {
        await app?.stop();
        await watcher.close();
        await cosmos?.stop();
        fs.rmSync(temp, { recursive: true, force: true });
    }
}

/** Waits until no round trip happened for 150 ms (the sends, statuses and lease releases after a turn). */
async function quiet(counting: CountingStore, quietMs = 150, maxMs = 5000): Promise<void> {
    const total = (): number => Object.values(counting.counts).reduce((sum, c) => sum + c.reads + c.writes, 0);
    const deadline = Date.now() + maxMs;
    let seen = total();
    while (Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, quietMs));
        if (total() === seen) return;
        seen = total();
    }
}
