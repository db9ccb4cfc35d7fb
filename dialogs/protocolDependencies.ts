import { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { Logger } from '../common/logger';
import { AlertSubscriptionCommands } from './alertSubscriptionCommands';
import { CitizenProfileRepository } from './citizenProfileRepository';
import type { CitizenQuestions, ServiceRequestForms } from './citizenQuestions';
import type { ConversationLog } from './conversationLog';
import { HandoffRequester } from './handoffRequester';
import { ReportDraft } from './report';
import { ReportRepository } from './reportRepository';

/** What the protocol dialogs need from the outside, handed in by createReportBot(). */
export interface ProtocolDependencies {
    /** The report being collected, in conversation state. */
    draftAccessor: StatePropertyAccessor<ReportDraft>;
    reports: ReportRepository;
    profiles: CitizenProfileRepository;
    handoffRequester: HandoffRequester;
    alertCommands: AlertSubscriptionCommands;
    /** Answers to questions that are not a report: alerts in force, the agency's knowledge base. */
    questions: CitizenQuestions;
    /** The "Solicitud" form, when service requests are wired (else a request is taken as a "consulta"). */
    requestForms?: ServiceRequestForms;
    logger: Logger;
    /** The current instant as UTC ISO-8601 (replaceable in tests). */
    clock: () => string;
    /** This episode's conversation with the bot: a request for a person carries it to the case. */
    conversationLog: ConversationLog;
    /** When the citizen last wrote in this conversation (UTC ISO-8601), in conversation state. */
    lastActivityAccessor: StatePropertyAccessor<string>;
    /** Hours of silence after which an unfinished report is dropped and the next message starts afresh. */
    staleAfterHours: number;
    /**
     * Whether the channel will run this turn again if storage fails under it now (WhatsApp: the message waits in the
     * durable inbox; a few times, then no more). While it will, a storage failure is let through instead of answered
     * with an apology: on a blip the apology went out while the report or the request for a person was never
     * recorded, and the next run records it. After that, the citizen gets the apology and the phone numbers.
     */
    rerunsOnStorageFailure(context: TurnContext): boolean;
}
