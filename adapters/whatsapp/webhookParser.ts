import { z } from 'zod/v4';
import { withoutBidiControls } from '../../common/bidi';
import { CloudApiErrorDetail, InboundMessage, ParsedWebhook, RejectedUpdate, StatusUpdate } from './types';

/** The body is not JSON, or not a WhatsApp webhook at all: the whole POST is refused (400). */
export class MalformedWebhookError extends Error {
    constructor(message: string) {
        super(`parseWebhook(): ${message}`);
        this.name = 'MalformedWebhookError';
    }
}

/** Meta sends Unix seconds as a string; accept a number too. */
const unixSeconds = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number);
/** The last second a JavaScript Date can hold (8.64e15 ms): past it, turning the time into ISO text throws. */
export const MAX_UNIX_SECONDS = 8_640_000_000_000;
/** A status's time, which becomes ISO text in its delivery state: one past the Date range is malformed. */
const statusSeconds = unixSeconds.refine((n) => n <= MAX_UNIX_SECONDS, `a time past ${MAX_UNIX_SECONDS} s is out of range`);
/** Coordinates arrive as numbers or as numeric strings. */
export const coordinate = z
    .union([z.number(), z.string().trim().min(1)])
    .transform(Number)
    .refine((n) => Number.isFinite(n), 'not a number');

/**
 * A WhatsApp user's phone number as Meta writes it in `from` and `contacts[].wa_id`: the international number without
 * '+', ASCII digits only, no leading 0 (no country code starts with one), 7 digits (the shortest numbers in service,
 * e.g. +683 Niue) to 15 (E.164's maximum).
 */
export const WA_ID_PATTERN = /^[1-9][0-9]{6,14}$/;
/**
 * A business-scoped user id (BSUID) as Meta documents it, in `from_user_id` and `contacts[].user_id`: the user's
 * ISO 3166 alpha-2 country code, a period, then up to 128 letters or digits (e.g. `AR.1234567890`,
 * `US.13491208655302741918`).
 */
export const BSUID_PATTERN = /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/;

/** True for a phone number Meta could have put in `from` or `wa_id` (see WA_ID_PATTERN). */
export function isValidWaId(value: string): boolean {
    return WA_ID_PATTERN.test(value);
}

/** True for a BSUID as Meta shapes it (see BSUID_PATTERN). */
export function isValidBsuid(value: string): boolean {
    return BSUID_PATTERN.test(value);
}

/**
 * What the line keeps of what a citizen wrote, in characters as JavaScript counts them (UTF-16 code units, the unit
 * the outbound limits use too). Meta's own caps where it documents one: a text body 4096, a caption 1024, the title
 * of a reply button 20 (and its id 256), of a list row 24 (its description 72, its id 200), a template's quick-reply
 * button 25. Meta documents none for a shared location's name and address (the simulator's phone page allows 200 and
 * 300), a document's file name (255, the usual file-system limit), a template button's payload (256, as a reply id)
 * or the profile name (WhatsApp's app allows 25; 256 here): the line keeps those bounded all the same.
 */
export const INBOUND_LIMITS = {
    textBody: 4096,
    caption: 1024,
    buttonTitle: 20,
    buttonId: 256,
    rowTitle: 24,
    rowDescription: 72,
    rowId: 200,
    templateButtonText: 25,
    templateButtonPayload: 256,
    locationName: 200,
    locationAddress: 300,
    filename: 255,
    profileName: 256
} as const;

/** Ends a text or caption that was cut, so an operator reading the case sees it was (the whole stays within the cap). */
export function cutMarker(max: number): string {
    return ` […] (recortado: WhatsApp admite hasta ${max} caracteres)`;
}
/** Ends a short field (a title, a name, an id) that was cut. */
const SHORT_CUT_MARKER = '…';

