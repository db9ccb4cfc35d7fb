import type { Logger } from '../../common/logger';
import { Clock, TimerHandle } from '../../adapters/whatsapp/backoff';
import { CapIngest } from './capIngest';

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
                logger.warn({ err: error }, 'CapFeedPoller.pollOnce(): a feed document could not be ingested');
            }
        }
    }

    /** The one door to the network (tests replace it). */
    protected async fetchText(url: string): Promise<string> {
        const response = await fetch(url, { signal: AbortSignal.timeout(15_000), headers: { accept: 'application/xml, text/xml, application/atom+xml' } });
        if (!response.ok) throw new Error(`CapFeedPoller.fetchText(): ${url} answered HTTP ${response.status}`);
        return response.text();
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

/** Links of an Atom (`<link href>`) or RSS (`<link>…</link>`) index that look like CAP/XML documents. */
function linksIn(index: string, base: string): string[] {
    const links = new Set<string>();
    for (const match of index.matchAll(/<link[^>]*href="([^"]+)"/g)) links.add(match[1]);
    for (const match of index.matchAll(/<link>([^<]+)<\/link>/g)) links.add(match[1].trim());
    return [...links].filter((link) => /\.(xml|cap)(\?|$)/i.test(link)).map((link) => new URL(link, base).toString());
}
