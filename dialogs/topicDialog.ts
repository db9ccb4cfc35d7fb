import { InputHints, MessageFactory } from 'botbuilder';
import { DialogContext, DialogTurnResult, DialogTurnStatus, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { saysWholeProvince, understand } from '../language';
import { CancelAndHelpDialog, Reroute } from './cancelAndHelpDialog';
import { CitizenInput } from './citizenInput';
import { CitizenInputPrompt } from './citizenInputPrompt';
import type { RequestFormStart } from './citizenQuestions';
import { recognizeDepartment } from './departmentRecognizer';
import { fillDraftFrom } from './formFilling';
import { citizenKeyOf, handOffConversation } from './handoffFlow';
import { ProtocolDependencies } from './protocolDependencies';
import { ReportDraft } from './report';
import { say } from './texts';

export const TOPIC_DIALOG = 'topicDialog';
const WATERFALL = 'topicWaterfall';
const ALERTS_DEPARTMENT_PROMPT = 'topicAlertsDepartmentPrompt';
const QUESTION_OR_REQUEST_PROMPT = 'topicQuestionOrRequestPrompt';
const REQUEST_FORM = 'topicRequestForm';

/** How the topic ended: answered here (or handed to a person, or to the request form), or a report to start. */
export type TopicOutcome = { outcome: 'topic_done' } | { outcome: 'start_report' };

/**
 * What a citizen came for that is not an emergency (issue #18), each a short path of its own:
 * - "alerts": the alerts in force for the department named, or asked for;
 * - "question": the agency's answer, or a "consulta" for a person when the knowledge base has none;
 * - "request": the "Solicitud" form (without it, a "consulta");
 * - "other" (the greeting's "Consulta o pedido" button): asks what it is, then one of the above, or a report.
 * Urgency, "operador" and "cancelar" interrupt here as in every protocol dialog.
 */
export class TopicDialog extends CancelAndHelpDialog {
    private readonly hasRequestForm: boolean;

    constructor(deps: ProtocolDependencies) {
        super(TOPIC_DIALOG, deps);
        const requestForm = deps.requestForms?.createDialog(deps, REQUEST_FORM);
        if (requestForm) this.addDialog(requestForm);
        this.hasRequestForm = requestForm !== undefined;
        this.addDialog(
            new CitizenInputPrompt(ALERTS_DEPARTMENT_PROMPT, ['text'], async (pc) => {
                const text = pc.recognized.value?.text ?? '';
                return recognizeDepartment(text) !== undefined || saysWholeProvince(text);
            })
        )
            .addDialog(
                new CitizenInputPrompt(QUESTION_OR_REQUEST_PROMPT, ['text'], async (pc) => (pc.recognized.value?.text ?? '').trim().length > 0)
            )
            .addDialog(new WaterfallDialog(WATERFALL, [this.askStep.bind(this), this.actStep.bind(this), this.endStep.bind(this)]));
        this.initialDialogId = WATERFALL;
    }

    /** Asks what the button left open: which department, or what the question or request is. */
    private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const reroute = step.options as Reroute;
        if (reroute.topic === 'alerts' && !reroute.text) {
            return step.prompt(ALERTS_DEPARTMENT_PROMPT, {
                prompt: MessageFactory.text(say('askAlertsDepartment'), undefined, InputHints.ExpectingInput),
                retryPrompt: MessageFactory.text(say('retryAlertsDepartment'), undefined, InputHints.ExpectingInput)
            });
        }
        if (reroute.topic === 'other' && !reroute.text) {
            return step.prompt(QUESTION_OR_REQUEST_PROMPT, {
                prompt: MessageFactory.text(say('askQuestionOrRequest'), undefined, InputHints.ExpectingInput)
            });
        }
        return step.next();
    }

    private async actStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const reroute = step.options as Reroute;
        const text = reroute.text ?? (step.result as CitizenInput | undefined)?.text ?? '';
        const context = step.context;
        if (reroute.topic === 'alerts') {
            const wholeProvince = !reroute.text && saysWholeProvince(text);
            const departmentId = wholeProvince ? undefined : recognizeDepartment(text)?.id;
            for (const answer of await this.deps.questions.answerAlerts(citizenKeyOf(context), {
                text,
                ...(departmentId ? { departmentId } : {}),
                wholeProvince
            })) {
                await context.sendActivity(answer);
            }
            return step.next();
        }
        const topic = reroute.topic === 'other' ? whatItIs(text) : reroute.topic;
        switch (topic) {
            case 'alerts':
                for (const answer of await this.deps.questions.answerAlerts(citizenKeyOf(context), { text })) await context.sendActivity(answer);
                return step.next();
            case 'request':
                if (this.hasRequestForm) return step.beginDialog(REQUEST_FORM, { description: text } satisfies RequestFormStart);
                return this.openConsulta(step, text);
            case 'report': {
                // An emergency after all: the report starts with what this message said.
                const draft: ReportDraft = (await this.deps.draftAccessor.get(context, {})) ?? {};
                draft.startedAt ??= this.deps.clock();
                const facts = fillDraftFrom(draft, text, 'first');
                await this.deps.draftAccessor.set(context, draft);
                if (facts.length > 0) await context.sendActivity(say('understoodFacts', { facts: facts.map((fact) => fact.shown).join(', ') }));
                return step.endDialog({ outcome: 'start_report' } satisfies TopicOutcome);
            }
            default: {
                const answer = await this.deps.questions.answerQuestion(text);
                if (!answer) return this.openConsulta(step, text);
                await context.sendActivity(answer);
                return step.next();
            }
        }
    }

    private async endStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        return step.endDialog({ outcome: 'topic_done' } satisfies TopicOutcome);
    }

    /** A question the line cannot answer, or a request without its form: a "consulta" for a person. */
    private async openConsulta(step: WaterfallStepContext, text: string): Promise<DialogTurnResult> {
        await handOffConversation(step.context, this.deps, 'consulta', { triggerText: text });
        return step.next();
    }

    /** A request that cannot be read three times: a person takes it as a "consulta", not as an emergency. */
    protected override async onRepeatedFailures(innerDc: DialogContext, triggerText: string | undefined): Promise<DialogTurnResult> {
        await handOffConversation(innerDc.context, this.deps, 'consulta', triggerText ? { triggerText } : {});
        await innerDc.cancelAllDialogs();
        return { status: DialogTurnStatus.complete, result: { outcome: 'topic_done' } satisfies TopicOutcome };
    }
}

/** What the answer to "Escriba su consulta o su pedido" is, as the language layer reads it. */
function whatItIs(text: string): Reroute['topic'] {
    const reading = understand(text, 'first');
    switch (reading.intent.intent) {
        case 'alerts_query':
            return 'alerts';
        case 'request':
            return 'request';
        case 'report':
            return 'report';
        default:
            return reading.types.length > 0 ? 'report' : 'question';
    }
}
