import { DEPARTMENTS, PROVINCE_BBOX } from '../../dialogs';
import { departmentForPoint } from '../../dialogs';
import { CapArea } from './capParser';

/** Grid step for sampling an area, in degrees (about 5.5 km). */
const SAMPLE_STEP_DEGREES = 0.05;
/** A sampled point further than this from every department centroid is taken to lie outside the province. */
const MAX_KM_FROM_CENTROID = 90;
const EARTH_RADIUS_KM = 6371;
const RAD = Math.PI / 180;

/**
 * One sampling grid over the province's bounding box (about 100 × 86 cells), shared by all the shapes of a document:
 * shapes mark the cells they cover and each covered cell is placed once, so the work is a pass over the grid per
 * shape plus one step per polygon point per row, whatever the shapes look like (CAP_LIMITS bounds both).
 */
const ROWS = Math.floor((PROVINCE_BBOX.maxLat - PROVINCE_BBOX.minLat) / SAMPLE_STEP_DEGREES) + 1;
const COLUMNS = Math.floor((PROVINCE_BBOX.maxLon - PROVINCE_BBOX.minLon) / SAMPLE_STEP_DEGREES) + 1;
const latOfRow = (row: number): number => PROVINCE_BBOX.minLat + row * SAMPLE_STEP_DEGREES;
const lonOfColumn = (column: number): number => PROVINCE_BBOX.minLon + column * SAMPLE_STEP_DEGREES;

/**
 * The departments an area touches. The line has department centroids, not outlines, so:
 * 1. every department whose centroid lies inside a polygon or circle;
 * 2. plus every department that is the nearest centroid (a Voronoi cell: an approximation of its territory) of a
 *    point of the province's 0.05° grid inside the polygon/circle, not too far from any centroid. This catches a
 *    narrow polygon over a department that misses its centroid.
 * A polygon outside the province touches nothing.
 */
export function departmentsTouched(areas: readonly CapArea[]): string[] {
    const found = new Set<string>();
    const covered = new Uint8Array(ROWS * COLUMNS);
    for (const area of areas) {
        for (const polygon of area.polygons) {
            addCentroidsInside(found, (lat, lon) => insidePolygon(lat, lon, polygon));
            coverPolygon(covered, polygon);
        }
        for (const circle of area.circles) {
            addCentroidsInside(found, (lat, lon) => distanceKm(lat, lon, circle.lat, circle.lon) <= circle.radiusKm);
            coverCircle(covered, circle);
        }
    }
    for (let cell = 0; cell < covered.length; cell++)
        if (covered[cell] && CELL_DEPARTMENTS[cell] >= 0) found.add(DEPARTMENTS[CELL_DEPARTMENTS[cell]].id);
    return DEPARTMENTS.filter((d) => found.has(d.id)).map((d) => d.id);
}

/**
 * Each grid cell's department: the nearest centroid, when not too far from it; -1 outside the province. The same
 * for every document, so it is worked out once, at startup: built cold on a first request it took up to 80 ms.
 */
const CELL_DEPARTMENTS = ((): Int8Array => {
    const table = new Int8Array(ROWS * COLUMNS).fill(-1);
    for (let cell = 0; cell < table.length; cell++) {
        const lat = latOfRow(Math.floor(cell / COLUMNS));
        const lon = lonOfColumn(cell % COLUMNS);
        const department = departmentForPoint({ latitude: lat, longitude: lon });
        if (department && distanceKm(lat, lon, department.centroid.lat, department.centroid.lon) <= MAX_KM_FROM_CENTROID)
            table[cell] = DEPARTMENTS.indexOf(department);
    }
    return table;
})();

function addCentroidsInside(found: Set<string>, contains: (lat: number, lon: number) => boolean): void {
    for (const department of DEPARTMENTS) if (contains(department.centroid.lat, department.centroid.lon)) found.add(department.id);
}

/**
 * Marks the grid cells inside a polygon by insidePolygon's rule, a row at a time: a cell is inside when an odd number
 * of edges cross its row east of it, that is (the crossings of a closed ring being even) an odd number at or west of
 * it. So each row needs one pass over the edges and one over the columns, not one over the edges per cell.
 */
function coverPolygon(covered: Uint8Array, polygon: ReadonlyArray<readonly [number, number]>): void {
    const flips = new Uint8Array(COLUMNS + 1);
    for (let row = 0; row < ROWS; row++) {
        const lat = latOfRow(row);
        for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
            // Indexing, not destructuring: this loop is the worst document's hot spot (twice as fast so).
            const a = polygon[i];
            const b = polygon[j];
            if (a[0] > lat === b[0] > lat) continue;
            const crossing = ((b[1] - a[1]) * (lat - a[0])) / (b[0] - a[0]) + a[1];
            // The first column at or east of the crossing; COLUMNS (past the grid) when it lies east of it.
            const column = Math.ceil((crossing - PROVINCE_BBOX.minLon) / SAMPLE_STEP_DEGREES);
            flips[Math.min(COLUMNS, Math.max(0, column))] ^= 1;
        }
        let inside = 0;
        for (let column = 0; column <= COLUMNS; column++) {
            inside ^= flips[column];
            flips[column] = 0;
            if (inside && column < COLUMNS) covered[row * COLUMNS + column] = 1;
        }
    }
}

/**
 * Marks the grid cells within a circle's radius by distanceKm's (haversine) rule, solved per row for the widest
 * longitude gap: sin²(Δlat/2) + cos(lat)·cos(lat₀)·sin²(Δlon/2) ≤ sin²(r/2R).
 */
function coverCircle(covered: Uint8Array, circle: { lat: number; lon: number; radiusKm: number }): void {
    const halfAngle = circle.radiusKm / (2 * EARTH_RADIUS_KM);
    const reach = halfAngle >= Math.PI / 2 ? 1 : Math.sin(halfAngle) ** 2;
    for (let row = 0; row < ROWS; row++) {
        const lat = latOfRow(row);
        const room = (reach - Math.sin(((lat - circle.lat) * RAD) / 2) ** 2) / (Math.cos(lat * RAD) * Math.cos(circle.lat * RAD));
        if (!(room >= 0)) continue;
        const maxDeltaLon = room >= 1 ? 180 : (2 * Math.asin(Math.sqrt(room))) / RAD;
        for (let column = 0; column < COLUMNS; column++) {
            const deltaLon = Math.abs(((lonOfColumn(column) - circle.lon + 540) % 360) - 180);
            if (deltaLon <= maxDeltaLon) covered[row * COLUMNS + column] = 1;
        }
    }
}

/** Ray casting on [lat, lon] points (fine at a province's scale). */
export function insidePolygon(lat: number, lon: number, polygon: ReadonlyArray<readonly [number, number]>): boolean {
    let inside = false;
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
        const [latI, lonI] = polygon[i];
        const [latJ, lonJ] = polygon[j];
        if (latI > lat !== latJ > lat && lon < ((lonJ - lonI) * (lat - latI)) / (latJ - latI) + lonI) inside = !inside;
    }
    return inside;
}

/** Haversine distance in km. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
    const a = Math.sin(((lat2 - lat1) * RAD) / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(((lon2 - lon1) * RAD) / 2) ** 2;
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(a));
}
