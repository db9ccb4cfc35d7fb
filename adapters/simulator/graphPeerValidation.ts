/**
 * How the Cloud API judges a send request body (the limits of the protocol notes, §3). A body Meta would refuse
 * gives `{ code, details }`; the peer answers it with Meta's error shape. Lengths count characters as WhatsApp
 * shows them (code points), so an emoji counts once.
 */

export interface SendProblem {
    code: number;
    details: string;
}

const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'];
const SEND_TYPES = ['text', 'interactive', 'location', 'template', 'reaction', 'contacts', ...MEDIA_TYPES];

type Json = Record<string, unknown>;

/** Validates a `POST /<phone-number-id>/messages` body that is a message (not a mark-read). */
export function validateSendBody(body: Json): SendProblem | undefined {
    if (body.messaging_product !== 'whatsapp') return missing('messaging_product', "must be 'whatsapp'");
    if (body.recipient_type !== undefined && body.recipient_type !== 'individual') {
        return invalid("recipient_type must be 'individual'");
    }
    const hasTo = typeof body.to === 'string' && body.to.trim().length > 0;
    const hasRecipient = typeof body.recipient === 'string' && body.recipient.trim().length > 0;
    if (!hasTo && !hasRecipient) return missing('to', 'is required');
    if (hasTo && !/^\+?[\dA-Za-z.\-() ]+$/.test(body.to as string)) return invalid(`to '${String(body.to)}' is not a phone number`);
    if (body.context !== undefined && !isString(objectAt(body, 'context')?.message_id)) {
        return missing("context['message_id']", 'is required when context is given');
    }
    const type = body.type ?? 'text';
    if (typeof type !== 'string' || !SEND_TYPES.includes(type)) return invalid(`type '${String(type)}' is not supported`);
    const payload = objectAt(body, type);
    if (!payload) return missing(type, `is required for type '${type}'`);
    switch (type) {
        case 'text':
            return checkText(payload.body, "text['body']", 4096);
        case 'interactive':
            return validateInteractive(payload);
        case 'location':
            if (!isCoordinate(payload.latitude) || !isCoordinate(payload.longitude)) {
                return missing("location['latitude'] and location['longitude']", 'must be numbers');
            }
            return undefined;
        case 'template':
            if (!isNonEmpty(payload.name)) return missing("template['name']", 'is required');
            if (!isNonEmpty(objectAt(payload, 'language')?.code)) return missing("template['language']['code']", 'is required');
            if (payload.components !== undefined && !Array.isArray(payload.components)) return invalid("template['components'] must be a list");
            return undefined;
        case 'reaction':
            return isNonEmpty(payload.message_id) ? undefined : missing("reaction['message_id']", 'is required');
        case 'contacts':
            return undefined;
        default:
            return validateMedia(type, payload);
    }
}

