import { randomUUID } from 'crypto';
import type { ConversationReference } from 'botbuilder';
import type { Logger } from '../../common/logger';
import { higherPriority } from '../../dialogs/domainData';
import type { HandoffRequest, HandoffRequester } from '../../dialogs/handoffRequester';
import type { CitizenMessage } from '../../dialogs/citizenMessage';
import { isPreconditionFailed, StoredDocument } from '../../storage/documentStore';
import { AuditRepository } from '../repository/auditRepository';
import { CaseRepository, Withdrawal } from '../repository/caseRepository';
import { TranscriptRepository } from '../repository/transcriptRepository';
import { handoffText, HandoffTextKey } from '../texts';
import { Actor, actorName, AuditEntry, Clock, DeliveryProgress, HandoffCase, isDeliveryAdvance, systemClock, TranscriptEntry, wasRequestedBy } from '../types';
import { CaseAction, CaseStatus, isActiveStatus, nextStatus, STATUS_CHANGES } from '../validation/caseTransitions';
import { CaseEvents } from './caseEvents';
import { compareCases, positionChangedMuch } from './caseOrdering';
import { CitizenMessenger, SendResult } from './citizenMessenger';
import { DeadlinePolicy, DEFAULT_DEADLINES, DeadlineSettings } from './deadlinePolicy';
import { ConflictError, ForbiddenError, NotFoundError } from './errors';
import { decideWaitingReply, WaitingReplyDecision } from './waitingReply';

/** How often a write that lost a race is re-read and re-checked before giving up. */
const MAX_ATTEMPTS = 8;

export interface CaseServiceOptions {
    cases: CaseRepository;
    transcript: TranscriptRepository;
    audit: AuditRepository;
    events: CaseEvents;
    messenger: CitizenMessenger;
    logger: Logger;
    clock?: Clock;
    deadlines?: Partial<DeadlineSettings>;
    newId?: () => string;
}

/** What a citizen sent while with a person. */
export type CitizenMessageInput = CitizenMessage;

/** A case as listed: with its place in the queue when queued. */
export interface CaseSummary extends HandoffCase {
    position?: number;
}

/** What a citizen's message meets: their active case, or else the withdrawal their last "cancelar" made. */
export interface CitizenCaseState {
    active?: HandoffCase;
    withdrawal?: Withdrawal;
}

/**
 * A change of status written by {@link CaseService.transition}. `repeated`: the change was already there, written by
 * the same operator's earlier request for it (a retry); its `trail` is the audit trail from that change's line on,
 * so what followed the change can be done again only where it is missing.
 */
interface Transitioned {
    value: HandoffCase;
    repeated?: { trail: AuditEntry[] };
}

/** What a {@link CaseService.transition} may need beyond the change itself. */
interface TransitionOptions {
    /** Added to the audit line's detail. */
    detail?: Record<string, unknown>;
    /** Checked on the very version written; false: a conflict. */
    guard?: (value: HandoffCase) => boolean;
    /** For a retry: whether the change found asked what this request asks (e.g. the same outcome). */
    sameRequest?: (value: HandoffCase) => boolean;
    /** The citizen's notice of a change nobody retries (deadlines): sent before the audit line, see {@link CaseService.recordAnnounced}. */
    notice?: NoticeOf;
}

/** A catalog text for the citizen, with its values (e.g. the place in the queue). */
interface Notice {
    key: HandoffTextKey;
    values?: Record<string, string | number>;
}

/** The notice a change makes due, worked out from the case as written; undefined: nothing to tell. */
export type NoticeOf = (value: HandoffCase) => Promise<Notice | undefined>;

export interface CaseDetails {
    case: CaseSummary;
    transcript: TranscriptEntry[];
    audit: AuditEntry[];
}

/**
 * The rules of the case queue. Every change of status is checked against the transition table and written
 * with the etag it read; a lost race is re-read and re-checked, so of many operators claiming one case
 * exactly one succeeds and the others get a {@link ConflictError}.
 */
export class CaseService implements HandoffRequester {
    readonly policy: DeadlinePolicy;
    private readonly cases: CaseRepository;
    private readonly transcript: TranscriptRepository;
    private readonly audit: AuditRepository;
    private readonly events: CaseEvents;
    private readonly messenger: CitizenMessenger;
    private readonly logger: Logger;
    private readonly clock: Clock;
    private readonly newId: () => string;
    /** Citizens whose turn is running in this process, and the case opened during it (null: none yet). */
    private readonly turnsInProgress = new Map<string, string | null>();

    constructor(options: CaseServiceOptions) {
        this.cases = options.cases;
        this.transcript = options.transcript;
        this.audit = options.audit;
        this.events = options.events;
        this.messenger = options.messenger;
        this.logger = options.logger;
        this.clock = options.clock ?? systemClock;
        this.newId = options.newId ?? (() => `case-${randomUUID()}`);
        this.policy = new DeadlinePolicy({ ...DEFAULT_DEADLINES, ...options.deadlines });
    }

    /** The dialogs' seam: a person is needed. */
    async requestHandoff(request: HandoffRequest): Promise<void> {
        await this.open(request);
    }

