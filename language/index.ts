/**
 * The language layer: what a citizen's message carries, read once, with the words each fact came from. Dialogs,
 * handoff and alerts use this entry point and nothing inside the folder.
 */
import { prepareTypeModel } from './emergencyTypes/typeModel';
import { prepareIntentModel } from './intents/intentModel';
import { placeNames } from './intents/placeNames';
import type { ConversationStep } from './types';
import { readUnderstanding, type Understanding } from './understanding';
import { readUrgency as readUrgencyNow } from './urgency';

export type { ConversationStep, CorrectableField, Intent, PeopleReading, PlaceReading, Span, TypeReading, VulnerableKind } from './types';
export type { UrgencyVerdict } from './urgency';
export { readEmergencyTypes } from './emergencyTypes';
export { readIntent } from './intents';
export { readName } from './names';
export { readPeople } from './people';
export { readPlace } from './places';
export { readUrgency } from './urgency';
export type { Understanding } from './understanding';

/**
 * Reads every word file and trains the urgency, intent and type models (about a second and a half): the line calls it
 * at start, so a wrong word file stops the start and no citizen's turn waits for the training.
 */
export function prepareLanguage(): { ms: number } {
    const started = Date.now();
    readUnderstanding('auxilio, se inunda la casa en Fiambalá, somos 3, soy Ana', 'first');
    readUrgencyNow('hola');
    prepareIntentModel();
    prepareTypeModel();
    return { ms: Date.now() - started };
}
export { readNameAnswer } from './names/nameAnswer';
export type { NameAnswer, NameRejection } from './names/nameAnswer';
export * from './answers';
export { normalizeText, phraseAt, words } from './text/plainText';

/**
 * How many of `words` (folded as {@link normalizeText} folds them), from `at`, name a department, locality or barrio
 * exactly ("valle viejo", "banda de varela"); 0 when none begins there. The longest name wins.
 */
export function placeNameLengthAt(words: readonly string[], at: number): number {
    return placeNames().places.lengthAt(words, at);
}

/**
 * Everything one message carries, read at a point of the conversation. A turn reads its message in several places
 * (the interruptions, the validator, the form filling), so the last readings are remembered: the reading is pure, and
 * the same text at the same step reads the same. Treat the result as read-only.
 */
export function understand(text: string, step: ConversationStep): Understanding {
    const key = `${step}\u0000${text}`;
    const known = RECENT.get(key);
    if (known) return known;
    const reading = readUnderstanding(text, step);
    if (RECENT.size >= RECENT_READINGS) RECENT.delete(RECENT.keys().next().value as string);
    RECENT.set(key, reading);
    return reading;
}
/** Enough for the turns in flight at once; a 4,096-character message costs a few kilobytes here. */
const RECENT_READINGS = 256;
const RECENT = new Map<string, Understanding>();
