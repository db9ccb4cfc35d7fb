import { readEmergencyTypes } from './emergencyTypes';
import { readIntent, type Verdict as IntentVerdict } from './intents';
import { readName } from './names';
import { readPeople } from './people';
import { readPlace } from './places';
import type { ConversationStep, PeopleReading, PlaceReading, Span, TypeReading } from './types';
import { readUrgency, type UrgencyVerdict } from './urgency';

export interface Understanding {
    urgency: UrgencyVerdict;
    intent: IntentVerdict;
    place: PlaceReading;
    /** Emergency types named, best first. */
    types: TypeReading[];
    /** The citizen's own name, when the message says it. */
    name?: { name: string; evidence: Span };
    /** How many people, when said plainly, and who among them is vulnerable (babies, children, elderly, pregnant, disabled). */
    people: PeopleReading;
}

/** Every reader over one message, at a point of the conversation (index.ts remembers the last readings). */
export function readUnderstanding(text: string, step: ConversationStep): Understanding {
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
