import { InputHints, MessageFactory } from 'botbuilder';
import {
    ChoiceFactory, DialogContext, DialogTurnResult, DialogTurnStatus, PromptValidator, WaterfallDialog, WaterfallStepContext
} from 'botbuilder-dialogs';
import { isNo, isYes } from '../dialogs/answerRecognizers';
import { AlertSubscriptionCommands } from '../dialogs/alertSubscriptionCommands';
import { CancelAndHelpDialog } from '../dialogs/cancelAndHelpDialog';
import { CitizenInput, readCitizenInput } from '../dialogs/citizenInput';
import { CitizenInputPrompt, MAX_FAILED_ATTEMPTS } from '../dialogs/citizenInputPrompt';
import { DEPARTMENTS } from '../dialogs/domainData';
import { WHATSAPP_CHANNEL } from '../dialogs/citizenKey';
import { citizenKeyOf } from '../dialogs/handoffFlow';
import { classifyInterruption } from '../dialogs/interruptions';
import { ProtocolDependencies } from '../dialogs/protocolDependencies';
import { normalizeText } from '../dialogs/textNormalizer';
import { say } from '../dialogs/texts';
import { DepartmentChoice, describeDepartments, recognizeDepartmentChoice } from './departmentChoice';
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
 * its time. Urgency, a voice note or asking for a person hand over as in the report; "cancelar" leaves
 * everything as it was; "BAJA" / "MIS ALERTAS" answer at once and end the dialog. Three answers not understood
 * end the sign-up with a hint on how to answer, not with a person: it is no emergency.
 */
export class AlertSubscriptionDialog extends CancelAndHelpDialog {
    constructor(
        deps: ProtocolDependencies,
        private readonly subscriptions: SubscriptionRepository,
        private readonly commands: AlertSubscriptionCommands
    ) {
        super(ALERT_SUBSCRIPTION_DIALOG, deps);
        this.addDialog(new CitizenInputPrompt(DEPARTMENTS_PROMPT, ['text', 'location'], endsOnLastAttempt((input) =>
            recognizeDepartmentChoice(input) !== undefined)))
            .addDialog(new CitizenInputPrompt(OPT_IN_PROMPT, ['text'], endsOnLastAttempt((input) => readOptIn(input) !== undefined)))
            .addDialog(new WaterfallDialog(WATERFALL, [
                this.departmentsStep.bind(this),
                this.optInStep.bind(this),
                this.saveStep.bind(this)
            ]));
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
                await innerDc.context.sendActivity(say('alertsSubscriptionHelp'));
                return this.repromptAndWait(innerDc);
            default:
                return super.onContinueDialog(innerDc);
        }
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
    return async (prompt) => prompt.recognized.succeeded
        && (understood(prompt.recognized.value!) || prompt.attemptCount >= MAX_FAILED_ATTEMPTS);
}

function readOptIn(input: CitizenInput): 'yes' | 'no' | undefined {
    const text = input.text ?? '';
    const normalized = normalizeText(text);
    if (normalized === normalizeText(say('alertsOptInYes')) || isYes(text) || normalized === 'acepto') return 'yes';
    if (normalized === normalizeText(say('alertsOptInNo')) || isNo(text) || normalized === 'no acepto') return 'no';
    return undefined;
}
