import type { ConversationReference } from 'botbuilder';
import type { Logger } from '../../common/logger';
import type { CitizenMessage } from '../../dialogs';
import { isPreconditionFailed, StoredDocument } from '../../storage';
import { AuditLine } from '../repository/auditRepository';
import { CaseChangeWriter, CommittedChange } from '../repository/caseChangeWriter';
import { CaseRepository } from '../repository/caseRepository';
import { TranscriptRepository } from '../repository/transcriptRepository';
import { handoffText } from '../texts';
import { Actor, actorName, Clock, DeliveryProgress, HandoffCase, isDeliveryAdvance, TranscriptEntry } from '../types';
import { CaseLiveEvents } from './caseLiveEvents';
import { CaseQueue } from './caseQueue';
import { backOff, checkAction, MAX_ATTEMPTS } from './caseRules';
import { CitizenNotices } from './citizenNotices';
import { DeadlinePolicy } from './deadlinePolicy';
import type { SendOptions } from './citizenMessenger';
import { isWindowOpen } from './customerServiceWindow';
import { ConflictError, ForbiddenError, NotFoundError, WindowClosedError } from './errors';
import { CardFacts, isTriaging, mergeFacts, nextTriageQuestion, triageText, TriageQuestion } from './triage';
import { decideWaitingReply, WaitingReplyDecision } from './waitingReply';

export interface CaseTranscriptOptions {
    cases: CaseRepository;
    transcript: TranscriptRepository;
    writer: CaseChangeWriter;
    live: CaseLiveEvents;
    notices: CitizenNotices;
    queue: CaseQueue;
    policy: DeadlinePolicy;
    logger: Logger;
    clock: Clock;
    /** WHATSAPP_CASE_FOLLOW_UP_TEMPLATE: how an operator reaches a citizen whose 24-hour window closed. */
    followUpTemplate?: { name: string; language: string };
}

/** How an operator message is sent. */
export interface OperatorMessageOptions {
    /** As the approved follow-up template: the citizen's 24-hour window has closed and the operator chose it. */
    asTemplate?: boolean;
}

/** How a citizen's message to their case is handled. */
export interface ForwardOptions {
    /** The message says a life is at risk (the case becomes critical). */
    urgent?: boolean;
    /** Answer with the place in the queue (false: another answer is given, e.g. an alert command's). */
    acknowledge?: boolean;
    /** What the message carries for the case card, read against the case as it is (the question last asked). */
    readFacts?: (value: HandoffCase) => CardFacts | undefined;
}

/** The message as recorded, the answer to send, and the triage question to ask next. */
export interface Forwarded {
    entry: TranscriptEntry;
    reply?: string;
    question?: TriageQuestion;
    /** The message answered the last triage question. */
    triageDone?: boolean;
}
/** What a new entry and its case change are, as a message's change builds them. */
interface EntryChange {
    entry: TranscriptEntry;
    updated: HandoffCase;
    audit: AuditLine[];
    /** Entries written with it (the bot's triage question that answers it). */
    more?: TranscriptEntry[];
}

/** A message's change as committed, or, when its stable id was there already, as its first run committed it. */
interface Appended {
    entry: TranscriptEntry;
    updated: HandoffCase;
    duplicate: boolean;
    more?: TranscriptEntry[];
}

/**
 * A case's transcript: what the citizen and the operators write to each other, and the operators' notes. Each new
 * entry is committed with its case change (the message count, the deadlines it moves) and its audit line in one
 * batch. An entry whose id is made from the channel's message id or the console's clientMessageId is written once:
 * its re-run fails the batch's "not there yet" condition, finds the entry, and only shows it again live.
 */
export class CaseTranscript {
    constructor(private readonly options: CaseTranscriptOptions) {}

