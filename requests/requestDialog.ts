import { InputHints, MessageFactory, TurnContext } from 'botbuilder';
import {
    ChoiceFactory,
    DialogContext,
    DialogTurnResult,
    PromptOptions,
    PromptValidatorContext,
    WaterfallDialog,
    WaterfallStepContext
} from 'botbuilder-dialogs';
import type { Logger } from '../common/logger';
import { CitizenInput } from '../dialogs';
import { CancelAndHelpDialog } from '../dialogs';
import { CitizenInputPrompt } from '../dialogs';
import type { ProtocolDependencies } from '../dialogs';
import { citizenKeyOfActivity } from '../dialogs';
import { departmentForPoint, recognizeDepartment } from '../dialogs';
import { DEPARTMENTS, departmentById } from '../dialogs';
import { isPhotoSkip, normalizeText, readConfirmation, readListNumber, readNameAnswer } from '../language';
import { isStorageUnavailable } from '../storage';
import { kindLabel, requestText, requestTexts, RequestTextKey } from './texts';
import { NewServiceRequest, REQUEST_KINDS, RequestKind, RequestPhoto, ServiceRequest } from './types';

export const REQUEST_DIALOG = 'requestDialog';
const WATERFALL = 'requestWaterfall';
const NAME_PROMPT = 'requestNamePrompt';
const DEPARTMENT_PROMPT = 'requestDepartmentPrompt';
const ADDRESS_PROMPT = 'requestAddressPrompt';
const KIND_PROMPT = 'requestKindPrompt';
const DESCRIPTION_PROMPT = 'requestDescriptionPrompt';
const PHOTO_PROMPT = 'requestPhotoPrompt';
const CONFIRM_PROMPT = 'requestConfirmPrompt';

/** What the caller may already know (e.g. the name from the citizen's profile or the report just made). */
export interface RequestDialogOptions {
    name?: string;
    /** Set when "Corregir" fills the form again (no intro then). */
    again?: boolean;
    /** The citizen's first words about it ("necesito que poden el árbol de la vereda"): the description, and the kind they name. */
    description?: string;
}

/** How the dialog ends: the request saved (its number), not saved (storage), or given up after three unreadable answers. */
export type RequestDialogOutcome = { outcome: 'saved'; requestId: string } | { outcome: 'not_saved' } | { outcome: 'gave_up' };

export interface RequestDialogDeps {
    /** Saves the request (RequestService.create). */
    requests: { create(input: NewServiceRequest): Promise<ServiceRequest> };
    logger: Logger;
    /** What the citizen told the line before (dialogs' CitizenProfileRepository): the name is then not asked. */
    profiles?: { get(citizenKey: string): Promise<{ name?: string } | undefined> };
    /**
     * Whether the channel runs this turn again if storage fails now (ProtocolDependencies.rerunsOnStorageFailure):
     * then a storage failure at the save is let through and the next run saves; otherwise the citizen is told.
     */
    rerunsOnStorageFailure?: (context: TurnContext) => boolean;
}

/** The form as it fills, in the waterfall's step values. */
interface RequestForm {
    name?: string;
    departmentId?: string;
    address?: string;
    requestKind?: RequestKind;
    description?: string;
    photo?: RequestPhoto | null;
}

/** Words that name a kind in the citizen's own words (folded: no accents, lower case). */
const KIND_WORDS: Record<RequestKind, readonly string[]> = {
    poda: ['poda', 'podar', 'arbol', 'arboles', 'rama', 'ramas'],
    limpieza: ['limpieza', 'limpiar', 'basura', 'escombro', 'escombros', 'desague', 'zanja', 'barro', 'acequia'],
    inspeccion: ['inspeccion', 'inspeccionar', 'revisar', 'revision', 'grieta', 'grietas', 'rajadura'],
    materiales: ['material', 'materiales', 'chapa', 'chapas', 'nylon', 'colchon', 'colchones', 'frazada', 'frazadas'],
    otro: ['otro', 'otra', 'otro pedido']
};

