import * as crypto from 'crypto';
import { Activity, ActivityTypes, Attachment, CardAction } from 'botbuilder';
import { LOCATION_CONTENT_TYPE, MEDIA_URL_SCHEME } from './activityMapping';
import { whatsAppTexts } from './texts';
import { CloudMessage } from './types';

/** The Cloud API's limits on what the line sends (characters unless noted). */
export const CLOUD_LIMITS = {
    textBody: 4096,
    buttonBody: 1024,
    listBody: 4096,
    locationRequestBody: 1024,
    caption: 1024,
    maxButtons: 3,
    buttonTitle: 20,
    buttonId: 256,
    listButton: 20,
    sectionTitle: 24,
    maxRows: 10,
    rowTitle: 24,
    rowDescription: 72,
    rowId: 200
} as const;

export type CloudLimit = keyof typeof CLOUD_LIMITS | 'uniqueIds' | 'attachment' | 'cardAction' | 'template' | 'combination';

/** The caller built something WhatsApp cannot carry; `limit` names the rule it breaks. */
export class OutboundLimitError extends Error {
    constructor(
        readonly limit: CloudLimit,
        detail: string
    ) {
        super(`toCloudMessages(): ${detail} (limit: ${limit})`);
        this.name = 'OutboundLimitError';
    }
}

const HERO_CARD = 'application/vnd.microsoft.card.hero';
const THUMBNAIL_CARD = 'application/vnd.microsoft.card.thumbnail';
const MORE_PAGE_PREFIX = 'wa-more:';
/** Rows per page when the choices do not fit one list: nine choices and the "Ver más" row. */
const ROWS_PER_PAGE = CLOUD_LIMITS.maxRows - 1;
const CAPTIONED_TYPES = new Set(['image', 'video', 'document']);

interface Choice {
    id: string;
    title: string;
    description?: string;
}

export interface ToCloudMessagesOptions {
    /** Which page of a long list of choices to build (0 = the first); see expandMorePage(). */
    page?: number;
}

/**
 * Turns one outgoing activity into the Cloud API messages that carry it, in sending order. Every limit is
 * checked here, so a message that WhatsApp would refuse is never sent: OutboundLimitError names the limit.
 * Typing and other non-message activities give no message (the mark-read call carries the typing indicator).
 */
export function toCloudMessages(activity: Partial<Activity>, options: ToCloudMessagesOptions = {}): CloudMessage[] {
    if (activity.type !== undefined && activity.type !== ActivityTypes.Message) return [];
    const whatsapp = (activity.channelData as { whatsapp?: Record<string, unknown> } | undefined)?.whatsapp;
    if (whatsapp?.template !== undefined) return [templateMessage(whatsapp.template)];

    const cards = (activity.attachments ?? []).filter((a) => a.contentType === HERO_CARD || a.contentType === THUMBNAIL_CARD);
    const media = (activity.attachments ?? []).filter((a) => !cards.includes(a));
    const choices = collectChoices(activity, cards);
    const locationRequest = Boolean(whatsapp?.locationRequest);
    if (choices.length > 0 && locationRequest) {
        throw new OutboundLimitError('combination', 'choices and a location request cannot share one message');
    }
    const text = (activity.text ?? '').trim() || cardText(cards);
    const mediaMessages = [...cards.flatMap(cardImages), ...media.map(mediaMessage)];

    if (choices.length === 0 && !locationRequest) {
        const single = mediaMessages.length === 1 ? mediaMessages[0] : undefined;
        if (single && text && CAPTIONED_TYPES.has(single.type) && text.length <= CLOUD_LIMITS.caption) {
            (single[single.type] as Record<string, unknown>).caption = text;
            return [single];
        }
        return [...splitText(text, CLOUD_LIMITS.textBody).map(textMessage), ...mediaMessages];
    }

    const interactiveLimit = locationRequest
        ? CLOUD_LIMITS.locationRequestBody
        : fitsButtons(choices)
          ? CLOUD_LIMITS.buttonBody
          : CLOUD_LIMITS.listBody;
    const fallbackBody = locationRequest ? whatsAppTexts.defaultLocationRequestBody : whatsAppTexts.defaultChoiceBody;
    const parts = splitText(text || fallbackBody, CLOUD_LIMITS.textBody);
    const last = parts.pop() as string;
    const lastParts = splitText(last, interactiveLimit);
    const body = lastParts.pop() as string;
    const leading = [...parts, ...lastParts].map(textMessage);
    const interactive = locationRequest ? locationRequestMessage(body) : choiceMessage(body, choices, options.page ?? 0);
    if ((options.page ?? 0) > 0) return [interactive];
    return [...leading, ...mediaMessages, interactive];
}

