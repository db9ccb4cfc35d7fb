import { Activity, ActivityTypes, InputHints, MessageFactory, TurnContext } from 'botbuilder';
import {
    ChoiceFactory,
    Dialog,
    DialogContext,
    DialogTurnResult,
    DialogTurnStatus,
    PromptOptions,
    WaterfallDialog,
    WaterfallStepContext
} from 'botbuilder-dialogs';
import { CancelAndHelpDialog, ProtocolOutcome } from './cancelAndHelpDialog';
import { CitizenInput, SharedImage, readCitizenInput } from './citizenInput';
import { CitizenInputPrompt } from './citizenInputPrompt';
import { CitizenProfile } from './citizenProfileRepository';
import { DEPARTMENTS, EMERGENCY_TYPES, Priority, departmentById, higherPriority } from './domainData';
import { isInsideProvince, recognizeDepartment, recognizePlace } from './departmentRecognizer';
import { recognizeChosenEmergencyType } from './emergencyTypeRecognizer';
import { citizenKeyOf, handOffConversation, rememberCitizen } from './handoffFlow';
import { Interruption } from './interruptions';
import { ProtocolDependencies } from './protocolDependencies';
import {
    EmergencyReport,
    ReportDraft,
    ReportLocation,
    canBeSaved,
    keepEmergencyType,
    keepSharedMedia,
    snapshotOf,
    takeDepartmentFromPin
} from './report';
import {
    validateConfirmation,
    validateCorrectionField,
    validateDepartment,
    validateEmergencyTypeOrOther,
    validateLocation,
    validateName,
    validatePhoto,
    validateProfileAnswer,
    validateWhichDepartment
} from './reportValidators';
import { TextKey, say, texts } from './texts';
import { AppliedCorrection, applyCorrection, fillDraftFrom } from './formFilling';
import { withLocality } from './placeWithLocality';
import {
    isYes,
    readConfirmation,
    readCorrectionField,
    readNameAnswer,
    understand,
    type ConversationStep,
    type SummaryField,
    type Understanding
} from '../language';
import { formatLocal } from '../common/time';
import { isStorageUnavailable } from '../storage';

export const REPORT_DIALOG = 'reportDialog';
const REPORT_WATERFALL = 'reportWaterfall';
const PROFILE_PROMPT = 'profilePrompt';
const NAME_PROMPT = 'namePrompt';
const DEPARTMENT_PROMPT = 'departmentPrompt';
const WHICH_DEPARTMENT_PROMPT = 'whichDepartmentPrompt';
const LOCATION_PROMPT = 'locationPrompt';
const EMERGENCY_TYPE_PROMPT = 'emergencyTypePrompt';
const PHOTO_PROMPT = 'photoPrompt';
const CONFIRM_PROMPT = 'confirmPrompt';
const CORRECTION_PROMPT = 'correctionPrompt';

/** Turn state: this turn's photo was one more at the summary, acknowledged briefly; the summary stands. */
const SUMMARY_STANDS = Symbol('summaryStands');

/** Step value: the profile offered to a returning citizen. */
const OFFERED_PROFILE = 'offeredProfile';

/** The fields of the draft a correction clears (then the waterfall asks only for what is missing). */
const CLEAR_FIELD: Record<SummaryField, (draft: ReportDraft) => void> = {
    name: (draft) => {
        delete draft.name;
    },
    department: (draft) => {
        delete draft.departmentId;
        delete draft.departmentAssumed;
        delete draft.departmentFromPin;
    },
    location: (draft) => {
        delete draft.location;
    },
    emergencyType: (draft) => {
        delete draft.emergencyTypeId;
        delete draft.emergencyDescription;
    },
    photo: (draft) => {
        delete draft.photo;
        delete draft.morePhotos;
    }
};

/**
 * The report protocol: name -> department -> location -> emergency type -> photo -> summary -> saved
 * and handed to a person. Every step skips ahead when the draft already holds its answer (a returning
 * citizen's name, a department answered by a pin, a field kept through a correction); a correction
 * clears one field and runs the waterfall again.
 */
