import { readPlace, type PlaceReading } from '../language';
import { DEPARTMENTS, Department, PROVINCE_BBOX, departmentById } from './domainData';

/** A point on the map as a location pin gives it. */
export interface GeoPoint {
    latitude: number;
    longitude: number;
}

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

/** Whether a point lies inside the province (its bounding box: generous near the borders). */
export function isInsideProvince(point: GeoPoint): boolean {
    const box = PROVINCE_BBOX;
    return point.latitude >= box.minLat && point.latitude <= box.maxLat && point.longitude >= box.minLon && point.longitude <= box.maxLon;
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

/** Equirectangular approximation: plenty for choosing among centroids tens of kilometres apart. */
function squaredDistanceKm(point: GeoPoint, centroid: { lat: number; lon: number }): number {
    const kmPerDegree = 111.32;
    const meanLat = ((point.latitude + centroid.lat) / 2) * (Math.PI / 180);
    const dx = (point.longitude - centroid.lon) * kmPerDegree * Math.cos(meanLat);
    const dy = (point.latitude - centroid.lat) * kmPerDegree;
    return dx * dx + dy * dy;
}
