import type { Logger } from '../../common/logger';
import { departmentById, emergencyTypeById, type Priority } from '../../dialogs';
import type { ReportSnapshot } from '../../dialogs';
import { isPreconditionFailed } from '../../storage';
import type { AuditLine } from '../repository/auditRepository';
import type { CaseChangeWriter } from '../repository/caseChangeWriter';
import type { CaseRepository } from '../repository/caseRepository';
import { Actor, actorName, HandoffCase } from '../types';
import type { CaseLiveEvents } from './caseLiveEvents';
import { backOff, checkAction, MAX_ATTEMPTS } from './caseRules';
import { ConflictError, NotFoundError } from './errors';
import type { Clock } from '../../common/clock';

/** An operator's correction of the case card: only the fields given change; null clears one. */
export interface CardEdit {
    departmentId?: string | null;
    locality?: string | null;
    address?: string | null;
    emergencyTypeId?: string | null;
    priority?: Priority;
    peopleCount?: number | null;
    vulnerable?: string[];
}

/** The card fields an operator set: what the citizen's later messages say does not overwrite them. */
export type EditedField = 'department' | 'locality' | 'location' | 'emergencyType' | 'priority' | 'people';

/**
 * Operators correct the case card (department, locality, address, type, priority, people at risk). Each edit is one
 * batch with one audit line per field (who, when, before, after), shown live in every console, and marks the field as
 * the operator's: the language layer's later readings leave it alone. The same edit again changes nothing.
 */
export class CaseCard {
    constructor(private readonly options: { cases: CaseRepository; writer: CaseChangeWriter; live: CaseLiveEvents; logger: Logger; clock: Clock }) {}

    async edit(caseId: string, actor: Actor, edit: CardEdit): Promise<HandoffCase> {
        const where = 'CaseCard.edit()';
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            const doc = await this.options.cases.findById(caseId);
            if (!doc) throw new NotFoundError(where, `no case ${caseId}`);
            checkAction(doc.value, 'edit_card', actor, where);
            const { value, lines } = applyEdit(doc.value, edit, actorName(actor));
            if (lines.length === 0) return doc.value;
            const now = new Date(this.options.clock.now()).toISOString();
            try {
                const committed = await this.options.writer.commit({ value: { ...value, updatedAt: now }, etag: doc.etag, audit: lines }, now);
                this.options.live.changed(committed.doc.value);
                return committed.doc.value;
            } catch (error) {
                if (!isPreconditionFailed(error)) throw error;
                await backOff(attempt);
            }
        }
        throw new ConflictError(where, `case ${caseId} kept changing`);
    }
}

function applyEdit(value: HandoffCase, edit: CardEdit, by: string): { value: HandoffCase; lines: AuditLine[] } {
    const report: ReportSnapshot = { ...value.report };
    const next: HandoffCase = { ...value, report };
    const lines: AuditLine[] = [];
    const edited = new Set<string>(report.operatorEdited ?? []);
    const changed = (field: EditedField, before: unknown, after: unknown): void => {
        if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) return;
        edited.add(field);
        // The citizen's words no longer back the value: the card says an operator set it instead.
        if (report.evidence && field in report.evidence) {
            const evidence = { ...report.evidence };
            delete evidence[field as keyof typeof evidence];
            report.evidence = evidence;
        }
        lines.push({ actor: by, action: 'card_edited', detail: { field, before: before ?? null, after: after ?? null } });
    };
    if (edit.departmentId !== undefined) {
        const department = edit.departmentId === null ? undefined : departmentById(edit.departmentId);
        if (edit.departmentId !== null && !department) throw new Error(`CaseCard.edit(): no department ${edit.departmentId} (the API checks ids)`);
        changed('department', report.departmentName, department?.name);
        if (department) {
            report.departmentId = department.id;
            report.departmentName = department.name;
        } else {
            delete report.departmentId;
            delete report.departmentName;
        }
    }
    if (edit.locality !== undefined) {
        const locality = edit.locality || undefined;
        changed('locality', report.locality, locality);
        if (locality) report.locality = locality;
        else delete report.locality;
    }
    if (edit.address !== undefined) {
        const before = report.location?.kind === 'text' ? report.location.text : undefined;
        const address = edit.address || undefined;
        // A pin stays the map's; the written address is what the operator corrects.
        if (report.location?.kind !== 'pin' || address) {
            changed('location', before, address);
            if (address) report.location = { kind: 'text', text: address };
            else if (report.location?.kind === 'text') delete report.location;
        }
    }
    if (edit.emergencyTypeId !== undefined) {
        const type = edit.emergencyTypeId === null ? undefined : emergencyTypeById(edit.emergencyTypeId);
        if (edit.emergencyTypeId !== null && !type) throw new Error(`CaseCard.edit(): no type ${edit.emergencyTypeId} (the API checks ids)`);
        changed('emergencyType', report.emergencyTypeLabel, type?.label);
        if (type) {
            report.emergencyTypeId = type.id;
            report.emergencyTypeLabel = type.label;
        } else {
            delete report.emergencyTypeId;
            delete report.emergencyTypeLabel;
        }
    }
    if (edit.priority !== undefined) {
        changed('priority', value.priority, edit.priority);
        next.priority = edit.priority;
    }
    if (edit.peopleCount !== undefined || edit.vulnerable !== undefined) {
        const before = report.people;
        const count = edit.peopleCount !== undefined ? edit.peopleCount : before?.count;
        const people = { vulnerable: edit.vulnerable ?? before?.vulnerable ?? [], ...(count != null ? { count } : {}) };
        changed('people', before, people);
        report.people = people;
    }
    if (edited.size > 0) report.operatorEdited = [...edited];
    return { value: next, lines };
}
