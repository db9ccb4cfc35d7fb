import type { Dialog } from 'botbuilder-dialogs';
import type { ProtocolDependencies } from './protocolDependencies';

/**
 * What the line answers that is not a report (issue #18): the weather alerts in force, and the agency's own answers.
 * The questions feature fills this seam at the composition root; dialogs only ask.
 */
export interface CitizenQuestions {
    /**
     * The messages answering "¿hay alertas?": for the department `departmentId` or the one `text` names, else the
     * citizen's subscription, else the whole province; with an offer to subscribe when the citizen is not.
     */
    answerAlerts(citizenKey: string, query: { text?: string; departmentId?: string; wholeProvince?: boolean }): Promise<string[]>;
    /** Whether `text` names a department (so "¿hay alerta?" needs no further question). */
    namesDepartment(text: string): boolean;
    /** The agency's answer to `text`, or undefined when no entry of its knowledge base fits. */
    answerQuestion(text: string): Promise<string | undefined>;
}

/** The service requests' form ("Solicitudes"), when that feature is wired. */
export interface ServiceRequestForms {
    /** The form as a dialog of the protocol (it hands over like every protocol dialog); begun with {@link RequestFormStart}. */
    createDialog(deps: ProtocolDependencies, dialogId: string): Dialog;
}

/** What the first message already said of a request: its words are its description. */
export interface RequestFormStart {
    description?: string;
}

/** Until the questions feature is wired: no answers, so every question becomes a "consulta" for a person. */
export class NoAnswersYet implements CitizenQuestions {
    async answerAlerts(): Promise<string[]> {
        return [];
    }

    namesDepartment(): boolean {
        return false;
    }

    async answerQuestion(): Promise<string | undefined> {
        return undefined;
    }
}
