import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CapSeverity } from '../types';

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

/** A CAP document that cannot be read: the API answers 400 with this message. */
export class CapFormatError extends Error {
    constructor(message: string) {
        super(`CAP: ${message}`);
        this.name = 'CapFormatError';
    }
}

export interface CapArea {
    areaDesc: string;
    /** Each polygon as [lat, lon] points. */
    polygons: Array<Array<[number, number]>>;
    circles: Array<{ lat: number; lon: number; radiusKm: number }>;
}

export interface CapInfo {
    language: string;
    event: string;
    severity: CapSeverity;
    urgency?: string;
    certainty?: string;
    effective?: string;
    onset?: string;
    expires?: string;
    headline?: string;
    description?: string;
    instruction?: string;
    areas: CapArea[];
}

export interface CapAlert {
    identifier: string;
    sender: string;
    sent: string;
    status: 'Actual' | 'Exercise' | 'System' | 'Test' | 'Draft';
    msgType: 'Alert' | 'Update' | 'Cancel' | 'Ack' | 'Error';
    scope: 'Public' | 'Restricted' | 'Private';
    /** `sender,identifier,sent` triples. */
    references: Array<{ sender: string; identifier: string; sent: string }>;
    note?: string;
    infos: CapInfo[];
}

const SEVERITIES: CapSeverity[] = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'];
const ARRAYS = new Set(['alert.info', 'alert.info.area', 'alert.info.area.polygon', 'alert.info.area.circle']);

/**
 * What one CAP document may hold. Reading and placing a document runs on the event loop, so every webhook and
 * console request waits behind it: with these limits the worst document takes ~15 ms once the code is warm (bench
 * note in tests/alerts/capLimits.test.ts). An SMN alert is a handful of areas, each a polygon of tens to hundreds of
 * points, with a few hundred tags (a few KB to tens of KB): the limits leave several times that room.
 */
export const CAP_LIMITS = {
    /** Bytes: text and character references cost the parser up to ~60 ms per MB; 128 KB stays under ~8 ms. */
    bytes: 128 * 1024,
    /** "<" characters (tags, comments, CDATA): the parser spends ~3 µs on each; an SMN alert has a few hundred. */
    tags: 2_000,
    /** "=" characters, at least one per attribute (~7 µs each to validate and parse); CAP needs only xmlns. */
    attributes: 100,
    /** Element depth: CAP nests five deep (alert, info, area, geocode, value); the parser stops deeper documents. */
    depth: 16,
    /** <area> elements in the document. */
    areas: 50,
    /** <polygon> elements in the document: each costs a pass over the sampling grid (capGeometry). */
    polygons: 50,
    /** <circle> elements in the document: each costs a pass over the sampling grid (capGeometry). */
    circles: 50,
    /** Polygon points in the whole document: each costs one step per grid row (capGeometry). */
    points: 5_000,
    /** <areaDesc> characters in the whole document: without geometry each name in them is matched against the
     *  departments one by one (~5 µs a character); the 16 department names of Catamarca take 179. */
    areaDescChars: 2_000
} as const;

/** Opening tags counted before parsing (with or without a namespace prefix), so a flood is refused unread. */
const COUNTED_ELEMENTS = /<(?:[\w.-]+:)?(area|polygon|circle)[\s/>]/g;
const COUNT_LIMITS = { area: CAP_LIMITS.areas, polygon: CAP_LIMITS.polygons, circle: CAP_LIMITS.circles };

/** CAP's dateTime ("2002-05-24T16:49:00-07:00"; "Z" and fractions tolerated): a four-digit year keeps date arithmetic valid. */
const CAP_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    // Decodes numeric character references (&#225; &#xE1;) as well as the XML ones, once: "&amp;#225;" stays "&#225;".
    htmlEntities: true,
    maxNestedTags: CAP_LIMITS.depth,
    isArray: (_name, jpath) => ARRAYS.has(String(jpath))
});

