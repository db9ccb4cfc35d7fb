import { StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
    ComponentDialog,
    DialogSet,
    DialogState,
    DialogTurnResult,
    DialogTurnStatus,
    WaterfallDialog,
    WaterfallStepContext
} from 'botbuilder-dialogs';
import { DateTime } from 'luxon';
import { readCitizenInput } from './citizenInput';
import { ProtocolOutcome, Reroute } from './cancelAndHelpDialog';
import { handOffConversation } from './handoffFlow';
import { classifyInterruption } from './interruptions';
import { ProtocolDependencies } from './protocolDependencies';
import { REPORT_DIALOG, ReportDialog } from './reportDialog';
import { TOPIC_DIALOG, TopicDialog, TopicOutcome } from './topicDialog';
import { topicChoices } from './topics';
import { ChoiceFactory } from 'botbuilder-dialogs';
import { ReportDraft, keepSharedMedia } from './report';
import { fillDraftFrom } from './formFilling';
import { say } from './texts';
import { isOnlyThanks, understand } from '../language';

export const MAIN_DIALOG = 'mainDialog';
const MAIN_WATERFALL = 'mainWaterfall';
/**
 * How long after a person took the case a thank-you ("gracias", "👍", "no, nada más") answers it with "De nada".
 * While the case is open the citizen's messages go to it, not to the bot: a message the bot reads after a handover
 * comes after the case was closed or given back.
 */
const THANKS_AFTER_CASE_HOURS = 6;

/**
 * The conversation's root: the first message of a conversation greets the citizen and starts the report
 * at once (so the greeting and the first question arrive together), unless that message is itself
 * urgent, a voice note, a request for a person or an alerts command.
 */
export class MainDialog extends ComponentDialog {
    /** The alert subscription dialog, when the alerts service provides one. */
    private readonly subscriptionDialogId: string | undefined;

    constructor(private readonly deps: ProtocolDependencies) {
        super(MAIN_DIALOG);
        const subscriptionDialog = deps.alertCommands.createSubscriptionDialog?.(deps);
        if (subscriptionDialog) this.addDialog(subscriptionDialog);
        this.subscriptionDialogId = subscriptionDialog?.id;
        this.addDialog(new ReportDialog(deps))
            .addDialog(new TopicDialog(deps))
            .addDialog(new WaterfallDialog(MAIN_WATERFALL, [this.openingStep.bind(this), this.reportStep.bind(this), this.finalStep.bind(this)]));
        this.initialDialogId = MAIN_WATERFALL;
    }

    /**
     * Runs the dialog stack for one turn, beginning MainDialog when nothing is active (as the core bot).
     * A report abandoned for hours is dropped first: a citizen who writes "Hola" weeks later is greeted,
     * not asked the old question about an old emergency.
     */
    async run(context: TurnContext, dialogStateAccessor: StatePropertyAccessor<DialogState>): Promise<void> {
        const dialogSet = new DialogSet(dialogStateAccessor);
        dialogSet.add(this);
        const dialogContext = await dialogSet.createContext(context);
        const now = this.deps.clock();
        if (dialogContext.stack.length > 0 && (await this.isAbandoned(context, now))) {
            this.deps.logger.info({ staleAfterHours: this.deps.staleAfterHours }, 'MainDialog.run(): an abandoned report expired');
            await dialogContext.cancelAllDialogs();
            await this.deps.draftAccessor.delete(context);
        }
        await this.deps.lastActivityAccessor.set(context, now);
        const results = await dialogContext.continueDialog();
        if (results.status === DialogTurnStatus.empty) await dialogContext.beginDialog(this.id);
    }

    private async isAbandoned(context: TurnContext, now: string): Promise<boolean> {
        const last = await this.deps.lastActivityAccessor.get(context);
        if (last === undefined) return false;
        const silentHours = DateTime.fromISO(now).diff(DateTime.fromISO(last), 'hours').hours;
        return silentHours >= this.deps.staleAfterHours;
    }