    /**
     * What a citizen sent to their active case, and what they get back (decideWaitingReply): a message that says a life
     * is at risk (`urgent`) raises the case to critical in the same batch; a message while the case waits is acknowledged
     * with the place in the queue, at most once a minute. `acknowledge: false`: the caller answers itself. The same
     * message again (its turn re-run) gets the reply its first run decided. Undefined when no case is active.
     */
    async forwardCitizenMessage(
        citizenKey: string,
        input: CitizenMessage,
        conversationReference?: Partial<ConversationReference>,
        options: ForwardOptions = {}
    ): Promise<Forwarded | undefined> {
        const activityId = conversationReference?.activityId || undefined;
        // Operators answer to this reference. Its activity id is left out: on a case it marks the turn that asked for
        // a person (wasRequestedBy), and this message's turn, run again, must come back here, not to the bot.
        const reference = conversationReference && withoutActivityId(conversationReference);
        const urgent = options.urgent === true;
        let decision: WaitingReplyDecision = { escalate: false };
        let question: TriageQuestion | undefined;
        let cardChanged = false;
        const appended = await this.append(
            'CaseTranscript.forwardCitizenMessage()',
            async () => (await this.options.cases.active(citizenKey))?.doc,
            (value, now) => {
                const at = now.toISOString();
                const entry = newEntry(value, now, 'citizen', input, undefined, activityId);
                decision = decideWaitingReply(value, urgent, at);
                if (options.acknowledge === false && !urgent) decision = { escalate: false };
                const updated: HandoffCase = {
                    ...value,
                    messageCount: value.messageCount + 1,
                    updatedAt: at,
                    lastCitizenMessageAt: at,
                    ...(reference ? { conversationReference: reference } : {}),
                    ...(decision.reply
                        ? { lastWaitingReply: { messageId: entry.id, key: decision.reply, at, ...(decision.escalate ? { escalated: true } : {}) } }
                        : {})
                };
                const audit: AuditLine[] = [{ actor: 'citizen', action: 'citizen_message', detail: { messageId: entry.id } }];
                if (decision.escalate) {
                    updated.priority = 'critical';
                    if (!updated.reasons.includes('urgent')) updated.reasons = [...updated.reasons, 'urgent'];
                    if (input.text) updated.triggerText = input.text;
                    audit.push({ actor: 'citizen', action: 'priority_raised', detail: { messageId: entry.id, priority: 'critical' } });
                }
                // What the message carries lands on the card, in the same batch as the message.
                const facts = options.readFacts?.(value);
                const merged = facts ? mergeFacts(value.report, facts) : undefined;
                cardChanged = merged !== undefined && merged.changed.length > 0;
                if (merged && cardChanged) {
                    updated.report = merged.report;
                    audit.push({ actor: 'citizen', action: 'card_updated', detail: { messageId: entry.id, fields: merged.changed } });
                }
                // While an urgent case waits, the next thing a dispatcher needs is asked (one question per answer).
                question = nextTriageQuestion(updated);
                // The last question answered: the citizen hears that the operator has it all, once.
                if (!question && isTriaging(updated) && value.triage && value.triage.asked.length > 0 && !value.triage.doneAfter && cardChanged) {
                    updated.triage = { ...value.triage, doneAfter: entry.id };
                    audit.push({ actor: 'system', action: 'triage_done' });
                }
                let more: TranscriptEntry[] | undefined;
                if (question) {
                    updated.triage = { ...updated.triage, asked: [...(updated.triage?.asked ?? []), question], askedAfter: entry.id };
                    // The question is the case's too: the operator reads what the citizen's next message answers.
                    const asked = newEntry(updated, now, 'bot', { text: triageText(question) });
                    updated.messageCount += 1;
                    more = [asked];
                    audit.push({ actor: 'system', action: 'triage_asked', detail: { question, messageId: asked.id } });
                    // The question says the message arrived: no separate acknowledgement.
                    if (decision.reply === 'receivedWhileQueued') {
                        decision = { escalate: decision.escalate };
                        if (value.lastWaitingReply) updated.lastWaitingReply = value.lastWaitingReply;
                        else delete updated.lastWaitingReply;
                    }
                }
                return { entry, updated, audit, ...(more ? { more } : {}) };
            }
        );
        if (!appended) return undefined;
        const { entry, updated, duplicate } = appended;
        if (duplicate) {
            // The same message again: the reply its first run decided, if any (it may not have reached the citizen).
            const told = updated.lastWaitingReply?.messageId === entry.id ? updated.lastWaitingReply : undefined;
            decision = { escalate: told?.escalated === true, ...(told ? { reply: told.key } : {}) };
            question = updated.triage?.askedAfter === entry.id ? updated.triage.asked.at(-1) : undefined;
        }
        const triageDone = updated.triage?.doneAfter === entry.id;
        // A case raised to critical is the operators' alarm (the console raises it for a queued critical case it has not seen).
        this.options.live.message(entry);
        for (const asked of appended.more ?? []) this.options.live.message(asked);
        if (decision.escalate || cardChanged || question) this.options.live.changed(updated);
        if (decision.escalate && !duplicate)
            this.options.logger.info({ caseId: entry.caseId }, 'a waiting citizen wrote that a life is at risk: case raised to critical');
        if (!decision.reply) return { entry, ...(question ? { question } : {}), ...(triageDone ? { triageDone } : {}) };
        const position = decision.reply === 'receivedWhileQueued' ? await this.options.queue.positionOf(entry.caseId) : undefined;
        // Out of the queue between the write and now (an operator took it): the acknowledgement says nothing then.
        if (decision.reply === 'receivedWhileQueued' && position === undefined) return { entry };
        return {
            entry,
            reply: handoffText(decision.reply, position !== undefined ? { position } : {}),
            ...(question ? { question } : {}),
            ...(triageDone ? { triageDone } : {})
        };
    }