/**
 * The "Solicitud" form, one waterfall: name (skipped when known) → department → address → what is asked (a button,
 * or the citizen's words: then they are the description too) → description → optional photo → summary →
 * saved under a number ("SOL-4F2K") and told. "Corregir" at the summary fills the form again (the name is kept).
 * Three unreadable answers to one question end the form with a pointer to a person.
 */
export class RequestDialog extends CancelAndHelpDialog {
    constructor(
        private readonly options: RequestDialogDeps,
        protocol: ProtocolDependencies,
        dialogId: string = REQUEST_DIALOG
    ) {
        super(dialogId, protocol);
        this.addDialog(new CitizenInputPrompt(NAME_PROMPT, ['text'], async (pc) => nameOf(pc.recognized.value) !== undefined, { asksForName: true }))
            .addDialog(new CitizenInputPrompt(DEPARTMENT_PROMPT, ['text', 'location'], async (pc) => departmentOf(pc.recognized.value) !== undefined))
            .addDialog(new CitizenInputPrompt(ADDRESS_PROMPT, ['text', 'location'], async (pc) => addressOf(pc.recognized.value) !== undefined))
            .addDialog(new CitizenInputPrompt(KIND_PROMPT, ['text'], async (pc) => kindOf(pc.recognized.value?.text) !== undefined))
            .addDialog(new CitizenInputPrompt(DESCRIPTION_PROMPT, ['text'], async (pc) => descriptionOf(pc.recognized.value?.text) !== undefined))
            .addDialog(new CitizenInputPrompt(PHOTO_PROMPT, ['text', 'image'], async (pc) => photoAnswerOf(pc) !== undefined))
            .addDialog(
                new CitizenInputPrompt(
                    CONFIRM_PROMPT,
                    ['text', 'reaction'],
                    async (pc) =>
                        readConfirmation(pc.recognized.value?.text ?? '', requestTexts.confirmChoice, requestTexts.correctChoice) !== undefined
                )
            )
            .addDialog(
                new WaterfallDialog(WATERFALL, [
                    this.nameStep.bind(this),
                    this.departmentStep.bind(this),
                    this.addressStep.bind(this),
                    this.kindStep.bind(this),
                    this.descriptionStep.bind(this),
                    this.photoStep.bind(this),
                    this.summaryStep.bind(this),
                    this.saveStep.bind(this)
                ])
            );
        this.initialDialogId = WATERFALL;
    }

    /** Three failed answers in a row: a person takes the request over, as a "consulta" (it is no emergency). */
    protected override async onRepeatedFailures(innerDc: DialogContext, triggerText: string | undefined): Promise<DialogTurnResult> {
        return this.endWithHandoff(innerDc, 'consulta', triggerText);
    }

