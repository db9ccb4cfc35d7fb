import { createHash } from 'crypto';
import type { Logger } from '../../common/logger';
import { CaseRepository } from '../repository/caseRepository';
import { TranscriptRepository } from '../repository/transcriptRepository';
import { Clock, HandoffCase, TranscriptEntry, systemClock } from '../types';
import { CaseEvent, CaseEvents } from './caseEvents';

export interface CaseChangeFeedOptions {
    cases: CaseRepository;
    transcript: TranscriptRepository;
    events: CaseEvents;
    logger: Logger;
    clock?: Clock;
    /** How often storage is asked what changed (LIVE_EVENTS_POLL_SECONDS). */
    intervalMs: number;
    /**
     * How far before the last successful poll each poll looks again (at least three intervals). A write stamped by
     * another instance's clock that runs behind, or committed a while after it was stamped (the Cosmos DB client
     * retries a throttled write for up to 30 s), still falls inside; what was already shown is recognised, not repeated.
     */
    windowMs?: number;
    /** Documents per query page. */
    pageSize?: number;
}

/** Case fields that change with every message or timer and that no console shows: a change to them alone is no event. */
const UNSHOWN_CASE_FIELDS = new Set<string>([
    'messageCount',
    'updatedAt',
    'lastOperatorMessageAt',
    'lastCitizenMessageAt',
    'conversationReference',
    'notifiedPosition',
    'nextDeadlineAt',
    'operatorSilenceDeadlineAt',
    'requeueDeadlineAt',
    'waitDeadlineAt',
    'lastWaitingReply',
    'revision'
]);
/** Transcript fields no console shows (the wamid of a sent message) or that only say when it was written. */
const UNSHOWN_ENTRY_FIELDS = new Set<string>(['updatedAt', 'deliveryId']);

const DEFAULT_WINDOW_MS = 30_000;
/** After an outage of storage, at most this much is caught up; older changes wait for the consoles' next reload. */
const MAX_CATCH_UP_MS = 15 * 60_000;
/** What was shown is remembered this long (a shift's idle case must not look new at its next message)… */
const REMEMBER_MS = 8 * 3_600_000;
/** …and for at most this many cases and lines (about 100 bytes each). */
const MAX_REMEMBERED = 200_000;
const MAX_PAGES_PER_POLL = 20;
const STOP_WAIT_MS = 5_000;

interface Shown {
    fingerprint: string;
    updatedAt: string;
    reminderSentAt?: string;
    seenAtMs: number;
}

/**
 * The live events of changes made by other instances. The services publish what they change to this instance's
 * {@link CaseEvents} only, and an operator's console listens to one instance; behind a load balancer, the citizen's
 * webhook that opens a critical case, or another operator's claim, usually lands on another one. Every `intervalMs`
 * this feed asks storage which cases and transcript lines were written since a window before its last successful
 * poll, and publishes, as the services would have, each change this instance has not shown: what it showed is
 * remembered by content and time of writing, so nothing is shown twice and an older version never follows a newer
 * one. Reading storage, not a separate event log, means a change cannot be lost between instances: what was
 * written is what is shown, after a failed or slow poll too.
 */
export class CaseChangeFeed {
    private readonly shownCases = new Map<string, Shown>();
    private readonly shownEntries = new Map<string, Shown>();
    private readonly clock: Clock;
    private readonly windowMs: number;
    private readonly pageSize: number;
    private unsubscribe: (() => void) | undefined;
    private timer: NodeJS.Timeout | undefined;
    private running: Promise<number> | undefined;
    private lastSuccessMs: number | undefined;

    constructor(private readonly options: CaseChangeFeedOptions) {
        this.clock = options.clock ?? systemClock;
        this.windowMs = Math.max(options.windowMs ?? DEFAULT_WINDOW_MS, 3 * options.intervalMs);
        this.pageSize = options.pageSize ?? 500;
    }