export class ReportDialog extends CancelAndHelpDialog {
    constructor(deps: ProtocolDependencies) {
        super(REPORT_DIALOG, deps);
        this.addDialog(new CitizenInputPrompt(PROFILE_PROMPT, ['text'], validateProfileAnswer))
            .addDialog(new CitizenInputPrompt(NAME_PROMPT, ['text'], validateName, { asksForName: true }))
            .addDialog(new CitizenInputPrompt(DEPARTMENT_PROMPT, ['text', 'location'], validateDepartment))
            .addDialog(new CitizenInputPrompt(WHICH_DEPARTMENT_PROMPT, ['text', 'location'], validateWhichDepartment))
            .addDialog(new CitizenInputPrompt(LOCATION_PROMPT, ['text', 'location'], validateLocation))
            .addDialog(new CitizenInputPrompt(EMERGENCY_TYPE_PROMPT, ['text'], validateEmergencyTypeOrOther))
            .addDialog(new CitizenInputPrompt(PHOTO_PROMPT, ['text', 'image'], validatePhoto))
            .addDialog(new CitizenInputPrompt(CONFIRM_PROMPT, ['text', 'reaction'], validateConfirmation))
            .addDialog(new CitizenInputPrompt(CORRECTION_PROMPT, ['text'], validateCorrectionField))
            .addDialog(
                new WaterfallDialog(REPORT_WATERFALL, [
                    this.offerProfileStep.bind(this),
                    this.nameStep.bind(this),
                    this.departmentStep.bind(this),
                    this.whichDepartmentStep.bind(this),
                    this.locationStep.bind(this),
                    this.emergencyTypeStep.bind(this),
                    this.photoStep.bind(this),
                    this.confirmStep.bind(this),
                    this.correctOrSaveStep.bind(this),
                    this.applyCorrectionStep.bind(this)
                ])
            );
        this.initialDialogId = REPORT_WATERFALL;
    }