    /**
     * An operator writes to the citizen: committed, then shown live and sent. A failed send stays visible on the message
     * as `deliveryError`. `clientMessageId`, the console's id for this message, makes the request safe to send again:
     * the same message is then returned as saved and shown live again (see {@link sameEntryAgain}).
     */
    async addOperatorMessage(
        caseId: string,
        actor: Actor,
        text: string,
        clientMessageId?: string,
        options: OperatorMessageOptions = {}
    ): Promise<TranscriptEntry> {
        const where = 'CaseTranscript.addOperatorMessage()';
        const template = options.asTemplate ? this.options.followUpTemplate : undefined;
        if (options.asTemplate && !template) throw new ConflictError(where, 'no follow-up template is configured (WHATSAPP_CASE_FOLLOW_UP_TEMPLATE)');
        const appended = (await this.append(
            where,
            () => this.require(caseId, where),
            (current, now) => {
                checkAction(current, 'message', actor, where);
                // Free text after the window would be refused by WhatsApp (131047): the operator is offered the template.
                if (!template && !isWindowOpen(current, now)) {
                    throw new WindowClosedError(
                        where,
                        `the citizen of case ${caseId} last wrote at ${current.lastCitizenMessageAt ?? current.openedAt}`
                    );
                }
                const entry = newEntry(current, now, 'operator', { text }, actorName(actor), undefined, clientMessageId);
                if (template) entry.viaTemplate = true;
                return {
                    entry,
                    updated: this.options.policy.operatorActive(
                        {
                            ...current,
                            messageCount: current.messageCount + 1,
                            lastOperatorMessageAt: now.toISOString(),
                            updatedAt: now.toISOString()
                        },
                        now
                    ),
                    audit: [{ actor: actorName(actor), action: 'operator_message', detail: { messageId: entry.id } }]
                };
            }
        ))!;
        const { entry, updated: value } = appended;
        if (appended.duplicate) return this.sameEntryAgain(entry, text, false, where);
        this.options.live.message(entry);
        return this.sendAndSettle(value, entry, text, template ? { template } : undefined);
    }

    /**
     * An internal note: for operators only, never sent to the citizen. Allowed in any status. `clientMessageId` makes
     * the console's resend of a note whose answer it did not get return the note saved, not a second one.
     */
    async addNote(caseId: string, actor: Actor, text: string, clientMessageId?: string): Promise<TranscriptEntry> {
        if (actor.kind !== 'operator') throw new ForbiddenError('CaseTranscript.addNote()', 'only operators write notes');
        const where = 'CaseTranscript.addNote()';
        const appended = (await this.append(
            where,
            () => this.require(caseId, where),
            (value, now) => {
                const entry: TranscriptEntry = {
                    ...newEntry(value, now, 'operator', { text }, actor.username, undefined, clientMessageId),
                    internal: true
                };
                return {
                    entry,
                    updated: { ...value, messageCount: value.messageCount + 1, updatedAt: now.toISOString() },
                    audit: [{ actor: actor.username, action: 'note', detail: { messageId: entry.id } }]
                };
            }
        ))!;
        if (appended.duplicate) return this.sameEntryAgain(appended.entry, text, true, where);
        this.options.live.message(appended.entry);
        return appended.entry;
    }

