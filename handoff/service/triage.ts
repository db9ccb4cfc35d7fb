import type { ReportSnapshot } from '../../dialogs';
import { handoffText, type HandoffTextKey } from '../texts';
import type { HandoffCase } from '../types';

/**
 * What a dispatcher asks first while help is being arranged, in order: where (a pin), how many people, whether
 * someone is hurt or cannot get out. The bot asks them one at a time while an urgent case waits for an operator,
 * never what it already knows, and stops the moment an operator takes the case.
 */
export const TRIAGE_QUESTIONS = ['location', 'people', 'hurt'] as const;
export type TriageQuestion = (typeof TRIAGE_QUESTIONS)[number];

const TRIAGE_TEXT: Record<TriageQuestion, HandoffTextKey> = { location: 'triageLocation', people: 'triagePeople', hurt: 'triageHurt' };

/** The question as the citizen reads it (and the case's transcript keeps it). */
export function triageText(question: TriageQuestion): string {
    return handoffText(TRIAGE_TEXT[question]);
}

/** What the bot asked while the case waited (on the case document, so a turn run again asks nothing twice). */
export interface TriageState {
    asked: TriageQuestion[];
    /** The question the turn that opened the case asked (that turn, run again, asks it again). */
    openedWith?: TriageQuestion;
    /** The citizen message whose answer was the last question asked (its turn, run again, asks it again). */
    askedAfter?: string;
    /** The message that answered the last question: the citizen was thanked for it. */
    doneAfter?: string;
}

/** Facts a message of a waiting citizen carried, as the language layer read them, for the case card. */
export interface CardFacts {
    /** A pin the citizen shared. */
    pin?: { latitude: number; longitude: number; name?: string; address?: string };
    departmentId?: string;
    departmentName?: string;
    locality?: string;
    address?: string;
    emergencyTypeId?: string;
    emergencyTypeLabel?: string;
    peopleCount?: number;
    vulnerable?: string[];
    /** The answer to "¿Hay alguien herido o que no pueda salir?", in the citizen's words. */
    hurt?: string;
    /** The citizen's words for each fact. */
    evidence?: ReportSnapshot['evidence'];
}

/** Whether the bot is still triaging this case: urgent, and no operator has it yet. */
export function isTriaging(value: HandoffCase): boolean {
    return value.status === 'queued' && value.priority === 'critical';
}

/** The next question the case's card does not answer and that was not asked yet; undefined when there is none. */
export function nextTriageQuestion(value: HandoffCase): TriageQuestion | undefined {
    if (!isTriaging(value)) return undefined;
    const asked = value.triage?.asked ?? [];
    const report = value.report;
    const known: Record<TriageQuestion, boolean> = {
        location: report.location?.kind === 'pin',
        people: report.people?.count !== undefined,
        hurt: report.hurt !== undefined
    };
    return TRIAGE_QUESTIONS.find((question) => !asked.includes(question) && !known[question]);
}

/** The question last asked, which a short answer ("3", "sí, mi papá") answers. */
export function lastAsked(value: HandoffCase): TriageQuestion | undefined {
    return value.triage?.asked.at(-1);
}

/**
 * The report with the facts merged in: a newer pin replaces an older one, people and vulnerability add up, anything
 * else fills only what is missing (what the citizen said first, or an operator's edit, is not overwritten). Returns
 * the fields that changed.
 */
export function mergeFacts(report: ReportSnapshot, facts: CardFacts): { report: ReportSnapshot; changed: string[] } {
    const next: ReportSnapshot = { ...report };
    const changed: string[] = [];
    // The operator's value wins over what is understood later.
    const mine = new Set(report.operatorEdited ?? []);
    const evidence = { ...(report.evidence ?? {}) };
    const said = (field: keyof NonNullable<ReportSnapshot['evidence']>): void => {
        const words = facts.evidence?.[field];
        if (words) evidence[field] = words;
    };
    if (mine.has('location')) {
        // an operator set the place: a pin still goes to the transcript and the map, not over the card
    } else if (
        facts.pin &&
        (report.location?.kind !== 'pin' || report.location.latitude !== facts.pin.latitude || report.location.longitude !== facts.pin.longitude)
    ) {
        next.location = { kind: 'pin', ...facts.pin };
        changed.push('location');
    } else if (facts.address && !report.location) {
        next.location = { kind: 'text', text: facts.address };
        said('location');
        changed.push('location');
    }
    if (facts.departmentId && !report.departmentId && !mine.has('department')) {
        next.departmentId = facts.departmentId;
        next.departmentName = facts.departmentName;
        said('department');
        changed.push('department');
    }
    if (facts.locality && !report.locality && !mine.has('locality')) {
        next.locality = facts.locality;
        said('locality');
        changed.push('locality');
    }
    if (facts.emergencyTypeId && !report.emergencyTypeId && !mine.has('emergencyType')) {
        next.emergencyTypeId = facts.emergencyTypeId;
        next.emergencyTypeLabel = facts.emergencyTypeLabel;
        said('emergencyType');
        changed.push('emergencyType');
    }
    if (!mine.has('people') && (facts.peopleCount !== undefined || (facts.vulnerable?.length ?? 0) > 0)) {
        const people = {
            vulnerable: [...(report.people?.vulnerable ?? [])],
            ...(report.people?.count !== undefined ? { count: report.people.count } : {})
        };
        let peopleChanged = false;
        if (facts.peopleCount !== undefined && facts.peopleCount !== people.count) {
            people.count = facts.peopleCount;
            peopleChanged = true;
        }
        for (const kind of facts.vulnerable ?? []) {
            if (!people.vulnerable.includes(kind)) {
                people.vulnerable.push(kind);
                peopleChanged = true;
            }
        }
        if (peopleChanged) {
            next.people = people;
            said('people');
            changed.push('people');
        }
    }
    if (facts.hurt && report.hurt === undefined) {
        next.hurt = facts.hurt;
        changed.push('hurt');
    }
    if (changed.length > 0 && Object.keys(evidence).length > 0) next.evidence = evidence;
    return { report: changed.length > 0 ? next : report, changed };
}
