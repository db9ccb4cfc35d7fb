import type { ConversationReference } from 'botbuilder';
import type { Logger } from '../../common/logger';
import type { HandoffRequest, HandoffRequester } from '../../dialogs';
import type { CitizenMessage } from '../../dialogs';
import type { StoredDocument } from '../../storage';
import { AuditRepository } from '../repository/auditRepository';
import { CaseChangeWriter } from '../repository/caseChangeWriter';
import { CaseRepository, Withdrawal } from '../repository/caseRepository';
import { TranscriptRepository } from '../repository/transcriptRepository';
import { Actor, AuditEntry, Clock, DeliveryProgress, HandoffCase, systemClock, TranscriptEntry } from '../types';
import { CaseStatus } from '../validation/caseTransitions';
import { CaseCommands, OpeningTurns } from './caseCommands';
import { CaseEvents } from './caseEvents';
import { CaseLiveEvents } from './caseLiveEvents';
import { CaseQueue, CaseSummary } from './caseQueue';
import { CaseTranscript, ForwardOptions, Forwarded, OperatorMessageOptions } from './caseTranscript';
import { CaseTriage } from './caseTriage';
import { CaseCard, CardEdit } from './caseCard';
import { CaseTransfer } from './caseTransfer';
import type { TriageQuestion } from './triage';
import { CitizenMessenger } from './citizenMessenger';
import { CitizenNotices, NoticeOf } from './citizenNotices';
import { DeadlinePolicy, DEFAULT_DEADLINES, DeadlineSettings } from './deadlinePolicy';
import { NotFoundError } from './errors';

export type { CaseSummary } from './caseQueue';
export type { NoticeOf } from './citizenNotices';
export type { OpeningTurns } from './caseCommands';

export interface CaseServiceOptions {
    cases: CaseRepository;
    transcript: TranscriptRepository;
    audit: AuditRepository;
    writer: CaseChangeWriter;
    events: CaseEvents;
    messenger: CitizenMessenger;
    logger: Logger;
    clock?: Clock;
    deadlines?: Partial<DeadlineSettings>;
    newId?: () => string;
    /** WHATSAPP_CASE_FOLLOW_UP_TEMPLATE and its language. */
    followUpTemplate?: { name: string; language: string };
}

/** What a citizen sent while with a person. */
export type CitizenMessageInput = CitizenMessage;

/** What a citizen's message meets: their active case, or else the withdrawal their last "cancelar" made. */
export interface CitizenCaseState {
    active?: HandoffCase;
    withdrawal?: Withdrawal;
}

export interface CaseDetails {
    case: CaseSummary;
    transcript: TranscriptEntry[];
    audit: AuditEntry[];
}

/**
 * The handoff's one entry point for the dialogs, the middleware, the operator API and the deadlines. It holds no rules
 * of its own: the commands and state machine ({@link CaseCommands}), the transcript ({@link CaseTranscript}), the
 * notices to the citizen ({@link CitizenNotices}) and the live events ({@link CaseLiveEvents}) each have theirs.
 */
export class CaseService implements HandoffRequester {
    readonly policy: DeadlinePolicy;
    private readonly cases: CaseRepository;
    private readonly transcriptRepository: TranscriptRepository;
    private readonly audit: AuditRepository;
    private readonly queue: CaseQueue;
    private readonly notices: CitizenNotices;
    private readonly commands: CaseCommands;
    private readonly transcript: CaseTranscript;
    private readonly triage: CaseTriage;
    private readonly card: CaseCard;
    private readonly transferrer: CaseTransfer;

    constructor(options: CaseServiceOptions) {
        const clock = options.clock ?? systemClock;
        this.policy = new DeadlinePolicy({ ...DEFAULT_DEADLINES, ...options.deadlines });
        this.cases = options.cases;
        this.transcriptRepository = options.transcript;
        this.audit = options.audit;
        this.queue = new CaseQueue(options.cases);
        const live = new CaseLiveEvents(options.events);
        this.notices = new CitizenNotices({
            cases: options.cases,
            writer: options.writer,
            audit: options.audit,
            queue: this.queue,
            messenger: options.messenger,
            logger: options.logger,
            clock
        });
        const common = {
            cases: options.cases,
            writer: options.writer,
            live,
            notices: this.notices,
            policy: this.policy,
            logger: options.logger,
            clock
        };
        this.commands = new CaseCommands({ ...common, ...(options.newId ? { newId: options.newId } : {}) });
        this.transcript = new CaseTranscript({
            ...common,
            transcript: options.transcript,
            queue: this.queue,
            ...(options.followUpTemplate ? { followUpTemplate: options.followUpTemplate } : {})
        });
        this.triage = new CaseTriage({ cases: options.cases, writer: options.writer, live, logger: options.logger, clock });
        this.card = new CaseCard({ cases: options.cases, writer: options.writer, live, logger: options.logger, clock });
        this.transferrer = new CaseTransfer({
            cases: options.cases,
            writer: options.writer,
            live,
            events: options.events,
            logger: options.logger,
            clock
        });
    }

    /** Hands an assigned case to operator `to` with a note (an internal entry); the receiver is alerted live. */
    transfer(caseId: string, actor: Actor, to: string, note: string): Promise<HandoffCase> {
        return this.transferrer.transfer(caseId, actor, to, note);
    }

