import { Activity, ActivityTypes, Attachment } from 'botbuilder';
import { GeoPoint } from './departmentRecognizer';

/** A location the citizen shared (a pin), with the place name and address when the channel gives them. */
export interface SharedLocation extends GeoPoint {
    name?: string;
    address?: string;
}

export interface SharedImage {
    contentType: string;
    contentUrl?: string;
    name?: string;
}

export type CitizenInputKind = 'text' | 'location' | 'image' | 'video' | 'voice_note' | 'sticker' | 'reaction' | 'other_media' | 'empty';

/** What one incoming activity carries, read the same way for WhatsApp, Web Chat and the Emulator. */
export interface CitizenInput {
    kind: CitizenInputKind;
    /** The typed text, or an image caption; trimmed; undefined when empty. */
    text?: string;
    location?: SharedLocation;
    image?: SharedImage;
    /** The emoji of a reaction ("👍"); undefined when the reaction was taken back. */
    reaction?: string;
}

const WHATSAPP_LOCATION = 'application/vnd.whatsapp.location';

/**
 * Reads an activity: a WhatsApp location attachment or a GeoCoordinates / Place entity is a location;
 * any audio is a voice note (the bot cannot listen); a WhatsApp sticker or a webp image is a sticker;
 * any video is a video; a messageReaction activity or a WhatsApp reaction is a reaction, with its emoji.
 */
export function readCitizenInput(activity: Partial<Activity>): CitizenInput {
    const text = typeof activity.text === 'string' && activity.text.trim().length > 0 ? activity.text.trim() : undefined;
    const attachments: Attachment[] = activity.attachments ?? [];
    const whatsappType = whatsappMessageType(activity);

    if (activity.type === ActivityTypes.MessageReaction || whatsappType === 'reaction') {
        const emoji = reactionOf(activity);
        return emoji ? { kind: 'reaction', reaction: emoji } : { kind: 'reaction' };
    }
    if (whatsappType === 'audio' || attachments.some((a) => (a.contentType ?? '').startsWith('audio/'))) {
        return { kind: 'voice_note', text };
    }
    if (whatsappType === 'sticker' || attachments.some((a) => a.contentType === 'image/webp')) return { kind: 'sticker' };

    const location = locationOf(activity, attachments);
    if (location) return { kind: 'location', location, text };

    const image = attachments.find((a) => (a.contentType ?? '').startsWith('image/'));
    if (image) return { kind: 'image', text, image: { contentType: image.contentType, contentUrl: image.contentUrl, name: image.name } };
    if (whatsappType === 'video' || attachments.some((a) => (a.contentType ?? '').startsWith('video/'))) return { kind: 'video', text };
    if (attachments.length > 0) return { kind: 'other_media', text };
    return text ? { kind: 'text', text } : { kind: 'empty' };
}

/** The emoji added: Bot Framework's reactionsAdded, or the WhatsApp message's own reaction. */
function reactionOf(activity: Partial<Activity>): string | undefined {
    const added = activity.reactionsAdded?.find((r) => typeof r.type === 'string' && r.type.trim().length > 0)?.type;
    if (added) return added.trim();
    const emoji: unknown = activity.channelData?.whatsapp?.message?.reaction?.emoji;
    return typeof emoji === 'string' && emoji.trim().length > 0 ? emoji.trim() : undefined;
}

function whatsappMessageType(activity: Partial<Activity>): string | undefined {
    const type: unknown = activity.channelData?.whatsapp?.message?.type;
    return typeof type === 'string' ? type : undefined;
}

function locationOf(activity: Partial<Activity>, attachments: Attachment[]): SharedLocation | undefined {
    for (const attachment of attachments) {
        const content = attachment.content as Record<string, unknown> | undefined;
        const looksLikeLocation = attachment.contentType === WHATSAPP_LOCATION || /location|geo/i.test(attachment.contentType ?? '');
        if (!content || !looksLikeLocation) continue;
        const point = pointOf(content) ?? pointOf(content.geo);
        if (point) return { ...point, ...placeDetails(content) };
    }
    for (const entity of activity.entities ?? []) {
        const record = entity as Record<string, unknown>;
        if (entity.type === 'GeoCoordinates') {
            const point = pointOf(record);
            if (point) return { ...point, ...placeDetails(record) };
        }
        if (entity.type === 'Place') {
            const point = pointOf(record.geo);
            if (point) return { ...point, ...placeDetails(record) };
        }
    }
    return undefined;
}

function pointOf(value: unknown): GeoPoint | undefined {
    if (typeof value !== 'object' || value === null) return undefined;
    const record = value as Record<string, unknown>;
    const latitude = Number(record.latitude);
    const longitude = Number(record.longitude);
    if (record.latitude === undefined || record.longitude === undefined) return undefined;
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return undefined;
    if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
    return { latitude, longitude };
}

function placeDetails(record: Record<string, unknown>): { name?: string; address?: string } {
    const details: { name?: string; address?: string } = {};
    if (typeof record.name === 'string' && record.name) details.name = record.name;
    if (typeof record.address === 'string' && record.address) details.address = record.address;
    return details;
}