    /** Reads the opening message: handles what cannot wait, else greets and keeps a pin or photo it carried. */
    private async openingStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        // A protocol that ended for another topic ("Consultar alertas" pressed at the name question) comes back here.
        const reroute = (step.options as { reroute?: Reroute } | undefined)?.reroute;
        if (reroute) return step.beginDialog(TOPIC_DIALOG, reroute);
        const input = readCitizenInput(step.context.activity);
        // A reaction (a 👍 on our last message after a handoff): stay quiet rather than start a report.
        if (input.kind === 'reaction') return step.endDialog();
        // Thanks after a case was closed or given back: a short answer, not a new report. With no case behind it,
        // "ok", "Bueno" or "🆘" is how a frightened citizen may begin: greeted, and the report starts.
        if (input.kind === 'text' && input.text && isOnlyThanks(input.text) && (await this.caseEndedRecently(step.context))) {
            await step.context.sendActivity(say('thanksReply'));
            return step.endDialog();
        }
        const interruption = classifyInterruption(input);
        await this.deps.draftAccessor.set(step.context, { startedAt: this.deps.clock() });
        switch (interruption?.kind) {
            case 'handoff':
                // The operator's card starts with what the message says (place, address, type), not empty.
                if (input.text) await this.deps.draftAccessor.set(step.context, fillOpeningDraft(this.deps.clock(), input.text));
                await handOffConversation(step.context, this.deps, interruption.reason, { triggerText: interruption.triggerText });
                await this.rememberHandover(step.context);
                return step.endDialog();
            case 'alerts':
                await this.deps.draftAccessor.delete(step.context);
                if (interruption.command === 'subscribe' && this.subscriptionDialogId) return step.replaceDialog(this.subscriptionDialogId);
                await this.deps.alertCommands.handle(step.context, interruption.command);
                return step.endDialog();
            case 'cancel':
                await step.context.sendActivity(say('nothingToCancel'));
                await this.deps.draftAccessor.delete(step.context);
                return step.endDialog();
            case 'help':
            case undefined:
                break;
        }
        const opening = input.kind === 'text' && input.text ? openingTopic(input.text) : undefined;
        if (opening && opening !== 'unclear' && opening !== 'report') {
            // A question, a request or "¿hay alerta?": answered on its own path, never with the report's form.
            await this.deps.draftAccessor.delete(step.context);
            await step.context.sendActivity(say('greeting'));
            return step.beginDialog(TOPIC_DIALOG, { topic: opening, text: input.text } satisfies Reroute);
        }
        // Nothing clear ("hola"): the three paths as buttons, and the report's first question right after, so that an
        // emergency loses no message to choosing.
        if (opening === 'unclear' || interruption?.kind === 'help') {
            await step.context.sendActivity(ChoiceFactory.suggestedAction(topicChoices(), say('greetingChoices')));
        } else {
            await step.context.sendActivity(say('greeting'));
        }
        if (interruption?.kind === 'help') await step.context.sendActivity(say('help'));
        // What the bot cannot read (a contact card, a type WhatsApp does not pass on, a document): never silence.
        if (input.kind === 'empty' || input.kind === 'other_media') await step.context.sendActivity(say('unsupportedInput'));
        if (input.kind === 'video') await step.context.sendActivity(say('videoNotUsable'));
        await this.keepOpeningAttachments(step.context, input);
        if (input.text) await this.fillFromOpeningMessage(step.context, input.text);
        return step.next();
    }

    /**
     * A first message that already says who, where and what ("hola soy Ramón Díaz de Fiambalá, calle Moreno 45, el
     * viento tiró un poste") fills those fields, and the citizen reads back what was understood: the report then asks
     * only what is still missing.
     */
    private async fillFromOpeningMessage(context: TurnContext, text: string): Promise<void> {
        const draft: ReportDraft = (await this.deps.draftAccessor.get(context, {})) ?? {};
        const facts = fillDraftFrom(draft, text, 'first');
        if (facts.length === 0) return;
        await this.deps.draftAccessor.set(context, draft);
        await context.sendActivity(say('understoodFacts', { facts: facts.map((fact) => fact.shown).join(', ') }));
    }

    /** Starts the report protocol, unless the opening went another way (a topic answered, handed over, cancelled). */
    private async reportStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const before = step.result as ProtocolOutcome | TopicOutcome | undefined;
        if (before === undefined || before.outcome === 'start_report') return step.beginDialog(REPORT_DIALOG);
        return step.next(before);
    }

    /** The protocol ended (saved, handed off or cancelled): its last message already told the citizen. */
    private async finalStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const outcome = step.result as ProtocolOutcome | TopicOutcome | undefined;
        if (outcome?.outcome === 'rerouted') return step.replaceDialog(MAIN_WATERFALL, { reroute: outcome.reroute });
        // A saved report is handed to a person too.
        if (outcome?.outcome === 'saved' || outcome?.outcome === 'handed_off') await this.rememberHandover(step.context);
        return step.endDialog(step.result);
    }

    /** Notes when a person took the case, in the (otherwise empty) draft: a thank-you after it is answered. */
    private async rememberHandover(context: TurnContext): Promise<void> {
        await this.deps.draftAccessor.set(context, { handedOverAt: this.deps.clock() });
    }

    /** Whether a person took this citizen's case in the last THANKS_AFTER_CASE_HOURS (and no report began since). */
    private async caseEndedRecently(context: TurnContext): Promise<boolean> {
        const handedOverAt = (await this.deps.draftAccessor.get(context))?.handedOverAt;
        if (!handedOverAt) return false;
        const hours = DateTime.fromISO(this.deps.clock()).diff(DateTime.fromISO(handedOverAt), 'hours').hours;
        return hours >= 0 && hours < THANKS_AFTER_CASE_HOURS;
    }

    /** A pin or a photo sent as the very first message is not asked for again (as at any later question). */
    private async keepOpeningAttachments(context: TurnContext, input: ReturnType<typeof readCitizenInput>): Promise<void> {
        const draft: ReportDraft = (await this.deps.draftAccessor.get(context, {})) ?? {};
        keepSharedMedia(draft, input);
        await this.deps.draftAccessor.set(context, draft);
    }
}

/** A new draft holding what an opening message says (who, where, what), for a handover that cannot wait. */
function fillOpeningDraft(startedAt: string, text: string): ReportDraft {
    const draft: ReportDraft = { startedAt };
    fillDraftFrom(draft, text, 'first');
    return draft;
}

/**
 * What a first message is for, when it is not urgent, a command or a voice note: a question, a request or "¿hay
 * alerta?" (their own paths); a message that says nothing to act on ("hola", "buenas"): 'unclear'; else a report.
 */
function openingTopic(text: string): Reroute['topic'] | 'unclear' {
    const reading = understand(text, 'first');
    const facts = reading.types.length > 0 || reading.place.department !== undefined || reading.place.address !== undefined;
    switch (reading.intent.intent) {
        case 'alerts_query':
            return facts && reading.types.length > 0 ? 'report' : 'alerts';
        case 'question':
            return reading.types.length > 0 && reading.urgency.urgent ? 'report' : 'question';
        case 'request':
            return 'request';
        case 'greeting':
        case 'other':
        case 'thanks':
        case 'yes':
        case 'no':
            return facts ? 'report' : 'unclear';
        default:
            return 'report';
    }
}
