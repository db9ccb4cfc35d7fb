import * as crypto from 'crypto';
import { GraphApiPeer, type PeerSentMessage } from '../adapters/simulator/graphPeer';
import { CITIZEN_SCRIPT } from './citizenScript';
import { LoadClient, percentiles } from './httpLoad';
import { BENCH_SECRETS, PhoneNumbers, signedMessageWebhook } from './signedWebhooks';

export interface TurnsResult {
    perSecond: number;
    turns: number;
    p50Ms: number;
    p99Ms: number;
    failed: number;
}

export interface TurnsOptions {
    /** Citizens talking at once (each waits for the answer before saying the next thing). */
    citizens: number;
    durationSeconds: number;
    /** Stop after this many turns even if time is left (bounded load). */
    maxTurns?: number;
}

/** A Graph peer in this process that tells who is waiting for replies when they arrive. */
export class ReplyWatcher {
    private readonly counts = new Map<string, number>();
    private readonly waiters = new Map<string, { needed: number; resolve: () => void }>();

    private constructor(
        readonly peer: GraphApiPeer,
        readonly url: string,
        readonly close: () => Promise<void>
    ) {
        peer.on('message', (message: PeerSentMessage) => {
            const count = (this.counts.get(message.recipient) ?? 0) + 1;
            this.counts.set(message.recipient, count);
            const waiter = this.waiters.get(message.recipient);
            if (waiter && count >= waiter.needed) {
                this.waiters.delete(message.recipient);
                waiter.resolve();
            }
        });
    }

    static async start(): Promise<ReplyWatcher> {
        const { peer, url, close } = await GraphApiPeer.listen({
            accessToken: BENCH_SECRETS.accessToken,
            phoneNumberId: BENCH_SECRETS.phoneNumberId
        });
        return new ReplyWatcher(peer, url, close);
    }

    received(phone: string): number {
        return this.counts.get(phone) ?? 0;
    }

    totalReceived(): number {
        let total = 0;
        for (const count of this.counts.values()) total += count;
        return total;
    }

    /** Resolves true once `phone` has received `total` messages in all, false after `timeoutMs`. */
    waitFor(phone: string, total: number, timeoutMs: number): Promise<boolean> {
        if (this.received(phone) >= total) return Promise.resolve(true);
        return new Promise((resolve) => {
            const timer = setTimeout(() => {
                this.waiters.delete(phone);
                resolve(false);
            }, timeoutMs);
            this.waiters.set(phone, {
                needed: total,
                resolve: () => {
                    clearTimeout(timer);
                    resolve(true);
                }
            });
        });
    }
}

/**
 * How many messages the line sends for each step of the script: one citizen, one step at a time, each step
 * considered answered when nothing more arrived for `quietMs`.
 */
export async function calibrateReplies(lineUrl: string, watcher: ReplyWatcher, phone: string, quietMs = 400): Promise<number[]> {
    const client = new LoadClient(1);
    const counts: number[] = [];
    try {
        for (const text of CITIZEN_SCRIPT) {
            const before = watcher.received(phone);
            const webhook = signedMessageWebhook(phone, 'Calibración', text);
            const answer = await client.post(`${lineUrl}/api/whatsapp`, webhook.body, webhook.headers);
            if (answer.status !== 200) throw new Error(`calibrateReplies(): webhook answered ${answer.status}`);
            await watcher.waitFor(phone, before + 1, 10_000);
            let seen = watcher.received(phone);
            for (;;) {
                await new Promise((resolve) => setTimeout(resolve, quietMs));
                if (watcher.received(phone) === seen) break;
                seen = watcher.received(phone);
            }
            counts.push(seen - before);
        }
    } finally {
        client.close();
    }
    return counts;
}

/**
 * Full turns through the line: signed webhook in, dialog turn on stored state, replies accepted by the Graph
 * peer. A turn's latency runs from sending the webhook to the peer accepting its last reply.
 */
export async function runLineTurns(lineUrl: string, watcher: ReplyWatcher, repliesPerStep: number[], options: TurnsOptions): Promise<TurnsResult> {
    const phones = new PhoneNumbers(`5493${crypto.randomInt(100, 999)}`);
    const client = new LoadClient(options.citizens);
    return closedLoop(options, async () => {
        const phone = phones.take();
        const latencies: number[] = [];
        let expected = 0;
        for (let step = 0; step < CITIZEN_SCRIPT.length; step++) {
            const webhook = signedMessageWebhook(phone, 'Vecina', CITIZEN_SCRIPT[step]);
            const started = performance.now();
            const answer = await client.post(`${lineUrl}/api/whatsapp`, webhook.body, webhook.headers);
            expected += repliesPerStep[step];
            if (answer.status !== 200 || !(await watcher.waitFor(phone, expected, 30_000))) return { latencies, failed: 1 };
            latencies.push(performance.now() - started);
        }
        return { latencies, failed: 0 };
    }).finally(() => client.close());
}

/** The same script against the Bot Framework stack: `/api/messages` with deliveryMode expectReplies. */
export async function runBotFrameworkTurns(url: string, options: TurnsOptions): Promise<TurnsResult> {
    const client = new LoadClient(options.citizens);
    let conversations = 0;
    return closedLoop(options, async () => {
        const user = `user-${++conversations}-${crypto.randomBytes(3).toString('hex')}`;
        const latencies: number[] = [];
        for (const text of CITIZEN_SCRIPT) {
            const activity = {
                type: 'message',
                id: crypto.randomUUID(),
                timestamp: new Date().toISOString(),
                channelId: 'webchat',
                serviceUrl: 'http://127.0.0.1:9',
                deliveryMode: 'expectReplies',
                from: { id: user, name: 'Vecina', role: 'user' },
                recipient: { id: 'bot', name: 'Línea', role: 'bot' },
                conversation: { id: `conv-${user}` },
                text
            };
            const started = performance.now();
            const answer = await client.post(`${url}/api/messages`, JSON.stringify(activity), { 'content-type': 'application/json' });
            const replies = answer.status === 200 ? ((JSON.parse(answer.text) as { activities?: unknown[] }).activities ?? []) : [];
            if (replies.length === 0) return { latencies, failed: 1 };
            latencies.push(performance.now() - started);
        }
        return { latencies, failed: 0 };
    }).finally(() => client.close());
}

/** `options.citizens` loops, each running whole conversations until the time or the turn budget is spent. */
async function closedLoop(options: TurnsOptions, conversation: () => Promise<{ latencies: number[]; failed: number }>): Promise<TurnsResult> {
    const deadline = performance.now() + options.durationSeconds * 1000;
    const maxTurns = options.maxTurns ?? Number.MAX_SAFE_INTEGER;
    const latencies: number[] = [];
    let failed = 0;
    const started = performance.now();
    await Promise.all(
        Array.from({ length: options.citizens }, async () => {
            while (performance.now() < deadline && latencies.length < maxTurns && failed < 100) {
                const outcome = await conversation();
                latencies.push(...outcome.latencies);
                failed += outcome.failed;
            }
        })
    );
    const elapsed = (performance.now() - started) / 1000;
    const { p50, p99 } = percentiles(latencies);
    return { perSecond: latencies.length / elapsed, turns: latencies.length, p50Ms: p50, p99Ms: p99, failed };
}
