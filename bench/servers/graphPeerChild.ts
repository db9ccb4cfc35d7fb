import { GraphApiPeer, PeerStatus } from '../../adapters/simulator/graphPeer';
import { buildStatusWebhook, SimulatedBusiness } from '../../adapters/simulator/webhookBuilder';
import { signBody } from '../../adapters/whatsapp/webhookSignature';

/**
 * Meta's side of the broadcast benchmark, in a process of its own (so its HTTP work and its bookkeeping are not
 * counted as the line's): a Graph API peer answering after `latencyMs`, which sends the sent / delivered / read
 * statuses of every accepted message back to the line as SIGNED webhook POSTs, as Meta does — several statuses per
 * POST (up to `statusesPerPost`, flushed every `flushMs`), a few POSTs in flight at once, and an update the line
 * did not answer 200 delivered again later.
 *
 * Protocol (IPC): the child says {type:'listening', url}; the parent answers {type:'webhook', url} once the line
 * listens; {type:'stats'} is answered with PeerChildStats; {type:'stop'} ends it. Options come as argv[2] (JSON).
 */
export interface PeerChildOptions {
    accessToken: string;
    phoneNumberId: string;
    appSecret: string;
    latencyMs: number;
    /** Pause between sent, delivered and read (the peer's statusDelayMs). */
    statusDelayMs: number;
    statusesPerPost: number;
    flushMs: number;
    /** Webhook POSTs in flight at once. */
    maxPostsInFlight: number;
    /** False: no statuses at all (the --no-statuses run). */
    sendStatuses: boolean;
}

export interface PeerChildStats {
    accepted: number;
    statusesQueued: number;
    statusesDelivered: number;
    posts: number;
    /** POSTs the line did not answer 200 (delivered again). */
    refusedPosts: number;
    peakRssMb: number;
}

type ParentMessage = { type: 'webhook'; url: string } | { type: 'stats' } | { type: 'stop' };

const BUSINESS_DISPLAY = '543834000000';

/** Batches statuses into signed webhook POSTs to the line, retrying what the line refused. */
class StatusPoster {
    private readonly queue: PeerStatus[] = [];
    private target: string | undefined;
    private timer: NodeJS.Timeout | undefined;
    private inFlight = 0;
    readonly stats = { queued: 0, delivered: 0, posts: 0, refused: 0 };

    constructor(
        private readonly options: PeerChildOptions,
        private readonly business: SimulatedBusiness
    ) {}

    retarget(url: string): void {
        this.target = url;
        this.pump();
    }

    push(status: PeerStatus): void {
        this.queue.push(status);
        this.stats.queued += 1;
        if (this.queue.length >= this.options.statusesPerPost) this.pump();
        else this.timer ??= setTimeout(() => this.pump(), this.options.flushMs);
    }

    stop(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
        this.target = undefined;
    }

    private pump(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
        while (this.target && this.queue.length > 0 && this.inFlight < this.options.maxPostsInFlight) {
            void this.post(this.target, this.queue.splice(0, this.options.statusesPerPost));
        }
        if (this.queue.length > 0) this.timer ??= setTimeout(() => this.pump(), this.options.flushMs);
    }

    private async post(url: string, batch: PeerStatus[]): Promise<void> {
        this.inFlight += 1;
        let ok: boolean;
        try {
            const raw = Buffer.from(JSON.stringify(this.payload(batch)));
            const response = await fetch(url, {
                method: 'POST',
                body: raw,
                headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(raw, this.options.appSecret) }
            });
            await response.arrayBuffer();
            ok = response.status === 200;
        } catch {
            ok = false;
        }
        this.inFlight -= 1;
        this.stats.posts += 1;
        if (ok) this.stats.delivered += batch.length;
        else {
            // Meta keeps an unanswered update and delivers it again later.
            this.stats.refused += 1;
            this.queue.unshift(...batch);
        }
        if (ok && this.queue.length >= this.options.statusesPerPost) this.pump();
        else if (this.queue.length > 0) this.timer ??= setTimeout(() => this.pump(), ok ? this.options.flushMs : 200);
    }

    /** One Meta-shaped update carrying every status of the batch in one `value.statuses`. */
    private payload(batch: PeerStatus[]): Record<string, unknown> {
        const payload = buildStatusWebhook(this.business, batch[0]) as { entry: Array<{ changes: Array<{ value: { statuses: unknown[] } }> }> };
        payload.entry[0].changes[0].value.statuses = batch.map(
            (status) => (buildStatusWebhook(this.business, status) as typeof payload).entry[0].changes[0].value.statuses[0]
        );
        return payload;
    }
}

async function main(): Promise<void> {
    const options = JSON.parse(process.argv[2] ?? '{}') as PeerChildOptions;
    const business: SimulatedBusiness = { phoneNumberId: options.phoneNumberId, displayPhoneNumber: BUSINESS_DISPLAY, wabaId: 'BENCH' };
    const poster = new StatusPoster(options, business);
    const { peer, url, close } = await GraphApiPeer.listen({
        accessToken: options.accessToken,
        phoneNumberId: options.phoneNumberId,
        statusDelayMs: options.statusDelayMs,
        ...(options.sendStatuses ? { statusCallback: (status: PeerStatus) => poster.push(status) } : {})
    });
    peer.injectFaults({ latencyMs: options.latencyMs });
    let accepted = 0;
    peer.on('message', () => void (accepted += 1));
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);

    const send = (message: unknown): void => void process.send?.(message);
    process.on('message', (message: ParentMessage) => {
        if (message.type === 'webhook') poster.retarget(message.url);
        else if (message.type === 'stats') {
            const stats: PeerChildStats = {
                accepted,
                statusesQueued: poster.stats.queued,
                statusesDelivered: poster.stats.delivered,
                posts: poster.stats.posts,
                refusedPosts: poster.stats.refused,
                peakRssMb: Math.round(Math.max(peakRss, process.memoryUsage().rss) / (1024 * 1024))
            };
            send({ type: 'stats', stats });
        } else if (message.type === 'stop') {
            clearInterval(sampler);
            poster.stop();
            void close().finally(() => process.exit(0));
        }
    });
    // The benchmark died: never outlive it.
    process.on('disconnect', () => process.exit(0));
    send({ type: 'listening', url });
}

main().catch((error: Error) => {
    process.stderr.write(`graph peer child: ${error.stack ?? error.message}\n`);
    process.exit(1);
});
