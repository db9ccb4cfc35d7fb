import { distance } from 'fastest-levenshtein';
import { EMERGENCY_TYPES, EmergencyType, emergencyTypeById } from './domainData';
import { normalizeText, readEmergencyTypes, readListNumber } from '../language';

/** The id of "Otra emergencia" in data/emergency-types.json: what a description that fits no type becomes. */
export const OTHER_EMERGENCY_TYPE_ID = 'other';

/** A typed label may be this many edits away ("Materiales peligroso"): none for a short one, at most two. */
const labelTypos = (length: number): number => (length <= 4 ? 0 : length <= 7 ? 1 : 2);

/**
 * The emergency type a citizen chose or described: a button (its label or id), the number in the
 * list, a label with a typo, or free text mapped by keywords ("se me inundó la casa" -> flood).
 * Undefined when nothing fits.
 */
export function recognizeEmergencyType(text: string): EmergencyType | undefined {
    const normalized = normalizeText(text);
    if (normalized.length === 0) return undefined;
    const chosen = chosenType(text, normalized);
    return chosen === undefined ? described(text) : (chosen ?? undefined);
}

/**
 * The type the citizen chose rather than described: a list row or button (label or id), its number in the list, or
 * its label typed, give or take a typo ("Materiales peligroso"). A type guessed from words of a description ("hay
 * olor a gas") is not: the citizen has not seen it yet, and may correct it in the summary.
 */
export function recognizeChosenEmergencyType(text: string): EmergencyType | undefined {
    const normalized = normalizeText(text);
    return normalized.length === 0 ? undefined : (chosenType(text, normalized) ?? undefined);
}

/** The type chosen; null for a number outside the list (which names no type at all); undefined when none was chosen. */
function chosenType(text: string, normalized: string): EmergencyType | null | undefined {
    const exact = EMERGENCY_TYPES.find((t) => normalizeText(t.label) === normalized || t.id === text.trim());
    if (exact) return exact;

    const n = readListNumber(normalized);
    if (n !== undefined) return n >= 1 && n <= EMERGENCY_TYPES.length ? EMERGENCY_TYPES[n - 1] : null;

    return EMERGENCY_TYPES.find((t) => {
        const label = normalizeText(t.label);
        return distance(normalized, label) <= labelTypos(label.length);
    });
}

/**
 * Whether the answer was a choice of the list (its label, id or number) rather than the citizen's own words:
 * their words are kept in the report when they end in "Otra emergencia".
 */
export function isListChoice(text: string): boolean {
    const normalized = normalizeText(text);
    return readListNumber(normalized) !== undefined || EMERGENCY_TYPES.some((t) => normalizeText(t.label) === normalized || t.id === text.trim());
}

/** The type the language layer reads in the citizen's own words (language/emergencyTypes), best first. */
function described(text: string): EmergencyType | undefined {
    return emergencyTypeById(readEmergencyTypes(text)[0]?.id);
}
