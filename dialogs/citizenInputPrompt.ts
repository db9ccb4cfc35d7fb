import { ActivityTypes, TurnContext } from 'botbuilder';
import {
    Dialog,
    DialogContext,
    DialogTurnResult,
    Prompt,
    PromptOptions,
    PromptRecognizerResult,
    PromptValidator,
    PromptValidatorContext
} from 'botbuilder-dialogs';
import { CitizenInput, CitizenInputKind, readCitizenInput } from './citizenInput';

/** After this many failed answers in a row to one question, a person takes over. */
export const MAX_FAILED_ATTEMPTS = 3;

/** Turn-state flag: this turn's answer was the last failed attempt allowed; the base dialog hands over. */
export const REPEATED_FAILURES_KEY = Symbol('repeatedFailures');

/**
 * One prompt for every question of the protocol: it accepts text, a location pin or an image (as the
 * question allows) and hands the validator a {@link CitizenInput}. On the third failed answer in a row it
 * stays silent and flags the turn, so the base dialog hands over instead of asking a fourth time.
 */
export class CitizenInputPrompt extends Prompt<CitizenInput> {
    private readonly acceptedKinds: ReadonlySet<CitizenInputKind>;
    /** It asks the citizen's name: "Socorro Díaz" is then an answer, not a cry for help. */
    readonly asksForName: boolean;
    /** The validator with the three-failures rule, kept for reactions (botbuilder's Prompt reads messages only). */
    private readonly validate: (promptContext: PromptValidatorContext<CitizenInput>) => Promise<boolean>;

    constructor(dialogId: string, accepts: CitizenInputKind[], validator: PromptValidator<CitizenInput>, options: { asksForName?: boolean } = {}) {
        const validate = async (promptContext: PromptValidatorContext<CitizenInput>): Promise<boolean> => {
            const valid = await validator(promptContext);
            if (!valid && promptContext.attemptCount >= MAX_FAILED_ATTEMPTS) {
                promptContext.context.turnState.set(REPEATED_FAILURES_KEY, true);
            }
            return valid;
        };
        super(dialogId, validate);
        this.validate = validate;
        this.acceptedKinds = new Set(accepts);
        this.asksForName = options.asksForName === true;
    }

    /**
     * A reaction is its own activity type (messageReaction), which botbuilder's Prompt ignores: where reactions are
     * asked for (👍 on the summary) it is recognised and validated here as a message would be.
     */
    override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
        if (dc.context.activity.type !== ActivityTypes.MessageReaction || !this.acceptedKinds.has('reaction') || !dc.activeDialog) {
            return super.continueDialog(dc);
        }
        const state = dc.activeDialog.state as { state: Record<string, unknown>; options: PromptOptions };
        const recognized = await this.onRecognize(dc.context);
        const attemptCount = ((state.state.attemptCount as number | undefined) ?? 0) + 1;
        state.state.attemptCount = attemptCount;
        const valid = await this.validate({ context: dc.context, recognized, state: state.state, options: state.options, attemptCount });
        if (valid) return dc.endDialog(recognized.value);
        if (!dc.context.responded) await this.onPrompt(dc.context, state.state, state.options, true);
        return Dialog.EndOfTurn;
    }

    /** Whether this question asks for that kind of input (a pin at the location question, a photo at the photo one). */
    expects(kind: CitizenInputKind): boolean {
        return this.acceptedKinds.has(kind);
    }

    /**
     * Whether this question can use that kind of input (text is always passed on when present). A reaction only where
     * reactions are asked for (👍 on the summary), and only one that adds an emoji.
     */
    accepts(input: CitizenInput): boolean {
        if (input.kind === 'reaction') return this.acceptedKinds.has('reaction') && input.reaction !== undefined;
        return this.acceptedKinds.has(input.kind) || (input.text !== undefined && input.kind !== 'sticker');
    }

    protected async onPrompt(context: TurnContext, _state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
        if (isRetry && context.turnState.get(REPEATED_FAILURES_KEY)) return;
        const activity = isRetry && options.retryPrompt ? options.retryPrompt : options.prompt;
        if (activity) await context.sendActivity(activity);
    }

    protected async onRecognize(context: TurnContext): Promise<PromptRecognizerResult<CitizenInput>> {
        const input = readCitizenInput(context.activity);
        // A reaction where reactions are asked for reads as its emoji written: a 👍 on the summary is "👍".
        if (input.kind === 'reaction' && input.reaction && this.acceptedKinds.has('reaction')) {
            return { succeeded: true, value: { ...input, text: input.reaction } };
        }
        return { succeeded: input.kind !== 'empty', value: input };
    }
}
