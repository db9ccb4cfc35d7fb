import type { Activity } from 'botbuilder';
import { readCitizenInput, SharedImage, SharedLocation } from './citizenInput';

/** A citizen's message as the operators see it in a case's transcript. */
export interface CitizenMessage {
    text?: string;
    images?: SharedImage[];
    location?: SharedLocation;
    /** Voice notes and other media the operator must open. */
    otherMedia?: { contentType: string; contentUrl?: string }[];
}

/** What of an activity the operators see: text (or caption), photos, a location, other media as links. */
export function citizenMessageOf(activity: Partial<Activity>): CitizenMessage {
    const input = readCitizenInput(activity);
    const message: CitizenMessage = {};
    const text = typeof activity.text === 'string' && activity.text.trim() ? activity.text.trim() : input.text;
    if (text) message.text = text;
    if (input.location) message.location = input.location;
    const attachments = activity.attachments ?? [];
    const images = attachments
        .filter((a) => (a.contentType ?? '').startsWith('image/'))
        .map((a) => ({ contentType: a.contentType, ...(a.contentUrl ? { contentUrl: a.contentUrl } : {}), ...(a.name ? { name: a.name } : {}) }));
    if (images.length > 0) message.images = images;
    const others = attachments
        .filter((a) => !(a.contentType ?? '').startsWith('image/') && !/location|geo/i.test(a.contentType ?? '') && a.contentUrl)
        .map((a) => ({ contentType: a.contentType, contentUrl: a.contentUrl }));
    if (others.length > 0) message.otherMedia = others;
    if (!message.text && !message.location && !message.images && !message.otherMedia) message.text = `[${input.kind}]`;
    return message;
}

/** Whether the message carries more than text: a photo, a voice note, a location. */
export function carriesMedia(message: CitizenMessage): boolean {
    return message.images !== undefined || message.otherMedia !== undefined || message.location !== undefined;
}
