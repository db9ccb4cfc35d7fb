import { ConversationState, Storage, TurnContext, UserState } from 'botbuilder';
import { Logger } from '../common/logger';
import { nowIso } from '../common/time';
import { DocumentStore } from '../storage';
import { AlertSubscriptionCommands, AlertsNotAvailableYet } from '../dialogs';
import { CitizenProfileRepository } from '../dialogs';
import { CitizenQuestions, NoAnswersYet, ServiceRequestForms } from '../dialogs';
import { ConversationLog, ConversationLogEntry } from '../dialogs';
import { HandoffRequestRepository } from '../dialogs';
import { HandoffRequester } from '../dialogs';
import { MainDialog } from '../dialogs';
import { ReportDraft } from '../dialogs';
import { ReportRepository } from '../dialogs';
import { EmergencyBot } from './emergencyBot';

export interface ReportBotDependencies {
    /** Where reports, citizen profiles and (by default) handoff requests are stored. */
    store: DocumentStore;
    /** Bot Framework state storage: the bot's conversation and user state are built on it, unless `states` is given. */
    storage?: Storage;
    /** The bot's conversation and user state when they must be of another kind (a WhatsApp turn's, see TurnScopedStorage). */
    states?: { conversationState: ConversationState; userState: UserState };
    logger: Logger;
    /** Defaults to storing the request in the 'handoffs' collection. */
    handoffRequester?: HandoffRequester;
    /** Defaults to telling the citizen that alerts are not available yet. */
    alertCommands?: AlertSubscriptionCommands;
    /** Answers to questions (alerts in force, the knowledge base); default: none, every question goes to a person. */
    questions?: CitizenQuestions;
    /** The service request form ("Solicitudes"); default: none, a request goes to a person as a "consulta". */
    requestForms?: ServiceRequestForms;
    /** The current instant as UTC ISO-8601; tests pass a fixed clock. */
    clock?: () => string;
    /** Defaults to the 'reports' collection of `store`. */
    reports?: ReportRepository;
    /** Hours of silence after which an unfinished report is dropped (default 6). */
    staleAfterHours?: number;
    /**
     * Whether the adapter will run this turn again if storage fails under it (the WhatsApp adapter does, see
     * whatsAppRerunsOnStorageFailure): the dialogs then let the failure through instead of apologising. Default:
     * never (Web Chat answers in its HTTP response).
     */
    rerunsOnStorageFailure?: (context: TurnContext) => boolean;
}

/** Long enough for a citizen who stepped away in an emergency to come back; short enough that a new message is a new emergency. */
const DEFAULT_STALE_AFTER_HOURS = 6;

export interface ReportBot {
    bot: EmergencyBot;
    conversationState: ConversationState;
    userState: UserState;
    mainDialog: MainDialog;
}

/** Builds the emergency report bot from its storage and seams; the server passes the bot to its adapters. */
export function createReportBot(deps: ReportBotDependencies): ReportBot {
    const staleAfterHours = deps.staleAfterHours ?? DEFAULT_STALE_AFTER_HOURS;
    if (!(staleAfterHours > 0)) throw new Error(`createReportBot(): staleAfterHours must be positive, got ${staleAfterHours}`);
    const { conversationState, userState } = deps.states ?? statesOn(deps.storage);
    const clock = deps.clock ?? nowIso;
    const conversationLog = new ConversationLog(conversationState.createProperty<ConversationLogEntry[]>('conversationLog'), clock, staleAfterHours);
    const mainDialog = new MainDialog({
        draftAccessor: conversationState.createProperty<ReportDraft>('reportDraft'),
        reports: deps.reports ?? new ReportRepository(deps.store),
        profiles: new CitizenProfileRepository(deps.store),
        handoffRequester: deps.handoffRequester ?? new HandoffRequestRepository(deps.store),
        alertCommands: deps.alertCommands ?? new AlertsNotAvailableYet(),
        questions: deps.questions ?? new NoAnswersYet(),
        ...(deps.requestForms ? { requestForms: deps.requestForms } : {}),
        logger: deps.logger,
        clock,
        conversationLog,
        lastActivityAccessor: conversationState.createProperty<string>('lastActivityAt'),
        staleAfterHours,
        rerunsOnStorageFailure: deps.rerunsOnStorageFailure ?? (() => false)
    });
    const bot = new EmergencyBot(conversationState, userState, mainDialog, conversationLog, deps.logger);
    return { bot, conversationState, userState, mainDialog };
}

function statesOn(storage: Storage | undefined): { conversationState: ConversationState; userState: UserState } {
    if (!storage) throw new Error('createReportBot(): give either storage or states');
    return { conversationState: new ConversationState(storage), userState: new UserState(storage) };
}
