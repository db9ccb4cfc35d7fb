import { TurnContext } from 'botbuilder';
import { Prompt, PromptOptions, PromptRecognizerResult, PromptValidator } from 'botbuilder-dialogs';
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

    constructor(
        dialogId: string, accepts: CitizenInputKind[], validator: PromptValidator<CitizenInput>,
        options: { asksForName?: boolean } = {}
    ) {
        super(dialogId, async (promptContext) => {
            const valid = await validator(promptContext);
            if (!valid && promptContext.attemptCount >= MAX_FAILED_ATTEMPTS) {
                promptContext.context.turnState.set(REPEATED_FAILURES_KEY, true);
            }
            return valid;
        });
        this.acceptedKinds = new Set(accepts);
        this.asksForName = options.asksForName === true;
    }

    /** Whether this question asks for that kind of input (a pin at the location question, a photo at the photo one). */
    expects(kind: CitizenInputKind): boolean {
        return this.acceptedKinds.has(kind);
    }

    /** Whether this question can use that kind of input (text is always passed on when present). */
    accepts(input: CitizenInput): boolean {
        return this.acceptedKinds.has(input.kind) || (input.text !== undefined && input.kind !== 'reaction' && input.kind !== 'sticker');
    }

    protected async onPrompt(context: TurnContext, _state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
        if (isRetry && context.turnState.get(REPEATED_FAILURES_KEY)) return;
        const activity = isRetry && options.retryPrompt ? options.retryPrompt : options.prompt;
        if (activity) await context.sendActivity(activity);
    }

    protected async onRecognize(context: TurnContext): Promise<PromptRecognizerResult<CitizenInput>> {
        const input = readCitizenInput(context.activity);
        return { succeeded: input.kind !== 'empty', value: input };
    }
}
