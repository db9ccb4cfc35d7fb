/**
 * The shapes shared by the WhatsApp adapter's parts: the webhook parser produces them, the inbox stores them,
 * the Graph client and the outbox consume them. Field names follow Meta's Cloud API where they mirror it.
 */

/** How a citizen is keyed: `wa_id`/`from` when present, else the business-scoped user id (BSUID). */
export interface CitizenAddress {
    /** The stable key used for conversation.id, from.id and storage partitions. */
    citizenKey: string;
    /** The phone number (wa_id), when WhatsApp gave it. */
    waId?: string;
    /** The business-scoped user id (e.g. `AR.1234567890`), when WhatsApp gave it. */
    bsuid?: string;
}

/** One inbound message as taken from a webhook, before it becomes an Activity. */
export interface InboundMessage extends CitizenAddress {
    /** Meta's message id (`wamid.…`): the deduplication key. */
    wamid: string;
    /** The business phone number id that received it (metadata.phone_number_id). */
    phoneNumberId: string;
    /** The citizen's profile name from `contacts[]`, when given. */
    profileName?: string;
    /** Unix seconds, as Meta sent it. */
    timestamp: number;
    /** The message `type` as Meta sent it (text, image, audio, location, interactive, unsupported, …). */
    type: string;
    /** The message object exactly as received (kept for channelData and for the audit trail). */
    raw: Record<string, unknown>;
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed' | 'played';

/** One entry of `statuses[]`: the fate of a message the line sent. */
export interface StatusUpdate {
    /** The wamid of the message the line sent. */
    wamid: string;
    status: DeliveryStatus;
    timestamp: number;
    recipientId?: string;
    errors?: CloudApiErrorDetail[];
}

export interface CloudApiErrorDetail {
    code: number;
    title?: string;
    message?: string;
    details?: string;
}

/** Everything a webhook POST carried, from every entry and every change. */
export interface ParsedWebhook {
    messages: InboundMessage[];
    statuses: StatusUpdate[];
    /** `value.errors[]`: system errors Meta reports about the account. */
    systemErrors: CloudApiErrorDetail[];
    /** Messages, statuses or changes that could not be read: skipped so their neighbours still count. */
    rejected?: RejectedUpdate[];
}

/** One part of a webhook the parser skipped, and why (for the logs; the rest of the POST is processed). */
export interface RejectedUpdate {
    kind: 'entry' | 'change' | 'message' | 'status';
    /** The wamid, when the part had a readable one. */
    id?: string;
    reason: string;
    raw: unknown;
}

/** The recipient part of a send request: `to` for a phone number, `recipient` for a BSUID. */
export type CloudRecipient = { to: string } | { recipient: string };

/**
 * A send request body for `POST /<phone-number-id>/messages`, without `messaging_product` and the recipient,
 * which the Graph client adds. E.g. `{ type: 'text', text: { body, preview_url: false } }`.
 */
export interface CloudMessage {
    type: 'text' | 'image' | 'interactive' | 'location' | 'template' | 'document' | 'audio' | 'video';
    [payload: string]: unknown;
}

/** What the outbox and the callers need to know about a Graph API failure. */
export type GraphErrorKind =
    | 'retry' // 4, 80007, 130429, 131000, 131016, network errors, timeouts, 5xx (also with a code not listed here)
    | 'pair_backoff' // 131056: retry this recipient after 4^n seconds
    | 'window_closed' // 131047: outside the 24 h window; tell whoever sent it
    | 'undeliverable' // 131026: mark failed, never retry
    | 'stop_campaign' // 131048, 368, 131031: stop sending, alert the admin
    | 'media_failed' // 131052, 131053: retry once, then report
    | 'template_error' // 132000, 132001, 132015: stop, report to the admin
    | 'fatal'; // anything else (190, a bad access token, even on a 5xx): do not retry, report

/** Meta's customer-service window: free text reaches a WhatsApp user only within 24 h of their last message (131047). */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 3_600_000;
