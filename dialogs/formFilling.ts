import { normalizeText, understand, type ConversationStep, type CorrectableField, type Span, type Understanding } from '../language';
import { departmentById, emergencyTypeById } from './domainData';
import { joinLocality, withLocality } from './placeWithLocality';
import { ReportDraft, ReportLocation, setEmergencyType } from './report';

/** A fact taken from a message into the draft, as the citizen reads it back ("Fiambalá", "calle Moreno 45"). */
export interface FilledFact {
    /** `locality`: a place in two departments ("Saujil"), said before the department is known. */
    field: 'name' | 'department' | 'locality' | 'location' | 'emergencyType';
    shown: string;
}

/** The report field each question asks for: a message at that question answers it through its prompt. */
const FIELD_OF_STEP: Partial<Record<ConversationStep, FilledFact['field']>> = {
    name: 'name',
    department: 'department',
    location: 'location',
    type: 'emergencyType'
};

/**
 * Fills every field of the draft that `text` carries and the draft does not hold yet, except the one the current
 * question asks for (its prompt reads that) unless `promptReadsIt` is false (an urgent message hands over: no prompt
 * will read it). Rasa's forms do the same: slots filled from any message, the waterfall then asks only what is
 * missing. A place named inside the citizen's own name ("Belén Nieva") is no place.
 */
export function fillDraftFrom(
    draft: ReportDraft,
    text: string,
    step: ConversationStep,
    reading: Understanding = understand(text, step),
    promptReadsIt = true
): FilledFact[] {
    const asked = promptReadsIt ? FIELD_OF_STEP[step] : undefined;
    const filled: FilledFact[] = [];
    const nameSpan = reading.name?.evidence;
    if (asked !== 'name' && !draft.name && reading.name) {
        draft.name = reading.name.name;
        noteEvidence(draft, 'name', reading.name.evidence);
        filled.push({ field: 'name', shown: reading.name.name });
    }
    const department = reading.place.department;
    if (asked !== 'department' && department && !overlaps(department.evidence, nameSpan) && (!draft.departmentId || draft.departmentAssumed)) {
        draft.departmentId = department.id;
        delete draft.departmentAssumed;
        delete draft.departmentFromPin;
        noteEvidence(draft, 'department', department.evidence);
        filled.push({ field: 'department', shown: reading.place.locality?.name ?? department.name });
    }
    const localityBefore = draft.locality;
    fillLocalityAndPeople(draft, reading, step === 'department');
    if (!draft.departmentId && draft.locality && draft.locality !== localityBefore) filled.push({ field: 'locality', shown: draft.locality });
    const address = reading.place.address;
    if (asked !== 'location' && address && !draft.location && !overlaps(address.evidence, nameSpan)) {
        draft.location = { kind: 'text', text: joinLocality(address.text, reading.place.locality?.name) };
        noteEvidence(draft, 'location', address.evidence);
        filled.push({ field: 'location', shown: address.text });
    }
    // "cerca del río", "al lado del arroyo": a hazard word inside a landmark or a place name places the event, no more;
    // a place said only by what is there ("un auto atrapado en el badén de Coneta") may also say what happened
    const typeReading = reading.types.find(
        (t) =>
            (address?.byWhatIsThere === true || !overlaps(t.evidence, address?.evidence)) &&
            !overlaps(t.evidence, department?.evidence) &&
            !overlaps(t.evidence, reading.place.locality?.evidence) &&
            !overlaps(t.evidence, nameSpan)
    );
    const type = emergencyTypeById(typeReading?.id);
    // Only a hazard the citizen described: "emergencia" alone says there is one, not which.
    if (asked !== 'emergencyType' && type && type.id !== 'other' && !draft.emergencyTypeId) {
        setEmergencyType(draft, type, text);
        if (typeReading) noteEvidence(draft, 'emergencyType', typeReading.evidence);
        filled.push({ field: 'emergencyType', shown: type.label });
    }
    return filled;
}

/** A correction in words ("uy no, perdón, es Londres, no Belén"): the field it names and its new value, applied. */
export interface AppliedCorrection {
    field: CorrectableField;
    shown: string;
}

