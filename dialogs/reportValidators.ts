import { InputHints, MessageFactory } from 'botbuilder';
import { PromptValidatorContext } from 'botbuilder-dialogs';
import { CitizenInput, SharedLocation } from './citizenInput';
import { MAX_FAILED_ATTEMPTS } from './citizenInputPrompt';
import {
    isCourtesyOnly,
    isNo,
    isPhotoSkip,
    isYes,
    normalizeText,
    readConfirmation,
    readCorrectionField,
    readNameAnswer,
    saysTypeIsUnknown,
    type NameRejection
} from '../language';
import { departmentForPoint, isInsideProvince, recognizeDepartment, recognizePlace } from './departmentRecognizer';
import { recognizeEmergencyType } from './emergencyTypeRecognizer';
import { TextKey, say, texts } from './texts';

/** The validators of the report protocol's questions, one per question. */

type Context = PromptValidatorContext<CitizenInput>;

/** Prompt state key: the pin outside the province the citizen was already asked about. */
const QUESTIONED_PIN = 'questionedPin';
const MIN_ADDRESS_LETTERS = 3;

/** "¿Es usted …?": yes or no. */
export async function validateProfileAnswer(pc: Context): Promise<boolean> {
    const text = pc.recognized.value?.text;
    return (
        text !== undefined &&
        (isYes(text) ||
            isNo(text) ||
            normalizeText(text) === normalizeText(texts.offerProfileYes) ||
            normalizeText(text) === normalizeText(texts.offerProfileNo))
    );
}

/** How the name is asked again, by why the answer was none (the prompt's own retry, "No entendí su nombre", otherwise). */
const NAME_RETRY: Partial<Record<NameRejection, TextKey>> = {
    question: 'retryNameQuestion',
    emergency: 'retryNameAfterEmergency'
};

/**
 * A name: a few words that can be one, or one introduced ("me llamo …"); not a question, thanks, a cry for help
 * or the emergency itself. A question is answered with why the name is asked, the emergency with "it comes next"
 * (not on the last attempt: then a person takes over and says so).
 */
export async function validateName(pc: Context): Promise<boolean> {
    const text = pc.recognized.value?.text;
    if (text === undefined) return false;
    const answer = readNameAnswer(text);
    if ('name' in answer) return true;
    const retry = NAME_RETRY[answer.rejected];
    if (retry && pc.attemptCount < MAX_FAILED_ATTEMPTS) {
        await pc.context.sendActivity(MessageFactory.text(say(retry), undefined, InputHints.ExpectingInput));
    }
    return false;
}

/** A department by name, locality or number; or a pin inside the province (which answers the location too). */
export async function validateDepartment(pc: Context): Promise<boolean> {
    const input = pc.recognized.value;
    if (input?.kind === 'location' && input.location) {
        if (departmentForPoint(input.location)) return true;
        await pc.context.sendActivity(say('departmentPinOutside'));
        return false;
    }
    if (input?.text === undefined) return false;
    // A place in two departments ("Saujil") is an answer too: the next step asks which one, with two buttons.
    const place = recognizePlace(input.text, { departmentList: true });
    return place.department !== undefined || place.ambiguous !== undefined;
}

/**
 * The department of a place named in several: one of the offered names (a button), any department named, or a pin in
 * the province (it tells the department and the place; one outside is told so). Not a number: the sixteen-line list
 * it would count in is not on the screen.
 */
export async function validateWhichDepartment(pc: Context): Promise<boolean> {
    const input = pc.recognized.value;
    if (input?.kind === 'location' && input.location) {
        if (departmentForPoint(input.location)) return true;
        // the retry that follows shows the two buttons again: this only says why the pin did not answer
        await pc.context.sendActivity(say('whichDepartmentPinOutside'));
        return false;
    }
    const text = input?.text;
    return text !== undefined && !/^\s*\d+\s*$/.test(text) && recognizeDepartment(text) !== undefined;
}

/**
 * A pin, or a written address or reference. A pin outside the province is questioned once: the same
 * (or any other) pin again, or "sí", then counts. A yes or no, courtesy alone ("gracias", "buenas tardes") or only
 * emoji is no place: asked again.
 */
export async function validateLocation(pc: Context): Promise<boolean> {
    const input = pc.recognized.value;
    const state = pc.state as Record<string, unknown>;
    const questioned = state[QUESTIONED_PIN] as SharedLocation | undefined;
    if (input?.kind === 'location' && input.location) {
        if (isInsideProvince(input.location) || questioned) return true;
        state[QUESTIONED_PIN] = input.location;
        await pc.context.sendActivity(say('locationOutside'));
        return false;
    }
    const text = input?.text;
    if (text === undefined) return false;
    if (questioned && isYes(text)) {
        pc.recognized.value = { kind: 'location', location: questioned };
        return true;
    }
    return normalizeText(text).replace(/[^a-z0-9]/g, '').length >= MIN_ADDRESS_LETTERS && !isYes(text) && !isNo(text) && !isCourtesyOnly(text);
}

/** One of the emergency types, chosen or described. */
export async function validateEmergencyType(pc: Context): Promise<boolean> {
    const text = pc.recognized.value?.text;
    return text !== undefined && recognizeEmergencyType(text) !== undefined;
}

/** After this many answers to the type question that fit no type, the next one is taken as another emergency. */
const TYPE_MISSES_BEFORE_OTHER = 2;
/** Prompt state key: the answers to the type question that fit no type, in order. */
const MISSED_TYPE_ANSWERS = 'missedTypeAnswers';

/**
 * One of the emergency types, chosen or described; "no sé"; or, after two descriptions that fit none, the next
 * answer, with all of the citizen's descriptions, as another emergency (a third miss used to end in a handoff
 * without a report). The answer passed on then holds those words (they name no type).
 */
export async function validateEmergencyTypeOrOther(pc: Context): Promise<boolean> {
    if (await validateEmergencyType(pc)) return true;
    const text = pc.recognized.value?.text;
    if (text === undefined) return false;
    if (saysTypeIsUnknown(text)) return true;
    const state = pc.state as Record<string, unknown>;
    const missed = (state[MISSED_TYPE_ANSWERS] as string[] | undefined) ?? [];
    if (missed.length < TYPE_MISSES_BEFORE_OTHER) {
        state[MISSED_TYPE_ANSWERS] = [...missed, text];
        return false;
    }
    pc.recognized.value = { kind: 'text', text: [...missed, text].join(' / ') };
    return true;
}

/** An image, or going on without one. */
export async function validatePhoto(pc: Context): Promise<boolean> {
    const input = pc.recognized.value;
    if (input?.kind === 'image') return true;
    return input?.text !== undefined && isPhotoSkip(input.text, texts.photoSkipChoice);
}

/** At the summary: send, or correct. */
export async function validateConfirmation(pc: Context): Promise<boolean> {
    const text = pc.recognized.value?.text;
    return text !== undefined && readConfirmation(text, texts.confirmChoice, texts.correctChoice) !== undefined;
}

/** Which field to correct. */
export async function validateCorrectionField(pc: Context): Promise<boolean> {
    const text = pc.recognized.value?.text;
    return text !== undefined && readCorrectionField(text) !== undefined;
}