    private async nameStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const form = formOf(step);
        const options = (step.options ?? {}) as RequestDialogOptions;
        // The first time only: what this is (not the emergency line).
        if (!options.again) await step.context.sendActivity(requestText('requestIntro'));
        if (options.description && !options.again) {
            form.description = descriptionOf(options.description);
            form.requestKind = kindOf(options.description);
        }
        form.name ??= options.name?.trim() || (await this.knownName(step.context));
        if (form.name) return step.next();
        return ask(step, NAME_PROMPT, 'askName', 'retryName');
    }

    private async departmentStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const form = formOf(step);
        form.name ??= nameOf(step.result as CitizenInput | undefined);
        const list = DEPARTMENTS.map((d, i) => `${i + 1}. ${d.name}`).join('\n');
        return ask(step, DEPARTMENT_PROMPT, 'askDepartment', 'retryDepartment', undefined, { list, count: DEPARTMENTS.length });
    }

    private async addressStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const form = formOf(step);
        const answer = step.result as CitizenInput;
        form.departmentId = departmentOf(answer);
        // A pin answers the address too.
        if (answer.kind === 'location') form.address = addressOf(answer);
        if (form.address) return step.next();
        return ask(step, ADDRESS_PROMPT, 'askAddress', 'retryAddress');
    }

    private async kindStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const form = formOf(step);
        form.address ??= addressOf(step.result as CitizenInput);
        if (form.requestKind) return step.next();
        return ask(step, KIND_PROMPT, 'askKind', 'retryKind', REQUEST_KINDS.map(kindLabel));
    }

    /** A button (or its number) asks for a description; the citizen's own words are the description already. */
    private async descriptionStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const form = formOf(step);
        const text = (step.result as CitizenInput | undefined)?.text ?? '';
        form.requestKind ??= kindOf(text);
        if (text && !isChoiceOnly(text)) form.description ??= descriptionOf(text);
        if (form.description) return step.next();
        return ask(step, DESCRIPTION_PROMPT, 'askDescription', 'retryDescription');
    }

    private async photoStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const form = formOf(step);
        form.description ??= descriptionOf((step.result as CitizenInput | undefined)?.text);
        return ask(step, PHOTO_PROMPT, 'askPhoto', 'retryPhoto', [requestTexts.photoSkipChoice]);
    }

    private async summaryStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const form = formOf(step);
        const answer = step.result as CitizenInput;
        form.photo = answer.kind === 'image' && answer.image ? { ...answer.image } : null;
        const summary = requestText('summary', {
            name: form.name ?? '-',
            department: departmentById(form.departmentId)?.name ?? '-',
            address: form.address ?? '-',
            kind: form.requestKind ? kindLabel(form.requestKind) : '-',
            description: form.description ?? '-',
            photo: form.photo ? requestTexts.summaryPhotoYes : requestTexts.summaryPhotoNo
        });
        return ask(step, CONFIRM_PROMPT, summary, 'retryConfirm', [requestTexts.confirmChoice, requestTexts.correctChoice]);
    }

    private async saveStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const form = formOf(step);
        const answer = readConfirmation((step.result as CitizenInput).text ?? '', requestTexts.confirmChoice, requestTexts.correctChoice);
        if (answer?.decision !== 'confirm') {
            const again: RequestDialogOptions = { again: true, ...(form.name ? { name: form.name } : {}) };
            return step.replaceDialog(WATERFALL, again);
        }
        const context = step.context;
        const citizenKey = citizenKeyOfActivity(context.activity) ?? 'unknown';
        try {
            const saved = await this.options.requests.create({
                citizenKey,
                channelId: context.activity.channelId ?? 'unknown',
                conversationReference: TurnContext.getConversationReference(context.activity),
                name: form.name ?? '',
                departmentId: form.departmentId ?? '',
                address: form.address ?? '',
                requestKind: form.requestKind ?? 'otro',
                description: form.description ?? '',
                ...(form.photo ? { photo: form.photo } : {}),
                ...(context.activity.id ? { sourceMessageId: context.activity.id } : {})
            });
            await context.sendActivity(requestText('requestSaved', { number: saved.id }));
            const outcome: RequestDialogOutcome = { outcome: 'saved', requestId: saved.id };
            return step.endDialog(outcome);
        } catch (error) {
            if (isStorageUnavailable(error) && this.options.rerunsOnStorageFailure?.(context)) throw error;
            this.options.logger.error({ err: error }, 'RequestDialog.saveStep(): the request was not saved');
            await context.sendActivity(requestText('requestNotSaved'));
            const outcome: RequestDialogOutcome = { outcome: 'not_saved' };
            return step.endDialog(outcome);
        }
    }

    private async knownName(context: TurnContext): Promise<string | undefined> {
        const citizenKey = citizenKeyOfActivity(context.activity);
        if (!citizenKey || !this.options.profiles) return undefined;
        const profile = await this.options.profiles.get(citizenKey).catch((error: unknown) => {
            this.options.logger.warn({ err: error }, 'RequestDialog: the citizen profile could not be read; the name is asked');
            return undefined;
        });
        return profile?.name?.trim() || undefined;
    }
}

