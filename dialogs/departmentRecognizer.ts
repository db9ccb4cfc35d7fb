import { readPlace, type PlaceReading } from '../language';
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
 * The department a citizen named, as the language layer reads places (language/places): by name, abbreviation or
 * typo ("sta maria", "fray mamerto", "tinogsata"), by a locality, paraje or capital barrio ("Fiambalá" ->
 * Tinogasta), or by its number in the offered list. Of two places, the one the emergency is at wins ("vivo en Valle
 * Viejo pero la emergencia es en Capital"). Undefined when none is named, or when the only place named exists in
 * several departments (see {@link recognizePlace}).
 */
export function recognizeDepartment(text: string): Department | undefined {
    const named = readPlace(text, { departmentList: true }).department;
    return named ? departmentById(named.id) : undefined;
}

/** Everything the language layer read about places in `text` (department, locality, ambiguity, address). */
export function recognizePlace(text: string, options: { departmentList?: boolean } = {}): PlaceReading {
    return readPlace(text, options);
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
