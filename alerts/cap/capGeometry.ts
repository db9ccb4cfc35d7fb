import { DEPARTMENTS, PROVINCE_BBOX } from '../../dialogs/domainData';
import { departmentForPoint } from '../../dialogs/departmentRecognizer';
import { CapArea } from './capParser';

/** Grid step for sampling an area, in degrees (about 5.5 km). */
const SAMPLE_STEP_DEGREES = 0.05;
/** A sampled point further than this from every department centroid is taken to lie outside the province. */
const MAX_KM_FROM_CENTROID = 90;

/**
 * The departments an area touches. The line has department centroids, not outlines, so:
 * 1. every department whose centroid lies inside a polygon or circle;
 * 2. plus every department that is the nearest centroid (a Voronoi cell: an approximation of its territory) of a
 *    point sampled on a 0.05° grid inside the polygon/circle, within the province's bounding box and not too far
 *    from any centroid. This catches a narrow polygon over a department that misses its centroid.
 * A polygon outside the province touches nothing.
 */
export function departmentsTouched(areas: readonly CapArea[]): string[] {
    const found = new Set<string>();
    for (const area of areas) {
        for (const polygon of area.polygons) addShape(found, (lat, lon) => insidePolygon(lat, lon, polygon), boundsOfPolygon(polygon));
        for (const circle of area.circles) {
            const dLat = circle.radiusKm / 111.32;
            const dLon = circle.radiusKm / (111.32 * Math.cos((circle.lat * Math.PI) / 180));
            addShape(found, (lat, lon) => distanceKm(lat, lon, circle.lat, circle.lon) <= circle.radiusKm, {
                minLat: circle.lat - dLat, maxLat: circle.lat + dLat, minLon: circle.lon - dLon, maxLon: circle.lon + dLon
            });
        }
    }
    return DEPARTMENTS.filter((d) => found.has(d.id)).map((d) => d.id);
}

interface Bounds { minLat: number; maxLat: number; minLon: number; maxLon: number }

function addShape(found: Set<string>, contains: (lat: number, lon: number) => boolean, bounds: Bounds): void {
    for (const department of DEPARTMENTS) if (contains(department.centroid.lat, department.centroid.lon)) found.add(department.id);
    const box = {
        minLat: Math.max(bounds.minLat, PROVINCE_BBOX.minLat), maxLat: Math.min(bounds.maxLat, PROVINCE_BBOX.maxLat),
        minLon: Math.max(bounds.minLon, PROVINCE_BBOX.minLon), maxLon: Math.min(bounds.maxLon, PROVINCE_BBOX.maxLon)
    };
    if (box.minLat > box.maxLat || box.minLon > box.maxLon) return;
    for (let lat = box.minLat; lat <= box.maxLat; lat += SAMPLE_STEP_DEGREES) {
        for (let lon = box.minLon; lon <= box.maxLon; lon += SAMPLE_STEP_DEGREES) {
            if (!contains(lat, lon)) continue;
            const department = departmentForPoint({ latitude: lat, longitude: lon });
            if (department && distanceKm(lat, lon, department.centroid.lat, department.centroid.lon) <= MAX_KM_FROM_CENTROID) found.add(department.id);
        }
    }
}

/** Ray casting on [lat, lon] points (fine at a province's scale). */
export function insidePolygon(lat: number, lon: number, polygon: ReadonlyArray<readonly [number, number]>): boolean {
    let inside = false;
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
        const [latI, lonI] = polygon[i];
        const [latJ, lonJ] = polygon[j];
        if ((latI > lat) !== (latJ > lat) && lon < ((lonJ - lonI) * (lat - latI)) / (latJ - latI) + lonI) inside = !inside;
    }
    return inside;
}

function boundsOfPolygon(polygon: ReadonlyArray<readonly [number, number]>): Bounds {
    const lats = polygon.map((p) => p[0]);
    const lons = polygon.map((p) => p[1]);
    return { minLat: Math.min(...lats), maxLat: Math.max(...lats), minLon: Math.min(...lons), maxLon: Math.max(...lons) };
}

/** Haversine distance in km. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
    const rad = Math.PI / 180;
    const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
    return 2 * 6371 * Math.asin(Math.sqrt(a));
}