/** `{ page, fingerprint }` when a list reply id is a "Ver más" row built by toCloudMessages(), else undefined. */
export function parseMorePageId(replyId: string): { page: number; fingerprint: string } | undefined {
    const match = new RegExp(`^${MORE_PAGE_PREFIX}(\\d+):([0-9a-f]+)$`).exec(replyId);
    return match ? { page: Number(match[1]), fingerprint: match[2] } : undefined;
}

/**
 * The list message for the page a "Ver más" row asked for, built from the same activity that offered the
 * choices (the adapter keeps the last prompt it sent). Undefined when the id is not a "Ver más" row, or the
 * choices changed since (a stale tap): then the adapter should pass the reply on to the bot as text.
 */
export function expandMorePage(replyId: string, activity: Partial<Activity>): CloudMessage[] | undefined {
    const more = parseMorePageId(replyId);
    if (!more) return undefined;
    const cards = (activity.attachments ?? []).filter((a) => a.contentType === HERO_CARD || a.contentType === THUMBNAIL_CARD);
    const choices = collectChoices(activity, cards);
    if (choices.length === 0 || fingerprintOf(choices) !== more.fingerprint) return undefined;
    if (more.page * ROWS_PER_PAGE >= choices.length) return undefined;
    return toCloudMessages(activity, { page: more.page });
}

/** Splits text into pieces of at most `max` characters, at a line break if possible, else at a space. */
export function splitText(text: string, max: number): string[] {
    const pieces: string[] = [];
    let rest = text.trim();
    while (rest.length > max) {
        const window = rest.slice(0, max + 1);
        let cut = window.lastIndexOf('\n');
        if (cut < max / 2) cut = Math.max(cut, window.lastIndexOf(' '));
        if (cut <= 0) {
            cut = max;
            // Never cut a surrogate pair (an emoji) in half.
            const code = rest.charCodeAt(cut - 1);
            if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
        }
        pieces.push(rest.slice(0, cut).trimEnd());
        rest = rest.slice(cut).trimStart();
    }
    if (rest.length > 0) pieces.push(rest);
    return pieces;
}

function textMessage(body: string): CloudMessage {
    return { type: 'text', text: { body, preview_url: false } };
}

function collectChoices(activity: Partial<Activity>, cards: Attachment[]): Choice[] {
    const actions: CardAction[] = [
        ...(activity.suggestedActions?.actions ?? []),
        ...cards.flatMap((card) => (card.content as { buttons?: CardAction[] } | undefined)?.buttons ?? [])
    ];
    const choices = actions.map(toChoice);
    const seen = new Set<string>();
    for (const choice of choices) {
        if (seen.has(choice.id)) throw new OutboundLimitError('uniqueIds', `two choices share the id "${choice.id}"`);
        seen.add(choice.id);
    }
    return choices;
}