    /** Offers a returning citizen the name and department they gave before. */
    private async offerProfileStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const draft = await this.draft(step.context);
        if (draft.name || draft.profileOffered) return step.next();
        const profile = await this.deps.profiles.get(citizenKeyOf(step.context)).catch((error: unknown) => {
            this.deps.logger.warn({ err: error }, 'ReportDialog.offerProfileStep(): profile not readable');
            return undefined;
        });
        if (!profile?.name) return step.next();
        draft.profileOffered = true;
        await this.saveDraft(step.context, draft);
        (step.values as Record<string, unknown>)[OFFERED_PROFILE] = profile;
        const department = departmentById(profile.departmentId);
        const text = department
            ? say('offerProfile', { name: profile.name, department: department.name })
            : say('offerProfileNameOnly', { name: profile.name });
        return this.ask(step, PROFILE_PROMPT, text, 'retryOfferProfile', [texts.offerProfileYes, texts.offerProfileNo]);
    }

    /** Asks for the citizen's name. */
    private async nameStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const draft = await this.draft(step.context);
        const answer = step.result as CitizenInput | undefined;
        const offered = (step.values as Record<string, unknown>)[OFFERED_PROFILE] as CitizenProfile | undefined;
        if (answer?.text && offered?.name && this.acceptsOffer(answer.text)) {
            draft.name = offered.name;
            if (!draft.departmentId && departmentById(offered.departmentId)) {
                draft.departmentId = offered.departmentId;
                draft.departmentAssumed = true;
            }
            await this.saveDraft(step.context, draft);
        }
        if (draft.name) return step.next();
        return this.ask(step, NAME_PROMPT, say('askName'), 'retryName');
    }

    /** Asks for the department (a name, a number from the list, or a pin). */
    private async departmentStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const draft = await this.draft(step.context);
        const answer = step.result as CitizenInput | undefined;
        if (answer?.text && !draft.name) {
            const read = readNameAnswer(answer.text);
            if ('name' in read) draft.name = read.name;
        }
        await this.saveDraft(step.context, draft);
        if (draft.departmentId) return step.next();
        // "de Saujil" said before: the two departments it lies in, not all sixteen (the next step reads the answer)
        const ambiguous = draft.locality ? recognizePlace(draft.locality, { departmentList: true }).ambiguous : undefined;
        if (ambiguous) return this.askWhichDepartment(step, ambiguous);
        const list = DEPARTMENTS.map((d, i) => `${i + 1}. ${d.name}`).join('\n');
        const text = draft.name ? say('askDepartment', { name: firstName(draft.name), list }) : say('askDepartmentShort', { list });
        return this.ask(step, DEPARTMENT_PROMPT, text, 'retryDepartment', undefined, { count: DEPARTMENTS.length });
    }

    /**
     * A place named in two departments ("Saujil", "San José") gets a question with one button per department. Any
     * other answer passes through.
     */
    private async whichDepartmentStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const answer = step.result as CitizenInput | undefined;
        const ambiguous = answer?.text ? recognizePlace(answer.text, { departmentList: true }).ambiguous : undefined;
        const draft = await this.draft(step.context);
        if (!ambiguous || draft.departmentId) return step.next(answer);
        return this.askWhichDepartment(step, ambiguous);
    }

    private async askWhichDepartment(step: WaterfallStepContext, place: { name: string; departments: string[] }): Promise<DialogTurnResult> {
        return this.ask(step, WHICH_DEPARTMENT_PROMPT, say('askWhichDepartment', { place: place.name }), 'retryWhichDepartment', place.departments, {
            place: place.name
        });
    }

    /** Asks where exactly (a pin or an address), unless a pin already answered it. */
    private async locationStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const draft = await this.draft(step.context);
        const answer = step.result as CitizenInput | undefined;
        if (answer?.kind === 'location' && answer.location) {
            takeDepartmentFromPin(draft, answer.location);
            // The pin is newer than any location kept through a correction of the department.
            draft.location = { kind: 'pin', ...answer.location };
        } else if (answer?.text) {
            const named = recognizeDepartment(answer.text);
            if (named) {
                draft.departmentId = named.id;
                delete draft.departmentFromPin;
            }
        }
        await this.saveDraft(step.context, draft);
        if (draft.location) return step.next();
        const prompt: Partial<Activity> = {
            ...MessageFactory.text(say('askLocation'), undefined, InputHints.ExpectingInput),
            channelData: { whatsapp: { locationRequest: true } }
        };
        return step.prompt(LOCATION_PROMPT, { prompt, retryPrompt: this.withLocationRequest(say('retryLocation')) });
    }

    /**
     * Asks what kind of emergency it is (choices, or in the citizen's words). A pin in the province also
     * says the department when it was only assumed from the last report or told by an earlier pin; a
     * department the citizen named stays (see takeDepartmentFromPin).
     */
    private async emergencyTypeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const draft = await this.draft(step.context);
        const answer = step.result as CitizenInput | undefined;
        const location = answer ? locationFrom(answer) : undefined;
        if (location) draft.location = withLocality(location, draft);
        if (location?.kind === 'pin') takeDepartmentFromPin(draft, location);
        await this.saveDraft(step.context, draft);
        if (draft.emergencyTypeId) return step.next();
        return this.ask(
            step,
            EMERGENCY_TYPE_PROMPT,
            say('askEmergencyType'),
            'retryEmergencyType',
            EMERGENCY_TYPES.map((t) => t.label)
        );
    }

    /**
     * Asks for a photo, which may be skipped; a critical type chosen from the list (or typed as its label) is handed
     * over at once instead. A type guessed from the citizen's words goes on to the photo and the summary, where they
     * see it and may correct it ("hay olor a gas" is not always a leak); a message that is itself urgent was handed
     * over before this step. An answer to the type question that names no type was taken as another emergency ("no
     * sé", or the answer after two descriptions that fit none): the citizen's words are kept.
     */
    private async photoStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const draft = await this.draft(step.context);
        const answer = step.result as CitizenInput | undefined;
        const type = answer?.text ? keepEmergencyType(draft, answer.text) : undefined;
        await this.saveDraft(step.context, draft);
        if (answer?.text && type?.priority === 'critical' && recognizeChosenEmergencyType(answer.text)) {
            await this.handOverUrgently(step.context, answer.text);
            const outcome: ProtocolOutcome = { outcome: 'handed_off', reason: 'urgent' };
            return step.endDialog(outcome);
        }
        if (draft.photo !== undefined) return step.next();
        return this.ask(step, PHOTO_PROMPT, say('askPhoto'), 'retryPhoto', [texts.photoSkipChoice]);
    }

    /** Shows the summary and asks to send it or to correct one field. */
    private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const draft = await this.draft(step.context);
        const answer = step.result as CitizenInput | undefined;
        if (answer?.kind === 'image' && answer.image) draft.photo = answer.image;
        else if (answer) draft.photo = null;
        await this.saveDraft(step.context, draft);
        const report = snapshotOf(draft);
        const summary = say('summary', {
            name: report.name ?? '-',
            department: report.departmentName ?? '-',
            location: describeLocation(report.location),
            emergencyType: describeEmergencyType(report.emergencyTypeLabel, report.emergencyDescription),
            photo: describePhotos(report.photo, report.morePhotos)
        });
        return this.ask(step, CONFIRM_PROMPT, summary, 'retryConfirm', [texts.confirmChoice, texts.correctChoice]);
    }

    /** Saves the report, or asks which field to correct. */
    private async correctOrSaveStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const answer = readConfirmation((step.result as CitizenInput).text ?? '', texts.confirmChoice, texts.correctChoice);
        if (answer?.decision === 'confirm') return this.saveReport(step);
        if (answer?.decision === 'correct' && answer.field) return step.next({ kind: 'text', text: answer.field } satisfies CitizenInput);
        const fields = [
            texts.correctionName,
            texts.correctionDepartment,
            texts.correctionLocation,
            texts.correctionEmergencyType,
            texts.correctionPhoto
        ];
        return this.ask(step, CORRECTION_PROMPT, say('askCorrection'), 'retryCorrection', fields);
    }

    /** Clears the chosen field and runs the protocol again: only that field is asked. */
    private async applyCorrectionStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const text = (step.result as CitizenInput).text ?? '';
        const field = (Object.keys(CLEAR_FIELD) as SummaryField[]).find((f) => f === text) ?? readCorrectionField(text);
        const draft = await this.draft(step.context);
        if (field) CLEAR_FIELD[field](draft);
        await this.saveDraft(step.context, draft);
        return step.replaceDialog(REPORT_WATERFALL);
    }

    /**
     * Saves the report under a short id, tells the citizen, and asks for a person to follow it up. A report
     * that cannot be saved still reaches a person (the request carries it) and the citizen is told so.
     */
    private async saveReport(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const context = step.context;
        const draft = await this.draft(context);
        const saved = await this.createReport(context, draft, 'saveReport');
        if (!saved) {
            await handOffConversation(context, this.deps, 'report_complete', { notice: 'reportNotSaved' });
            const outcome: ProtocolOutcome = { outcome: 'handed_off', reason: 'report_complete' };
            return step.endDialog(outcome);
        }
        await context.sendActivity(say('reportSaved', numberOf(saved)));
        await rememberCitizen(context, this.deps, draft);
        await handOffConversation(context, this.deps, 'report_complete', { reportId: saved.id });
        const outcome: ProtocolOutcome = { outcome: 'saved', reportId: saved.id };
        return step.endDialog(outcome);
    }

    /**
     * A message at any question of the report: a correction in words that says its new value ("uy no, perdón, es
     * Londres, no Belén") is applied and said back, and the protocol goes on from what is still missing; a question
     * about the question ("¿para qué quieren mi dirección?") is answered and the question asked again; anything else
     * the message carries besides the answer (a name, a place, an address, what happened) fills the draft, so it is
     * not asked later. Then the question's own prompt reads the answer.
     */
    protected override async onUnderstoodAnswer(innerDc: DialogContext, input: CitizenInput): Promise<DialogTurnResult | undefined> {
        const promptId = innerDc.activeDialog?.id ?? '';
        const step = STEP_OF_PROMPT[promptId];
        // "Which field?" is answered by naming a field, which is no correction in itself.
        if (!step || !input.text || promptId === CORRECTION_PROMPT) return undefined;
        const context = innerDc.context;
        const reading = understand(input.text, step);
        const draft = await this.draft(context);
        const corrected = applyCorrection(draft, input.text, step, reading);
        if (corrected) {
            await this.saveDraft(context, draft);
            await context.sendActivity(say('correctionApplied', { field: texts[CORRECTED_FIELD[corrected.field]], value: corrected.shown }));
            await innerDc.cancelAllDialogs();
            return innerDc.beginDialog(REPORT_WATERFALL);
        }
        // Right after the greeting the report asks the name: a citizen who writes a request or "¿hay alerta?" instead
        // came for that, not for a report. A question there is most often about the name itself (the prompt answers it).
        const asked = reading.intent.intent;
        if (step === 'name' && !reading.name && (asked === 'alerts_query' || asked === 'request')) {
            return this.endRerouted(innerDc, { topic: asked === 'alerts_query' ? 'alerts' : asked, text: input.text });
        }
        if (step !== 'name' && asked === 'alerts_query' && !reading.types.length) {
            for (const answer of await this.deps.questions.answerAlerts(citizenKeyOf(context), { text: input.text }))
                await context.sendActivity(answer);
            return this.askAgain(innerDc);
        }
        // The name question answers questions itself, with an example of a name.
        if (step !== 'name' && isOnlyAQuestion(reading)) {
            // "¿y para qué quieren mi nombre?" asked at another question: the field it names is the one explained
            const named = reading.intent.aboutField;
            await context.sendActivity(say((named && WHY_FIELD[named]) ?? WHY_WE_ASK[step] ?? 'whySummary'));
            return this.askAgain(innerDc);
        }
        if (fillDraftFrom(draft, input.text, step, reading).length > 0) await this.saveDraft(context, draft);
        return undefined;
    }

    /**
     * A photo or a pin sent at another question is kept in the draft (not asked for later) and acknowledged; a video
     * cannot be kept, and the citizen is told so and asked for a photo (at the photo question) or the question. One more
     * photo at the summary (the second of an album, say) is only acknowledged, with the summary's buttons: the summary
     * already says there is a photo, and sending it again for each photo buried the question.
     */
    protected override async keepSharedMedia(innerDc: DialogContext, input: CitizenInput): Promise<boolean> {
        const context = innerDc.context;
        if (input.kind === 'video') {
            // Nowhere for it in the report (an operator sees photos): told, never dropped in silence.
            await context.sendActivity(say('videoNotUsable'));
            return true;
        }
        const draft = await this.draft(context);
        const kept = keepSharedMedia(draft, input);
        if (!kept) return false;
        await this.saveDraft(context, draft);
        if (kept === 'extraPhoto' && innerDc.activeDialog?.id === CONFIRM_PROMPT && input.text === undefined) {
            context.turnState.set(SUMMARY_STANDS, true);
            await context.sendActivity(ChoiceFactory.suggestedAction([texts.confirmChoice, texts.correctChoice], say('extraPhotoReceived')));
            return true;
        }
        await context.sendActivity(say(kept === 'location' ? 'locationReceived' : 'photoReceived'));
        return true;
    }

    /** At the summary, the summary again with what was just kept (unless one more photo was acknowledged); elsewhere, the same question. */
    protected override async askAfterKeepingMedia(innerDc: DialogContext): Promise<DialogTurnResult> {
        if (innerDc.activeDialog?.id !== CONFIRM_PROMPT) return super.askAfterKeepingMedia(innerDc);
        if (innerDc.context.turnState.get(SUMMARY_STANDS)) return Dialog.EndOfTurn;
        await innerDc.cancelAllDialogs();
        return innerDc.beginDialog(REPORT_WATERFALL);
    }

    /**
     * An urgency signal at any question of the report. At the type question the message is its answer too: "Personas
     * atrapadas" (an urgency signal itself) or "hay gente atrapada" keep their type, other words are kept as "Otra
     * emergencia"; a photo or pin it carries is kept. Then, as for a critical type, the report is saved if it is far enough along, and a person is asked
     * for at once. Other handovers (a voice note, asking for a person) go as the base dialog's.
     */
    protected override async onInterruptingHandoff(
        innerDc: DialogContext,
        interruption: Extract<Interruption, { kind: 'handoff' }>
    ): Promise<DialogTurnResult> {
        if (interruption.reason !== 'urgent') return super.onInterruptingHandoff(innerDc, interruption);
        const context = innerDc.context;
        const triggerText = interruption.triggerText ?? '';
        const draft = await this.draft(context);
        // A photo or pin captioned with the urgency belongs to the report too.
        keepSharedMedia(draft, readCitizenInput(context.activity));
        if (innerDc.activeDialog?.id === EMERGENCY_TYPE_PROMPT && triggerText) keepEmergencyType(draft, triggerText);
        // What the urgent message says besides the urgency (the place, the address, the hazard) goes with it.
        const step = STEP_OF_PROMPT[innerDc.activeDialog?.id ?? ''];
        if (triggerText && step) fillDraftFrom(draft, triggerText, step, undefined, false);
        await this.saveDraft(context, draft);
        await this.handOverUrgently(context, triggerText);
        await innerDc.cancelAllDialogs();
        const outcome: ProtocolOutcome = { outcome: 'handed_off', reason: 'urgent' };
        return { status: DialogTurnStatus.complete, result: outcome };
    }

    /**
     * A critical type chosen ("Incendio de vivienda", "Materiales peligrosos") or an urgency signal: waiting for a
     * photo and a confirmation would keep a person from knowing. A person is asked for at once (priority critical).
     * When the report has what a saved report needs (from the type question on), it is saved first as far as it got,
     * as critical, and the citizen gets its number and may still send photos, which reach the person (the case holds
     * the conversation from now on). Before that, the request carries the report so far.
     */
    private async handOverUrgently(context: TurnContext, triggerText: string): Promise<void> {
        const draft = await this.draft(context);
        if (!canBeSaved(draft)) {
            await handOffConversation(context, this.deps, 'urgent', { triggerText });
            return;
        }
        const saved = await this.createReport(context, draft, 'handOverUrgently', 'critical');
        await handOffConversation(context, this.deps, 'urgent', { triggerText, ...(saved ? { reportId: saved.id } : {}) });
        await context.sendActivity(saved ? say('criticalReportSaved', numberOf(saved)) : say('photosWhileWaiting'));
    }

    /**
     * Three answers in a row not understood at the summary (or at "which field?"): the report is complete, so it
     * is saved as it stands before a person takes over, and the citizen gets its number. Elsewhere, the base
     * dialog's handoff with the report so far.
     */
    protected override async onRepeatedFailures(innerDc: DialogContext, triggerText: string | undefined): Promise<DialogTurnResult> {
        const promptId = innerDc.activeDialog?.id;
        if (promptId !== CONFIRM_PROMPT && promptId !== CORRECTION_PROMPT) return super.onRepeatedFailures(innerDc, triggerText);
        const context = innerDc.context;
        const saved = await this.createReport(context, await this.draft(context), 'onRepeatedFailures');
        if (!saved) return super.onRepeatedFailures(innerDc, triggerText);
        await handOffConversation(context, this.deps, 'repeated_failures', { triggerText, reportId: saved.id });
        await context.sendActivity(say('reportSavedUnconfirmed', numberOf(saved)));
        await innerDc.cancelAllDialogs();
        const outcome: ProtocolOutcome = { outcome: 'handed_off', reason: 'repeated_failures' };
        return { status: DialogTurnStatus.complete, result: outcome };
    }

    /**
     * Saves the draft as a report under a short id (a turn run again finds the report its message made). Undefined
     * when it cannot be saved (logged): the caller still hands over, with the report in the request. A storage
     * blip on a channel that runs the turn again is let through, so the next run saves it. `leastPriority`: an urgent
     * report is critical whatever its type.
     */
    private async createReport(
        context: TurnContext,
        draft: ReportDraft,
        caller: string,
        leastPriority: Priority = 'normal'
    ): Promise<EmergencyReport | undefined> {
        const report = snapshotOf(draft);
        const createdAt = this.deps.clock();
        try {
            return await this.deps.reports.create({
                citizenKey: citizenKeyOf(context),
                channelId: context.activity.channelId,
                name: report.name ?? '',
                departmentId: report.departmentId ?? '',
                departmentName: report.departmentName ?? '',
                location: report.location ?? { kind: 'text', text: '' },
                emergencyTypeId: report.emergencyTypeId ?? 'other',
                emergencyTypeLabel: report.emergencyTypeLabel ?? '',
                ...(report.emergencyDescription ? { emergencyDescription: report.emergencyDescription } : {}),
                priority: higherPriority(leastPriority, report.priority),
                ...(report.photo ? { photo: report.photo } : {}),
                ...(report.morePhotos ? { morePhotos: report.morePhotos } : {}),
                status: 'submitted',
                startedAt: draft.startedAt ?? createdAt,
                createdAt,
                createdAtLocal: formatLocal(createdAt),
                ...(context.activity.id ? { sourceMessageId: context.activity.id } : {})
            });
        } catch (error) {
            if (isStorageUnavailable(error) && this.deps.rerunsOnStorageFailure(context)) throw error;
            this.deps.logger.error({ err: error }, `ReportDialog.${caller}(): the report was not saved`);
            return undefined;
        }
    }

    private acceptsOffer(text: string): boolean {
        return isYes(text) || text.trim() === texts.offerProfileYes;
    }

    /** Sends a question (with reply buttons when choices are given) through a CitizenInputPrompt. */
    private async ask(
        step: WaterfallStepContext,
        promptId: string,
        text: string,
        retryKey: TextKey,
        choices?: string[],
        retryValues: Record<string, string | number> = {}
    ): Promise<DialogTurnResult> {
        const retryText = say(retryKey, retryValues);
        const options: PromptOptions = choices
            ? { prompt: ChoiceFactory.suggestedAction(choices, text), retryPrompt: ChoiceFactory.suggestedAction(choices, retryText) }
            : {
                  prompt: MessageFactory.text(text, undefined, InputHints.ExpectingInput),
                  retryPrompt: MessageFactory.text(retryText, undefined, InputHints.ExpectingInput)
              };
        return step.prompt(promptId, options);
    }

    private withLocationRequest(text: string): Partial<Activity> {
        return { type: ActivityTypes.Message, text, inputHint: InputHints.ExpectingInput, channelData: { whatsapp: { locationRequest: true } } };
    }

    private async draft(context: TurnContext): Promise<ReportDraft> {
        return (await this.deps.draftAccessor.get(context, {})) ?? {};
    }

    private async saveDraft(context: TurnContext, draft: ReportDraft): Promise<void> {
        await this.deps.draftAccessor.set(context, draft);
    }
}