/**
 * Applies a correction that carries its new value to the draft. Undefined when the message is no correction or
 * does not say the new value (then the dialog asks which field, and for the value, as before).
 */
export function applyCorrection(
    draft: ReportDraft,
    text: string,
    step: ConversationStep,
    reading: Understanding = understand(text, step)
): AppliedCorrection | undefined {
    if (reading.intent.intent !== 'correction') return undefined;
    const department = reading.place.department;
    const address = reading.place.address;
    const type = emergencyTypeById(reading.types[0]?.id);
    // "no es Ana Díaz, es Ana Ruiz", "me llamo Anabel, no Ana": the saved name denied, or a name introduced, is the
    // name put right, whatever field the words alone suggested
    const named = reading.intent.namedField;
    const field =
        reading.name && !address && !department && (named === undefined || named === 'name') && namesTheName(draft, text, reading.name.name)
            ? 'name'
            : reading.intent.correctionField;
    switch (field) {
        case 'department':
            return department ? setDepartment(draft, department.id) : undefined;
        case 'location': {
            if (address) {
                // the place said with the new address ("es en Saujil, frente a la plaza"), else the one said before
                const locality = reading.place.locality?.name;
                const location: ReportLocation = { kind: 'text', text: joinLocality(address.text, locality) };
                draft.location = locality || department ? location : withLocality(location, draft);
                return { field: 'location', shown: draft.location.kind === 'text' ? draft.location.text : address.text };
            }
            const renumbered = draft.location?.kind === 'text' ? withNumberCorrected(draft.location.text, text) : undefined;
            if (renumbered && draft.location?.kind === 'text') {
                draft.location.text = renumbered;
                return { field: 'location', shown: renumbered };
            }
            return department ? setDepartment(draft, department.id) : undefined;
        }
        case 'name': {
            if (!reading.name) return undefined;
            // "el apellido es Ruiz, no Díaz": the surname alone takes the place of the saved one
            const saved = draft.name?.split(/\s+/) ?? [];
            // the given name kept: the first word of a two-word name, the first two of a longer one
            const given = saved.length >= 3 ? saved.slice(0, 2) : saved.slice(0, 1);
            const surnameOnly = /apellido/i.test(text) && saved.length > 1 && !reading.name.name.toLowerCase().startsWith(given[0].toLowerCase());
            draft.name = surnameOnly ? [...given, reading.name.name].join(' ') : reading.name.name;
            return { field: 'name', shown: draft.name };
        }
        case 'type':
            if (!type) return undefined;
            setEmergencyType(draft, type, text);
            return { field: 'type', shown: type.label };
        default:
            // "antes de la foto: la calle está mal, es Rivadavia 300": the photo is named, the value is an address
            return field === 'photo' && address ? applyCorrection(draft, text, step, withField(reading, 'location')) : undefined;
    }
}

function withField(reading: Understanding, correctionField: 'location'): Understanding {
    return { ...reading, intent: { ...reading.intent, correctionField } };
}

/**
 * Whether a correction speaks of the name: it repeats the saved one (to deny it) or introduces one, and the name read
 * is another than the saved one.
 */
function namesTheName(draft: ReportDraft, text: string, read: string): boolean {
    const saved = draft.name === undefined ? undefined : normalizeText(draft.name);
    if (saved !== undefined && normalizeText(read) === saved) return false;
    const said = normalizeText(text);
    return (saved !== undefined && said.includes(saved)) || /\b(me llamo|mi nombre|soy)\b/.test(said);
}

/** A house number in a message: 1 to 5 digits standing alone. */
const HOUSE_NUMBER = /(?<![\p{L}\p{N}])\d{1,5}(?![\p{L}\p{N}])/gu;
/** Words before a number that make it a route, a kilometre, a block, a school, a barrio's name: no house number. */
const NOT_A_HOUSE = /(?:^|[^\p{L}])(?:ruta|rn|rp|km|kilometro|escuela|manzana|mza|mz|mzna|barrio|b°|bº|monoblock|torre|piso)\s*(?:n[°º]?\s*)?$/iu;
/** Words before a number that name the house itself: "casa 4", "lote 9", "depto 3". */
const HOUSE_MARK = /(?:^|[^\p{L}])(?:casa|cs|lote|lt|depto|dpto|departamento)\s*(?:n[°º]?\s*)?$/iu;