function validateMedia(type: string, payload: Json): SendProblem | undefined {
    const hasId = isNonEmpty(payload.id);
    const hasLink = isNonEmpty(payload.link);
    if (hasId === hasLink) return missing(`${type}['id'] or ${type}['link']`, 'exactly one is required');
    if (hasLink && !/^https?:\/\//i.test(payload.link as string)) return invalid(`${type}['link'] must be an http(s) URL`);
    if (payload.caption !== undefined) {
        if (type === 'audio' || type === 'sticker') return invalid(`${type} messages cannot have a caption`);
        return checkText(payload.caption, `${type}['caption']`, 1024);
    }
    return undefined;
}

function validateInteractive(interactive: Json): SendProblem | undefined {
    const kind = interactive.type;
    const body = objectAt(interactive, 'body');
    const action = objectAt(interactive, 'action');
    if (!action) return missing("interactive['action']", 'is required');
    const footer = objectAt(interactive, 'footer');
    if (footer) {
        const problem = checkText(footer.text, "interactive['footer']['text']", 60);
        if (problem) return problem;
    }
    const header = objectAt(interactive, 'header');
    if (header && header.type === 'text') {
        const problem = checkText(header.text, "interactive['header']['text']", 60);
        if (problem) return problem;
    }
    switch (kind) {
        case 'button': {
            const problem = checkText(body?.text, "interactive['body']['text']", 1024);
            if (problem) return problem;
            const buttons = action.buttons;
            if (!Array.isArray(buttons) || buttons.length === 0) return missing("interactive['action']['buttons']", 'is required');
            if (buttons.length > 3) return invalid('at most 3 buttons are allowed');
            const ids = new Set<string>();
            const titles = new Set<string>();
            for (const [i, button] of buttons.entries()) {
                const reply = objectAt(button as Json, 'reply');
                if ((button as Json)?.type !== 'reply' || !reply) return missing(`buttons[${i}]['reply']`, "is required with type 'reply'");
                const idProblem = checkText(reply.id, `buttons[${i}]['reply']['id']`, 256);
                if (idProblem) return idProblem;
                const titleProblem = checkText(reply.title, `buttons[${i}]['reply']['title']`, 20);
                if (titleProblem) return titleProblem;
                if (ids.has(reply.id as string)) return invalid(`button id '${String(reply.id)}' is not unique`);
                if (titles.has(reply.title as string)) return invalid(`button title '${String(reply.title)}' is not unique`);
                ids.add(reply.id as string);
                titles.add(reply.title as string);
            }
            return undefined;
        }
        case 'list': {
            const problem =
                checkText(body?.text, "interactive['body']['text']", 4096) ?? checkText(action.button, "interactive['action']['button']", 20);
            if (problem) return problem;
            const sections = action.sections;
            if (!Array.isArray(sections) || sections.length === 0) return missing("interactive['action']['sections']", 'is required');
            if (sections.length > 10) return invalid('at most 10 sections are allowed');
            const ids = new Set<string>();
            let rowCount = 0;
            for (const [s, section] of sections.entries()) {
                const sec = (section ?? {}) as Json;
                if (sec.title !== undefined || sections.length > 1) {
                    const titleProblem = checkText(sec.title, `sections[${s}]['title']`, 24);
                    if (titleProblem) return titleProblem;
                }
                const rows = sec.rows;
                if (!Array.isArray(rows) || rows.length === 0) return missing(`sections[${s}]['rows']`, 'is required');
                rowCount += rows.length;
                if (rowCount > 10) return invalid('at most 10 rows are allowed in all sections together');
                for (const [r, row] of rows.entries()) {
                    const rw = (row ?? {}) as Json;
                    const rowProblem =
                        checkText(rw.id, `sections[${s}]['rows'][${r}]['id']`, 200) ??
                        checkText(rw.title, `sections[${s}]['rows'][${r}]['title']`, 24) ??
                        (rw.description !== undefined
                            ? checkText(rw.description, `sections[${s}]['rows'][${r}]['description']`, 72, true)
                            : undefined);
                    if (rowProblem) return rowProblem;
                    if (ids.has(rw.id as string)) return invalid(`row id '${String(rw.id)}' is not unique`);
                    ids.add(rw.id as string);
                }
            }
            return undefined;
        }
        case 'location_request_message': {
            const problem = checkText(body?.text, "interactive['body']['text']", 1024);
            if (problem) return problem;
            return action.name === 'send_location' ? undefined : invalid("interactive['action']['name'] must be 'send_location'");
        }
        default:
            return kind === undefined
                ? missing("interactive['type']", 'is required')
                : invalid(`interactive type '${String(kind)}' is not supported`);
    }
}

function checkText(value: unknown, param: string, max: number, allowEmpty = false): SendProblem | undefined {
    if (typeof value !== 'string' || (!allowEmpty && value.trim().length === 0)) return missing(param, 'is required');
    const length = [...value].length;
    return length > max ? invalid(`${param} must be at most ${max} characters long (got ${length})`) : undefined;
}

function missing(param: string, what: string): SendProblem {
    return { code: 100, details: `The parameter ${param} ${what}.` };
}

function invalid(details: string): SendProblem {
    return { code: 100, details: `Param ${details}.` };
}

function objectAt(source: Json | undefined, key: string): Json | undefined {
    const value = source?.[key];
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function isString(value: unknown): value is string {
    return typeof value === 'string';
}

function isNonEmpty(value: unknown): value is string {
    return typeof value === 'string' && value.trim().length > 0;
}

function isCoordinate(value: unknown): boolean {
    return (typeof value === 'number' || (typeof value === 'string' && value.trim() !== '')) && Number.isFinite(Number(value));
}
