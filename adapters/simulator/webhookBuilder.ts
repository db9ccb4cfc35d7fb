import * as crypto from 'crypto';
import { PeerStatus } from './graphPeer';

/** A citizen of the simulator: a phone number, or a business-scoped user id (BSUID) when the number is hidden. */
export interface SimulatedCitizen {
    /** Digits of the phone number (e.g. 5493834123456) or a BSUID (e.g. AR.1234567890). */
    address: string;
    name: string;
}

export interface SimulatedBusiness {
    phoneNumberId: string;
    displayPhoneNumber: string;
    wabaId: string;
}

/** What the phone page can send; each becomes the message object Meta would deliver. */
export type SimulatedInput =
    | { kind: 'text'; text: string }
    | { kind: 'button_reply'; id: string; title: string }
    | { kind: 'list_reply'; id: string; title: string; description?: string }
    | { kind: 'location'; latitude: number; longitude: number; name?: string; address?: string }
    | { kind: 'image'; mediaId: string; mimeType: string; sha256: string; caption?: string };

/** True for a BSUID such as `AR.1234567890`; false for phone digits. */
export function isBsuid(address: string): boolean {
    return /[A-Za-z]/.test(address);
}

/** A fresh wamid in Meta's style. */
export function newWamid(): string {
    return `wamid.${crypto.randomBytes(24).toString('base64url')}`;
}

/** The Meta-shaped webhook body for one citizen message. */
export function buildMessageWebhook(
    business: SimulatedBusiness,
    citizen: SimulatedCitizen,
    input: SimulatedInput,
    options: { wamid?: string; nowSeconds?: number; contextId?: string } = {}
): { wamid: string; payload: Record<string, unknown> } {
    const wamid = options.wamid ?? newWamid();
    const hidden = isBsuid(citizen.address);
    const message: Record<string, unknown> = {
        ...(hidden ? { from_user_id: citizen.address } : { from: citizen.address }),
        id: wamid,
        timestamp: String(options.nowSeconds ?? Math.floor(Date.now() / 1000)),
        ...messagePayload(input)
    };
    if (options.contextId) message.context = { from: business.displayPhoneNumber, id: options.contextId };
    const contact = { profile: { name: citizen.name }, ...(hidden ? { user_id: citizen.address } : { wa_id: citizen.address }) };
    return { wamid, payload: envelope(business, { contacts: [contact], messages: [message] }) };
}

/** The Meta-shaped webhook body for one status of a message the business sent. */
export function buildStatusWebhook(business: SimulatedBusiness, status: PeerStatus): Record<string, unknown> {
    const entry: Record<string, unknown> = {
        id: status.wamid,
        status: status.status,
        timestamp: String(status.timestamp),
        ...(status.recipientKind === 'bsuid' ? { recipient_user_id: status.recipient } : { recipient_id: status.recipient })
    };
    if (status.status === 'sent' || status.status === 'delivered') {
        entry.pricing = { billable: false, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' };
    }
    if (status.errors) entry.errors = status.errors;
    return envelope(business, { statuses: [entry] });
}

function messagePayload(input: SimulatedInput): Record<string, unknown> {
    switch (input.kind) {
        case 'text':
            return { type: 'text', text: { body: input.text } };
        case 'button_reply':
            return { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: input.id, title: input.title } } };
        case 'list_reply': {
            const reply: Record<string, unknown> = { id: input.id, title: input.title };
            if (input.description) reply.description = input.description;
            return { type: 'interactive', interactive: { type: 'list_reply', list_reply: reply } };
        }
        case 'location': {
            const location: Record<string, unknown> = { latitude: input.latitude, longitude: input.longitude };
            if (input.name) location.name = input.name;
            if (input.address) location.address = input.address;
            return { type: 'location', location };
        }
        case 'image': {
            const image: Record<string, unknown> = { id: input.mediaId, mime_type: input.mimeType, sha256: input.sha256 };
            if (input.caption) image.caption = input.caption;
            return { type: 'image', image };
        }
    }
}

function envelope(business: SimulatedBusiness, value: Record<string, unknown>): Record<string, unknown> {
    return {
        object: 'whatsapp_business_account',
        entry: [
            {
                id: business.wabaId,
                changes: [
                    {
                        field: 'messages',
                        value: {
                            messaging_product: 'whatsapp',
                            metadata: { display_phone_number: business.displayPhoneNumber, phone_number_id: business.phoneNumberId },
                            ...value
                        }
                    }
                ]
            }
        ]
    };
}
