import { randomUUID } from 'crypto';
import type { Logger } from '../../common/logger';
import { higherPriority } from '../../dialogs';
import type { HandoffRequest } from '../../dialogs';
import { isPreconditionFailed, StoredDocument } from '../../storage';
import { AuditLine } from '../repository/auditRepository';
import { CaseChange, CaseChangeWriter, CommittedChange } from '../repository/caseChangeWriter';
import { ActiveCasePointer, CaseRepository, Withdrawal } from '../repository/caseRepository';
import { Actor, actorName, Clock, HandoffCase, wasRequestedBy } from '../types';
import { CaseAction, isActiveStatus } from '../validation/caseTransitions';
import { CaseLiveEvents } from './caseLiveEvents';
import { backOff, checkAction, checkNotOfferedToAnother, MAX_ATTEMPTS } from './caseRules';
import { newEntry } from './caseTranscript';
import { CitizenNotices, NoticeOf } from './citizenNotices';
import { DeadlinePolicy } from './deadlinePolicy';
import { ConflictError, NotFoundError } from './errors';

/**
 * The citizen turns in progress in this process (the HandoffMiddleware's turn bracket): a case opened during one is
 * told its place as that turn's last reply, not by a message of its own that could overtake the bot's answers.
 */
export interface OpeningTurns {
    /** The case was opened (or asked for again) in the citizen's turn in progress: true when the turn tells its place. */
    caseOpenedInTurn(citizenKey: string, caseId: string): boolean;
}

export interface CaseCommandsOptions {
    cases: CaseRepository;
    writer: CaseChangeWriter;
    live: CaseLiveEvents;
    notices: CitizenNotices;
    policy: DeadlinePolicy;
    logger: Logger;
    clock: Clock;
    newId?: () => string;
}

/** A change of status as committed, or, for the same operator's retry of it, as its first request committed it. */
interface Transitioned {
    value: HandoffCase;
    /** The revision of the change: its notices are named after it. */
    revision: number;
    /** The change was there already: this is its retry, whose notices are sent only when the trail lacks them. */
    again: boolean;
}

/** What a {@link CaseCommands.transition} may need beyond the change itself. */
interface TransitionOptions {
    /** Added to the audit line's detail. */
    detail?: Record<string, unknown>;
    /** Checked on the very version written; false: a conflict. */
    guard?: (value: HandoffCase) => boolean;
    /** For a retry: whether the change found asked what this request asks (e.g. the same outcome). */
    sameRequest?: (value: HandoffCase) => boolean;
}

/**
 * The commands on cases and the state machine they follow. Every change is checked against the transition table and
 * committed, with its audit line and whatever else it writes, in one batch under the etag read; a lost race is read
 * and checked again, so of many operators claiming one case exactly one succeeds and the others get a ConflictError.
 *
 * A change run again (the citizen's turn re-run from the inbox, the operator's retry of a request whose answer was
 * lost) finds it committed: by the message id it was asked in (open, withdraw) or by the case's last transition
 * (same action, same operator). Nothing is written again; only what follows a commit is done again where it may be
 * missing: the live events (at least once) and the citizen's notices (once, see CitizenNotices).
 */
export class CaseCommands {
    private readonly newId: () => string;
    private turns: OpeningTurns | undefined;

    constructor(private readonly options: CaseCommandsOptions) {
        this.newId = options.newId ?? (() => `case-${randomUUID()}`);
    }

    /** Who brackets the citizen turns (the HandoffMiddleware); without one, a new case's place is told at once. */
    useOpeningTurns(turns: OpeningTurns): void {
        this.turns = turns;
    }

