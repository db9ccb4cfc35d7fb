import type { ConversationReference } from 'botbuilder';

/** What a citizen may ask for (issue #18 part 4). */
export const REQUEST_KINDS = ['poda', 'limpieza', 'inspeccion', 'materiales', 'otro'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** Where a request is on its way; supervisors move it (see stateMachine.ts). */
export const REQUEST_STATES = ['recibida', 'en_evaluacion', 'programada', 'resuelta', 'rechazada'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** The `kind` of a service-request document among the other documents of a citizen's conversation partition. */
export const SERVICE_REQUEST_KIND = 'service-request';

/** A photo the citizen sent with the request, as the channel gave it (a media-store URL on WhatsApp). */
export interface RequestPhoto {
    contentType: string;
    contentUrl?: string;
    name?: string;
}

/** How the citizen was told of a change of state. */
export interface RequestNoticeRecord {
    /** 'text': free text inside the 24 h window; 'template': the approved template; 'none': not sent (see reason). */
    mode: 'text' | 'template' | 'none';
    /** The outbox entry that carries it (WhatsApp), written in the same batch as the change. */
    outboxId?: string;
    /** Why nothing was sent: no template configured, not a WhatsApp citizen, the channel failed. */
    reason?: string;
    /** When the citizen last wrote (UTC ISO), as read to decide text vs template. */
    lastCitizenMessageAt?: string;
}

/** One change of state: who moved it, when, with what note. The first entry is the creation (from: null). */
export interface RequestHistoryEntry {
    from: RequestState | null;
    to: RequestState;
    /** The supervisor's username, or 'citizen' for the creation. */
    by: string;
    /** UTC ISO-8601. */
    at: string;
    note?: string;
    notice?: RequestNoticeRecord;
}

/**
 * A citizen's service request ("Solicitud"): pruning, clearing, inspection, materials after a storm, other.
 * Stored in collection 'conversations', in the citizen's conversation partition (`whatsapp/<citizen key>`), id
 * `request:<number>`, next to the citizen's outbox, so that a change of state and the notice to the citizen commit
 * in one atomic batch. The number is reserved in 'meta' (partition = id = the number) and points to the citizen.
 */
export interface ServiceRequest {
    kind: typeof SERVICE_REQUEST_KIND;
    /** The number the citizen quotes: "SOL-4F2K" (no 0/O, no 1/I). */
    id: string;
    citizenKey: string;
    /** 'whatsapp' for the WhatsApp line; Web Chat / Emulator citizens are not notified through the WhatsApp outbox. */
    channelId: string;
    conversationReference?: Partial<ConversationReference>;
    name: string;
    departmentId: string;
    departmentName: string;
    address: string;
    requestKind: RequestKind;
    /** What the citizen asks, in their own words. */
    description: string;
    photo?: RequestPhoto;
    state: RequestState;
    /** Raised by one on every change (0 at creation): the console's optimistic check. */
    revision: number;
    history: RequestHistoryEntry[];
    /** UTC ISO-8601. */
    createdAt: string;
    updatedAt: string;
    /** `<createdAt>|<id>`: the order of the list, and its page cursor (newest first, ties broken by id). */
    sortKey: string;
    /** The citizen message that confirmed it: a turn run again finds the request it made instead of a second one. */
    sourceMessageId?: string;
}

/** What the dialog (or anyone creating a request) supplies. */
export interface NewServiceRequest {
    citizenKey: string;
    channelId: string;
    conversationReference?: Partial<ConversationReference>;
    name: string;
    departmentId: string;
    address: string;
    requestKind: RequestKind;
    description: string;
    photo?: RequestPhoto;
    sourceMessageId?: string;
}

/** A page of the supervisors' list. */
export interface RequestPage {
    requests: ServiceRequest[];
    /** Pass as `before` for the next (older) page; absent on the last page. */
    nextCursor?: string;
}

/** The current instant (replaceable in tests): the line's one clock. */
export type { Clock } from '../common/clock';
