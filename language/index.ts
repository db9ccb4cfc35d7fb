/**
 * The language layer: what a citizen's message carries, read once, with the words each fact came from. Dialogs,
 * handoff and alerts use this entry point and nothing inside the folder.
 */
import { readEmergencyTypes } from './emergencyTypes';
import { readIntent } from './intents';
import { readName } from './names';
import { readPeople } from './people';
import { readPlace } from './places';
import type { ConversationStep, CorrectableField, Intent, PeopleReading, PlaceReading, Span, TypeReading } from './types';
import { readUrgency, UrgencyVerdict } from './urgency/urgencyReader';

export type { ConversationStep, CorrectableField, Intent, PeopleReading, PlaceReading, Span, TypeReading, VulnerableKind } from './types';
export type { UrgencyVerdict } from './urgency/urgencyReader';
export { readEmergencyTypes } from './emergencyTypes';
export { readIntent } from './intents';
export { readName } from './names';
export { readPeople } from './people';
export { readPlace } from './places';
export { readUrgency } from './urgency/urgencyReader';

export interface Understanding {
    urgency: UrgencyVerdict;
    intent: { intent: Intent; correctionField?: CorrectableField; evidence?: Span };
    place: PlaceReading;
    /** Emergency types named, best first. */
    types: TypeReading[];
    /** The citizen's own name, when the message says it. */
    name?: { name: string; evidence: Span };
    /** How many people, when said plainly, and who among them is vulnerable (babies, children, elderly, pregnant, disabled). */
    people: PeopleReading;
}

/** Everything one message carries, read at a point of the conversation. */
export function understand(text: string, step: ConversationStep): Understanding {
    const urgency = readUrgency(text, { answeringName: step === 'name' });
    const name = readName(text, step);
    return {
        urgency,
        intent: readIntent(text, step, urgency.urgent),
        place: readPlace(text, { departmentList: step === 'department' }),
        types: readEmergencyTypes(text),
        people: readPeople(text),
        ...(name ? { name } : {})
    };
}