function toChoice(action: CardAction): Choice {
    if (!['imBack', 'postBack', 'messageBack'].includes(action.type)) {
        throw new OutboundLimitError('cardAction', `a card action of type "${action.type}" cannot be a WhatsApp reply`);
    }
    const id = typeof action.value === 'string' && action.value.trim() ? action.value : (action.text ?? action.title);
    const title = (action.title ?? id ?? '').trim();
    if (!id || !title) throw new OutboundLimitError('cardAction', 'a choice has neither a title nor a value');
    const choice: Choice = { id, title };
    const description = (action.channelData as { description?: unknown } | undefined)?.description;
    if (typeof description === 'string' && description) choice.description = description;
    return choice;
}

/** Reply buttons fit: at most 3 choices, titles unique and within the button limits, no descriptions. */
function fitsButtons(choices: Choice[]): boolean {
    return (
        choices.length <= CLOUD_LIMITS.maxButtons &&
        new Set(choices.map((c) => c.title)).size === choices.length &&
        choices.every((c) => c.title.length <= CLOUD_LIMITS.buttonTitle && c.id.length <= CLOUD_LIMITS.buttonId && !c.description)
    );
}

function choiceMessage(body: string, choices: Choice[], page: number): CloudMessage {
    if (fitsButtons(choices)) {
        return {
            type: 'interactive',
            interactive: {
                type: 'button',
                body: { text: body },
                action: { buttons: choices.map((c) => ({ type: 'reply', reply: { id: c.id, title: c.title } })) }
            }
        };
    }
    for (const choice of choices) {
        if (choice.title.length > CLOUD_LIMITS.rowTitle) {
            throw new OutboundLimitError('rowTitle', `the choice "${choice.title}" is longer than ${CLOUD_LIMITS.rowTitle} characters`);
        }
        if (choice.id.length > CLOUD_LIMITS.rowId) {
            throw new OutboundLimitError('rowId', `the choice id "${choice.id.slice(0, 40)}…" is longer than ${CLOUD_LIMITS.rowId} characters`);
        }
        if (choice.description && choice.description.length > CLOUD_LIMITS.rowDescription) {
            throw new OutboundLimitError(
                'rowDescription',
                `the description of "${choice.title}" is longer than ${CLOUD_LIMITS.rowDescription} characters`
            );
        }
    }
    const rows: Array<{ id: string; title: string; description?: string }> = pageOf(choices, page).map((c) =>
        c.description ? { id: c.id, title: c.title, description: c.description } : { id: c.id, title: c.title }
    );
    const start = page * ROWS_PER_PAGE;
    if (choices.length > CLOUD_LIMITS.maxRows && choices.length - start > CLOUD_LIMITS.maxRows) {
        rows.push({
            id: `${MORE_PAGE_PREFIX}${page + 1}:${fingerprintOf(choices)}`,
            title: whatsAppTexts.moreOptionsRow,
            description: whatsAppTexts.moreOptionsDescription
        });
    }
    return {
        type: 'interactive',
        interactive: {
            type: 'list',
            body: { text: body },
            action: {
                button: whatsAppTexts.listButton,
                sections: [{ title: whatsAppTexts.listSectionTitle, rows }]
            }
        }
    };
}

/** The choices of one page: all of them when they fit 10 rows; else 9 per page, the last page up to 10. */
function pageOf(choices: Choice[], page: number): Choice[] {
    if (choices.length <= CLOUD_LIMITS.maxRows) {
        if (page !== 0) throw new RangeError(`toCloudMessages(): page ${page} of a list that has one page`);
        return choices;
    }
    const start = page * ROWS_PER_PAGE;
    if (!Number.isInteger(page) || page < 0 || start >= choices.length) {
        throw new RangeError(`toCloudMessages(): page ${page} is past the end of ${choices.length} choices`);
    }
    const remaining = choices.length - start;
    return choices.slice(start, start + (remaining <= CLOUD_LIMITS.maxRows ? remaining : ROWS_PER_PAGE));
}

/** A short digest of the choice ids, so a "Ver más" tap on an older list is recognised as stale. */
function fingerprintOf(choices: Choice[]): string {
    return crypto
        .createHash('sha256')
        .update(choices.map((c) => c.id).join('\u0000'))
        .digest('hex')
        .slice(0, 12);
}

