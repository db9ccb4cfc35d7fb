import { InputHints, MessageFactory } from 'botbuilder';
import {
    ChoiceFactory,
    DialogContext,
    DialogTurnResult,
    DialogTurnStatus,
    PromptValidator,
    WaterfallDialog,
    WaterfallStepContext
} from 'botbuilder-dialogs';
import { AlertSubscriptionCommands } from '../dialogs';
import { CancelAndHelpDialog } from '../dialogs';
import { CitizenInput, readCitizenInput } from '../dialogs';
import { CitizenInputPrompt, MAX_FAILED_ATTEMPTS } from '../dialogs';
import { DEPARTMENTS, EmergencyType } from '../dialogs';
import { recognizeChosenEmergencyType, recognizeEmergencyType } from '../dialogs';
import { WHATSAPP_CHANNEL } from '../dialogs';
import { citizenKeyOf } from '../dialogs';
import { classifyInterruption } from '../dialogs';
import { ProtocolDependencies } from '../dialogs';
import { ReportDraft, setEmergencyType } from '../dialogs';
import { REPORT_DIALOG } from '../dialogs';
import { readConsent, readListNumber } from '../language';
import { say } from '../dialogs';
import { DepartmentChoice, describeDepartments, recognizeDepartmentChoice, withoutPlaceNames } from './departmentChoice';
import { SubscriptionRepository } from './subscriptionRepository';

export const ALERT_SUBSCRIPTION_DIALOG = 'alertSubscriptionDialog';
const WATERFALL = 'alertSubscriptionWaterfall';
const DEPARTMENTS_PROMPT = 'alertDepartmentsPrompt';
const OPT_IN_PROMPT = 'alertOptInPrompt';

interface SubscriptionValues {
    choice?: DepartmentChoice;
    wording?: string;
}

/**
 * "ALERTAS": which departments (one, several, or the whole province), then a clear opt-in sentence naming
 * Defensa Civil Catamarca and what will be sent; a "yes" stores the subscription with that exact sentence and
 * its time. Urgency, a voice note or asking for a person hand over as in the report; an emergency told instead of
 * an answer ("se llenó de agua la calle") ends the sign-up and starts the report; "cancelar" leaves everything as
 * it was; "BAJA" / "MIS ALERTAS" answer at once and end the dialog. Three answers not understood end the sign-up
 * with a hint on how to answer, not with a person: it is no emergency.
 */
export class AlertSubscriptionDialog extends CancelAndHelpDialog {
    constructor(
        deps: ProtocolDependencies,
        private readonly subscriptions: SubscriptionRepository,
        private readonly commands: AlertSubscriptionCommands
    ) {
        super(ALERT_SUBSCRIPTION_DIALOG, deps);
        this.addDialog(
            new CitizenInputPrompt(
                DEPARTMENTS_PROMPT,
                ['text', 'location'],
                endsOnLastAttempt((input) => recognizeDepartmentChoice(input) !== undefined)
            )
        )
            .addDialog(
                new CitizenInputPrompt(
                    OPT_IN_PROMPT,
                    ['text'],
                    endsOnLastAttempt((input) => readOptIn(input) !== undefined)
                )
            )
            .addDialog(new WaterfallDialog(WATERFALL, [this.departmentsStep.bind(this), this.optInStep.bind(this), this.saveStep.bind(this)]));
        this.initialDialogId = WATERFALL;
    }

