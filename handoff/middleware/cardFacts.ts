import type { CitizenInput } from '../../dialogs';
import { departmentById, emergencyTypeById } from '../../dialogs';
import { fillDraftFrom } from '../../dialogs';
import type { ReportDraft } from '../../dialogs';
import { isNo, readListNumber } from '../../language';
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
        // The same reading the report form makes of a message (a place inside the citizen's name is no place, a hazard
        // word inside a landmark no type), into a scratch draft.
        const draft: ReportDraft = {};
        fillDraftFrom(draft, text, 'waiting');
        const evidence: NonNullable<CardFacts['evidence']> = { ...draft.evidence };
        delete evidence.name;
        const department = departmentById(draft.departmentId);
        if (department) {
            facts.departmentId = department.id;
            facts.departmentName = department.name;
        }
        if (draft.locality) facts.locality = draft.locality;
        if (draft.evidence?.location) facts.address = draft.evidence.location;
        const type = emergencyTypeById(draft.emergencyTypeId);
        if (type) {
            facts.emergencyTypeId = type.id;
            facts.emergencyTypeLabel = type.label;
        }
        const count = draft.people?.count ?? (lastAsked === 'people' ? readListNumber(text) : undefined);
        if (count !== undefined && count > 0) facts.peopleCount = count;
        if (draft.people?.vulnerable.length) facts.vulnerable = draft.people.vulnerable;
        if (!evidence.people && facts.peopleCount !== undefined) evidence.people = text.slice(0, ANSWER_LIMIT);
        if (lastAsked === 'hurt' && !facts.pin) facts.hurt = isNo(text) ? 'no' : text.slice(0, ANSWER_LIMIT);
        if (Object.keys(evidence).length > 0) facts.evidence = evidence;
    }
    return Object.keys(facts).length > 0 ? facts : undefined;
}
