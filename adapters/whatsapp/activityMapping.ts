import { Activity, ActivityTypes, Attachment, Entity } from 'botbuilder';
import { readLocation } from './webhookParser';
import { InboundMessage } from './types';

/** contentType of a shared location attachment (inbound and outbound). */
export const LOCATION_CONTENT_TYPE = 'application/vnd.whatsapp.location';
/** contentUrl scheme of a media attachment when no download URL builder was given: `whatsapp-media:<id>`. */
export const MEDIA_URL_SCHEME = 'whatsapp-media:';

export interface ToActivityOptions {
    botId: string;
    channelId?: 'whatsapp';
    /** Builds the attachment's contentUrl from a media id (e.g. a route that downloads through the Graph client). */
    mediaUrl?: (mediaId: string) => string;
}

/** What `channelData.whatsapp` carries on every inbound activity. */
export interface WhatsAppChannelData {
    message: Record<string, unknown>;
    phoneNumberId: string;
    waId?: string;
    bsuid?: string;
    /** Meta's message type (text, image, audio, location, interactive, unsupported, …). */
    type: string;
    /** An audio message recorded as a voice note. */
    voice?: boolean;
    /** True when the bot cannot read this message (contacts, order, system, unsupported, …): answer politely. */
    unreadable?: boolean;
    /** Meta's error codes on an unsupported message (131051, 131060). */
    errorCodes?: number[];
}

/** Turns one inbound WhatsApp message into a Bot Framework activity. */
export function toActivity(message: InboundMessage, options: ToActivityOptions): Partial<Activity> {
    const raw = message.raw;
    const whatsapp: WhatsAppChannelData = { message: raw, phoneNumberId: message.phoneNumberId, type: message.type };
    if (message.waId) whatsapp.waId = message.waId;
    if (message.bsuid) whatsapp.bsuid = message.bsuid;

    const activity: Partial<Activity> = {
        type: ActivityTypes.Message,
        id: message.wamid,
        channelId: options.channelId ?? 'whatsapp',
        from: { id: message.citizenKey, name: message.profileName ?? '', role: 'user' },
        conversation: { id: message.citizenKey, isGroup: false, conversationType: 'personal', name: '' },
        recipient: { id: options.botId, name: '', role: 'bot' },
        timestamp: new Date(message.timestamp * 1000),
        channelData: { whatsapp }
    };
    const contextId = objectAt(raw, 'context')?.id;
    if (typeof contextId === 'string') activity.replyToId = contextId;

    const payload = objectAt(raw, message.type);
    switch (message.type) {
        case 'text':
            activity.text = stringAt(payload, 'body') ?? '';
            break;
        case 'image':
        case 'video':
        case 'document':
        case 'audio':
        case 'sticker':
            mapMedia(activity, whatsapp, message.type, payload ?? {}, options);
            break;
        case 'location':
            mapLocation(activity, whatsapp, raw);
            break;
        case 'interactive':
            mapInteractive(activity, whatsapp, payload ?? {});
            break;
        case 'button':
            activity.text = stringAt(payload, 'payload') ?? stringAt(payload, 'text') ?? '';
            activity.value = { payload: stringAt(payload, 'payload'), text: stringAt(payload, 'text') };
            break;
        case 'reaction': {
            const emoji = stringAt(payload, 'emoji');
            activity.type = ActivityTypes.MessageReaction;
            activity.replyToId = stringAt(payload, 'message_id');
            // Meta does not say which emoji was removed: the removal carries an empty type.
            if (emoji) activity.reactionsAdded = [{ type: emoji }];
            else activity.reactionsRemoved = [{ type: '' }];
            break;
        }
        default:
            markUnreadable(whatsapp, raw);
    }
    return activity;
}

function mapMedia(
    activity: Partial<Activity>,
    whatsapp: WhatsAppChannelData,
    type: string,
    payload: Record<string, unknown>,
    options: ToActivityOptions
): void {
    const mediaId = stringAt(payload, 'id') ?? '';
    const attachment: Attachment = {
        contentType: stringAt(payload, 'mime_type') ?? defaultMimeType(type),
        contentUrl: options.mediaUrl ? options.mediaUrl(mediaId) : `${MEDIA_URL_SCHEME}${mediaId}`
    };
    const filename = stringAt(payload, 'filename');
    if (filename) attachment.name = filename;
    activity.attachments = [attachment];
    const caption = stringAt(payload, 'caption');
    if (caption) activity.text = caption;
    if (type === 'audio' && payload.voice === true) whatsapp.voice = true;
}

function mapLocation(activity: Partial<Activity>, whatsapp: WhatsAppChannelData, raw: Record<string, unknown>): void {
    const location = readLocation(raw);
    if (!location) {
        markUnreadable(whatsapp, raw);
        return;
    }
    activity.attachments = [{ contentType: LOCATION_CONTENT_TYPE, content: location }];
    const geo: Entity = { type: 'GeoCoordinates', latitude: location.latitude, longitude: location.longitude };
    if (location.name) geo.name = location.name;
    activity.entities = [geo];
}

function mapInteractive(activity: Partial<Activity>, whatsapp: WhatsAppChannelData, payload: Record<string, unknown>): void {
    const kind = stringAt(payload, 'type');
    const reply = kind === 'button_reply' || kind === 'list_reply' ? objectAt(payload, kind) : undefined;
    const id = stringAt(reply, 'id');
    if (!reply || id === undefined) {
        markUnreadable(whatsapp, whatsapp.message);
        return;
    }
    activity.text = id;
    activity.value = { id, title: stringAt(reply, 'title'), description: stringAt(reply, 'description') };
}

function markUnreadable(whatsapp: WhatsAppChannelData, raw: Record<string, unknown>): void {
    whatsapp.unreadable = true;
    const errors = raw.errors;
    if (Array.isArray(errors)) {
        const codes = errors.map((e) => Number((e as Record<string, unknown>)?.code)).filter(Number.isFinite);
        if (codes.length > 0) whatsapp.errorCodes = codes;
    }
}

function defaultMimeType(type: string): string {
    return type === 'sticker' ? 'image/webp' : 'application/octet-stream';
}

function objectAt(source: Record<string, unknown> | undefined, key: string): Record<string, unknown> | undefined {
    const value = source?.[key];
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function stringAt(source: Record<string, unknown> | undefined, key: string): string | undefined {
    const value = source?.[key];
    return typeof value === 'string' ? value : undefined;
}