    /** Asks which departments (reminding a subscriber of the current choice). */
    private async departmentsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        // Alerts go out as WhatsApp templates to a phone number; on another channel there is no number to send to.
        if (step.context.activity.channelId !== WHATSAPP_CHANNEL) {
            await step.context.sendActivity(say('alertsOnlyOnWhatsApp'));
            return step.endDialog();
        }
        const current = await this.subscriptions.get(citizenKeyOf(step.context));
        if (current?.active) {
            await step.context.sendActivity(say('alertsCurrentChoice', { departments: describeDepartments(current) }));
        }
        const list = DEPARTMENTS.map((d, i) => `${i + 1}. ${d.name}`).join('\n');
        return step.prompt(DEPARTMENTS_PROMPT, {
            prompt: MessageFactory.text(say('alertsAskDepartments', { list }), undefined, InputHints.ExpectingInput),
            retryPrompt: MessageFactory.text(say('alertsRetryDepartments', { count: DEPARTMENTS.length }), undefined, InputHints.ExpectingInput)
        });
    }

    /** Shows the opt-in sentence for that choice and asks for consent; ends with a hint when no department was understood. */
    private async optInStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const choice = recognizeDepartmentChoice(step.result as CitizenInput);
        if (!choice) {
            await step.context.sendActivity(say('alertsSubscriptionNotUnderstood'));
            return step.endDialog();
        }
        const wording = say('alertsOptIn', { departments: describeDepartments(choice) });
        Object.assign(step.values as SubscriptionValues, { choice, wording });
        const choices = [say('alertsOptInYes'), say('alertsOptInNo')];
        return step.prompt(OPT_IN_PROMPT, {
            prompt: ChoiceFactory.suggestedAction(choices, wording),
            retryPrompt: ChoiceFactory.suggestedAction(choices, say('alertsRetryOptIn'))
        });
    }

    /** Stores the opt-in (time and exact wording) on "yes"; leaves everything unchanged on "no". */
    private async saveStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const { choice, wording } = step.values as SubscriptionValues;
        const optIn = readOptIn(step.result as CitizenInput);
        if (optIn !== 'yes' || !choice || !wording) {
            await step.context.sendActivity(say(optIn === 'no' ? 'alertsNotSubscribed' : 'alertsOptInNotUnderstood'));
            return step.endDialog();
        }
        await this.subscriptions.subscribe(citizenKeyOf(step.context), choice, wording, this.deps.clock());
        await step.context.sendActivity(say('alertsSubscribed', { departments: describeDepartments(choice) }));
        return step.endDialog();
    }

    /** The alert commands and "cancelar"/"ayuda" mean something else here than in a report; the rest is the base's. */
    protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
        const interruption = classifyInterruption(readCitizenInput(innerDc.context.activity));
        switch (interruption?.kind) {
            case 'alerts':
                if (interruption.command === 'subscribe') return this.repromptAndWait(innerDc);
                await this.commands.handle(innerDc.context, interruption.command);
                return this.finish(innerDc);
            case 'cancel':
                await innerDc.context.sendActivity(say('alertsSubscriptionCancelled'));
                return this.finish(innerDc);
            case 'help':
                await innerDc.context.sendActivity(say(innerDc.activeDialog?.id === OPT_IN_PROMPT ? 'alertsOptInHelp' : 'alertsSubscriptionHelp'));
                return this.repromptAndWait(innerDc);
            case undefined: {
                const emergency = emergencyToldIn(readCitizenInput(innerDc.context.activity).text);
                if (emergency) return this.reportEmergency(innerDc, emergency.text, emergency.type);
                return super.onContinueDialog(innerDc);
            }
            default:
                return super.onContinueDialog(innerDc);
        }
    }

    /**
     * An emergency told instead of an answer: the sign-up ends and the report begins in the same turn, with the type
     * already told (it is shown in the summary and can be corrected). As in the report, a critical type reaches a
     * person at once only when typed as its label ("Incendio de vivienda"); one guessed from words ("hay un
     * incendio") goes on with the report, and a message that is itself urgent was handed over before this. Outside
     * MainDialog (no report next to this dialog) the citizen is told to write again.
     */
    private async reportEmergency(innerDc: DialogContext, text: string, type: EmergencyType): Promise<DialogTurnResult> {
        if (type.priority === 'critical' && recognizeChosenEmergencyType(text)) return this.endWithHandoff(innerDc, 'urgent', text);
        const parent = innerDc.parent;
        if (!parent?.findDialog(REPORT_DIALOG)) {
            await innerDc.context.sendActivity(say('alertsEmergencyWriteAgain'));
            return this.finish(innerDc);
        }
        const draft: ReportDraft = { startedAt: this.deps.clock() };
        setEmergencyType(draft, type, text);
        await this.deps.draftAccessor.set(innerDc.context, draft);
        await innerDc.context.sendActivity(say('alertsEmergencyStartsReport'));
        await innerDc.cancelAllDialogs();
        // This dialog's place in MainDialog goes to the report, which asks its first question now.
        return parent.replaceDialog(REPORT_DIALOG);
    }

    private async finish(innerDc: DialogContext): Promise<DialogTurnResult> {
        await innerDc.cancelAllDialogs();
        return { status: DialogTurnStatus.complete };
    }

    private async repromptAndWait(innerDc: DialogContext): Promise<DialogTurnResult> {
        await innerDc.repromptDialog();
        return { status: DialogTurnStatus.waiting };
    }
}

/**
 * A sign-up question's validator that, on the last attempt the report would hand over after, lets the answer
 * through instead: the next step sees it is none and ends the sign-up with a hint. Signing up for alerts is no
 * emergency, and nobody is put in the operators' queue for it (urgency still interrupts, before any validator).
 */
function endsOnLastAttempt(understood: (input: CitizenInput) => boolean): PromptValidator<CitizenInput> {
    return async (prompt) => prompt.recognized.succeeded && (understood(prompt.recognized.value!) || prompt.attemptCount >= MAX_FAILED_ATTEMPTS);
}

/**
 * An emergency told in the citizen's words, not an answer to the sign-up: its type (emergencyTypeRecognizer), read
 * without the departments and localities named ("Piedra Blanca" is no hail). A number is a department of the list,
 * never an emergency type's.
 */
export function describesEmergency(text: string | undefined): boolean {
    return emergencyToldIn(text) !== undefined;
}

function emergencyToldIn(text: string | undefined): { text: string; type: EmergencyType } | undefined {
    if (!text || readListNumber(text) !== undefined) return undefined;
    const type = recognizeEmergencyType(withoutPlaceNames(text));
    return type ? { text, type } : undefined;
}

/** "Sí, acepto", "sí", "dale", "bueno", "bueno, dale": yes; "No, gracias", "no", "bueno, no": no. */
function readOptIn(input: CitizenInput): 'yes' | 'no' | undefined {
    return readConsent(input.text ?? '', say('alertsOptInYes'), say('alertsOptInNo'));
}