/**
 * "es 1520, no 1250", "el número es 1300", "no es la casa 4, es la casa 14": only the house number corrected. The
 * number said (not the one after "no") takes the place of the denied one, or of the saved address's only house number
 * (after "casa" when the message speaks of the house); a route, a block, a school's or a date's number ("25 de Mayo
 * 300") is never touched. Undefined when it is not that clear.
 */
function withNumberCorrected(location: string, text: string): string | undefined {
    const said: string[] = [];
    const denied: string[] = [];
    for (const m of text.matchAll(HOUSE_NUMBER)) {
        const before = text.slice(Math.max(0, m.index - 16), m.index).toLowerCase();
        (/\b(no|ni)\s+(?:es\s+|era\s+)?(?:al\s+|el\s+|la\s+)?(?:casa\s+|lote\s+|numero\s+|número\s+)?$/.test(before) ? denied : said).push(m[0]);
    }
    if (said.length !== 1) return undefined;
    const ofTheHouse = /\b(casa|lote|depto|dpto)\b/i.test(text);
    const candidates = [...location.matchAll(HOUSE_NUMBER)].filter((m) => {
        const before = location.slice(0, m.index);
        if (/^\s+de\b/i.test(location.slice(m.index + m[0].length))) return false;
        if (NOT_A_HOUSE.test(before)) return false;
        return ofTheHouse ? HOUSE_MARK.test(before) : true;
    });
    const target = candidates.find((m) => denied.includes(m[0])) ?? (candidates.length === 1 ? candidates[0] : undefined);
    if (target === undefined || target[0] === said[0]) return undefined;
    return location.slice(0, target.index) + said[0] + location.slice(target.index + target[0].length);
}

/**
 * The locality named (when it lies in the draft's department, or none is known yet) and the people at risk: these
 * are asked by no question, so every message may add to them, whatever the question. Who is vulnerable accumulates;
 * a count said later replaces an earlier one ("somos 3… ahora somos 5").
 */
export function fillLocalityAndPeople(draft: ReportDraft, reading: Understanding, answersTheDepartment = false): void {
    const locality = reading.place.locality;
    // "Pomán", answering which department the "Saujil" said before is in, names the department, not its namesake town
    const namesake =
        answersTheDepartment && locality !== undefined && locality.name === reading.place.department?.name && draft.locality !== undefined;
    if (locality && !namesake && !overlaps(locality.evidence, reading.name?.evidence)) {
        const departmentId = reading.place.department?.id;
        if (!draft.departmentId || !departmentId || departmentId === draft.departmentId) {
            draft.locality = locality.name;
            noteEvidence(draft, 'locality', locality.evidence);
        }
    }
    const { count, vulnerable } = reading.people;
    if (count === undefined && vulnerable.length === 0) return;
    const people = draft.people ?? { vulnerable: [] };
    if (count) people.count = count.value;
    for (const v of vulnerable) if (!people.vulnerable.includes(v.kind)) people.vulnerable.push(v.kind);
    draft.people = people;
    const words = [count?.evidence.text, ...vulnerable.map((v) => v.evidence.text)].filter((w): w is string => Boolean(w));
    draft.evidence = { ...draft.evidence, people: [draft.evidence?.people, ...words].filter(Boolean).join(' · ').slice(-200) };
}

/** The citizen's words a field was read from, kept for the operator's card. */
function noteEvidence(draft: ReportDraft, field: keyof NonNullable<ReportDraft['evidence']>, span: Span): void {
    draft.evidence = { ...draft.evidence, [field]: span.text };
}

function setDepartment(draft: ReportDraft, id: string): AppliedCorrection | undefined {
    const department = departmentById(id);
    if (!department) return undefined;
    draft.departmentId = department.id;
    delete draft.departmentAssumed;
    delete draft.departmentFromPin;
    return { field: 'department', shown: department.name };
}

function overlaps(a: Span, b: Span | undefined): boolean {
    return b !== undefined && a.start < b.end && b.start < a.end;
}