function locationRequestMessage(body: string): CloudMessage {
    return {
        type: 'interactive',
        interactive: { type: 'location_request_message', body: { text: body }, action: { name: 'send_location' } }
    };
}

function cardText(cards: Attachment[]): string {
    return cards
        .map((card) => {
            const content = (card.content ?? {}) as { title?: string; subtitle?: string; text?: string };
            return [content.title, content.subtitle, content.text].filter((s) => typeof s === 'string' && s.trim()).join('\n');
        })
        .filter(Boolean)
        .join('\n\n')
        .trim();
}

function cardImages(card: Attachment): CloudMessage[] {
    const images = (card.content as { images?: Array<{ url?: string }> } | undefined)?.images ?? [];
    return images.filter((i) => typeof i.url === 'string').map((i) => mediaMessage({ contentType: 'image/jpeg', contentUrl: i.url }));
}

function mediaMessage(attachment: Attachment): CloudMessage {
    if (attachment.contentType === LOCATION_CONTENT_TYPE) return locationMessage(attachment);
    if (attachment.contentType.startsWith('application/vnd.microsoft.')) {
        throw new OutboundLimitError('attachment', `a ${attachment.contentType} cannot be shown on WhatsApp`);
    }
    const reference = mediaReference(attachment);
    const type = attachment.contentType.startsWith('image/')
        ? 'image'
        : attachment.contentType.startsWith('video/')
          ? 'video'
          : attachment.contentType.startsWith('audio/')
            ? 'audio'
            : 'document';
    if (type === 'image' && !['image/jpeg', 'image/png'].includes(attachment.contentType)) {
        throw new OutboundLimitError('attachment', `WhatsApp images must be JPEG or PNG, not ${attachment.contentType}`);
    }
    const payload: Record<string, unknown> = { ...reference };
    if (type === 'document' && attachment.name) payload.filename = attachment.name;
    return { type, [type]: payload };
}

function mediaReference(attachment: Attachment): { id: string } | { link: string } {
    const url = attachment.contentUrl ?? '';
    if (url.startsWith(MEDIA_URL_SCHEME) && url.length > MEDIA_URL_SCHEME.length) return { id: url.slice(MEDIA_URL_SCHEME.length) };
    if (/^https?:\/\//i.test(url)) return { link: url };
    throw new OutboundLimitError('attachment', `an attachment needs an http(s) link or a ${MEDIA_URL_SCHEME}<id> url, not "${url.slice(0, 40)}"`);
}

function locationMessage(attachment: Attachment): CloudMessage {
    const content = (attachment.content ?? {}) as Record<string, unknown>;
    const latitude = Number(content.latitude);
    const longitude = Number(content.longitude);
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
        throw new OutboundLimitError('attachment', 'a location needs numeric latitude and longitude');
    }
    const location: Record<string, unknown> = { latitude, longitude };
    if (typeof content.name === 'string') location.name = content.name;
    if (typeof content.address === 'string') location.address = content.address;
    return { type: 'location', location };
}

function templateMessage(template: unknown): CloudMessage {
    const spec = (template ?? {}) as { name?: unknown; language?: unknown; components?: unknown };
    if (typeof spec.name !== 'string' || !spec.name) throw new OutboundLimitError('template', 'a template needs a name');
    const code = typeof spec.language === 'string' ? spec.language : (spec.language as { code?: unknown } | undefined)?.code;
    if (typeof code !== 'string' || !code) throw new OutboundLimitError('template', `template "${spec.name}" needs a language code`);
    if (spec.components !== undefined && !Array.isArray(spec.components)) {
        throw new OutboundLimitError('template', `template "${spec.name}" components must be a list`);
    }
    const body: Record<string, unknown> = { name: spec.name, language: { code } };
    if (spec.components) body.components = spec.components;
    return { type: 'template', template: body };
}
