import { DEPARTMENTS, Department, departmentById } from '../dialogs';
import { departmentForPoint, recognizeDepartment } from '../dialogs';
import { CitizenInput } from '../dialogs';
import { normalizeText, placeNameLengthAt, saysWholeProvince, words } from '../language';
import { say } from '../dialogs';

/** Which departments a citizen wants alerts for. */
export interface DepartmentChoice {
    departmentIds: string[];
    wholeProvince: boolean;
}

/**
 * Reads "Capital, Valle Viejo y Belén", "1, 16", "todos" or a location pin. Every piece must name a department
 * (by name, typo, number or locality, as the report's department question): one unknown piece fails the whole
 * answer, so nobody is subscribed to a department they did not mean.
 */
export function recognizeDepartmentChoice(input: CitizenInput): DepartmentChoice | undefined {
    if (input.location) {
        const department = departmentForPoint(input.location);
        return department ? { departmentIds: [department.id], wholeProvince: false } : undefined;
    }
    const text = input.text?.trim();
    if (!text) return undefined;
    if (saysWholeProvince(text)) return { departmentIds: DEPARTMENTS.map((d) => d.id), wholeProvince: true };
    const whole = recognizeDepartment(text);
    const pieces = text
        .split(/\s*(?:[,;\n/+]|\s-\s|\by\b|\be\b)\s*/i)
        .map((p) => p.trim())
        .filter((p) => p.length > 0);
    if (pieces.length <= 1) return whole ? { departmentIds: [whole.id], wholeProvince: false } : undefined;
    const found: Department[] = [];
    for (const piece of pieces) {
        const department = recognizeDepartment(piece);
        if (!department) return undefined;
        if (!found.includes(department)) found.push(department);
    }
    const wholeProvince = found.length === DEPARTMENTS.length;
    return { departmentIds: found.map((d) => d.id), wholeProvince };
}

/**
 * The answer, normalised, without the departments and localities it names: "Piedra Blanca" -> "", "se inunda la
 * calle en Capital" -> "se inunda la calle en". What is left can be read for an emergency told instead of an answer.
 */
export function withoutPlaceNames(text: string): string {
    const tokens = words(normalizeText(text));
    const left: string[] = [];
    for (let at = 0; at < tokens.length;) {
        const length = placeNameLengthAt(tokens, at);
        if (length > 0) {
            at += length;
        } else {
            left.push(tokens[at]);
            at++;
        }
    }
    return left.join(' ');
}

/** "Capital, Valle Viejo y Belén", or "toda la provincia". */
export function describeDepartments(choice: { departmentIds?: readonly string[]; departments?: readonly string[]; wholeProvince: boolean }): string {
    if (choice.wholeProvince) return say('alertsWholeProvince');
    const names = (choice.departmentIds ?? choice.departments ?? []).map((id) => departmentById(id)?.name ?? id);
    if (names.length <= 1) return names.join('');
    return `${names.slice(0, -1).join(', ')}${say('alertsListJoiner')}${names[names.length - 1]}`;
}
