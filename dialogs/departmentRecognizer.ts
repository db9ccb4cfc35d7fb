import { DEPARTMENTS, Department, KNOWN_LOCALITIES, PROVINCE_BBOX, departmentById } from './domainData';
import { damerauLevenshtein, typoTolerance } from './editDistance';
import { DEPARTMENT_ALIASES, DEPARTMENT_FILLERS, PROVINCE_NAMES, parseListNumber } from './recognitionData';
import recognition from './data/recognition.json';
import { normalizeText } from './textNormalizer';

/** A point on the map as a location pin gives it. */
export interface GeoPoint {
    latitude: number;
    longitude: number;
}

interface Alias {
    text: string;
    departmentId: string;
}

/** Every way of naming a department: its name, the aliases of recognition.json, the known localities. */
const ALIASES: readonly Alias[] = buildAliases();
const ALIAS_WORDS: readonly string[][] = ALIASES.map((alias) => alias.text.split(' '));
/** "la emergencia es en" before "es en". */
const EMERGENCY_PLACE_MARKERS: readonly string[] = recognition.emergencyPlaceMarkers.list.map(normalizeText)
    .filter((marker) => marker.length > 0).sort((a, b) => b.length - a.length);

/** Aliases shorter than this are only recognised when they are the whole answer ("fme"), never inside a sentence. */
const MIN_MENTION_LENGTH = 4;

/**
 * The department a citizen named: by name, abbreviation or typo ("sta maria", "fray mamerto",
 * "tinogsata"), by a known locality ("Fiambalá" -> Tinogasta), or by its number in the offered list.
 * The province's name counts (as Capital) only when nothing else is named: "Belén, Catamarca" is Belén.
 * Of two departments, the one after "la emergencia es en" / "es en" wins: "Estoy en Valle Viejo pero la
 * emergencia es en Capital" is Capital.
 * Returns undefined when nothing matches or when two departments match equally well ("santa").
 */
export function recognizeDepartment(text: string): Department | undefined {
    const normalized = normalizeText(text);
    if (normalized.length === 0) return undefined;
    const whereTheEmergencyIs = afterLastPlaceMarker(normalized);
    return (whereTheEmergencyIs ? recognizeDepartmentIn(whereTheEmergencyIs) : undefined) ?? recognizeDepartmentIn(normalized);
}

/** The words after the last "la emergencia es en" / "es en" / ...; undefined when there is none. */
function afterLastPlaceMarker(normalized: string): string | undefined {
    const padded = ` ${normalized} `;
    let after: number | undefined;
    for (const marker of EMERGENCY_PLACE_MARKERS) {
        const at = padded.lastIndexOf(` ${marker} `);
        if (at >= 0 && (after === undefined || at + marker.length + 1 > after)) after = at + marker.length + 1;
    }
    const rest = after === undefined ? '' : padded.slice(after).trim();
    return rest.length > 0 ? rest : undefined;
}

function recognizeDepartmentIn(normalized: string): Department | undefined {
    const exact = exactAlias(withFillersStripped(normalized));
    if (exact) return exact;
    const withoutProvince = withoutProvinceName(normalized);
    const named = withoutProvince.length > 0 && withoutProvince !== normalized ? recognizeNamed(withoutProvince) : undefined;
    return named ?? recognizeNamed(normalized);
}

/** By exact name, list number, typo or mention, in that order. */
function recognizeNamed(normalized: string): Department | undefined {
    const candidates = withFillersStripped(normalized);
    const exact = exactAlias(candidates);
    if (exact) return exact;
    for (const candidate of candidates) {
        const n = parseListNumber(candidate);
        if (n !== undefined) return n >= 1 && n <= DEPARTMENTS.length ? DEPARTMENTS[n - 1] : undefined;
    }
    for (const candidate of candidates) {
        const typo = closestByTypo(candidate);
        if (typo) return typo;
    }
    return mentionedIn(normalized);
}

/**
 * How many of `tokens` (normalised words), from `at`, name a department or a known locality exactly ("valle viejo",
 * "banda de varela"); 0 when none begins there. The longest name wins. No typos: "del Valle" in "María del Valle
 * Soria" is no place.
 */
export function placeNameLengthAt(tokens: readonly string[], at: number): number {
    let longest = 0;
    for (const alias of ALIAS_WORDS) {
        if (alias.length > longest && alias.every((word, i) => tokens[at + i] === word)) longest = alias.length;
    }
    return longest;
}

