import type { CitizenMessage } from './citizenMessage';
import type { ConversationLogEntry } from './conversationLog';
import { ConversationReference } from 'botbuilder';
import { Priority } from './domainData';
import { ReportSnapshot } from './report';

/** 'consulta': a question the line could not answer, for a person when no emergency waits (issue #18). */
export type HandoffReason = 'report_complete' | 'urgent' | 'voice_note' | 'repeated_failures' | 'citizen_request' | 'consulta';

/** A request for a person to take over the conversation, with everything the bot knows so far. */
export interface HandoffRequest {
    citizenKey: string;
    conversationReference?: Partial<ConversationReference>;
    reason: HandoffReason;
    priority: Priority;
    /** The report as far as it got. */
    report: ReportSnapshot;
    /** The saved report's id, when the request follows a saved report. */
    reportId?: string;
    /** What the citizen wrote that caused the request (urgency signal, request for a person). */
    triggerText?: string;
    /**
     * The message that caused the request when it carried a photo, a voice note or a location: the operator must
     * see (or hear) it in the case, not only be told about it.
     */
    openingMessage?: CitizenMessage;
    /**
     * The conversation with the bot from the episode's first message up to and including the one that caused the
     * request: the bot's questions and the citizen's answers, photos and pins, oldest first.
     */
    conversation?: ConversationLogEntry[];
    /** UTC ISO-8601. */
    requestedAt: string;
}

/** The one way the dialogs ask for a person; the handoff work implements it with its case queue. */
export interface HandoffRequester {
    requestHandoff(request: HandoffRequest): Promise<void>;
}