    /**
     * An operator message did not reach the citizen (e.g. WhatsApp 131047: outside the 24-hour window): the message
     * shows why, and the trail says so, in one batch. Called at once when the send fails, or later by the channel.
     */
    async markMessageFailed(caseId: string, messageId: string, reason: string): Promise<TranscriptEntry> {
        const where = 'CaseTranscript.markMessageFailed()';
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            const doc = await this.require(caseId, where);
            const stored = await this.storedEntry(doc.value.citizenKey, messageId, caseId, where);
            const now = new Date(this.options.clock.now()).toISOString();
            const entry: TranscriptEntry = { ...stored.value, deliveryError: reason, updatedAt: now };
            try {
                await this.options.writer.commit(
                    {
                        value: doc.value,
                        etag: doc.etag,
                        entries: [{ entry, etag: stored.etag }],
                        audit: [{ actor: 'system', action: 'delivery_failed', detail: { messageId, reason } }]
                    },
                    now
                );
            } catch (error) {
                if (!isPreconditionFailed(error)) throw error;
                await backOff(attempt);
                continue;
            }
            this.options.live.message(entry);
            this.options.logger.warn({ caseId, messageId, reason }, 'an operator message did not reach the citizen');
            return entry;
        }
        throw new ConflictError(where, 'the message kept changing');
    }

    /**
     * WhatsApp reported how far an operator message got (sent, delivered, read): shown on the message. A report
     * that is not a step forward (a late 'delivered' after 'read', anything after a failure) changes nothing.
     */
    async markMessageDelivery(caseId: string, messageId: string, status: DeliveryProgress): Promise<TranscriptEntry> {
        const where = 'CaseTranscript.markMessageDelivery()';
        const doc = await this.require(caseId, where);
        const { entry, changed } = await this.rewriteMessage(
            doc.value.citizenKey,
            messageId,
            where,
            (stored) =>
                stored.deliveryError || !isDeliveryAdvance(stored.deliveryStatus, status) ? undefined : { ...stored, deliveryStatus: status },
            caseId
        );
        if (changed) this.options.live.message(entry);
        return entry;
    }

    /** One line of one of the citizen's case transcripts, by its id. */
    async findMessage(citizenKey: string, messageId: string): Promise<TranscriptEntry | undefined> {
        return (await this.options.transcript.get(citizenKey, messageId))?.value;
    }

    /**
     * The same operator message or note again (same operator, case and clientMessageId: the console resent a request
     * whose answer it did not get). It was committed whole, so nothing is written again; it is shown live again
     * (consoles merge messages by id). A message that shows no outcome of a send (no channel id, no failure, no
     * progress) may have been committed by a request that ended before sending it (its answer lost, or the process
     * died): it is sent now, at least once rather than never. The same id with another text, or a message's id on a
     * note (or the other way round), is a conflict.
     */
    private async sameEntryAgain(stored: TranscriptEntry, text: string, internal: boolean, where: string): Promise<TranscriptEntry> {
        if (stored.text !== text || stored.internal !== internal) {
            throw new ConflictError(where, `clientMessageId ${stored.clientMessageId} was already used for another message`);
        }
        this.options.live.message(stored);
        const sendOutcome = stored.deliveryId ?? stored.deliveryError ?? stored.deliveryStatus;
        if (internal || sendOutcome !== undefined) return stored;
        const doc = await this.require(stored.caseId, where);
        return this.sendAndSettle(doc.value, stored, text);
    }

    /** Sends an operator message and keeps the send's outcome (its id, or why it failed) on it. */
    private async sendAndSettle(value: HandoffCase, entry: TranscriptEntry, text: string, options?: SendOptions): Promise<TranscriptEntry> {
        const sent = await this.options.notices.send(value, text, entry.id, options);
        if (!sent.ok) return this.markMessageFailed(value.id, entry.id, sent.error ?? 'not delivered');
        if (sent.deliveryId) return this.setDeliveryId(value.citizenKey, entry.id, sent.deliveryId);
        return entry;
    }

    /** Adds the channel's id to the message, keeping what a quicker delivery report wrote on it meanwhile. */
    private async setDeliveryId(citizenKey: string, entryId: string, deliveryId: string): Promise<TranscriptEntry> {
        return (await this.rewriteMessage(citizenKey, entryId, 'CaseTranscript.setDeliveryId()', (stored) => ({ ...stored, deliveryId }))).entry;
    }

    /**
     * Commits a new entry with the case change it implies, reading again and retrying when another writer got there
     * first. `undefined` when `read` finds no case. An entry made from the channel's message id (or the console's
     * clientMessageId) that is already there is that message again: nothing is written, the stored entry comes back.
     */
    private async append(
        where: string,
        read: () => Promise<StoredDocument<HandoffCase> | undefined>,
        build: (value: HandoffCase, now: Date) => EntryChange
    ): Promise<Appended | undefined> {
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            const doc = await read();
            if (!doc) return undefined;
            const now = new Date(this.options.clock.now());
            const built = build(doc.value, now);
            let committed: CommittedChange;
            try {
                const entries = [built.entry, ...(built.more ?? [])].map((entry) => ({ entry }));
                committed = await this.options.writer.commit(
                    { value: built.updated, etag: doc.etag, entries, audit: built.audit },
                    now.toISOString()
                );
            } catch (error) {
                if (!isPreconditionFailed(error)) throw error;
                // Looked for only after the batch failed: a message seen for the first time costs no extra read.
                const stable = built.entry.activityId !== undefined || built.entry.clientMessageId !== undefined;
                const stored = stable ? await this.options.transcript.get(doc.value.citizenKey, built.entry.id) : undefined;
                if (stored) return { entry: stored.value, updated: doc.value, duplicate: true };
                await backOff(attempt);
                continue;
            }
            return { entry: built.entry, updated: committed.doc.value, duplicate: false, ...(built.more ? { more: built.more } : {}) };
        }
        throw new ConflictError(where, 'the case kept changing; nothing was recorded');
    }

    /** Rewrites one message alone under its etag (`change` undefined: leave it), reading again on a lost race. */
    private async rewriteMessage(
        citizenKey: string,
        messageId: string,
        where: string,
        change: (stored: TranscriptEntry) => TranscriptEntry | undefined,
        caseId?: string
    ): Promise<{ entry: TranscriptEntry; changed: boolean }> {
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            const stored = await this.storedEntry(citizenKey, messageId, caseId, where);
            const changed = change(stored.value);
            if (!changed) return { entry: stored.value, changed: false };
            const entry = { ...changed, updatedAt: new Date(this.options.clock.now()).toISOString() };
            try {
                await this.options.transcript.update(citizenKey, entry, stored.etag);
            } catch (error) {
                if (isPreconditionFailed(error)) continue;
                throw error;
            }
            return { entry, changed: true };
        }
        throw new ConflictError(where, 'the message kept changing');
    }

    /** The stored message; `caseId`, when given, is the case it must belong to. */
    private async storedEntry(
        citizenKey: string,
        messageId: string,
        caseId: string | undefined,
        where: string
    ): Promise<StoredDocument<TranscriptEntry>> {
        const stored = await this.options.transcript.get(citizenKey, messageId);
        if (!stored || (caseId !== undefined && stored.value.caseId !== caseId)) {
            throw new NotFoundError(where, `no message ${messageId}${caseId !== undefined ? ` in case ${caseId}` : ''}`);
        }
        return stored;
    }

    private async require(caseId: string, where: string): Promise<StoredDocument<HandoffCase>> {
        const doc = await this.options.cases.findById(caseId);
        if (!doc) throw new NotFoundError(where, `no case ${caseId}`);
        return doc;
    }
}

/**
 * A new transcript entry. Its id is made from the channel's message id (`activityId`) or the console's
 * `clientMessageId` when there is one, so the same message always gets the same id; otherwise from its sequence.
 */
export function newEntry(
    value: HandoffCase,
    now: Date,
    author: TranscriptEntry['author'],
    input: CitizenMessage,
    operator?: string,
    activityId?: string,
    clientMessageId?: string
): TranscriptEntry {
    const sequence = value.messageCount + 1;
    const id = activityId
        ? TranscriptRepository.inboundEntryId(value.id, activityId)
        : operator && clientMessageId
          ? TranscriptRepository.outboundEntryId(value.id, operator, clientMessageId)
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

/** A conversation reference without the id of the activity it was taken from. */
function withoutActivityId(reference: Partial<ConversationReference>): Partial<ConversationReference> {
    const copy = { ...reference };
    delete copy.activityId;
    return copy;
}
