import type { Logger } from '../../common/logger';
import { isPreconditionFailed } from '../../storage';
import { AuditRepository } from '../repository/auditRepository';
import { CaseChangeWriter } from '../repository/caseChangeWriter';
import { CaseRepository } from '../repository/caseRepository';
import { handoffText, HandoffTextKey } from '../texts';
import { Clock, HandoffCase } from '../types';
import { compareCases, isConsulta, positionChangedMuch } from './caseOrdering';
import { CaseQueue } from './caseQueue';
import { CitizenMessenger, SendOptions, SendResult } from './citizenMessenger';

/** A catalog text for the citizen, with its values (e.g. the place in the queue). */
export interface Notice {
    key: HandoffTextKey;
    values?: Record<string, string | number>;
}

/** The notice a change makes due, worked out from the case as committed; undefined: nothing to tell. */
export type NoticeOf = (value: HandoffCase) => Promise<Notice | undefined>;

export interface CitizenNoticesOptions {
    cases: CaseRepository;
    writer: CaseChangeWriter;
    audit: AuditRepository;
    queue: CaseQueue;
    messenger: CitizenMessenger;
    logger: Logger;
    clock: Clock;
}

/**
 * What the line tells a citizen about their case (an operator joined, their place in the queue, the case closed) and
 * the trail's line saying so. A notice goes out after the change that made it due was committed: a send cannot be
 * part of a storage batch. Its line is named after that change and the notice ({@link AuditRepository.noticeId}), so
 * whoever finishes the change again (the operator's retry of it) finds whether the citizen was told. What remains: the
 * process dying between the send and its line, after which a retry tells the citizen again (rather than never).
 */
export class CitizenNotices {
    constructor(private readonly options: CitizenNoticesOptions) {}

    /** Sends `text` to the case's citizen (`messageId`: the transcript entry it is); a failure is returned, never thrown. */
    send(value: HandoffCase, text: string, messageId?: string, options?: SendOptions): Promise<SendResult> {
        return this.options.messenger
            .sendText(value.citizenKey, value.conversationReference, text, messageId, options)
            .catch((error: unknown): SendResult => ({ ok: false, error: error instanceof Error ? error.message : String(error) }));
    }

    /**
     * Tells the citizen `notice`, made due by the change that brought the case to `revision`, and records it.
     * `again`: that change is being finished again; the citizen is told only when the trail does not say so yet.
     */
    async tell(value: HandoffCase, notice: Notice, revision: number, again = false): Promise<void> {
        const { audit, clock, logger } = this.options;
        const id = AuditRepository.noticeId(value.id, revision, notice.key);
        if (again && (await audit.get(value.citizenKey, id))) return;
        const values = notice.values ?? {};
        const result = await this.send(value, handoffText(notice.key, values));
        if (!result.ok) logger.warn({ caseId: value.id, text: notice.key, error: result.error }, 'the citizen could not be told');
        await audit.recordNotice(
            value.citizenKey,
            AuditRepository.entry(value.id, id, new Date(clock.now()).toISOString(), revision, {
                actor: 'system',
                action: 'citizen_notified',
                detail: { text: notice.key, ...values, ...(result.ok ? {} : { error: result.error }) }
            })
        );
    }

    /**
     * A queued case's place, committed as the one its citizen was told (so a later "your place changed" does not repeat
     * it). `mustTell`: the citizen is told whatever happens to that write. Undefined when the case is not queued.
     */
    async notePlaceTold(caseId: string, mustTell = false): Promise<{ position: number; value: HandoffCase; revision: number } | undefined> {
        const position = await this.options.queue.positionOf(caseId);
        const doc = await this.options.cases.findById(caseId);
        if (position === undefined || !doc) return undefined;
        const revision = (doc.value.revision ?? 0) + 1;
        try {
            await this.options.writer.commit(
                { value: { ...doc.value, notifiedPosition: position }, etag: doc.etag, audit: [] },
                new Date(this.options.clock.now()).toISOString()
            );
        } catch (error) {
            // Lost to another writer: the place is still told (it only spares the citizen a repetition later).
            if (!isPreconditionFailed(error)) {
                if (!mustTell) throw error;
                this.options.logger.warn({ err: error, caseId }, 'CitizenNotices.notePlaceTold(): the place told could not be kept');
            }
        }
        return { position, value: doc.value, revision };
    }

    /**
     * Tells a queued case's citizen their place (`key`: 'queued' or 'requeued'), made due by the change of `revision`
     * (default: the write that keeps the place told). `again`: not when the trail says they were told.
     */
    async tellPlace(caseId: string, key: 'queued' | 'requeued', revision?: number, again = false): Promise<void> {
        if (again && revision !== undefined) {
            const doc = await this.options.cases.findById(caseId);
            if (!doc || (await this.options.audit.get(doc.value.citizenKey, AuditRepository.noticeId(caseId, revision, key)))) return;
        }
        const told = await this.notePlaceTold(caseId);
        if (told) await this.tell(told.value, { key, values: { position: told.position } }, revision ?? told.revision);
    }

    /** The notice of a queued case's place (`key`: 'queued' or 'requeued'), kept as told. */
    async placeNotice(caseId: string, key: 'queued' | 'requeued'): Promise<Notice | undefined> {
        const told = await this.notePlaceTold(caseId, true);
        return told && { key, values: { position: told.position } };
    }

    /** After the queue moved up, tells the waiting citizens whose place changed much. */
    async tellQueueMoves(): Promise<void> {
        const queue = await this.options.cases.listByStatus('queued');
        const sorted = [...queue].sort((a, b) => compareCases(a.value, b.value)).filter((doc) => !isConsulta(doc.value));
        for (const [index, doc] of sorted.entries()) {
            const position = index + 1;
            if (!positionChangedMuch(doc.value.notifiedPosition, position)) continue;
            let revision: number;
            try {
                // Conditional: of two instances noticing the same move, one tells the citizen.
                ({ revision } = await this.options.writer.commit(
                    { value: { ...doc.value, notifiedPosition: position }, etag: doc.etag, audit: [] },
                    new Date(this.options.clock.now()).toISOString()
                ));
            } catch (error) {
                if (isPreconditionFailed(error)) continue;
                throw error;
            }
            await this.tell(doc.value, { key: 'queuePosition', values: { position } }, revision);
        }
    }
}