    /** An operator corrects the case card; audited per field and shown live. */
    editCard(caseId: string, actor: Actor, edit: CardEdit): Promise<HandoffCase> {
        return this.card.edit(caseId, actor, edit);
    }

    /** The first triage question of an urgent case opened in the citizen's turn (where are you?), committed as asked. */
    askFirstTriageQuestion(caseId: string): Promise<TriageQuestion | undefined> {
        return this.triage.askFirst(caseId);
    }

    /** Who brackets the citizen turns: a case opened in one is told its place as the turn's last reply. */
    useOpeningTurns(turns: OpeningTurns): void {
        this.commands.useOpeningTurns(turns);
    }

    /** The dialogs' seam: a person is needed. */
    async requestHandoff(request: HandoffRequest): Promise<void> {
        await this.commands.open(request);
    }

    open(request: HandoffRequest): Promise<HandoffCase> {
        return this.commands.open(request);
    }

    /** A queued case's place, kept as the one its citizen was told (the turn that opened it tells it). */
    async notePlaceTold(caseId: string): Promise<number | undefined> {
        return (await this.notices.notePlaceTold(caseId))?.position;
    }

    list(status: CaseStatus = 'queued'): Promise<CaseSummary[]> {
        return this.queue.list(status);
    }

    positionOf(caseId: string): Promise<number | undefined> {
        return this.queue.positionOf(caseId);
    }

    /** A case with its transcript and trail: two queries in the case's partition (and one for trails of old). */
    async get(caseId: string): Promise<CaseDetails> {
        const doc = await this.cases.findById(caseId);
        if (!doc) throw new NotFoundError('CaseService.get()', `no case ${caseId}`);
        const value = doc.value;
        const [transcript, audit, position] = await Promise.all([
            this.transcriptRepository.list(value.citizenKey, value.id),
            this.audit.list(value.citizenKey, value.id),
            value.status === 'queued' ? this.queue.positionOf(value.id) : Promise.resolve(undefined)
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

    claim(caseId: string, actor: Actor): Promise<HandoffCase> {
        return this.commands.claim(caseId, actor);
    }

    release(caseId: string, actor: Actor): Promise<HandoffCase> {
        return this.commands.release(caseId, actor);
    }

    resolve(caseId: string, actor: Actor, outcome: string): Promise<HandoffCase> {
        return this.commands.resolve(caseId, actor, outcome);
    }

    returnToBot(caseId: string, actor: Actor): Promise<HandoffCase> {
        return this.commands.returnToBot(caseId, actor);
    }

    withdraw(citizenKey: string, activityId?: string): Promise<HandoffCase | undefined> {
        return this.commands.withdraw(citizenKey, activityId);
    }

    withdrawnAgain(citizenKey: string, withdrawal: Withdrawal): Promise<HandoffCase | undefined> {
        return this.commands.withdrawnAgain(citizenKey, withdrawal);
    }

    timeoutRelease(caseId: string, stillDue: (value: HandoffCase) => boolean): Promise<HandoffCase> {
        return this.commands.timeoutRelease(caseId, stillDue);
    }

    systemUpdate(
        doc: StoredDocument<HandoffCase>,
        next: HandoffCase,
        action: string,
        detail?: Record<string, unknown>,
        notice?: NoticeOf
    ): Promise<HandoffCase | undefined> {
        return this.commands.systemUpdate(doc, next, action, detail, notice);
    }

    /**
     * Records what a citizen sent to their active case and shows it to the operators live. Undefined when the citizen
     * has no active case. The message's id (the wamid) makes this safe to run twice: the message is recorded once.
     */
    async addCitizenMessage(
        citizenKey: string,
        input: CitizenMessageInput,
        conversationReference?: Partial<ConversationReference>
    ): Promise<TranscriptEntry | undefined> {
        return (await this.transcript.forwardCitizenMessage(citizenKey, input, conversationReference))?.entry;
    }

    forwardCitizenMessage(
        citizenKey: string,
        input: CitizenMessageInput,
        conversationReference?: Partial<ConversationReference>,
        options: ForwardOptions = {}
    ): Promise<Forwarded | undefined> {
        return this.transcript.forwardCitizenMessage(citizenKey, input, conversationReference, options);
    }

    addOperatorMessage(
        caseId: string,
        actor: Actor,
        text: string,
        clientMessageId?: string,
        options?: OperatorMessageOptions
    ): Promise<TranscriptEntry> {
        return this.transcript.addOperatorMessage(caseId, actor, text, clientMessageId, options);
    }

    addNote(caseId: string, actor: Actor, text: string, clientMessageId?: string): Promise<TranscriptEntry> {
        return this.transcript.addNote(caseId, actor, text, clientMessageId);
    }

    markMessageFailed(caseId: string, messageId: string, reason: string): Promise<TranscriptEntry> {
        return this.transcript.markMessageFailed(caseId, messageId, reason);
    }

    markMessageDelivery(caseId: string, messageId: string, status: DeliveryProgress): Promise<TranscriptEntry> {
        return this.transcript.markMessageDelivery(caseId, messageId, status);
    }

    findMessage(citizenKey: string, messageId: string): Promise<TranscriptEntry | undefined> {
        return this.transcript.findMessage(citizenKey, messageId);
    }
}
