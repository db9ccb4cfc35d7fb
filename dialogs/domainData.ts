import departmentsData from './data/catamarca-departments.json';
import emergencyTypesData from './data/emergency-types.json';

/** The domain data (departments, emergency types), read from dialogs/data so an agency can change it without code. */

export type Priority = 'critical' | 'high' | 'normal';

export interface Department {
    id: string;
    name: string;
    centroid: { lat: number; lon: number };
}

export interface EmergencyType {
    id: string;
    label: string;
    description: string;
    priority: Priority;
}

export interface GeoBox {
    minLat: number;
    maxLat: number;
    minLon: number;
    maxLon: number;
}

/** The departments in the order they are offered (and numbered) to the citizen. */
export const DEPARTMENTS: readonly Department[] = departmentsData.departments.map((d) => ({
    id: d.id,
    name: d.name,
    centroid: d.centroid
}));

export const PROVINCE_BBOX: GeoBox = departmentsData.province.bbox;

/** Locality name -> department id, e.g. "Fiambalá" -> Tinogasta. */
export const KNOWN_LOCALITIES: Readonly<Record<string, string>> = Object.fromEntries(
    Object.entries(departmentsData.knownLocalities).filter(([name]) => name !== 'about')
);

export const EMERGENCY_TYPES: readonly EmergencyType[] = emergencyTypesData.types.map((t) => ({
    id: t.id,
    label: t.label,
    description: t.description,
    priority: t.priority as Priority
}));

export const URGENCY_SIGNAL_EXAMPLES: readonly string[] = emergencyTypesData.urgencySignals.examples;

export function departmentById(id: string | undefined): Department | undefined {
    return DEPARTMENTS.find((d) => d.id === id);
}

export function emergencyTypeById(id: string | undefined): EmergencyType | undefined {
    return EMERGENCY_TYPES.find((t) => t.id === id);
}

const PRIORITY_RANK: Record<Priority, number> = { normal: 0, high: 1, critical: 2 };

/** The more urgent of two priorities. */
export function higherPriority(a: Priority, b: Priority | undefined): Priority {
    return b !== undefined && PRIORITY_RANK[b] > PRIORITY_RANK[a] ? b : a;
}
