import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startBenchChild } from './benchChild';
import { LoadClient } from './httpLoad';
import { PhoneNumbers, lineEnv, signedMessageWebhook } from './signedWebhooks';
import { ReplyWatcher } from './turnsBench';

export interface MemoryResult {
    conversations: number;
    /** Conversations whose first turn was answered within the time limit. */
    answered: number;
    seconds: number;
    rssBeforeMb: number;
    rssAfterMb: number;
    heapBeforeMb: number;
    heapAfterMb: number;
    peakRssMb: number;
}

const MB = 1024 * 1024;

/**
 * Memory of the line (its own process) holding `conversations` conversations in progress: each citizen said
 * "hola" and was asked for their name. Heap and RSS after a forced GC, before and after; peak RSS over the run.
 */
export async function measureConversationMemory(conversations = 10_000, timeLimitSeconds = 150): Promise<MemoryResult> {
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'linea-bench-memory-'));
    const watcher = await ReplyWatcher.start();
    const line = await startBenchChild('line', lineEnv(temp, watcher.url, { WHATSAPP_RATE_PER_SECOND: '1000' }));
    const client = new LoadClient(50);
    try {
        const before = await line.memory({ gc: true });
        const started = Date.now();
        const deadline = started + timeLimitSeconds * 1000;
        const phones = new PhoneNumbers('5493832');
        const all = Array.from({ length: conversations }, () => phones.take());
        let next = 0;
        await Promise.all(
            Array.from({ length: 50 }, async () => {
                while (next < all.length && Date.now() < deadline) {
                    const webhook = signedMessageWebhook(all[next++], 'Vecina', 'hola');
                    await client.post(`${line.url}/api/whatsapp`, webhook.body, webhook.headers);
                }
            })
        );
        // "hola" is answered with a greeting and the name question: two messages per citizen.
        while (watcher.totalReceived() < 2 * conversations && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
        const answered = all.filter((phone) => watcher.received(phone) >= 2).length;
        const seconds = (Date.now() - started) / 1000;
        const after = await line.memory({ gc: true });
        return {
            conversations,
            answered,
            seconds,
            rssBeforeMb: before.rss / MB,
            rssAfterMb: after.rss / MB,
            heapBeforeMb: before.heapUsed / MB,
            heapAfterMb: after.heapUsed / MB,
            peakRssMb: after.peakRss / MB
        };
    } finally {
        client.close();
        await line.stop();
        await watcher.close();
        fs.rmSync(temp, { recursive: true, force: true });
    }
}