    /**
     * Opens a case for the citizen, or, when one is already active, merges the request into it (raising the
     * priority if the new one is higher). Tells the citizen their place in the queue when a case is opened.
     */
    async open(request: HandoffRequest): Promise<HandoffCase> {
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            const now = this.clock();
            const pointer = await this.cases.getPointer(request.citizenKey);
            const current = pointer?.value.caseId ? await this.cases.get(request.citizenKey, pointer.value.caseId) : undefined;
            try {
                if (current && isActiveStatus(current.value.status)) {
                    const { value: merged, changed } = await this.merge(current, request, now);
                    const sameTurn = wasRequestedBy(current.value, request.conversationReference?.activityId);
                    if (sameTurn && !changed) await this.requestedAgain(merged, request);
                    if (sameTurn) await this.recordOpeningMessage(merged, request);
                    // The turn that opened this case is running again (storage failed under it, or before its replies
                    // were committed): its replies, the place in the queue among them, are sent again.
                    if (this.turnsInProgress.has(request.citizenKey) && sameTurn) {
                        this.turnsInProgress.set(request.citizenKey, merged.id);
                    }
                    return merged;
                }
                const created = await this.cases.create(this.newCase(request, now), pointer?.etag);
                // The live event first: for a critical case it is the operators' alarm, and must not wait on the
                // audit write. That write may still fail; the turn then runs again and requestedAgain() publishes
                // again and writes the missing 'opened' line. (Left best-effort instead, a failed write would lose
                // the line for good; rerunning is what the line already does for any storage failure in a turn.)
                this.events.publish({ type: 'case.created', case: created.value });
                await this.recordOpeningMessage(created.value, request);
                await this.record(created.value.id, { kind: 'system' }, 'opened', {
                    reason: request.reason, priority: request.priority, reportId: request.reportId
                });
                this.logger.info({ caseId: created.value.id, reason: request.reason, priority: request.priority }, 'handoff case opened');
                // In the citizen's own turn the place is told after the bot's answers (see tellPositionInTurn);
                // a message sent from here could overtake them.
                if (this.turnsInProgress.has(request.citizenKey)) this.turnsInProgress.set(request.citizenKey, created.value.id);
                else await this.tellPosition(created.value.id, 'queued');
                return created.value;
            } catch (error) {
                if (!isPreconditionFailed(error)) throw error;
                await backOff(attempt);
            }
        }
        throw new ConflictError('CaseService.open()', 'the citizen\'s case kept changing; try again');
    }

    /**
     * The photo, voice note or location that made the citizen's turn ask for a person, as the case's first line: before,
     * a voice note ("Una persona … va a escuchar su mensaje") opened a case whose transcript held nothing to listen to.
     * Made from the message's id, so the turn run again finds it recorded.
     */
    private async recordOpeningMessage(value: HandoffCase, request: HandoffRequest): Promise<void> {
        if (!request.openingMessage) return;
        const activityId = request.conversationReference?.activityId || undefined;
        const appended = await this.append('CaseService.recordOpeningMessage()', () => this.cases.get(value.citizenKey, value.id), (current, now) => ({
            entry: this.newEntry(current, now, 'citizen', request.openingMessage!, undefined, activityId),
            updated: { ...current, messageCount: current.messageCount + 1, updatedAt: now.toISOString() }
        }));
        if (appended) this.events.publish({ type: 'message', caseId: value.id, message: appended.entry });
    }

    /** A turn of this citizen starts: a case opened during it waits for {@link endTurn} to tell its place. */
    beginTurn(citizenKey: string): void {
        this.turnsInProgress.set(citizenKey, null);
    }

    /**
     * The citizen's turn ended. When it opened a case, returns the place-in-queue text to send as the turn's
     * last message (and remembers that the citizen was told).
     */
    async endTurn(citizenKey: string): Promise<string | undefined> {
        const opened = this.turnsInProgress.get(citizenKey);
        this.turnsInProgress.delete(citizenKey);
        if (!opened) return undefined;
        const told = await this.notePositionTold(opened);
        return told && handoffText('queuedInTurn', { position: told.position });
    }

    /** Cases of one status (default: queued), in queue order; queued cases carry their position. */
    async list(status: CaseStatus = 'queued'): Promise<CaseSummary[]> {
        const sorted = (await this.cases.listByStatus(status)).map((d) => d.value).sort(compareCases);
        return status === 'queued' ? sorted.map((c, index) => ({ ...c, position: index + 1 })) : sorted;
    }

    async get(caseId: string): Promise<CaseDetails> {
        const doc = await this.require(caseId, 'CaseService.get()');
        const value = doc.value;
        const [transcript, audit, position] = await Promise.all([
            this.transcript.list(value.citizenKey, value.id),
            this.audit.list(value.id),
            value.status === 'queued' ? this.positionOf(value.id) : Promise.resolve(undefined)
        ]);
        return { case: position === undefined ? value : { ...value, position }, transcript, audit };
    }

    /** The citizen's queued or assigned case, if any. */
    async activeCaseOf(citizenKey: string): Promise<HandoffCase | undefined> {
        return (await this.cases.active(citizenKey))?.doc.value;
    }

    /** The citizen's active case, or, when none, the withdrawal their last "cancelar" made (same reads). */
    async stateOf(citizenKey: string): Promise<CitizenCaseState> {
        const { active, withdrawal } = await this.cases.citizenCases(citizenKey);
        return active ? { active: active.doc.value } : withdrawal ? { withdrawal } : {};
    }

    /** 1 for the next case an operator should take; undefined when the case is not queued. */
    async positionOf(caseId: string): Promise<number | undefined> {
        const queue = await this.list('queued');
        const index = queue.findIndex((c) => c.id === caseId);
        return index < 0 ? undefined : index + 1;
    }

    /** Takes a queued case; the same operator claiming again the case they hold since their claim is its retry (200). */
    async claim(caseId: string, actor: Actor): Promise<HandoffCase> {
        const claimed = await this.transition(caseId, 'claim', actor, (value, now) => this.policy.operatorActive({
            ...value, assignedTo: actorName(actor), assignedAt: now.toISOString()
        }, now));
        await this.tellOnce(claimed, 'operatorJoined');
        await this.tellQueueMoves();
        return claimed.value;
    }

    async release(caseId: string, actor: Actor): Promise<HandoffCase> {
        return this.requeue(caseId, 'release', actor);
    }

    /** Closes the case; resolving again what this operator resolved, with the same outcome, is its retry. */
    async resolve(caseId: string, actor: Actor, outcome: string): Promise<HandoffCase> {
        const resolved = await this.transition(caseId, 'resolve', actor, (value) => ({ ...value, outcome }), {
            detail: { outcome }, sameRequest: (value) => value.outcome === outcome
        });
        await this.tellOnce(resolved, 'resolved');
        return resolved.value;
    }

    async returnToBot(caseId: string, actor: Actor): Promise<HandoffCase> {
        const returned = await this.transition(caseId, 'return_to_bot', actor, (value) => value);
        await this.tellOnce(returned, 'returnedToBot');
        if (returned.value.lastTransition?.from === 'queued') await this.tellQueueMoves();
        return returned.value;
    }

    /**
     * The citizen wrote "cancelar" while waiting. Returns the withdrawn case, or undefined when none was queued.
     * `activityId`, the message's id, is kept on the case (and the citizen's pointer) for {@link withdrawnAgain}.
     */
    async withdraw(citizenKey: string, activityId?: string): Promise<HandoffCase | undefined> {
        const active = await this.cases.active(citizenKey);
        if (!active || active.doc.value.status !== 'queued') return undefined;
        const withdrawn = await this.transition(active.doc.value.id, 'withdraw', { kind: 'citizen' },
            (value) => (activityId ? { ...value, withdrawnByActivityId: activityId } : value));
        await this.tellQueueMoves();
        return withdrawn.value;
    }

    /**
     * The turn of the "cancelar" that withdrew the case runs again: storage failed after the withdrawal was
     * written (the audit line, telling the queue) or the turn's commit did. Does again what may be missing (the
     * live event that takes the case off the operators' queue, the audit line, the queue's news) and returns the
     * case, so the citizen gets the same answer; undefined when it is not withdrawn after all.
     */
    async withdrawnAgain(citizenKey: string, withdrawal: Withdrawal): Promise<HandoffCase | undefined> {
        const doc = await this.cases.get(citizenKey, withdrawal.caseId);
        if (doc?.value.status !== 'withdrawn' || doc.value.withdrawnByActivityId !== withdrawal.activityId) return undefined;
        this.events.publish({ type: 'case.updated', case: doc.value });
        await this.recordOnce(doc.value.id, { kind: 'citizen' }, 'withdraw', { from: 'queued', to: 'withdrawn' });
        await this.tellQueueMoves();
        return doc.value;
    }

    /**
     * Deadline: the operator stayed silent after the reminder; the case goes back to the queue.
     * `stillDue` is checked on the very version written, so an operator message that just arrived wins.
     */
    async timeoutRelease(caseId: string, stillDue: (value: HandoffCase) => boolean): Promise<HandoffCase> {
        return this.requeue(caseId, 'timeout_release', { kind: 'system' }, stillDue);
    }

    /**
     * Records what a citizen sent to their active case and shows it to the operators live.
     * Returns undefined when the citizen has no active case. The message's id (`conversationReference.activityId`,
     * WhatsApp's wamid) makes this safe to run twice, as a turn that runs again does: the message is recorded once,
     * and the second run only does again what may be missing (the live event, the audit line). A message without an
     * id is recorded every time.
     */
    async addCitizenMessage(
        citizenKey: string, input: CitizenMessageInput, conversationReference?: Partial<ConversationReference>
    ): Promise<TranscriptEntry | undefined> {
        return (await this.forwardCitizenMessage(citizenKey, input, conversationReference))?.entry;
    }

    /**
     * {@link addCitizenMessage}, and what the citizen gets back (decideWaitingReply): a message that says a life is
     * at risk (`urgent`) raises the case to critical in the same write, and the reply gives the emergency numbers; a
     * message while the case waits is acknowledged with the place in the queue, at most once a minute. `acknowledge:
     * false` (a command the caller answers itself) asks for no acknowledgement. The turn of the message, run again,
     * gets the same reply again (the case keeps which message it answered).
     */
    async forwardCitizenMessage(
        citizenKey: string, input: CitizenMessageInput, conversationReference?: Partial<ConversationReference>,
        options: { urgent?: boolean; acknowledge?: boolean } = {}
    ): Promise<{ entry: TranscriptEntry; reply?: string } | undefined> {
        const activityId = conversationReference?.activityId || undefined;
        // Operators answer to this reference. Its activity id is left out: on a case it marks the turn that asked for
        // a person (wasRequestedBy), and this message's turn, run again, must come back here, not to the bot.
        const reference = conversationReference && withoutActivityId(conversationReference);
        const urgent = options.urgent === true;
        let decision: WaitingReplyDecision = { escalate: false };
        const appended = await this.append('CaseService.forwardCitizenMessage()', async () => (await this.cases.active(citizenKey))?.doc, (value, now) => {
            const at = now.toISOString();
            const entry = this.newEntry(value, now, 'citizen', input, undefined, activityId);
            decision = decideWaitingReply(value, urgent, at);
            if (options.acknowledge === false && !urgent) decision = { escalate: false };
            const updated: HandoffCase = {
                ...value, messageCount: value.messageCount + 1, updatedAt: at,
                ...(reference ? { conversationReference: reference } : {}),
                ...(decision.reply ? { lastWaitingReply: { messageId: entry.id, key: decision.reply, at, ...(decision.escalate ? { escalated: true } : {}) } } : {})
            };
            if (decision.escalate) {
                updated.priority = 'critical';
                if (!updated.reasons.includes('urgent')) updated.reasons = [...updated.reasons, 'urgent'];
                if (input.text) updated.triggerText = input.text;
            }
            return { entry, updated };
        });
        if (!appended) return undefined;
        const { entry, updated, duplicate } = appended;
        if (duplicate) {
            // The same message again: the reply its first run decided, if any (it may not have reached the citizen).
            const told = updated.lastWaitingReply?.messageId === entry.id ? updated.lastWaitingReply : undefined;
            decision = { escalate: told?.escalated === true, ...(told ? { reply: told.key } : {}) };
        }
        // Live first, as in open(): the operator sees what is written even when the audit write then fails. A case
        // raised to critical is the operators' alarm (the console raises it for a queued critical case it has not seen).
        this.events.publish({ type: 'message', caseId: entry.caseId, message: entry });
        if (decision.escalate) this.events.publish({ type: 'case.updated', case: updated });
        const again = duplicate === true;
        await this.recordForMessage(again, entry.caseId, { kind: 'citizen' }, 'citizen_message', { messageId: entry.id });
        if (decision.escalate) {
            await this.recordForMessage(again, entry.caseId, { kind: 'citizen' }, 'priority_raised', { messageId: entry.id, priority: 'critical' });
            this.logger.info({ caseId: entry.caseId }, 'a waiting citizen wrote that a life is at risk: case raised to critical');
        }
        if (!decision.reply) return { entry };
        const position = decision.reply === 'receivedWhileQueued' ? await this.positionOf(entry.caseId) : undefined;
        // Out of the queue between the write and now (an operator took it): the acknowledgement says nothing then.
        if (decision.reply === 'receivedWhileQueued' && position === undefined) return { entry };
        return { entry, reply: handoffText(decision.reply, position !== undefined ? { position } : {}) };
    }

    /**
     * An operator writes to the citizen: recorded first, then shown live and sent, then the audit line. A failed
     * send stays visible on the message as `deliveryError`. `clientMessageId`, the console's id for this message,
     * makes the request safe to send again (see {@link operatorEntryAgain}); without it every request is a new
     * message.
     */
    async addOperatorMessage(caseId: string, actor: Actor, text: string, clientMessageId?: string): Promise<TranscriptEntry> {
        const where = 'CaseService.addOperatorMessage()';
        const { entry, updated: value, duplicate } = (await this.append(where, () => this.require(caseId, where), (current, now) => {
            this.check(current, 'message', actor, where);
            return {
                entry: this.newEntry(current, now, 'operator', { text }, actorName(actor), undefined, clientMessageId),
                updated: this.policy.operatorActive({
                    ...current, messageCount: current.messageCount + 1, lastOperatorMessageAt: now.toISOString(), updatedAt: now.toISOString()
                }, now)
            };
        }))!;
        if (duplicate) return this.operatorEntryAgain(entry, actor, text, false, where);

        // Once saved, the message goes live and to the citizen whatever happens to the audit write: before, a failed
        // audit write left a message in the transcript that the citizen never got and no console showed.
        this.events.publish({ type: 'message', caseId, message: entry });
        const sent = await this.sendToCitizen(value, text, entry.id);
        let settled = entry;
        try {
            await this.record(caseId, actor, 'operator_message', { messageId: entry.id });
        } finally {
            // Also when the audit write failed: the send's outcome (its id, or why it failed) belongs on the message.
            if (!sent.ok) settled = await this.markMessageFailed(caseId, entry.id, sent.error ?? 'not delivered');
            else if (sent.deliveryId) settled = await this.setDeliveryId(value.citizenKey, entry.id, sent.deliveryId);
        }
        return settled;
    }

    /**
     * The same operator message or note again (same operator, case and clientMessageId: the console resent a request
     * whose answer it did not get, e.g. a 503 from a failed audit write). A message was sent to the citizen by the
     * request that saved it (the send follows the save and never throws), so it is not sent again; the entry is shown
     * live again (the console merges messages by id) and its audit line is written when missing. The same id with
     * another text, or a message's id on a note (or the other way round), is not a retry: a conflict.
     */
    private async operatorEntryAgain(stored: TranscriptEntry, actor: Actor, text: string, internal: boolean, where: string): Promise<TranscriptEntry> {
        if (stored.text !== text || stored.internal !== internal) {
            throw new ConflictError(where, `clientMessageId ${stored.clientMessageId} was already used for another message`);
        }
        this.events.publish({ type: 'message', caseId: stored.caseId, message: stored });
        await this.recordForMessage(true, stored.caseId, actor, internal ? 'note' : 'operator_message', { messageId: stored.id });
        return stored;
    }

    /**
     * An internal note: for operators only, never sent to the citizen. Allowed in any status. Shown live once saved,
     * before its audit line (a failed audit write left a saved note no console showed). `clientMessageId` makes the
     * console's resend of a note whose answer it did not get return the note saved, not a second one.
     */
    async addNote(caseId: string, actor: Actor, text: string, clientMessageId?: string): Promise<TranscriptEntry> {
        if (actor.kind !== 'operator') throw new ForbiddenError('CaseService.addNote()', 'only operators write notes');
        const where = 'CaseService.addNote()';
        const { entry, duplicate } = (await this.append(where, () => this.require(caseId, where), (value, now) => ({
            entry: { ...this.newEntry(value, now, 'operator', { text }, actor.username, undefined, clientMessageId), internal: true },
            updated: { ...value, messageCount: value.messageCount + 1, updatedAt: now.toISOString() }
        })))!;
        if (duplicate) return this.operatorEntryAgain(entry, actor, text, true, where);
        this.events.publish({ type: 'message', caseId, message: entry });
        await this.recordForMessage(false, caseId, actor, 'note', { messageId: entry.id });
        return entry;
    }

    /**
     * An operator message did not reach the citizen (e.g. WhatsApp 131047: outside the 24-hour window).
     * Called at once when the send fails, or later when the channel reports the failure.
     */
    async markMessageFailed(caseId: string, messageId: string, reason: string): Promise<TranscriptEntry> {
        const where = 'CaseService.markMessageFailed()';
        const doc = await this.require(caseId, where);
        const { entry, changed } = await this.rewriteMessage(doc.value.citizenKey, messageId, where, (stored) => ({ ...stored, deliveryError: reason }), caseId);
        if (changed) {
            await this.record(caseId, { kind: 'system' }, 'delivery_failed', { messageId, reason });
            this.events.publish({ type: 'message', caseId, message: entry });
            this.logger.warn({ caseId, messageId, reason }, 'an operator message did not reach the citizen');
        }
        return entry;
    }

    /** One line of one of the citizen's case transcripts, by its id. */
    async findMessage(citizenKey: string, messageId: string): Promise<TranscriptEntry | undefined> {
        return (await this.transcript.get(citizenKey, messageId))?.value;
    }

    /**
     * WhatsApp reported how far an operator message got (sent, delivered, read): shown on the message. A report
     * that is not a step forward (a late 'delivered' after 'read', anything after a failure) changes nothing.
     */
    async markMessageDelivery(caseId: string, messageId: string, status: DeliveryProgress): Promise<TranscriptEntry> {
        const where = 'CaseService.markMessageDelivery()';
        const doc = await this.require(caseId, where);
        const { entry, changed } = await this.rewriteMessage(doc.value.citizenKey, messageId, where, (stored) =>
            stored.deliveryError || !isDeliveryAdvance(stored.deliveryStatus, status) ? undefined : { ...stored, deliveryStatus: status }, caseId);
        if (changed) this.events.publish({ type: 'message', caseId, message: entry });
        return entry;
    }

    /**
     * Rewrites one message of the citizen's transcript with `change` (undefined: leave it as it is) under its etag,
     * reading again when another writer got there first. `caseId`, when given, is the case the message must belong to.
     */
    private async rewriteMessage(
        citizenKey: string,
        messageId: string,
        where: string,
        change: (stored: TranscriptEntry) => TranscriptEntry | undefined,
        caseId?: string
    ): Promise<{ entry: TranscriptEntry; changed: boolean }> {
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            const stored = await this.transcript.get(citizenKey, messageId);
            if (!stored || (caseId !== undefined && stored.value.caseId !== caseId)) {
                throw new NotFoundError(where, `no message ${messageId}${caseId !== undefined ? ` in case ${caseId}` : ''}`);
            }
            const changed = change(stored.value);
            if (!changed) return { entry: stored.value, changed: false };
            const entry = { ...changed, updatedAt: this.clock().toISOString() };
            try {
                await this.transcript.update(citizenKey, entry, stored.etag);
            } catch (error) {
                if (isPreconditionFailed(error)) continue;
                throw error;
            }
            return { entry, changed: true };
        }
        throw new ConflictError(where, 'the message kept changing');
    }

    /**
     * Writes a change the line makes by itself (deadlines) with the etag it read. Returns undefined when the
     * case changed meanwhile: another instance, or an operator, got there first.
     */
    async systemUpdate(
        doc: StoredDocument<HandoffCase>, next: HandoffCase, action: string, detail?: Record<string, unknown>, notice?: NoticeOf
    ): Promise<HandoffCase | undefined> {
        let written: StoredDocument<HandoffCase>;
        try {
            written = await this.cases.update({ ...next, updatedAt: this.clock().toISOString() }, doc.etag);
        } catch (error) {
            if (isPreconditionFailed(error)) return undefined;
            throw error;
        }
        // Live first, as in transition(): the consoles must not depend on the audit write.
        this.events.publish({ type: action === 'operator_reminded' ? 'case.reminder' : 'case.updated', case: written.value });
        await this.recordAnnounced(written.value, { kind: 'system' }, action, detail, notice);
        return written.value;
    }

    /**
     * The audit line of a change the line made by itself (a deadline), which has just been written and published;
     * first, the citizen's notice it makes due (`notice`), and its own line after the change's.
     *
     * The notice goes out before any audit write because nothing runs a deadline again: once the case is written
     * it is no longer due, so a notice left for after a failed audit write was lost for good (the emergency numbers
     * of a flagged case, the place of a requeued one). Sent here it cannot be lost to a failed write, and it cannot
     * go twice: only the instance whose conditional case write won gets here, once. Rejected: keeping "notice owed"
     * on the case for the next poll to send and clear; the send and the clearing write cannot be one step, so a
     * write failing between them, or two instances polling at once, would send it twice. What remains: the process
     * dying in the milliseconds between the case write and the send.
     */
    private async recordAnnounced(
        value: HandoffCase, actor: Actor, action: string, detail: Record<string, unknown> | undefined, noticeOf?: NoticeOf
    ): Promise<void> {
        const notice = noticeOf && await noticeOf(value);
        const sent = notice && await this.deliver(value, notice);
        try {
            await this.record(value.id, actor, action, detail);
        } finally {
            if (notice && sent) await this.noteTold(value, notice, sent);
        }
    }

    /**
     * {@link tell} after a change of status; for a retry of it, only when the trail does not say the citizen was
     * told since (the first request may have failed before telling them, or after).
     */
    private async tellOnce(changed: Transitioned, key: HandoffTextKey): Promise<void> {
        if (!toldSinceRetried(changed, key)) await this.tell(changed.value, key);
    }

    /** Sends a catalog text to the case's citizen (best effort: logged, never thrown). */
    async tell(value: HandoffCase, key: HandoffTextKey, values: Record<string, string | number> = {}): Promise<void> {
        const notice = { key, values };
        await this.noteTold(value, notice, await this.deliver(value, notice));
    }

    /** Sends a notice to the case's citizen; a failure is returned, never thrown. */
    private deliver(value: HandoffCase, notice: Notice): Promise<SendResult> {
        return this.sendToCitizen(value, handoffText(notice.key, notice.values ?? {}));
    }

    /** Sends `text` to the case's citizen (`messageId`: the transcript entry it is); a failure is returned, never thrown. */
    private sendToCitizen(value: HandoffCase, text: string, messageId?: string): Promise<SendResult> {
        return this.messenger.sendText(value.citizenKey, value.conversationReference, text, messageId)
            .catch((error: unknown): SendResult => ({ ok: false, error: error instanceof Error ? error.message : String(error) }));
    }

    /** The trail's line saying the citizen was sent `notice` (or why not). */
    private async noteTold(value: HandoffCase, notice: Notice, result: SendResult): Promise<void> {
        const { key, values = {} } = notice;
        if (!result.ok) this.logger.warn({ caseId: value.id, text: key, error: result.error }, 'the citizen could not be told');
        await this.record(value.id, { kind: 'system' }, 'citizen_notified', { text: key, ...values, ...(result.ok ? {} : { error: result.error }) });
    }

    private async requeue(
        caseId: string, action: 'release' | 'timeout_release', actor: Actor, guard?: (value: HandoffCase) => boolean
    ): Promise<HandoffCase> {
        const requeued = await this.transition(caseId, action, actor, (value, now) => {
            const next: HandoffCase = { ...value };
            delete next.assignedTo;
            delete next.assignedAt;
            return this.policy.queued(next, now);
        }, {
            guard,
            // A timeout release is a deadline, run once: its notice goes before the audit line (recordAnnounced).
            // An operator's release is retried by the operator, and told after it as the trail says (tellOnce).
            ...(action === 'timeout_release' ? { notice: (value: HandoffCase) => this.positionNotice(value.id, 'requeued') } : {})
        });
        if (action === 'release' && !toldSinceRetried(requeued, 'requeued')) {
            await this.tellPosition(requeued.value.id, 'requeued');
        }
        return requeued.value;
    }

    /**
     * Reads, checks against the table and writes with the etag read; a lost race is read and checked again,
     * so a claim that lost to another sees "assigned" and fails as a conflict. An operator asking again for the
     * change that they made last (their request failed after the case was written, e.g. on the audit write, and
     * they retry) gets it as a success: see {@link transitionedAgain}.
     */
    private async transition(
        caseId: string, action: CaseAction, actor: Actor,
        apply: (value: HandoffCase, now: Date) => HandoffCase, options: TransitionOptions = {}
    ): Promise<Transitioned> {
        const { detail, guard, sameRequest, notice } = options;
        const where = `CaseService.${action}()`;
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            const doc = await this.require(caseId, where);
            const last = doc.value.lastTransition;
            if (actor.kind === 'operator' && last?.action === action && last.by === actorName(actor) && (sameRequest?.(doc.value) ?? true)) {
                return this.transitionedAgain(doc.value, actor, detail);
            }
            const to = this.check(doc.value, action, actor, where);
            if (guard && !guard(doc.value)) throw new ConflictError(where, `case ${caseId} no longer qualifies`);
            const now = this.clock();
            const lastTransition = { action, by: actorName(actor), from: doc.value.status, at: now.toISOString() };
            let next = apply({ ...doc.value, status: to, updatedAt: now.toISOString(), lastTransition }, now);
            try {
                let written: StoredDocument<HandoffCase>;
                if (isActiveStatus(to)) {
                    written = await this.cases.update(next, doc.etag);
                } else {
                    next = this.policy.closed({ ...next, closedAt: now.toISOString() });
                    const pointer = await this.cases.getPointer(next.citizenKey);
                    written = pointer?.value.caseId === next.id
                        ? await this.cases.close(next, doc.etag, pointer.etag)
                        : await this.cases.update(next, doc.etag);
                }
                // Live first: every console must see the change that is written, even when the audit write
                // then fails (the request fails; the operator's retry is answered by transitionedAgain()).
                this.events.publish({ type: 'case.updated', case: written.value });
                if (notice) await this.recordAnnounced(written.value, actor, action, { from: doc.value.status, to, ...detail }, notice);
                else await this.record(caseId, actor, action, { from: doc.value.status, to, ...detail });
                return { value: written.value };
            } catch (error) {
                if (!isPreconditionFailed(error)) throw error;
                await backOff(attempt);
            }
        }
        throw new ConflictError(where, `case ${caseId} kept changing`);
    }

    /**
     * The operator's retry of the change that put the case where it is (theirs): the live event again (it is
     * harmless twice, and a console that missed it needs it) and the change's audit line when it is missing, i.e.
     * when the trail's last change of status is not this one. Nothing else is written.
     */
    private async transitionedAgain(value: HandoffCase, actor: Actor, detail?: Record<string, unknown>): Promise<Transitioned> {
        const last = value.lastTransition!;
        this.events.publish({ type: 'case.updated', case: value });
        const trail = await this.audit.list(value.id);
        const index = trail.map((entry) => STATUS_CHANGES.includes(entry.action as CaseAction)).lastIndexOf(true);
        const line = trail[index];
        if (line?.action === last.action && line.actor === last.by) return { value, repeated: { trail: trail.slice(index) } };
        await this.record(value.id, actor, last.action, { from: last.from, to: value.status, ...detail });
        return { value, repeated: { trail: [] } };
    }

    /** The status the table allows, or the error the API maps to 409 / 403. */
    private check(value: HandoffCase, action: CaseAction, actor: Actor, where: string): CaseStatus {
        const party = actor.kind === 'operator'
            ? { kind: 'operator' as const, role: actor.role, username: actor.username }
            : { kind: actor.kind };
        const verdict = nextStatus(value.status, action, party, value.assignedTo);
        if (verdict.allowed) return verdict.to;
        if (verdict.reason === 'not_permitted') throw new ForbiddenError(where, `${actorName(actor)} may not ${action} case ${value.id}`);
        throw new ConflictError(where, `case ${value.id} is ${value.status}; ${action} is not possible`);
    }

    /** Merges a request into the active case; `changed` is false when it asked nothing new (nothing written). */
    private async merge(current: StoredDocument<HandoffCase>, request: HandoffRequest, now: Date): Promise<{ value: HandoffCase; changed: boolean }> {
        const before = current.value;
        const next: HandoffCase = {
            ...before,
            priority: higherPriority(before.priority, request.priority),
            reasons: before.reasons.includes(request.reason) ? before.reasons : [...before.reasons, request.reason],
            report: { ...before.report, ...request.report },
            updatedAt: now.toISOString(),
            ...(request.reportId ? { reportId: request.reportId } : {}),
            ...(request.triggerText ? { triggerText: request.triggerText } : {}),
            ...(request.conversationReference ? { conversationReference: request.conversationReference } : {})
        };
        // The same request again (a retried turn): nothing to write, nothing to tell.
        if (JSON.stringify({ ...next, updatedAt: before.updatedAt }) === JSON.stringify(before)) return { value: before, changed: false };
        const written = await this.cases.update(next, current.etag);
        this.events.publish({ type: 'case.updated', case: written.value });
        await this.record(before.id, { kind: 'system' }, 'request_merged', {
            reason: request.reason, priorityBefore: before.priority, priority: next.priority
        });
        return { value: written.value, changed: true };
    }

    /**
     * The turn that asked for this case runs again and asks the same: what its first run did after writing the
     * case may be lost (a storage failure, or the process died). Above all the live event: without it a critical
     * case waits in the queue with no alarm while the citizen was told a person is coming. It is published again;
     * the console raises the alarm once per case id (knownCritical in console/js/app.js), so a second one is
     * harmless. 'case.created' while the case is as it was opened; after anything changed it, 'case.updated'.
     * The trail's 'opened' line is written when it is missing.
     */
    private async requestedAgain(value: HandoffCase, request: HandoffRequest): Promise<void> {
        const asOpened = value.status === 'queued' && value.updatedAt === value.openedAt;
        this.events.publish({ type: asOpened ? 'case.created' : 'case.updated', case: value });
        await this.recordOnce(value.id, { kind: 'system' }, 'opened', {
            reason: request.reason, priority: request.priority, reportId: request.reportId
        });
    }

    private newCase(request: HandoffRequest, now: Date): HandoffCase {
        const at = now.toISOString();
        const value: HandoffCase = {
            kind: 'case',
            id: this.newId(),
            citizenKey: request.citizenKey,
            status: 'queued',
            priority: request.priority,
            reasons: [request.reason],
            report: request.report,
            openedAt: at,
            queuedAt: at,
            updatedAt: at,
            messageCount: 0
        };
        if (request.conversationReference) value.conversationReference = request.conversationReference;
        if (request.reportId) value.reportId = request.reportId;
        if (request.triggerText) value.triggerText = request.triggerText;
        return this.policy.queued(value, now);
    }

    private newEntry(
        value: HandoffCase, now: Date, author: TranscriptEntry['author'], input: CitizenMessageInput, operator?: string, activityId?: string,
        clientMessageId?: string
    ): TranscriptEntry {
        const sequence = value.messageCount + 1;
        const id = activityId ? TranscriptRepository.inboundEntryId(value.id, activityId)
            : operator && clientMessageId ? TranscriptRepository.outboundEntryId(value.id, operator, clientMessageId)
                : TranscriptRepository.entryId(value.id, sequence);
        const at = now.toISOString();
        const entry: TranscriptEntry = { kind: 'transcript', id, caseId: value.id, sequence, at, updatedAt: at, author, internal: false };
        if (activityId) entry.activityId = activityId;
        if (operator && clientMessageId) entry.clientMessageId = clientMessageId;
        if (operator) entry.operator = operator;
        if (input.text) entry.text = input.text;
        if (input.images?.length) entry.images = input.images;
        if (input.location) entry.location = input.location;
        if (input.otherMedia?.length) entry.otherMedia = input.otherMedia;
        return entry;
    }

    /** Adds the channel's id to the message, keeping what a quicker delivery report wrote on it meanwhile. */
    private async setDeliveryId(citizenKey: string, entryId: string, deliveryId: string): Promise<TranscriptEntry> {
        return (await this.rewriteMessage(citizenKey, entryId, 'CaseService.setDeliveryId()', (stored) => ({ ...stored, deliveryId }))).entry;
    }

    /**
     * Writes a transcript entry together with the case change it implies (one conditional write), reading
     * again and retrying when another writer got there first. `undefined` when `read` finds no case. An entry
     * made from the channel's message id (or the console's clientMessageId) that is already there is that message
     * again: nothing is written, and the stored entry comes back as a `duplicate`.
     */
    private async append(
        where: string,
        read: () => Promise<StoredDocument<HandoffCase> | undefined>,
        build: (value: HandoffCase, now: Date) => { entry: TranscriptEntry; updated: HandoffCase }
    ): Promise<{ entry: TranscriptEntry; updated: HandoffCase; duplicate?: boolean } | undefined> {
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            const doc = await read();
            if (!doc) return undefined;
            const built = build(doc.value, this.clock());
            try {
                await this.transcript.append(built.updated, doc.etag, built.entry);
                return built;
            } catch (error) {
                if (!isPreconditionFailed(error)) throw error;
                // Looked for only after the write failed: a message seen for the first time costs no extra read.
                const stable = built.entry.activityId !== undefined || built.entry.clientMessageId !== undefined;
                const stored = stable ? await this.transcript.get(doc.value.citizenKey, built.entry.id) : undefined;
                if (stored) return { entry: stored.value, updated: doc.value, duplicate: true };
                await backOff(attempt);
            }
        }
        throw new ConflictError(where, 'the case kept changing; nothing was recorded');
    }

    private async require(caseId: string, where: string): Promise<StoredDocument<HandoffCase>> {
        const doc = await this.cases.findById(caseId);
        if (!doc) throw new NotFoundError(where, `no case ${caseId}`);
        return doc;
    }

    private async record(caseId: string, actor: Actor, action: string, detail?: Record<string, unknown>): Promise<void> {
        const cleaned = detail ? Object.fromEntries(Object.entries(detail).filter(([, v]) => v !== undefined)) : undefined;
        await this.audit.append({
            caseId, at: this.clock().toISOString(), actor: actorName(actor), action,
            ...(cleaned && Object.keys(cleaned).length > 0 ? { detail: cleaned } : {})
        });
    }

    /**
     * The audit line of a transcript entry (its `messageId` in the detail): written; or, when the request or the turn
     * is the same one `again`, written only when its first run's line is missing.
     */
    private async recordForMessage(
        again: boolean, caseId: string, actor: Actor, action: string, detail: { messageId: string } & Record<string, unknown>
    ): Promise<void> {
        if (again) await this.recordOnce(caseId, actor, action, detail, (e) => e.detail?.messageId === detail.messageId);
        else await this.record(caseId, actor, action, detail);
    }

    /**
     * {@link record}, unless the case's trail already has such a line (`action` by `actor`, and `matches`): for a
     * turn that runs again, whose first run may or may not have got that far. Reads the trail: reruns only.
     */
    private async recordOnce(
        caseId: string, actor: Actor, action: string, detail?: Record<string, unknown>, matches: (entry: AuditEntry) => boolean = () => true
    ): Promise<void> {
        const trail = await this.audit.list(caseId);
        if (trail.some((entry) => entry.action === action && entry.actor === actorName(actor) && matches(entry))) return;
        await this.record(caseId, actor, action, detail);
    }

    /** Tells a queued case's citizen their place, and remembers what they were told. */
    private async tellPosition(caseId: string, key: 'queued' | 'requeued'): Promise<void> {
        const told = await this.notePositionTold(caseId);
        if (told) await this.tell(told.value, key, { position: told.position });
    }

    /**
     * A queued case's place, recorded as the one its citizen was told. `mustTell`: the citizen is told whatever
     * happens to that write (it only spares them a later "your place changed" that would repeat it).
     */
    private async notePositionTold(caseId: string, mustTell = false): Promise<{ position: number; value: HandoffCase } | undefined> {
        const position = await this.positionOf(caseId);
        const doc = await this.cases.findById(caseId);
        if (position === undefined || !doc) return undefined;
        await this.cases.update({ ...doc.value, notifiedPosition: position }, doc.etag).catch((error: unknown) => {
            if (isPreconditionFailed(error)) return;
            if (!mustTell) throw error;
            this.logger.warn({ err: error, caseId }, 'CaseService.notePositionTold(): the place told could not be kept');
        });
        return { position, value: doc.value };
    }

    /** The notice of a queued case's place (`key`: 'queued' or 'requeued'), recorded as told. */
    private async positionNotice(caseId: string, key: 'queued' | 'requeued'): Promise<Notice | undefined> {
        const told = await this.notePositionTold(caseId, true);
        return told && { key, values: { position: told.position } };
    }

    /** After the queue moved up, tells the waiting citizens whose place changed much. */
    private async tellQueueMoves(): Promise<void> {
        const queue = await this.cases.listByStatus('queued');
        const sorted = [...queue].sort((a, b) => compareCases(a.value, b.value));
        for (const [index, doc] of sorted.entries()) {
            const position = index + 1;
            if (!positionChangedMuch(doc.value.notifiedPosition, position)) continue;
            try {
                // Conditional: of two instances noticing the same move, one tells the citizen.
                await this.cases.update({ ...doc.value, notifiedPosition: position }, doc.etag);
            } catch (error) {
                if (isPreconditionFailed(error)) continue;
                throw error;
            }
            await this.tell(doc.value, 'queuePosition', { position });
        }
    }
}

/** Whether `changed` is an operator's retry after which the trail says the citizen was already sent `key`. */
function toldSinceRetried(changed: Transitioned, key: HandoffTextKey): boolean {
    return changed.repeated !== undefined && changed.repeated.trail.some((entry) => entry.action === 'citizen_notified' && entry.detail?.text === key);
}

/** A conversation reference without the id of the activity it was taken from. */
function withoutActivityId(reference: Partial<ConversationReference>): Partial<ConversationReference> {
    const copy = { ...reference };
    delete copy.activityId;
    return copy;
}

/** A short random pause before re-reading a document that lost a race, so racers spread out. */
function backOff(attempt: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
}
