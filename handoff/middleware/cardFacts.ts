import type { CitizenInput } from '../../dialogs/citizenInput';
import { departmentById, emergencyTypeById } from '../../dialogs/domainData';
import { isNo, readListNumber, understand } from '../../language';
import type { CardFacts, TriageQuestion } from '../service/triage';

/** An answer kept on the card is at most this long: the whole message is in the transcript. */
const ANSWER_LIMIT = 200;

/**
 * What a message of a citizen whose case is open carries for the case card, as the language layer reads it: a pin,
 * the place, the type, how many people and who is vulnerable; and the answer to the triage question last asked ("3"
 * answers "¿Cuántas personas…?", "sí, mi papá no puede salir" answers "¿Hay alguien herido…?").
 */
export function cardFactsOf(input: CitizenInput, lastAsked: TriageQuestion | undefined): CardFacts | undefined {
    const facts: CardFacts = {};
    if (input.kind === 'location' && input.location) {
        const { latitude, longitude, name, address } = input.location;
        facts.pin = { latitude, longitude, ...(name ? { name } : {}), ...(address ? { address } : {}) };
    }
    const text = input.text?.trim();
    if (text) {
        const reading = understand(text, 'waiting');
        const evidence: NonNullable<CardFacts['evidence']> = {};
        const department = departmentById(reading.place.department?.id);
        if (department && reading.place.department) {
            facts.departmentId = department.id;
            facts.departmentName = department.name;
            evidence.department = reading.place.department.evidence.text;
        }
        if (reading.place.locality) {
            facts.locality = reading.place.locality.name;
            evidence.locality = reading.place.locality.evidence.text;
        }
        if (reading.place.address) {
            facts.address = reading.place.address.text;
            evidence.location = reading.place.address.evidence.text;
        }
        const type = emergencyTypeById(reading.types[0]?.id);
        if (type && type.id !== 'other' && reading.types[0]) {
            facts.emergencyTypeId = type.id;
            facts.emergencyTypeLabel = type.label;
            evidence.emergencyType = reading.types[0].evidence.text;
        }
        const count = reading.people.count?.value ?? (lastAsked === 'people' ? readListNumber(text) : undefined);
        if (count !== undefined && count > 0) facts.peopleCount = count;
        if (reading.people.vulnerable.length > 0) facts.vulnerable = reading.people.vulnerable.map((v) => v.kind);
        const peopleWords = [reading.people.count?.evidence.text, ...reading.people.vulnerable.map((v) => v.evidence.text)].filter(Boolean);
        if (peopleWords.length > 0) evidence.people = peopleWords.join(' · ');
        else if (facts.peopleCount !== undefined) evidence.people = text.slice(0, ANSWER_LIMIT);
        if (lastAsked === 'hurt' && !facts.pin) facts.hurt = isNo(text) ? 'no' : text.slice(0, ANSWER_LIMIT);
        if (Object.keys(evidence).length > 0) facts.evidence = evidence;
    }
    return Object.keys(facts).length > 0 ? facts : undefined;
}