/** The fields of each message type a citizen (or their phone) wrote, with their caps and how a cut is marked. */
const CAPPED_FIELDS: Record<string, { path: string[]; max: number; marker: string }[]> = {
    text: [{ path: ['text', 'body'], max: INBOUND_LIMITS.textBody, marker: cutMarker(INBOUND_LIMITS.textBody) }],
    image: [{ path: ['image', 'caption'], max: INBOUND_LIMITS.caption, marker: cutMarker(INBOUND_LIMITS.caption) }],
    video: [{ path: ['video', 'caption'], max: INBOUND_LIMITS.caption, marker: cutMarker(INBOUND_LIMITS.caption) }],
    document: [
        { path: ['document', 'caption'], max: INBOUND_LIMITS.caption, marker: cutMarker(INBOUND_LIMITS.caption) },
        { path: ['document', 'filename'], max: INBOUND_LIMITS.filename, marker: SHORT_CUT_MARKER }
    ],
    location: [
        { path: ['location', 'name'], max: INBOUND_LIMITS.locationName, marker: SHORT_CUT_MARKER },
        { path: ['location', 'address'], max: INBOUND_LIMITS.locationAddress, marker: SHORT_CUT_MARKER }
    ],
    interactive: [
        { path: ['interactive', 'button_reply', 'id'], max: INBOUND_LIMITS.buttonId, marker: SHORT_CUT_MARKER },
        { path: ['interactive', 'button_reply', 'title'], max: INBOUND_LIMITS.buttonTitle, marker: SHORT_CUT_MARKER },
        { path: ['interactive', 'list_reply', 'id'], max: INBOUND_LIMITS.rowId, marker: SHORT_CUT_MARKER },
        { path: ['interactive', 'list_reply', 'title'], max: INBOUND_LIMITS.rowTitle, marker: SHORT_CUT_MARKER },
        { path: ['interactive', 'list_reply', 'description'], max: INBOUND_LIMITS.rowDescription, marker: SHORT_CUT_MARKER }
    ],
    button: [
        { path: ['button', 'text'], max: INBOUND_LIMITS.templateButtonText, marker: SHORT_CUT_MARKER },
        { path: ['button', 'payload'], max: INBOUND_LIMITS.templateButtonPayload, marker: SHORT_CUT_MARKER }
    ]
};

/**
 * `text` cut to at most `max` characters, ending with `marker`; unchanged when it fits. Never splits a surrogate
 * pair (an emoji) in half.
 */
export function capText(text: string, max: number, marker: string): string {
    if (text.length <= max) return text;
    let end = Math.max(0, max - marker.length);
    const code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end -= 1;
    return text.slice(0, end) + marker;
}

/**
 * A value a webhook carried, fit for a log line: at most `max` characters of it, every character outside printable
 * ASCII and every one of `<>&"'\` and the backtick written as \uXXXX (so CR/LF, markup and quotes cannot forge or
 * break a log line or a log viewer), and the full length when it was longer.
 */