    /** Starts listening and polling; the first poll runs now, in the background. */
    start(): void {
        if (this.unsubscribe) return;
        this.unsubscribe = this.options.events.subscribe((event) => this.noteShown(event));
        const tick = (): void => {
            if (this.running) return; // a slow poll is still reading: no second one, and one log line per failure
            this.pollOnce().catch((error: unknown) =>
                this.options.logger.warn({ err: error }, 'CaseChangeFeed.pollOnce(): failed; what changed meanwhile is read at the next poll')
            );
        };
        this.timer = setInterval(tick, this.options.intervalMs);
        this.timer.unref();
        tick();
    }

    /** Stops polling; waits a little for a poll in flight (not for one that hangs on storage). */
    async stop(): Promise<void> {
        if (this.timer) clearInterval(this.timer);
        this.timer = undefined;
        this.unsubscribe?.();
        this.unsubscribe = undefined;
        const running = this.running;
        if (!running) return;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([running.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)))]);
        clearTimeout(timer);
    }

    /** Publishes what changed elsewhere since the last successful poll; returns how many events. One poll at a time. */
    pollOnce(): Promise<number> {
        this.running ??= this.poll().finally(() => (this.running = undefined));
        return this.running;
    }

    private async poll(): Promise<number> {
        const nowMs = this.clock.now();
        const fromMs = Math.min(nowMs, this.lastSuccessMs ?? nowMs) - this.windowMs;
        if (nowMs - fromMs > MAX_CATCH_UP_MS + this.windowMs) {
            this.options.logger.warn(
                { lastSuccess: new Date(this.lastSuccessMs!).toISOString() },
                'CaseChangeFeed.poll(): storage was unreadable for long; only the last 15 minutes of changes are shown live (consoles show the rest when they reload)'
            );
        }
        const since = new Date(Math.max(fromMs, nowMs - MAX_CATCH_UP_MS - this.windowMs)).toISOString();
        // Read both before publishing: a new case's first lines then follow the case itself.
        const cases = await this.readAll(
            since,
            (from, limit) => this.options.cases.listChangedSince(from, limit),
            (doc) => doc.value.updatedAt
        );
        const entries = await this.readAll(
            since,
            (from, limit) => this.options.transcript.listChangedSince(from, limit),
            (entry) => entry.updatedAt ?? entry.at
        );
        this.lastSuccessMs = nowMs;
        let published = 0;
        for (const doc of cases) {
            const event = this.caseEvent(doc.value, since, nowMs);
            if (event) {
                this.options.events.publish(event);
                published++;
            }
        }
        for (const entry of entries) {
            if (this.isChange(this.shownEntries, entry.id, entryFingerprint(entry), entry.updatedAt ?? entry.at, nowMs)) {
                this.options.events.publish({ type: 'message', caseId: entry.caseId, message: entry });
                published++;
            }
        }
        this.forget(nowMs);
        return published;
    }

    /**
     * Every page since `since`: a busy minute may hold more than one, and the newest must not be left out. A page
     * that ends on the stamp it started from (many documents written in one millisecond) is read again, larger.
     */
    private async readAll<T>(since: string, page: (from: string, limit: number) => Promise<T[]>, stampOf: (item: T) => string): Promise<T[]> {
        const byStampAndOrder: T[] = [];
        let from = since;
        let limit = this.pageSize;
        for (let pages = 0; pages < MAX_PAGES_PER_POLL; pages++) {
            const found = await page(from, limit);
            if (found.length < limit) return [...byStampAndOrder, ...found];
            const last = stampOf(found[found.length - 1]);
            if (last === from) {
                limit *= 2;
                continue;
            }
            // The next page starts at the last stamp read ('>='): the documents of that stamp come again, so keep
            // only those before it from this page.
            byStampAndOrder.push(...found.filter((item) => stampOf(item) !== last));
            from = last;
        }
        this.options.logger.warn(
            { since, pages: MAX_PAGES_PER_POLL },
            'CaseChangeFeed.readAll(): too many changes for one poll; the newest are read at the next one'
        );
        return byStampAndOrder;
    }

    /** The event a case written elsewhere calls for, or undefined when this instance has shown it (or a newer one). */
    private caseEvent(value: HandoffCase, since: string, nowMs: number): CaseEvent | undefined {
        const before = this.shownCases.get(value.id);
        if (!this.isChange(this.shownCases, value.id, caseFingerprint(value), value.updatedAt, nowMs, value.reminderSentAt)) return undefined;
        if (!before && value.status === 'queued' && value.openedAt >= since) return { type: 'case.created', case: value };
        if (value.reminderSentAt && value.reminderSentAt !== before?.reminderSentAt && value.reminderSentAt >= since) {
            return { type: 'case.reminder', case: value };
        }
        return { type: 'case.updated', case: value };
    }

    /** Records what the services (or this feed) published: a change shown here already is not shown again. */
    private noteShown(event: CaseEvent): void {
        const nowMs = this.clock.now();
        // Availability is not stored with cases: this feed neither reads nor remembers it.
        if (event.type === 'operator.availability') return;
        if (event.type === 'message') {
            this.remember(this.shownEntries, event.message.id, entryFingerprint(event.message), event.message.updatedAt ?? event.message.at, nowMs);
        } else {
            this.remember(this.shownCases, event.case.id, caseFingerprint(event.case), event.case.updatedAt, nowMs, event.case.reminderSentAt);
        }
    }

    /**
     * Whether this version of a document is worth showing: not shown yet, and not older than what was shown.
     * Remembers it when it is. (At start, that is every change of the last window: a console that connected before
     * merges what it had; one that connects later loads the queue itself.)
     */
    private isChange(shown: Map<string, Shown>, id: string, fingerprint: string, updatedAt: string, nowMs: number, reminderSentAt?: string): boolean {
        const known = shown.get(id);
        const same = known?.fingerprint === fingerprint;
        // An older version read while a newer one was shown: what was shown stands (still seen, if it is the same).
        if (known && updatedAt < known.updatedAt) {
            if (same) this.remember(shown, id, fingerprint, known.updatedAt, nowMs, reminderSentAt);
            return false;
        }
        this.remember(shown, id, fingerprint, updatedAt, nowMs, reminderSentAt);
        return !same;
    }

    /** Moves the document to the newest end of the map, so that forgetting starts from the longest unseen. */
    private remember(shown: Map<string, Shown>, id: string, fingerprint: string, updatedAt: string, nowMs: number, reminderSentAt?: string): void {
        shown.delete(id);
        shown.set(id, { fingerprint, updatedAt, seenAtMs: nowMs, ...(reminderSentAt ? { reminderSentAt } : {}) });
    }

    private forget(nowMs: number): void {
        for (const shown of [this.shownCases, this.shownEntries]) {
            for (const [id, entry] of shown) {
                if (entry.seenAtMs >= nowMs - REMEMBER_MS && shown.size <= MAX_REMEMBERED) break;
                shown.delete(id);
            }
        }
    }
}

function caseFingerprint(value: HandoffCase): string {
    return fingerprintWithout(value, UNSHOWN_CASE_FIELDS);
}

function entryFingerprint(entry: TranscriptEntry): string {
    return fingerprintWithout(entry, UNSHOWN_ENTRY_FIELDS);
}

/**
 * The document as JSON without the named top-level fields (nested objects, such as the report, stay whole). A field
 * set to undefined is left out as storage leaves it out: the object a service published and the document read back
 * must give the same text.
 */
function fingerprintWithout(value: object, left: ReadonlySet<string>): string {
    const shown = JSON.stringify(Object.entries(value).filter(([key, field]) => field !== undefined && !left.has(key)));
    return createHash('sha256').update(shown).digest('base64');
}
