import { ComponentDialog, Dialog, DialogContext, DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import { CitizenInput, readCitizenInput } from './citizenInput';
import { CitizenInputPrompt, REPEATED_FAILURES_KEY } from './citizenInputPrompt';
import { HandoffReason } from './handoffRequester';
import { handOffConversation } from './handoffFlow';
import { Interruption, classifyInterruption } from './interruptions';
import { ProtocolDependencies } from './protocolDependencies';
import { say } from './texts';
import { readTopicChoice, Topic } from './topics';

/** How a protocol dialog ended, for MainDialog. */
export type ProtocolOutcome =
    | { outcome: 'saved'; reportId: string }
    | { outcome: 'handed_off'; reason: HandoffReason }
    | { outcome: 'cancelled' }
    /** The citizen came for something else than this dialog asks (a question, a request, the alerts): MainDialog routes it. */
    | { outcome: 'rerouted'; reroute: Reroute };

/** Where a message that is not an answer sends the conversation; `text`: the message, when it says more than a button. */
export interface Reroute {
    topic: 'alerts' | 'other' | 'question' | 'request' | 'report';
    text?: string;
}

/**
 * The base of every protocol dialog: whatever was asked, it understands an urgency signal, a voice note
 * and asking for a person (hand over at once), "cancelar", "ayuda" (then the same question again) and the
 * alert commands; it answers a sticker or a reaction with a polite re-prompt, and hands over after three
 * failed answers in a row.
 */
export abstract class CancelAndHelpDialog extends ComponentDialog {
    protected constructor(
        dialogId: string,
        protected readonly deps: ProtocolDependencies
    ) {
        super(dialogId);
    }

    protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
        const interrupted = await this.interrupt(innerDc);
        if (interrupted) return interrupted;
        const result = await super.onContinueDialog(innerDc);
        if (innerDc.context.turnState.get(REPEATED_FAILURES_KEY)) {
            // Handled here, by the innermost protocol dialog: one that contains it must not act on it again.
            innerDc.context.turnState.delete(REPEATED_FAILURES_KEY);
            return this.onRepeatedFailures(innerDc, readCitizenInput(innerDc.context.activity).text);
        }
        return result;
    }

    /**
     * The third failed answer in a row to the question still active in `innerDc`: hands over. A protocol dialog
     * overrides it to keep what the citizen already gave (a complete report is saved before the handoff).
     */
    protected async onRepeatedFailures(innerDc: DialogContext, triggerText: string | undefined): Promise<DialogTurnResult> {
        return this.endWithHandoff(innerDc, 'repeated_failures', triggerText);
    }

    /**
     * A message that cannot wait for the question (urgent, a voice note, asking for a person): hands over at once. A
     * protocol dialog overrides it to keep what the citizen already gave (a report far enough along is saved first).
     */
    protected async onInterruptingHandoff(
        innerDc: DialogContext,
        interruption: Extract<Interruption, { kind: 'handoff' }>
    ): Promise<DialogTurnResult> {
        return this.endWithHandoff(innerDc, interruption.reason, interruption.triggerText);
    }

    /** Hands over to a person and ends the whole protocol. */
    protected async endWithHandoff(innerDc: DialogContext, reason: HandoffReason, triggerText?: string): Promise<DialogTurnResult> {
        await handOffConversation(innerDc.context, this.deps, reason, { triggerText });
        await innerDc.cancelAllDialogs();
        const outcome: ProtocolOutcome = { outcome: 'handed_off', reason };
        return { status: DialogTurnStatus.complete, result: outcome };
    }

    private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
        const input = readCitizenInput(innerDc.context.activity);
        const prompt = innerDc.activeDialog ? innerDc.findDialog(innerDc.activeDialog.id) : undefined;
        const answeringName = prompt instanceof CitizenInputPrompt && prompt.asksForName;
        const interruption = classifyInterruption(input, { answeringName });
        switch (interruption?.kind) {
            case 'handoff':
                return this.onInterruptingHandoff(innerDc, interruption);
            case 'cancel': {
                await innerDc.context.sendActivity(say('cancelled'));
                await this.deps.draftAccessor.delete(innerDc.context);
                await innerDc.cancelAllDialogs();
                const outcome: ProtocolOutcome = { outcome: 'cancelled' };
                return { status: DialogTurnStatus.complete, result: outcome };
            }
            case 'help':
                await innerDc.context.sendActivity(say('help'));
                return this.askAgain(innerDc);
            case 'alerts':
                await this.deps.alertCommands.handle(innerDc.context, interruption.command);
                return this.askAgain(innerDc);
            case undefined:
                break;
        }
        const chosen = input.text !== undefined ? readTopicChoice(input.text) : undefined;
        if (chosen) return this.onTopicChosen(innerDc, chosen);
        const understood = await this.onUnderstoodAnswer(innerDc, input);
        if (understood) return understood;
        if (prompt instanceof CitizenInputPrompt && !prompt.expects(input.kind) && (await this.keepSharedMedia(innerDc, input))) {
            // A caption answers the question; a photo or pin alone leaves it open.
            return input.text !== undefined ? undefined : this.askAfterKeepingMedia(innerDc);
        }
        if (prompt instanceof CitizenInputPrompt && !prompt.accepts(input)) {
            await innerDc.context.sendActivity(say('unsupportedInput'));
            return this.askAgain(innerDc);
        }
        return undefined;
    }

    /**
     * One of the greeting's buttons pressed later: "Reportar emergencia" is what the protocol does already (the question
     * again); the others leave it for what the citizen chose.
     */
    protected async onTopicChosen(innerDc: DialogContext, topic: Topic): Promise<DialogTurnResult> {
        if (topic === 'report') return this.askAgain(innerDc);
        return this.endRerouted(innerDc, { topic });
    }

    /** Ends the protocol (what it collected is dropped) for MainDialog to take the citizen where they asked to go. */
    protected async endRerouted(innerDc: DialogContext, reroute: Reroute): Promise<DialogTurnResult> {
        await this.deps.draftAccessor.delete(innerDc.context);
        await innerDc.cancelAllDialogs();
        const outcome: ProtocolOutcome = { outcome: 'rerouted', reroute };
        return { status: DialogTurnStatus.complete, result: outcome };
    }

    /**
     * Whatever a message carries besides the answer to the open question (another field, a correction in words, a
     * question about the question): a protocol dialog takes it here. It returns a turn result when it answered the
     * message itself, undefined to let the question's prompt read it. By default nothing is taken.
     */
    protected async onUnderstoodAnswer(_innerDc: DialogContext, _input: CitizenInput): Promise<DialogTurnResult | undefined> {
        return undefined;
    }

    /**
     * A photo or a pin sent while something else was asked: a protocol dialog that can use it keeps it, tells the
     * citizen so, and returns true (it is then not asked for again). It may also answer media it cannot use (a video)
     * with what it can take instead, and return true. By default nothing is kept: the citizen is asked to answer with
     * text.
     */
    protected async keepSharedMedia(_innerDc: DialogContext, _input: CitizenInput): Promise<boolean> {
        return false;
    }

    /** After a photo or pin was kept: the question that was open, again. */
    protected async askAfterKeepingMedia(innerDc: DialogContext): Promise<DialogTurnResult> {
        return this.askAgain(innerDc);
    }

    protected async askAgain(innerDc: DialogContext): Promise<DialogTurnResult> {
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
    }
}