/** Whether a point lies inside the province (its bounding box: generous near the borders). */
export function isInsideProvince(point: GeoPoint): boolean {
    const box = PROVINCE_BBOX;
    return point.latitude >= box.minLat && point.latitude <= box.maxLat
        && point.longitude >= box.minLon && point.longitude <= box.maxLon;
}

/**
 * The department whose centroid is nearest to a point inside the province; undefined outside it.
 * Nearest centroid is an approximation near department borders: the operator sees the pin too.
 */
export function departmentForPoint(point: GeoPoint): Department | undefined {
    if (!isInsideProvince(point)) return undefined;
    let best: Department | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const department of DEPARTMENTS) {
        const distance = squaredDistanceKm(point, department.centroid);
        if (distance < bestDistance) {
            best = department;
            bestDistance = distance;
        }
    }
    return best;
}

function exactAlias(candidates: string[]): Department | undefined {
    for (const candidate of candidates) {
        const exact = ALIASES.find((alias) => alias.text === candidate);
        if (exact) return departmentById(exact.departmentId);
    }
    return undefined;
}

/** "belen catamarca" -> "belen"; "provincia de catamarca" -> "". */
function withoutProvinceName(normalized: string): string {
    let padded = ` ${normalized} `;
    for (const name of PROVINCE_NAMES) padded = padded.split(` ${name} `).join(' ');
    return padded.trim().replace(/ +/g, ' ');
}

/** The text itself, then the text without leading fillers one at a time ("vivo en el alto" -> "el alto" -> "alto"). */
function withFillersStripped(normalized: string): string[] {
    const result = [normalized];
    let current = normalized;
    for (;;) {
        const filler = DEPARTMENT_FILLERS.find((f) => current.startsWith(f + ' '));
        if (!filler) return result;
        current = current.slice(filler.length + 1);
        result.push(current);
    }
}

function closestByTypo(candidate: string): Department | undefined {
    let bestDistance = Number.POSITIVE_INFINITY;
    const bestIds = new Set<string>();
    for (const alias of ALIASES) {
        const tolerance = typoTolerance(alias.text.length);
        if (tolerance === 0 || Math.abs(alias.text.length - candidate.length) > tolerance) continue;
        const distance = damerauLevenshtein(candidate, alias.text);
        if (distance > tolerance) continue;
        if (distance < bestDistance) {
            bestDistance = distance;
            bestIds.clear();
        }
        if (distance === bestDistance) bestIds.add(alias.departmentId);
    }
    return bestIds.size === 1 ? departmentById([...bestIds][0]) : undefined;
}

/** A department named inside a longer sentence ("estamos cerca de la plaza de valle viejo"); the longest name wins. */
function mentionedIn(normalized: string): Department | undefined {
    const padded = ` ${normalized} `;
    let bestLength = 0;
    const bestIds = new Set<string>();
    for (const alias of ALIASES) {
        if (alias.text.length < MIN_MENTION_LENGTH || !padded.includes(` ${alias.text} `)) continue;
        if (alias.text.length > bestLength) {
            bestLength = alias.text.length;
            bestIds.clear();
        }
        if (alias.text.length === bestLength) bestIds.add(alias.departmentId);
    }
    return bestIds.size === 1 ? departmentById([...bestIds][0]) : undefined;
}

function buildAliases(): Alias[] {
    const aliases: Alias[] = [];
    const add = (text: string, departmentId: string): void => {
        const normalized = normalizeText(text);
        if (normalized && !aliases.some((a) => a.text === normalized && a.departmentId === departmentId)) {
            aliases.push({ text: normalized, departmentId });
        }
    };
    for (const department of DEPARTMENTS) add(department.name, department.id);
    for (const [departmentId, list] of Object.entries(DEPARTMENT_ALIASES)) list.forEach((text) => add(text, departmentId));
    for (const [locality, departmentId] of Object.entries(KNOWN_LOCALITIES)) add(locality, departmentId);
    return aliases;
}

/** Equirectangular approximation: plenty for choosing among centroids tens of kilometres apart. */
function squaredDistanceKm(point: GeoPoint, centroid: { lat: number; lon: number }): number {
    const kmPerDegree = 111.32;
    const meanLat = ((point.latitude + centroid.lat) / 2) * (Math.PI / 180);
    const dx = (point.longitude - centroid.lon) * kmPerDegree * Math.cos(meanLat);
    const dy = (point.latitude - centroid.lat) * kmPerDegree;
    return dx * dx + dy * dy;
}
