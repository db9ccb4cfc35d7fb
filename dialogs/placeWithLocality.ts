import { normalizeText } from '../language';
import { recognizePlace } from './departmentRecognizer';
import { departmentById } from './domainData';
import type { ReportDraft, ReportLocation } from './report';

/**
 * A written place with the locality said in another message ("al lado de la escuela" after "de Saujil"), as a first
 * message that says both is kept ("calle Moreno 45, Fiambalá"): the report's place is whole without the draft. The
 * same for an address corrected later: "es frente a la plaza" is still in Fiambalá.
 */
export function withLocality(location: ReportLocation, draft: ReportDraft): ReportLocation {
    const locality = draft.locality;
    if (location.kind !== 'text' || !locality || namesIt(location.text, locality)) return location;
    // "en Tinogasta, frente al hospital" names its own place: another locality is not added to it
    const own = recognizePlace(location.text);
    if (own.locality || own.department || own.ambiguous) return location;
    const place = recognizePlace(locality, { departmentList: true });
    const department = departmentById(draft.departmentId)?.name;
    const inDepartment = place.department?.name === department || (department !== undefined && place.ambiguous?.departments.includes(department));
    return inDepartment ? { ...location, text: joinLocality(location.text, locality) } : location;
}

/** "calle Moreno 45" in "Fiambalá": "calle Moreno 45, Fiambalá"; the text alone when it names the locality already. */
export function joinLocality(text: string, locality: string | undefined): string {
    return locality === undefined || namesIt(text, locality) ? text : `${text}, ${locality}`;
}

function namesIt(text: string, locality: string): boolean {
    return normalizeText(text).includes(normalizeText(locality));
}
