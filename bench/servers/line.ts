import { loadConfig } from '../../config';
import { createLogger } from '../../common/logger';
import { startApplication, type FeatureContext, type Stoppable } from '../../server/application';
import { mountFeatures } from '../../server/features';
import { WhatsAppWebhook, mountWhatsAppWebhook } from '../../adapters/whatsapp';
import type { InstrumentedDocumentStore } from '../../storage/instrumentedStore';
import { serveParent } from './childProtocol';

/**
 * The line under test, configured from the environment exactly as `node dist/index.js` is. With
 * BENCH_WEBHOOK_ONLY=1 only the webhook is mounted (verify, record durably, acknowledge; no turns run), which is
 * the work the ingest baselines do; otherwise the whole line runs, turns and sends included.
 */
async function main(): Promise<void> {
    const loaded = loadConfig(process.env);
    // BENCH_UNPACED=1: the per-number send pacing (at most Meta's 1,000/s) is lifted to measure what the software
    // itself can carry; WHATSAPP_RATE_PER_SECOND never goes above 1,000 outside this benchmark.
    const config = process.env.BENCH_UNPACED === '1' ? { ...loaded, whatsapp: { ...loaded.whatsapp, ratePerSecond: 1_000_000 } } : loaded;
    const logger = createLogger({ level: config.logLevel });
    const webhookOnly = process.env.BENCH_WEBHOOK_ONLY === '1';
    const app = await startApplication(config, logger, { mountFeatures: webhookOnly ? mountWebhookOnly : mountFeatures });
    const store = app.store as InstrumentedDocumentStore;
    serveParent(app.url, {
        stop: () => app.stop(),
        counters: (reset) => {
            const value = store.counters();
            if (reset) store.resetCounters();
            return value;
        }
    });
}

async function mountWebhookOnly(context: FeatureContext): Promise<Stoppable[]> {
    const { config, store, logger, server } = context;
    const webhook = new WhatsAppWebhook({ store, logger, appSecret: config.whatsapp.appSecret, verifyToken: config.whatsapp.verifyToken });
    mountWhatsAppWebhook(server, webhook, { path: '/api/whatsapp', maxBodyBytes: 3 * 1024 * 1024 });
    return [];
}

main().catch((error: Error) => {
    process.stderr.write(`line bench server: ${error.stack}\n`);
    process.exit(1);
});
