import { z } from 'zod/v4';
import {
    CloudApiErrorDetail,
    DeliveryStatus,
    InboundMessage,
    ParsedWebhook,
    RejectedUpdate,
    StatusUpdate
} from './types';

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
    const contacts = (value.data.contacts ?? [])
        .map((c) => contactSchema.safeParse(c))
        .flatMap((c) => (c.success ? [c.data] : []));

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
            status: status.data.status as DeliveryStatus,
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
    const payloadSchema = payloadSchemas[message.type];
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
        raw: rawMessage as Record<string, unknown>
    };
    if (waId) inbound.waId = waId;
    if (bsuid) inbound.bsuid = bsuid;
    const name = contact?.profile?.name;
    if (name) inbound.profileName = name;
    return inbound;
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
export function readLocation(
    raw: Record<string, unknown>
): { latitude: number; longitude: number; name?: string; address?: string } | undefined {
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