function formOf(step: WaterfallStepContext): RequestForm {
    const values = step.values as { form?: RequestForm };
    values.form ??= {};
    return values.form;
}

/** A question through a CitizenInputPrompt, with reply buttons when choices are given. `text`: a catalog key or the text itself. */
function ask(
    step: WaterfallStepContext,
    promptId: string,
    text: RequestTextKey | string,
    retryKey: RequestTextKey,
    choices?: string[],
    values: Record<string, string | number> = {}
): Promise<DialogTurnResult> {
    const prompt = text in requestTexts ? requestText(text as RequestTextKey, values) : text;
    const retry = requestText(retryKey, values);
    const options: PromptOptions = choices
        ? { prompt: ChoiceFactory.suggestedAction(choices, prompt), retryPrompt: ChoiceFactory.suggestedAction(choices, retry) }
        : {
              prompt: MessageFactory.text(prompt, undefined, InputHints.ExpectingInput),
              retryPrompt: MessageFactory.text(retry, undefined, InputHints.ExpectingInput)
          };
    return step.prompt(promptId, options);
}

function nameOf(input: CitizenInput | undefined): string | undefined {
    if (!input?.text) return undefined;
    const read = readNameAnswer(input.text);
    return 'name' in read ? read.name : undefined;
}

/** A department named (or its number in the list), or the one a pin falls in. */
function departmentOf(input: CitizenInput | undefined): string | undefined {
    if (input?.kind === 'location' && input.location) return departmentForPoint(input.location)?.id;
    return input?.text ? recognizeDepartment(input.text)?.id : undefined;
}

/** A written address or reference (a few characters at least), or a pin (its address, else its coordinates). */
function addressOf(input: CitizenInput | undefined): string | undefined {
    if (input?.kind === 'location' && input.location) {
        const { address, name, latitude, longitude } = input.location;
        return address ?? name ?? `${latitude.toFixed(5)}, ${longitude.toFixed(5)}`;
    }
    const text = input?.text?.trim();
    return text && normalizeText(text).replace(/[^a-z0-9]/g, '').length >= 3 ? text.slice(0, 300) : undefined;
}

/** The kind a button title, its number in the list, or the citizen's words name. */
function kindOf(text: string | undefined): RequestKind | undefined {
    if (!text) return undefined;
    const folded = normalizeText(text);
    const byLabel = REQUEST_KINDS.find((kind) => normalizeText(kindLabel(kind)) === folded);
    if (byLabel) return byLabel;
    const number = readListNumber(folded);
    if (number !== undefined) return REQUEST_KINDS[number - 1];
    const tokens = folded.split(/[^a-z0-9]+/).filter(Boolean);
    return REQUEST_KINDS.find((kind) => KIND_WORDS[kind].some((word) => tokens.includes(word) || folded === word));
}

/** Whether the answer to "what do you need?" was only a button or a number (no words of the citizen's own to keep). */
function isChoiceOnly(text: string): boolean {
    const folded = normalizeText(text);
    return (
        readListNumber(folded) !== undefined ||
        REQUEST_KINDS.some((kind) => normalizeText(kindLabel(kind)) === folded || KIND_WORDS[kind].includes(folded))
    );
}

function descriptionOf(text: string | undefined): string | undefined {
    const trimmed = text?.trim();
    return trimmed && normalizeText(trimmed).replace(/[^a-z0-9]/g, '').length >= 3 ? trimmed.slice(0, 1000) : undefined;
}

/** A photo, or the skip (button or words): null; anything else undefined (asked again). */
function photoAnswerOf(pc: PromptValidatorContext<CitizenInput>): RequestPhoto | null | undefined {
    const input = pc.recognized.value;
    if (input?.kind === 'image' && input.image) return input.image;
    return input?.text && isPhotoSkip(input.text, requestTexts.photoSkipChoice) ? null : undefined;
}
