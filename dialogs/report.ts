import { EmergencyType, Priority, departmentById, emergencyTypeById } from './domainData';
import { CitizenInput, SharedImage, SharedLocation } from './citizenInput';
import { GeoPoint, departmentForPoint, isInsideProvince } from './departmentRecognizer';
import { OTHER_EMERGENCY_TYPE_ID, isListChoice, recognizeEmergencyType } from './emergencyTypeRecognizer';

/** Where the emergency is: a shared pin, or what the citizen wrote. */
export type ReportLocation = ({ kind: 'pin'; outsideProvince?: boolean } & SharedLocation) | { kind: 'text'; text: string };

/** What the citizen has told the line so far in this conversation; kept in conversation state. */
export interface ReportDraft {
    name?: string;
    departmentId?: string;
    location?: ReportLocation;
    emergencyTypeId?: string;
    /** The citizen's own words for an emergency that fits no type ("Otra emergencia"). */
    emergencyDescription?: string;
    /** The (first) photo; null when the citizen chose to go on without one. */
    photo?: SharedImage | null;
    /** The photos sent after the first, in order (a WhatsApp album arrives as one message per photo). */
    morePhotos?: SharedImage[];
    /** UTC ISO-8601. */
    startedAt?: string;
    /** The locality, paraje or capital barrio named ("Fiambalá"), besides its department. */
    locality?: string;
    /** The people at risk the citizen spoke of: how many when said, and who is vulnerable. */
    people?: PeopleAtRisk;
    /** The citizen's words each field was read from ("de Fiambalá", "mi abuela"), for the operator's card. */
    evidence?: ReportEvidence;
    /** The returning citizen was already offered the name and department given before. */
    profileOffered?: boolean;
    /** The department is the one of the last report, not said for this one: a pin may tell it better. */
    departmentAssumed?: boolean;
    /** The department was told by a pin, not named by the citizen: a newer pin may tell it better. */
    departmentFromPin?: boolean;
    /**
     * Not part of a report: when the last conversation ended with a person taking the case (UTC ISO-8601). The
     * draft holds only this until the next report begins; a thank-you soon after answers that case.
     */
    handedOverAt?: string;
}

/** Who is at risk, as the citizen said it. */
export interface PeopleAtRisk {
    count?: number;
    /** 'bebe', 'nino', 'anciano', 'embarazada', 'discapacitado', each once, in the order said. */
    vulnerable: string[];
}

/** The words of the citizen each field was read from. */
export type ReportEvidence = Partial<Record<'name' | 'department' | 'locality' | 'location' | 'emergencyType' | 'people', string>>;

/** The report as far as it is known, with names resolved, as handed to an operator. */
export interface ReportSnapshot {
    name?: string;
    departmentId?: string;
    departmentName?: string;
    location?: ReportLocation;
    emergencyTypeId?: string;
    emergencyTypeLabel?: string;
    /** The citizen's own words for an emergency that fits no type. */
    emergencyDescription?: string;
    priority?: Priority;
    photo?: SharedImage;
    /** The photos sent after the first, in order. */
    morePhotos?: SharedImage[];
    startedAt?: string;
    locality?: string;
    people?: PeopleAtRisk;
    evidence?: ReportEvidence;
    /** The answer to "¿Hay alguien herido o que no pueda salir?" while the case waited, in the citizen's words. */
    hurt?: string;
    /** Card fields an operator corrected: what the citizen writes later does not overwrite them. */
    operatorEdited?: string[];
}

/** A saved report (collection 'reports', partition = citizen key, id = the short report id). */
export interface EmergencyReport {
    id: string;
    citizenKey: string;
    channelId: string;
    name: string;
    departmentId: string;
    departmentName: string;
    location: ReportLocation;
    emergencyTypeId: string;
    emergencyTypeLabel: string;
    /** The citizen's own words for an emergency that fits no type ("Otra emergencia"). */
    emergencyDescription?: string;
    priority: Priority;
    photo?: SharedImage;
    /** The photos sent after the first, in order. */
    morePhotos?: SharedImage[];
    status: 'submitted';
    /** UTC ISO-8601. */
    startedAt: string;
    /** UTC ISO-8601. */
    createdAt: string;
    /** createdAt as read in Catamarca, e.g. "28/11/2026 14:05". */
    createdAtLocal: string;
    /** The id of the citizen message whose turn saved the report (the WhatsApp wamid): a re-run turn finds it. */
    sourceMessageId?: string;
}

