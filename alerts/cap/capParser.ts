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
    isArray: (_name, jpath) => ARRAYS.has(String(jpath))
});

/** Reads a CAP 1.2 document with a maintained XML library; any problem is a CapFormatError naming it. */
export function parseCap(xml: string): CapAlert {
    if (xml.trim().length === 0) throw new CapFormatError('the body is empty');
    // CAP needs no DTD; refusing one closes the door to entity-expansion tricks.
    if (/<!DOCTYPE/i.test(xml)) throw new CapFormatError('a DOCTYPE is not allowed');
    const valid = XMLValidator.validate(xml);
    if (valid !== true) throw new CapFormatError(`malformed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
    const root = (parser.parse(xml) as Record<string, unknown>).alert as Record<string, unknown> | undefined;
    if (!root || typeof root !== 'object') throw new CapFormatError('the root element is not <alert>');
    const xmlns = root['@_xmlns'];
    if (xmlns !== undefined && xmlns !== CAP_NAMESPACE) throw new CapFormatError(`namespace ${String(xmlns)} is not CAP 1.2 (${CAP_NAMESPACE})`);

    const status = oneOf(root, 'status', ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const);
    const msgType = oneOf(root, 'msgType', ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const);
    const scope = oneOf(root, 'scope', ['Public', 'Restricted', 'Private'] as const);
    const sent = required(root, 'sent');
    if (Number.isNaN(Date.parse(sent))) throw new CapFormatError(`<sent> ${sent} is not a date and time`);
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
    return alert;
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
        if (parsed[key] && Number.isNaN(Date.parse(parsed[key]!))) throw new CapFormatError(`<${key}> ${parsed[key]} is not a date and time`);
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
    const points = value.split(/\s+/).filter(Boolean).map((pair) => parsePoint(pair, 'polygon'));
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
    return value.split(/\s+/).filter(Boolean).map((triple) => {
        const [sender, identifier, sent] = triple.split(',');
        if (!sender || !identifier || !sent) throw new CapFormatError(`<references> entry ${JSON.stringify(triple)} is not "sender,identifier,sent"`);
        return { sender, identifier, sent };
    });
}

function text(value: unknown): string {
    if (value === undefined || value === null) return '';
    if (typeof value === 'object') return text((value as Record<string, unknown>)['#text']);
    return String(value).trim();
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