/** The point of the conversation each prompt of the report is, for the language layer. */
const STEP_OF_PROMPT: Record<string, ConversationStep> = {
    [NAME_PROMPT]: 'name',
    [DEPARTMENT_PROMPT]: 'department',
    [WHICH_DEPARTMENT_PROMPT]: 'department',
    [LOCATION_PROMPT]: 'location',
    [EMERGENCY_TYPE_PROMPT]: 'type',
    [PHOTO_PROMPT]: 'photo',
    [CONFIRM_PROMPT]: 'summary',
    [CORRECTION_PROMPT]: 'summary'
};

/** What each question is for, told to a citizen who asks instead of answering. */
const WHY_WE_ASK: Partial<Record<ConversationStep, TextKey>> = {
    department: 'whyDepartment',
    location: 'whyLocation',
    type: 'whyType',
    photo: 'whyPhoto',
    summary: 'whySummary'
};

const WHY_FIELD: Record<AppliedCorrection['field'], TextKey> = {
    name: 'whyName',
    department: 'whyDepartment',
    location: 'whyLocation',
    type: 'whyType',
    photo: 'whyPhoto'
};

const CORRECTED_FIELD: Record<AppliedCorrection['field'], TextKey> = {
    name: 'correctedFieldName',
    department: 'correctedFieldDepartment',
    location: 'correctedFieldLocation',
    type: 'correctedFieldType',
    photo: 'correctedFieldPhoto'
};