export function snapshotOf(draft: ReportDraft): ReportSnapshot {
    const department = departmentById(draft.departmentId);
    const type = emergencyTypeById(draft.emergencyTypeId);
    const snapshot: ReportSnapshot = {};
    if (draft.name) snapshot.name = draft.name;
    if (department) {
        snapshot.departmentId = department.id;
        snapshot.departmentName = department.name;
    }
    if (draft.location) snapshot.location = draft.location;
    if (type) {
        snapshot.emergencyTypeId = type.id;
        snapshot.emergencyTypeLabel = type.label;
        snapshot.priority = type.priority;
    }
    if (draft.emergencyDescription) snapshot.emergencyDescription = draft.emergencyDescription;
    if (draft.photo) snapshot.photo = draft.photo;
    if (draft.photo && draft.morePhotos && draft.morePhotos.length > 0) snapshot.morePhotos = draft.morePhotos;
    if (draft.startedAt) snapshot.startedAt = draft.startedAt;
    if (draft.locality) snapshot.locality = draft.locality;
    if (draft.people) snapshot.people = draft.people;
    if (draft.evidence && Object.keys(draft.evidence).length > 0) snapshot.evidence = draft.evidence;
    return snapshot;
}

/**
 * Whether the draft holds what a saved report needs: name, department, location and type (the photo may be missing).
 * From the type question on, a report that must go to a person at once is saved first, so the citizen gets a number.
 */
export function canBeSaved(draft: ReportDraft): boolean {
    return Boolean(draft.name && departmentById(draft.departmentId) && draft.location && emergencyTypeById(draft.emergencyTypeId));
}

/**
 * Keeps a photo or a pin in the draft, whatever question it answered: the first photo is the report's photo, the
 * next ones are kept after it ('extraPhoto'; the same photo twice is kept once); the pin is its location (flagged
 * when outside the province) and gives the department unless the citizen named one (a department only assumed from
 * the last report gives way, as at the location question). Returns what was kept, or undefined when the input is
 * neither.
 */
export function keepSharedMedia(draft: ReportDraft, input: CitizenInput): 'photo' | 'extraPhoto' | 'location' | undefined {
    if (input.kind === 'image' && input.image) return addPhoto(draft, input.image);
    if (input.kind === 'location' && input.location) {
        draft.location = { kind: 'pin', ...input.location, ...(isInsideProvince(input.location) ? {} : { outsideProvince: true }) };
        takeDepartmentFromPin(draft, input.location);
        return 'location';
    }
    return undefined;
}

/**
 * The department of a pin in the province, unless the citizen named one for this report: a department only assumed
 * from the last report, or told by an earlier pin, gives way to the newer pin (a Valle Viejo pin after a Capital one
 * is Valle Viejo); one the citizen wrote stays (the nearest centroid is an approximation near borders, and the
 * operator sees the pin).
 */
export function takeDepartmentFromPin(draft: ReportDraft, point: GeoPoint): void {
    const department = departmentForPoint(point);
    if (!department) return;
    if (draft.departmentId && !draft.departmentAssumed && !draft.departmentFromPin) return;
    draft.departmentId = department.id;
    draft.departmentFromPin = true;
    delete draft.departmentAssumed;
}

/** Adds a photo to the draft: the report's photo when it has none yet, else after the others. */
export function addPhoto(draft: ReportDraft, image: SharedImage): 'photo' | 'extraPhoto' {
    if (!draft.photo) {
        draft.photo = image;
        delete draft.morePhotos;
        return 'photo';
    }
    const kept = [draft.photo, ...(draft.morePhotos ?? [])];
    const again = image.contentUrl !== undefined && kept.some((photo) => photo.contentUrl === image.contentUrl);
    if (!again) draft.morePhotos = [...(draft.morePhotos ?? []), image];
    return 'extraPhoto';
}

/**
 * Keeps the answer to the type question in the draft: the type it names, else "Otra emergencia" with the citizen's
 * words. Returns the type.
 */
export function keepEmergencyType(draft: ReportDraft, text: string): EmergencyType | undefined {
    const type = recognizeEmergencyType(text) ?? emergencyTypeById(OTHER_EMERGENCY_TYPE_ID);
    if (type) setEmergencyType(draft, type, text);
    return type;
}

/**
 * The draft's type, told in `text`: for "Otra emergencia" the citizen's words are kept too (not when it was chosen
 * from the list, which says nothing more); any other type drops words kept before.
 */
export function setEmergencyType(draft: ReportDraft, type: EmergencyType, text: string): void {
    draft.emergencyTypeId = type.id;
    if (type.id === OTHER_EMERGENCY_TYPE_ID && !isListChoice(text)) draft.emergencyDescription = text;
    else delete draft.emergencyDescription;
}
