/**
 * The language layer: what a citizen's message carries, read once, with the words each fact came from. Dialogs,
 * handoff and alerts use this entry point and nothing inside the folder.
 */
import { readEmergencyTypes } from './emergencyTypes';
import { readPlace } from './places';
import type { ConversationStep, PlaceReading, TypeReading } from './types';
import { readUrgency, UrgencyVerdict } from './urgency/urgencyReader';

export type { ConversationStep, CorrectableField, Intent, PlaceReading, Span, TypeReading } from './types';
export type { UrgencyVerdict } from './urgency/urgencyReader';
export { readEmergencyTypes } from './emergencyTypes';
export { readPlace } from './places';
export { readUrgency } from './urgency/urgencyReader';

export interface Understanding {
    urgency: UrgencyVerdict;
    place: PlaceReading;
    /** Emergency types named, best first. */
    types: TypeReading[];
}

/** Everything one message carries, read at a point of the conversation. */
export function understand(text: string, step: ConversationStep): Understanding {
    return {
        urgency: readUrgency(text, { answeringName: step === 'name' }),
        place: readPlace(text, { departmentList: step === 'department' }),
        types: readEmergencyTypes(text)
    };
}