/** Reads a CAP 1.2 document with a maintained XML library; any problem is a CapFormatError naming it. */
export function parseCap(xml: string): CapAlert {
    if (xml.trim().length === 0) throw new CapFormatError('the body is empty');
    // CAP needs no DTD; refusing one closes the door to entity-expansion tricks.
    if (/<!DOCTYPE/i.test(xml)) throw new CapFormatError('a DOCTYPE is not allowed');
    refuseOversized(xml);
    const valid = XMLValidator.validate(xml);
    if (valid !== true) throw new CapFormatError(`malformed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
    const root = parseXml(xml).alert as Record<string, unknown> | undefined;
    if (!root || typeof root !== 'object') throw new CapFormatError('the root element is not <alert>');
    const xmlns = root['@_xmlns'];
    if (xmlns !== undefined && xmlns !== CAP_NAMESPACE) throw new CapFormatError(`namespace ${String(xmlns)} is not CAP 1.2 (${CAP_NAMESPACE})`);

    const status = oneOf(root, 'status', ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const);
    const msgType = oneOf(root, 'msgType', ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const);
    const scope = oneOf(root, 'scope', ['Public', 'Restricted', 'Private'] as const);
    const sent = dateTime(required(root, 'sent'), 'sent');
    const alert: CapAlert = {
        identifier: required(root, 'identifier'),
        sender: required(root, 'sender'),
        sent,
        status,
        msgType,
        scope,
        references: parseReferences(text(root.references)),
        infos: ((root.info as unknown[] | undefined) ?? []).map((info, index) => parseInfo(info, index))
    };
    const note = text(root.note);
    if (note) alert.note = note;
    if ((msgType === 'Update' || msgType === 'Cancel') && alert.references.length === 0) {
        throw new CapFormatError(`a ${msgType} needs <references>`);
    }
    refuseTooMuchGeometry(alert.infos.flatMap((info) => info.areas));
    return alert;
}

/** Element, markup and byte counts, checked on the raw text before any parsing (the most telling first). */
function refuseOversized(xml: string): void {
    const counts = { area: 0, polygon: 0, circle: 0 };
    for (const match of xml.matchAll(COUNTED_ELEMENTS)) counts[match[1] as keyof typeof counts]++;
    for (const name of ['area', 'polygon', 'circle'] as const) {
        if (counts[name] > COUNT_LIMITS[name])
            throw new CapFormatError(`${counts[name]} <${name}> elements; at most ${COUNT_LIMITS[name]} are accepted per document`);
    }
    const tags = occurrences(xml, '<');
    if (tags > CAP_LIMITS.tags) throw new CapFormatError(`${tags} tags ("<"); at most ${CAP_LIMITS.tags} are accepted per document`);
    const attributes = occurrences(xml, '=');
    if (attributes > CAP_LIMITS.attributes)
        throw new CapFormatError(`${attributes} "=" (attributes); at most ${CAP_LIMITS.attributes} are accepted per document`);
    const bytes = Buffer.byteLength(xml, 'utf8');
    if (bytes > CAP_LIMITS.bytes) throw new CapFormatError(`the document is ${bytes} bytes; at most ${CAP_LIMITS.bytes} are accepted`);
}

function occurrences(text: string, char: string): number {
    let count = 0;
    for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) count++;
    return count;
}

/** The parser refuses what CAP never has (deeper than CAP_LIMITS.depth, __proto__/constructor/prototype names): a 400, not a crash. */
function parseXml(xml: string): Record<string, unknown> {
    try {
        return parser.parse(xml) as Record<string, unknown>;
    } catch (error) {
        throw new CapFormatError(`the XML cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
}

/** Points and area names, checked before the geometry and the name matching that cost in proportion to them. */
function refuseTooMuchGeometry(areas: CapArea[]): void {
    const points = areas.reduce((sum, area) => sum + area.polygons.reduce((inArea, polygon) => inArea + polygon.length, 0), 0);
    if (points > CAP_LIMITS.points) throw new CapFormatError(`${points} polygon points; at most ${CAP_LIMITS.points} are accepted per document`);
    const areaDescChars = areas.reduce((sum, area) => sum + area.areaDesc.length, 0);
    if (areaDescChars > CAP_LIMITS.areaDescChars)
        throw new CapFormatError(`${areaDescChars} characters of <areaDesc>; at most ${CAP_LIMITS.areaDescChars} are accepted per document`);
}

function parseInfo(raw: unknown, index: number): CapInfo {
    if (!raw || typeof raw !== 'object') throw new CapFormatError(`<info> #${index + 1} is empty`);
    const info = raw as Record<string, unknown>;
    const severity = oneOf(info, 'severity', SEVERITIES, `<info> #${index + 1} `);
    const parsed: CapInfo = {
        language: text(info.language) || 'en-US',
        event: required(info, 'event', `<info> #${index + 1} `),
        severity,
        areas: ((info.area as unknown[] | undefined) ?? []).map((area) => parseArea(area))
    };
    for (const key of ['urgency', 'certainty', 'effective', 'onset', 'expires', 'headline', 'description', 'instruction'] as const) {
        const value = text(info[key]);
        if (value) parsed[key] = value;
    }
    for (const key of ['effective', 'onset', 'expires'] as const) {
        if (parsed[key]) dateTime(parsed[key], key);
    }
    return parsed;
}

function parseArea(raw: unknown): CapArea {
    const area = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    return {
        areaDesc: text(area.areaDesc),
        polygons: ((area.polygon as unknown[] | undefined) ?? []).map((p) => parsePolygon(text(p))),
        circles: ((area.circle as unknown[] | undefined) ?? []).map((c) => parseCircle(text(c)))
    };
}

function parsePolygon(value: string): Array<[number, number]> {
    const points = value
        .split(/\s+/)
        .filter(Boolean)
        .map((pair) => parsePoint(pair, 'polygon'));
    if (points.length < 4) throw new CapFormatError(`a <polygon> needs at least 4 points, got ${points.length}`);
    const [first, last] = [points[0], points[points.length - 1]];
    if (first[0] !== last[0] || first[1] !== last[1]) throw new CapFormatError('a <polygon> must end where it starts');
    return points;
}

function parseCircle(value: string): { lat: number; lon: number; radiusKm: number } {
    const [center, radius] = value.split(/\s+/).filter(Boolean);
    const [lat, lon] = parsePoint(center ?? '', 'circle');
    const radiusKm = Number(radius);
    if (!Number.isFinite(radiusKm) || radiusKm < 0) throw new CapFormatError(`<circle> ${value}: the radius is not a number of km`);
    return { lat, lon, radiusKm };
}

function parsePoint(pair: string, where: string): [number, number] {
    const [lat, lon] = pair.split(',').map(Number);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
        throw new CapFormatError(`<${where}> point ${JSON.stringify(pair)} is not "lat,lon"`);
    }
    return [lat, lon];
}

function parseReferences(value: string): CapAlert['references'] {
    return value
        .split(/\s+/)
        .filter(Boolean)
        .map((triple) => {
            const [sender, identifier, sent] = triple.split(',');
            if (!sender || !identifier || !sent)
                throw new CapFormatError(`<references> entry ${JSON.stringify(triple)} is not "sender,identifier,sent"`);
            return { sender, identifier, sent };
        });
}

function text(value: unknown): string {
    if (value === undefined || value === null) return '';
    if (typeof value === 'object') return text((value as Record<string, unknown>)['#text']);
    return String(value).trim();
}

function dateTime(value: string, key: string): string {
    if (!CAP_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) throw new CapFormatError(`<${key}> ${value} is not a date and time`);
    return value;
}

function required(node: Record<string, unknown>, key: string, where = ''): string {
    const value = text(node[key]);
    if (!value) throw new CapFormatError(`${where}<${key}> is required`);
    return value;
}

function oneOf<T extends string>(node: Record<string, unknown>, key: string, allowed: readonly T[], where = ''): T {
    const value = required(node, key, where);
    if (!(allowed as readonly string[]).includes(value)) throw new CapFormatError(`${where}<${key}> ${value} is not one of ${allowed.join(', ')}`);
    return value as T;
}
