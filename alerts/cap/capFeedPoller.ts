import type { Logger } from '../../common/logger';
import { Clock, TimerHandle } from '../../common/clock';
import { CapIngest } from './capIngest';
import { CapFormatError } from './capParser';

/**
 * Largest feed response read, index or document, like the API's body limit: a hostile or broken CAP_FEED_URL cannot
 * make the line hold or scan more (documents then meet CAP_LIMITS in parseCap, as on the API).
 */
const MAX_FEED_RESPONSE_BYTES = 1024 * 1024;

/**
 * Polls CAP_FEED_URL: either one CAP document, or an Atom/RSS index whose entries link to CAP documents (the national
 * service publishes one file per alert behind an index). Each document goes through {@link CapIngest}, which never
 * sends an identifier twice, so re-reading the same index is harmless.
 */
export class CapFeedPoller {
    private timer: TimerHandle | undefined;
    private running = false;

    constructor(private readonly options: { url: string; intervalMs: number; ingest: CapIngest; clock: Clock; logger: Logger }) {}

    start(): void {
        if (this.running) return;
        this.running = true;
        this.schedule(0);
    }

    stop(): void {
        this.running = false;
        if (this.timer) this.options.clock.clearTimer(this.timer);
    }

    /** One poll: the feed, then every CAP document it links to. */
    async pollOnce(): Promise<void> {
        const { url, ingest, logger } = this.options;
        const body = await this.fetchText(url);
        const documents = /<alert[\s>]/.test(body) ? [body] : await Promise.all(linksIn(body, url).map((link) => this.fetchText(link)));
        for (const document of documents) {
            try {
                const outcome = await ingest.ingest(document, 'cap-feed');
                if (outcome.outcome !== 'duplicate') logger.info({ outcome }, 'CAP feed document ingested');
            } catch (error) {
                // A refused document comes back every poll until the feed changes: one line naming why, no stack.
                if (error instanceof CapFormatError)
                    logger.warn({ url, reason: error.message }, 'CapFeedPoller.pollOnce(): a feed document was refused');
                else logger.warn({ err: error }, 'CapFeedPoller.pollOnce(): a feed document could not be ingested');
            }
        }
    }

    /** The one door to the network (tests replace it). */
    protected async fetchText(url: string): Promise<string> {
        const response = await fetch(url, {
            signal: AbortSignal.timeout(15_000),
            headers: { accept: 'application/xml, text/xml, application/atom+xml' }
        });
        if (!response.ok) throw new Error(`CapFeedPoller.fetchText(): ${url} answered HTTP ${response.status}`);
        const chunks: Uint8Array[] = [];
        let bytes = 0;
        for await (const chunk of response.body ?? []) {
            bytes += chunk.byteLength;
            // Leaving the loop by throwing cancels the rest of the download.
            if (bytes > MAX_FEED_RESPONSE_BYTES) throw new Error(`CapFeedPoller.fetchText(): ${url} is larger than ${MAX_FEED_RESPONSE_BYTES} bytes`);
            chunks.push(chunk);
        }
        return Buffer.concat(chunks).toString('utf8');
    }

    private schedule(delayMs: number): void {
        this.timer = this.options.clock.setTimer(() => {
            this.pollOnce()
                .catch((error: unknown) => this.options.logger.warn({ err: error }, 'CapFeedPoller: poll failed; trying again later'))
                .finally(() => {
                    if (this.running) this.schedule(this.options.intervalMs);
                });
        }, delayMs);
    }
}

/**
 * Links of an Atom (`<link href>`) or RSS (`<link>…</link>`) index that look like CAP/XML documents.
 * `[^<>]*` stops at the next tag, so a body of unclosed `<link` costs linear time (`[^>]*` was quadratic).
 */
function linksIn(index: string, base: string): string[] {
    const links = new Set<string>();
    for (const match of index.matchAll(/<link[^<>]*href="([^"]+)"/g)) links.add(match[1]);
    for (const match of index.matchAll(/<link>([^<]+)<\/link>/g)) links.add(match[1].trim());
    return [...links].filter((link) => /\.(xml|cap)(\?|$)/i.test(link)).map((link) => new URL(link, base).toString());
}
