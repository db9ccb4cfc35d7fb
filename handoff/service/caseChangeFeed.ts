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
     * How far back each poll looks. Wider than one interval on purpose: a write stamped by another instance's clock,
     * or committed a moment after it was stamped, still falls inside; what was already seen is recognised, not repeated.
     */
    windowMs?: number;
    /** Documents per query page. */
    pageSize?: number;
}

/** Case fields that change with every message or timer and that no console shows: a change to them alone is no event. */
const UNSHOWN_CASE_FIELDS = new Set<string>([
    'messageCount', 'updatedAt', 'lastOperatorMessageAt', 'conversationReference', 'notifiedPosition',
    'nextDeadlineAt', 'operatorSilenceDeadlineAt', 'requeueDeadlineAt', 'waitDeadlineAt'
]);
/** Transcript fields no console shows (the wamid of a sent message) or that only say when it was written. */
const UNSHOWN_ENTRY_FIELDS = new Set<string>(['updatedAt', 'deliveryId']);

const MAX_PAGES_PER_POLL = 20;

interface Seen {
    fingerprint: string;
    reminderSentAt?: string;
    seenAtMs: number;
}

/**
 * The live events of changes made by other instances. The services publish what they change to this instance's
 * {@link CaseEvents} only, and an operator's console listens to one instance; behind a load balancer, the citizen's
 * webhook that opens a critical case, or another operator's claim, usually lands on another one. Every `intervalMs`
 * this feed asks storage which cases and transcript lines were written in the last `windowMs` and publishes, as the
 * services would have, each change this instance has not published itself: what it published is remembered by
 * content, so nothing is shown twice (a rare race with a write in flight can repeat an event; the console merges
 * messages by id and raises one alarm per case). Reading storage, not a separate event log, means no change can be
 * lost between instances: what was written is what is shown.
 */
export class CaseChangeFeed {
    private readonly seenCases = new Map<string, Seen>();
    private readonly seenEntries = new Map<string, Seen>();
    private readonly clock: Clock;
    private readonly windowMs: number;
    private readonly pageSize: number;
    private unsubscribe: (() => void) | undefined;
    private timer: NodeJS.Timeout | undefined;
    private running: Promise<number> | undefined;
    private primed = false;

    constructor(private readonly options: CaseChangeFeedOptions) {
        this.clock = options.clock ?? systemClock;
        this.windowMs = options.windowMs ?? 15_000;
        this.pageSize = options.pageSize ?? 500;
    }

    /** Remembers what is there already (nothing to show for it: a console that connects loads the queue), then polls. */
    async start(): Promise<void> {
        if (this.unsubscribe) return;
        this.unsubscribe = this.options.events.subscribe((event) => this.noteShown(event));
        try {
            await this.pollOnce();
        } catch (error) {
            this.options.logger.warn({ err: error }, 'CaseChangeFeed.start(): first poll failed; trying again at the next interval');
        }
        this.timer = setInterval(() => void this.pollOnce().catch((error: unknown) =>
            this.options.logger.warn({ err: error }, 'CaseChangeFeed.pollOnce(): failed; trying again at the next interval')), this.options.intervalMs);
        this.timer.unref();
    }

    async stop(): Promise<void> {
        if (this.timer) clearInterval(this.timer);
        this.timer = undefined;
        this.unsubscribe?.();
        this.unsubscribe = undefined;
        await this.running?.catch(() => undefined);
    }

    /** Publishes what changed elsewhere since the last poll; returns how many events. One poll at a time. */
    pollOnce(): Promise<number> {
        this.running ??= this.poll().finally(() => (this.running = undefined));
        return this.running;
    }

    private async poll(): Promise<number> {
        const nowMs = this.clock().getTime();
        const since = new Date(nowMs - this.windowMs).toISOString();
        // Read both before publishing: a new case's first lines then follow the case itself.
        const cases = await this.readAll(since, (from) => this.options.cases.listChangedSince(from, this.pageSize), (doc) => doc.value.updatedAt);
        const entries = await this.readAll(since, (from) => this.options.transcript.listChangedSince(from, this.pageSize), (entry) => entry.updatedAt ?? entry.at);
        const publish = this.primed;
        this.primed = true;
        let published = 0;
        for (const doc of cases) {
            const event = this.caseEvent(doc.value, since, nowMs);
            if (event && publish) {
                this.options.events.publish(event);
                published++;
            }
        }
        for (const entry of entries) {
            if (this.isNew(this.seenEntries, entry.id, entryFingerprint(entry), nowMs) && publish) {
                this.options.events.publish({ type: 'message', caseId: entry.caseId, message: entry });
                published++;
            }
        }
        this.forgetOlderThan(nowMs - 2 * this.windowMs);
        return published;
    }

    /** Every page since `since`: a busy minute may hold more than one page, and the newest must not be left out. */
    private async readAll<T>(since: string, page: (from: string) => Promise<T[]>, stampOf: (item: T) => string): Promise<T[]> {
        const all: T[] = [];
        let from = since;
        for (let pages = 0; pages < MAX_PAGES_PER_POLL; pages++) {
            const found = await page(from);
            all.push(...found);
            if (found.length < this.pageSize) break;
            // The next page starts at the last stamp read ('>='): its documents come again and are recognised as seen.
            from = stampOf(found[found.length - 1]);
        }
        return all;
    }

    /** The event a case written elsewhere calls for, or undefined when this instance has shown it already. */
    private caseEvent(value: HandoffCase, since: string, nowMs: number): CaseEvent | undefined {
        const before = this.seenCases.get(value.id);
        if (!this.isNew(this.seenCases, value.id, caseFingerprint(value), nowMs, value.reminderSentAt)) return undefined;
        if (!before && value.status === 'queued' && value.openedAt >= since) return { type: 'case.created', case: value };
        if (value.reminderSentAt && value.reminderSentAt !== before?.reminderSentAt) return { type: 'case.reminder', case: value };
        return { type: 'case.updated', case: value };
    }

    /** Records what the services (or this feed) published: a change shown here already is not shown again. */
    private noteShown(event: CaseEvent): void {
        const nowMs = this.clock().getTime();
        if (event.type === 'message') this.isNew(this.seenEntries, event.message.id, entryFingerprint(event.message), nowMs);
        else this.isNew(this.seenCases, event.case.id, caseFingerprint(event.case), nowMs, event.case.reminderSentAt);
    }

    /** Whether `fingerprint` differs from what is remembered for `id`; remembers it either way. */
    private isNew(seen: Map<string, Seen>, id: string, fingerprint: string, nowMs: number, reminderSentAt?: string): boolean {
        const known = seen.get(id);
        seen.set(id, { fingerprint, seenAtMs: nowMs, ...(reminderSentAt ? { reminderSentAt } : {}) });
        return known?.fingerprint !== fingerprint;
    }

    /** Past twice the window, a document can only come back by being written again: then it is a change. */
    private forgetOlderThan(cutoffMs: number): void {
        for (const seen of [this.seenCases, this.seenEntries]) {
            for (const [id, entry] of seen) if (entry.seenAtMs < cutoffMs) seen.delete(id);
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
    return JSON.stringify(Object.entries(value).filter(([key, field]) => field !== undefined && !left.has(key)));
}