export function logPreview(value: unknown, max = 32): string {
    if (typeof value !== 'string') return `(${value === null ? 'null' : typeof value})`;
    let end = Math.min(value.length, max);
    const code = value.charCodeAt(end - 1);
    if (end < value.length && code >= 0xd800 && code <= 0xdbff) end -= 1;
    const escaped = value.slice(0, end).replace(/[^\x20-\x7e]|[<>&"'`\\]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return end < value.length ? `${escaped}…(${value.length} characters)` : escaped;
}

const envelopeSchema = z.object({
    object: z.string().optional(),
    entry: z.array(z.unknown())
});
const entrySchema = z.object({ id: z.string().optional(), changes: z.array(z.unknown()) }).passthrough();
const changeSchema = z.object({ field: z.string(), value: z.unknown() }).passthrough();
const valueSchema = z
    .object({
        metadata: z.object({ phone_number_id: z.string().min(1) }).passthrough(),
        contacts: z.array(z.unknown()).optional(),
        messages: z.array(z.unknown()).optional(),
        statuses: z.array(z.unknown()).optional(),
        errors: z.array(z.unknown()).optional()
    })
    .passthrough();
const contactSchema = z
    .object({
        profile: z.object({ name: z.string().optional() }).passthrough().optional(),
        wa_id: z.string().min(1).optional(),
        user_id: z.string().min(1).optional()
    })
    .passthrough();
const errorSchema = z
    .object({
        code: z.coerce.number(),
        title: z.string().optional(),
        message: z.string().optional(),
        error_data: z.object({ details: z.string().optional() }).passthrough().optional()
    })
    .passthrough();

const mediaPayload = z.object({ id: z.string().min(1), mime_type: z.string().optional() }).passthrough();
/** What each message type must carry to be usable; types not listed are accepted as they come. */
const payloadSchemas: Record<string, z.ZodTypeAny> = {
    text: z.object({ body: z.string() }).passthrough(),
    image: mediaPayload,
    video: mediaPayload,
    document: mediaPayload,
    audio: mediaPayload,
    sticker: mediaPayload,
    location: z.object({ latitude: coordinate, longitude: coordinate }).passthrough(),
    interactive: z.union([
        z.object({ type: z.literal('button_reply'), button_reply: z.object({ id: z.string(), title: z.string() }).passthrough() }).passthrough(),
        z.object({ type: z.literal('list_reply'), list_reply: z.object({ id: z.string(), title: z.string() }).passthrough() }).passthrough(),
        // Other interactive answers (nfm_reply, …) are read as "something the bot cannot use".
        z.object({ type: z.string() }).passthrough()
    ]),
    button: z.object({ payload: z.string().optional(), text: z.string().optional() }).passthrough(),
    reaction: z.object({ message_id: z.string().min(1), emoji: z.string().optional() }).passthrough()
};

const messageSchema = z
    .object({
        id: z.string().min(1),
        timestamp: unixSeconds,
        type: z.string().min(1),
        from: z.string().min(1).optional(),
        from_user_id: z.string().min(1).optional()
    })
    .passthrough();
const statusSchema = z
    .object({
        id: z.string().min(1),
        status: z.enum(['sent', 'delivered', 'read', 'failed', 'played']),
        timestamp: statusSeconds,
        recipient_id: z.string().optional(),
        errors: z.array(errorSchema).optional()
    })
    .passthrough();

/**
 * Reads a webhook POST body. Every entry, every change with field "messages", every message and every status
 * is read; a part that cannot be read is skipped and listed in `rejected`, never taking its neighbours with it.
 * Throws MalformedWebhookError only when the body as a whole is not JSON or not a webhook envelope.
 */
export function parseWebhook(rawBody: Buffer): ParsedWebhook {
    let json: unknown;
    try {
        json = JSON.parse(rawBody.toString('utf8'));
    } catch (err) {
        throw new MalformedWebhookError(`body is not JSON (${(err as Error).message})`);
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) {
        throw new MalformedWebhookError(`body is not a webhook envelope: ${describe(envelope.error)}`);
    }
    const result: Required<ParsedWebhook> = { messages: [], statuses: [], systemErrors: [], rejected: [] };
    // Another product's updates (e.g. a Page subscription on the same app) are not ours to read.
    if (envelope.data.object !== undefined && envelope.data.object !== 'whatsapp_business_account') return result;

    for (const rawEntry of envelope.data.entry) {
        const entry = entrySchema.safeParse(rawEntry);
        if (!entry.success) {
            result.rejected.push({ kind: 'entry', reason: describe(entry.error), raw: rawEntry });
            continue;
        }
        for (const rawChange of entry.data.changes) {
            const change = changeSchema.safeParse(rawChange);
            if (!change.success) {
                result.rejected.push({ kind: 'change', reason: describe(change.error), raw: rawChange });
                continue;
            }
            if (change.data.field !== 'messages') continue;
            readChangeValue(change.data.value, result);
        }
    }
    return result;
}

function readChangeValue(rawValue: unknown, result: Required<ParsedWebhook>): void {
    const value = valueSchema.safeParse(rawValue);
    if (!value.success) {
        result.rejected.push({ kind: 'change', reason: describe(value.error), raw: rawValue });
        return;
    }
    const phoneNumberId = value.data.metadata.phone_number_id;
    const contacts = (value.data.contacts ?? []).map((c) => contactSchema.safeParse(c)).flatMap((c) => (c.success ? [c.data] : []));

    for (const rawMessage of value.data.messages ?? []) {
        const read = readMessage(rawMessage, phoneNumberId, contacts);
        if ('reason' in read) result.rejected.push(read);
        else result.messages.push(read);
    }
    for (const rawStatus of value.data.statuses ?? []) {
        const status = statusSchema.safeParse(rawStatus);
        if (!status.success) {
            result.rejected.push({ kind: 'status', id: idOf(rawStatus), reason: describe(status.error), raw: rawStatus });
            continue;
        }
        const update: StatusUpdate = {
            wamid: status.data.id,
            status: status.data.status,
            timestamp: status.data.timestamp
        };
        if (status.data.recipient_id) update.recipientId = status.data.recipient_id;
        if (status.data.errors) update.errors = status.data.errors.map(toErrorDetail);
        result.statuses.push(update);
    }
    for (const rawError of value.data.errors ?? []) {
        const error = errorSchema.safeParse(rawError);
        if (error.success) result.systemErrors.push(toErrorDetail(error.data));
    }
}

type Contact = z.infer<typeof contactSchema>;

function readMessage(rawMessage: unknown, phoneNumberId: string, contacts: Contact[]): InboundMessage | RejectedUpdate {
    const parsed = messageSchema.safeParse(rawMessage);
    if (!parsed.success) {
        return { kind: 'message', id: idOf(rawMessage), reason: describe(parsed.error), raw: rawMessage };
    }
    const message = parsed.data;
    const contact =
        contacts.find((c) => message.from !== undefined && c.wa_id === message.from) ??
        contacts.find((c) => message.from_user_id !== undefined && c.user_id === message.from_user_id) ??
        (contacts.length === 1 && !contacts[0].wa_id && !contacts[0].user_id ? contacts[0] : undefined);
    const waId = message.from ?? contact?.wa_id;
    const bsuid = message.from_user_id ?? contact?.user_id;
    const citizenKey = waId ?? bsuid;
    if (!citizenKey) {
        return { kind: 'message', id: message.id, reason: 'no sender: neither from nor from_user_id', raw: rawMessage };
    }
    // The sender becomes the citizen's key (storage partitions, the case, the address replies go to): anything but
    // the shapes Meta documents is refused, never answered as if it were a BSUID.
    if (waId !== undefined && !isValidWaId(waId)) {
        const field = message.from !== undefined ? 'from' : 'contacts[].wa_id';
        return {
            kind: 'message',
            id: message.id,
            reason: `${field} is not a WhatsApp phone number (7 to 15 digits): ${logPreview(waId)}`,
            raw: rawMessage
        };
    }
    if (bsuid !== undefined && !isValidBsuid(bsuid)) {
        const field = message.from_user_id !== undefined ? 'from_user_id' : 'contacts[].user_id';
        return {
            kind: 'message',
            id: message.id,
            raw: rawMessage,
            reason: `${field} is not a business-scoped user id (country code, '.', 1 to 128 letters or digits): ${logPreview(bsuid)}`
        };
    }
    // An own key only: a `type` of "__proto__" or "constructor" must not find Object's members.
    const payloadSchema = ownValue(payloadSchemas, message.type);
    if (payloadSchema) {
        const payload = payloadSchema.safeParse((message as Record<string, unknown>)[message.type]);
        if (!payload.success) {
            return { kind: 'message', id: message.id, reason: `${message.type}: ${describe(payload.error)}`, raw: rawMessage };
        }
    }
    const inbound: InboundMessage = {
        citizenKey,
        wamid: message.id,
        phoneNumberId,
        timestamp: message.timestamp,
        type: message.type,
        raw: capCitizenText(rawMessage as Record<string, unknown>, message.type)
    };
    if (waId) inbound.waId = waId;
    if (bsuid) inbound.bsuid = bsuid;
    const name = contact?.profile?.name;
    if (name) inbound.profileName = capText(withoutBidiControls(name), INBOUND_LIMITS.profileName, SHORT_CUT_MARKER);
    return inbound;
}

/**
 * The message with every citizen-written field cut to its cap (see INBOUND_LIMITS), as the line stores and shows
 * it. Untouched (the very object received) when everything fits; otherwise a copy whose `truncated` lists the fields
 * cut (e.g. `["text.body"]`), each ending with a visible mark (cutMarker()).
 */
function capCitizenText(raw: Record<string, unknown>, type: string): Record<string, unknown> {
    let capped = raw;
    const truncated: string[] = [];
    for (const { path, max, marker } of ownValue(CAPPED_FIELDS, type) ?? []) {
        const value = valueAt(capped, path);
        if (typeof value !== 'string' || value.length <= max) continue;
        capped = withValueAt(capped, path, capText(value, max, marker));
        truncated.push(path.join('.'));
    }
    // `truncated` is the line's own mark: one the sender wrote is not kept.
    if (truncated.length === 0 && !Object.prototype.hasOwnProperty.call(raw, 'truncated')) return raw;
    const { truncated: _sent, ...rest } = capped;
    return truncated.length === 0 ? rest : { ...rest, truncated };
}

/** `table[key]` when `key` is the table's own (never an inherited member such as `__proto__` or `constructor`). */
function ownValue<T>(table: Record<string, T>, key: string): T | undefined {
    return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

function valueAt(source: Record<string, unknown>, path: string[]): unknown {
    let current: unknown = source;
    for (const key of path) {
        if (!current || typeof current !== 'object' || Array.isArray(current) || !Object.prototype.hasOwnProperty.call(current, key))
            return undefined;
        current = (current as Record<string, unknown>)[key];
    }
    return current;
}

/** A copy of `source` with `path` set to `value`, copying each object on the way (the original is never changed). */
function withValueAt(source: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
    const [key, ...rest] = path;
    const copy = { ...source };
    copy[key] = rest.length === 0 ? value : withValueAt(copy[key] as Record<string, unknown>, rest, value);
    return copy;
}

function toErrorDetail(error: z.infer<typeof errorSchema>): CloudApiErrorDetail {
    const detail: CloudApiErrorDetail = { code: error.code };
    if (error.title !== undefined) detail.title = error.title;
    if (error.message !== undefined) detail.message = error.message;
    if (error.error_data?.details !== undefined) detail.details = error.error_data.details;
    return detail;
}

function idOf(raw: unknown): string | undefined {
    const id = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).id : undefined;
    return typeof id === 'string' ? id : undefined;
}

function describe(error: z.ZodError): string {
    return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** A location message's coordinates as numbers, whether Meta sent numbers or strings. */
export function readLocation(raw: Record<string, unknown>): { latitude: number; longitude: number; name?: string; address?: string } | undefined {
    const location = raw.location as Record<string, unknown> | undefined;
    if (!location) return undefined;
    const latitude = coordinate.safeParse(location.latitude);
    const longitude = coordinate.safeParse(location.longitude);
    if (!latitude.success || !longitude.success) return undefined;
    const result: { latitude: number; longitude: number; name?: string; address?: string } = {
        latitude: latitude.data,
        longitude: longitude.data
    };
    if (typeof location.name === 'string') result.name = location.name;
    if (typeof location.address === 'string') result.address = location.address;
    return result;
}