/** A question and nothing that answers anything: no place, address, type or name in it. */
function isOnlyAQuestion(reading: Understanding): boolean {
    return (
        reading.intent.intent === 'question' &&
        !reading.place.department &&
        !reading.place.ambiguous &&
        !reading.place.address &&
        reading.types.length === 0 &&
        !reading.name
    );
}

/** The location an answer to the location question gives: the pin (confirmed if outside) or the text. */
function locationFrom(answer: CitizenInput): ReportLocation | undefined {
    if (answer.kind === 'location' && answer.location) {
        return { kind: 'pin', ...answer.location, ...(isInsideProvince(answer.location) ? {} : { outsideProvince: true }) };
    }
    return answer.text ? { kind: 'text', text: answer.text } : undefined;
}

/** What the citizen quotes on the phone: the report's number and its time in Catamarca. */
function numberOf(saved: EmergencyReport): { reportId: string; time: string } {
    return { reportId: saved.id, time: formatLocal(saved.createdAt, 'HH:mm') };
}

/** "Otra emergencia (se rompió todo en el barrio)": the type, with the citizen's words when it fit no type. */
function describeEmergencyType(label: string | undefined, description: string | undefined): string {
    if (!label) return '-';
    return description ? `${label} (${description})` : label;
}

/** "sí", "sí (3)" for three photos, or "no". */
function describePhotos(photo: SharedImage | undefined, morePhotos: SharedImage[] | undefined): string {
    if (!photo) return texts.summaryPhotoNo;
    const count = 1 + (morePhotos?.length ?? 0);
    return count === 1 ? texts.summaryPhotoYes : say('summaryPhotoCount', { count });
}

function describeLocation(location: ReportLocation | undefined): string {
    if (!location) return '-';
    if (location.kind === 'text') return location.text;
    return location.address ?? location.name ?? texts.summaryLocationPin;
}

/** How the next question addresses the citizen: "Pérez, María" -> "Pérez", not "Pérez,". */
function firstName(name: string): string {
    return name.split(' ')[0].replace(/[,.;:!?]+$/, '');
}