    /**
     * Opens a case for the citizen, or, when one is already active, merges the request into it (raising the priority if
     * the new one is higher). The new case, its pointer, the message that asked for a person and the 'opened' line are
     * one batch. Tells the citizen their place in the queue when a case is opened.
     */
    async open(request: HandoffRequest): Promise<HandoffCase> {
        const { cases, writer, live, logger } = this.options;
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            const now = new Date(this.options.clock.now());
            const pointer = await cases.getPointer(request.citizenKey);
            const current = pointer?.value.caseId ? await cases.get(request.citizenKey, pointer.value.caseId) : undefined;
            try {
                if (current && isActiveStatus(current.value.status)) return await this.merge(current, request, now);
                const value = this.newCase(request, now);
                const entries: CaseChange['entries'] = [];
                const audit: AuditLine[] = [
                    { actor: 'system', action: 'opened', detail: { reason: request.reason, priority: request.priority, reportId: request.reportId } }
                ];
                if (request.conversation && request.conversation.length > 0) {
                    // The conversation with the bot, from the first message to the one that asked for a person
                    // (that one, with its photo or voice note, included), is the case's from its first line.
                    for (const said of request.conversation) {
                        const entry = newEntry(value, now, said.author, said, undefined, said.author === 'citizen' ? said.activityId : undefined);
                        entry.at = said.at;
                        if (said.choices?.length) entry.choices = said.choices;
                        entries.push({ entry });
                        value.messageCount += 1;
                    }
                    audit.push({ actor: 'system', action: 'conversation_attached', detail: { messageIds: entries.map(({ entry }) => entry.id) } });
                } else if (request.openingMessage) {
                    // The photo, voice note or location that made the turn ask for a person is the case's first line: a
                    // voice note ("Una persona … va a escuchar su mensaje") must not open a case with nothing to listen to.
                    const entry = newEntry(
                        value,
                        now,
                        'citizen',
                        request.openingMessage,
                        undefined,
                        request.conversationReference?.activityId || undefined
                    );
                    entries.push({ entry });
                    audit.push({ actor: 'citizen', action: 'citizen_message', detail: { messageId: entry.id } });
                    value.messageCount = 1;
                }
                const committed = await writer.commit(
                    {
                        value,
                        etag: undefined,
                        entries,
                        audit,
                        pointer: { value: { kind: 'active_pointer', caseId: value.id } satisfies ActiveCasePointer, etag: pointer?.etag }
                    },
                    now.toISOString()
                );
                // For a critical case this is the operators' alarm.
                live.opened(committed.doc.value);
                for (const entry of committed.entries) live.message(entry);
                logger.info({ caseId: value.id, reason: request.reason, priority: request.priority }, 'handoff case opened');
                if (!this.turns?.caseOpenedInTurn(request.citizenKey, value.id)) {
                    await this.options.notices.tellPlace(value.id, 'queued', committed.revision);
                }
                return committed.doc.value;
            } catch (error) {
                if (!isPreconditionFailed(error)) throw error;
                await backOff(attempt);
            }
        }
        throw new ConflictError('CaseCommands.open()', "the citizen's case kept changing; try again");
    }

    /** Takes a queued case; the same operator claiming again the case they hold since their claim is its retry (200). */
    async claim(caseId: string, actor: Actor): Promise<HandoffCase> {
        const claimed = await this.transition(caseId, 'claim', actor, (value, now) => {
            checkNotOfferedToAnother(value, actor, now, 'CaseCommands.claim()');
            return this.options.policy.operatorActive({ ...value, assignedTo: actorName(actor), assignedAt: now.toISOString() }, now);
        });
        await this.options.notices.tell(claimed.value, { key: 'operatorJoined' }, claimed.revision, claimed.again);
        await this.options.notices.tellQueueMoves();
        return claimed.value;
    }

    /** Puts an assigned case back in the queue; the same operator's retry of it answers 200. */
    async release(caseId: string, actor: Actor): Promise<HandoffCase> {
        const released = await this.transition(caseId, 'release', actor, (value, now) => this.requeued(value, now));
        await this.options.notices.tellPlace(caseId, 'requeued', released.revision, released.again);
        return released.value;
    }

    /**
     * Deadline: the operator stayed silent after the reminder; the case goes back to the queue.
     * `stillDue` is checked on the very version written, so an operator message that just arrived wins.
     */
    async timeoutRelease(caseId: string, stillDue: (value: HandoffCase) => boolean): Promise<HandoffCase> {
        const requeued = await this.transition(caseId, 'timeout_release', { kind: 'system' }, (value, now) => this.requeued(value, now), {
            guard: stillDue
        });
        // Nothing runs a deadline again: a notice lost to the process dying right here is not sent later.
        const notice = await this.options.notices.placeNotice(caseId, 'requeued');
        if (notice) await this.options.notices.tell(requeued.value, notice, requeued.revision);
        return requeued.value;
    }

    /** Closes the case; resolving again what this operator resolved, with the same outcome, is its retry. */
    async resolve(caseId: string, actor: Actor, outcome: string): Promise<HandoffCase> {
        const resolved = await this.transition(caseId, 'resolve', actor, (value) => ({ ...value, outcome }), {
            detail: { outcome },
            sameRequest: (value) => value.outcome === outcome
        });
        await this.options.notices.tell(resolved.value, { key: 'resolved' }, resolved.revision, resolved.again);
        return resolved.value;
    }

    async returnToBot(caseId: string, actor: Actor): Promise<HandoffCase> {
        const returned = await this.transition(caseId, 'return_to_bot', actor, (value) => value);
        await this.options.notices.tell(returned.value, { key: 'returnedToBot' }, returned.revision, returned.again);
        if (returned.value.lastTransition?.from === 'queued') await this.options.notices.tellQueueMoves();
        return returned.value;
    }

    /**
     * The citizen wrote "cancelar" while waiting. Returns the withdrawn case, or undefined when none was queued.
     * `activityId`, the message's id, is kept on the case (and the citizen's pointer) for {@link withdrawnAgain}.
     */
    async withdraw(citizenKey: string, activityId?: string): Promise<HandoffCase | undefined> {
        const active = await this.options.cases.active(citizenKey);
        if (!active || active.doc.value.status !== 'queued') return undefined;
        const withdrawn = await this.transition(active.doc.value.id, 'withdraw', { kind: 'citizen' }, (value) =>
            activityId ? { ...value, withdrawnByActivityId: activityId } : value
        );
        await this.options.notices.tellQueueMoves();
        return withdrawn.value;
    }

    /**
     * The turn of the "cancelar" that withdrew the case runs again (its commit failed, or the process died before the
     * citizen was answered). The withdrawal was committed whole with its line; the live event that takes the case off
     * the operators' queue is published again, and the queue's news told where due. Returns the case, so the citizen
     * gets the same answer; undefined when it is not withdrawn after all.
     */
    async withdrawnAgain(citizenKey: string, withdrawal: Withdrawal): Promise<HandoffCase | undefined> {
        const doc = await this.options.cases.get(citizenKey, withdrawal.caseId);
        if (doc?.value.status !== 'withdrawn' || doc.value.withdrawnByActivityId !== withdrawal.activityId) return undefined;
        this.options.live.changed(doc.value);
        await this.options.notices.tellQueueMoves();
        return doc.value;
    }

    /**
     * Commits a change the line makes by itself (deadlines) with the etag it read, and its line; then the citizen's
     * notice it makes due (`notice`). Returns undefined when the case changed meanwhile: another instance, or an
     * operator, got there first. Nothing runs a deadline again: only the instance whose commit won tells the citizen,
     * once; the process dying between the commit and the send loses that notice.
     */
    async systemUpdate(
        doc: StoredDocument<HandoffCase>,
        next: HandoffCase,
        action: string,
        detail?: Record<string, unknown>,
        notice?: NoticeOf
    ): Promise<HandoffCase | undefined> {
        const now = new Date(this.options.clock.now()).toISOString();
        let committed: CommittedChange;
        try {
            committed = await this.options.writer.commit(
                { value: { ...next, updatedAt: now }, etag: doc.etag, audit: [{ actor: 'system', action, detail }] },
                now
            );
        } catch (error) {
            if (isPreconditionFailed(error)) return undefined;
            throw error;
        }
        const value = committed.doc.value;
        if (action === 'operator_reminded') this.options.live.reminded(value);
        else this.options.live.changed(value);
        const due = notice && (await notice(value));
        if (due) await this.options.notices.tell(value, due, committed.revision);
        return value;
    }

    /**
     * Merges a request into the active case (one batch with its 'request_merged' line). The same request again (the
     * turn that asked for the case re-run): nothing is written; the case is shown live again, as committed, for the
     * alarm its first run's event may have lost, and the turn tells the place again.
     */
    private async merge(current: StoredDocument<HandoffCase>, request: HandoffRequest, now: Date): Promise<HandoffCase> {
        const before = current.value;
        const sameTurn = wasRequestedBy(before, request.conversationReference?.activityId);
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
        // A "consulta" whose citizen then asks for a person or reports an emergency is an emergency from now on.
        if (request.reason !== 'consulta' && next.topic === 'consulta') {
            delete next.topic;
            if (next.status === 'queued') Object.assign(next, this.options.policy.queued(next, now));
        }
        let value = before;
        if (JSON.stringify({ ...next, updatedAt: before.updatedAt }) === JSON.stringify(before)) {
            if (sameTurn) this.options.live.asCommitted(before);
        } else {
            const committed = await this.options.writer.commit(
                {
                    value: next,
                    etag: current.etag,
                    audit: [
                        {
                            actor: 'system',
                            action: 'request_merged',
                            detail: { reason: request.reason, priorityBefore: before.priority, priority: next.priority }
                        }
                    ]
                },
                now.toISOString()
            );
            value = committed.doc.value;
            this.options.live.changed(value);
        }
        // The turn that opened this case runs again: its replies, the place in the queue among them, are sent again.
        if (sameTurn) this.turns?.caseOpenedInTurn(request.citizenKey, value.id);
        return value;
    }

    /**
     * Reads, checks against the table and commits with the etag read; a lost race is read and checked again, so a
     * claim that lost to another sees "assigned" and fails as a conflict. An operator asking again for the change that
     * they made last (its answer was lost, and they retry) finds it committed and gets it as a success.
     */
    private async transition(
        caseId: string,
        action: CaseAction,
        actor: Actor,
        apply: (value: HandoffCase, now: Date) => HandoffCase,
        options: TransitionOptions = {}
    ): Promise<Transitioned> {
        const { detail, guard, sameRequest } = options;
        const where = `CaseCommands.${action}()`;
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            const doc = await this.require(caseId, where);
            const last = doc.value.lastTransition;
            if (actor.kind === 'operator' && last?.action === action && last.by === actorName(actor) && (sameRequest?.(doc.value) ?? true)) {
                // At least once: a console that missed the first event needs it.
                this.options.live.changed(doc.value);
                return { value: doc.value, revision: last.revision ?? doc.value.revision ?? 0, again: true };
            }
            const to = checkAction(doc.value, action, actor, where);
            if (guard && !guard(doc.value)) throw new ConflictError(where, `case ${caseId} no longer qualifies`);
            const now = new Date(this.options.clock.now());
            const revision = (doc.value.revision ?? 0) + 1;
            const lastTransition = { action, by: actorName(actor), from: doc.value.status, at: now.toISOString(), revision };
            let next = apply({ ...doc.value, status: to, updatedAt: now.toISOString(), lastTransition }, now);
            let pointer: CaseChange['pointer'];
            if (!isActiveStatus(to)) {
                next = this.options.policy.closed({ ...next, closedAt: now.toISOString() });
                const current = await this.options.cases.getPointer(next.citizenKey);
                if (current?.value.caseId === next.id) pointer = { value: CaseRepository.pointerAfterClose(next), etag: current.etag };
            }
            try {
                const committed = await this.options.writer.commit(
                    {
                        value: next,
                        etag: doc.etag,
                        ...(pointer ? { pointer } : {}),
                        audit: [{ actor: actorName(actor), action, detail: { from: doc.value.status, to, ...detail } }]
                    },
                    now.toISOString()
                );
                this.options.live.changed(committed.doc.value);
                return { value: committed.doc.value, revision: committed.revision, again: false };
            } catch (error) {
                if (!isPreconditionFailed(error)) throw error;
                await backOff(attempt);
            }
        }
        throw new ConflictError(where, `case ${caseId} kept changing`);
    }

    /** The case back in the queue: unassigned, waiting again from now. */
    private requeued(value: HandoffCase, now: Date): HandoffCase {
        const next: HandoffCase = { ...value };
        delete next.assignedTo;
        delete next.assignedAt;
        return this.options.policy.queued(next, now);
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
        if (request.reason === 'consulta') value.topic = 'consulta';
        const citizenSaid = request.conversation
            ?.filter((said) => said.author === 'citizen')
            .map((said) => said.at)
            .sort()
            .pop();
        value.lastCitizenMessageAt = citizenSaid ?? request.requestedAt;
        if (request.conversationReference) value.conversationReference = request.conversationReference;
        if (request.reportId) value.reportId = request.reportId;
        if (request.triggerText) value.triggerText = request.triggerText;
        return this.options.policy.queued(value, now);
    }

    private async require(caseId: string, where: string): Promise<StoredDocument<HandoffCase>> {
        const doc = await this.options.cases.findById(caseId);
        if (!doc) throw new NotFoundError(where, `no case ${caseId}`);
        return doc;
    }
}
