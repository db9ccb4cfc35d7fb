/**
 * The documents of the weather-alert service and the words it shares with its callers. Instants are UTC ISO-8601.
 */

/** The national weather service's public colours, lowest first. */
export const ALERT_LEVELS = ['verde', 'amarillo', 'naranja', 'rojo'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** CAP 1.2 `info.severity`. */
export type CapSeverity = 'Extreme' | 'Severe' | 'Moderate' | 'Minor' | 'Unknown';

/** Collection 'subscribers', partition = citizen key, id {@link SUBSCRIPTION_ID}. */
export interface Subscription {
    citizenKey: string;
    active: boolean;
    /** Department ids (all of them when the citizen chose the whole province). */
    departments: string[];
    wholeProvince: boolean;
    /** The opt-in in force: when, and the exact sentence the citizen accepted. */
    optIn?: OptInRecord;
    optedOutAt?: string;
    /** Every opt-in and opt-out, oldest first (the proof of consent is kept after an opt-out). */
    history: Array<{ action: 'opt_in' | 'opt_out'; at: string; wording?: string; departments?: string[] }>;
    updatedAt: string;
}

export interface OptInRecord {
    at: string;
    wording: string;
    channel: 'whatsapp';
}

export const SUBSCRIPTION_ID = 'alerts';

export type BroadcastState =
    | 'awaiting_approval' // an ingested CAP alert waiting for a supervisor
    | 'preparing' // delivery records being written
    | 'sending' // fan-out running (or to be resumed after a restart)
    | 'completed'
    | 'cancelled'
    | 'stopped' // Meta refused the campaign (spam limit, template problem): nothing more is sent
    | 'ignored'; // a CAP document that must not reach the public (test, exercise, expired, outside Catamarca…)

export type BroadcastSource = 'api' | 'console' | 'cap';

/** Collection 'broadcasts', partition = id = broadcast id. */
export interface Broadcast {
    id: string;
    source: BroadcastSource;
    level: AlertLevel;
    phenomenon: string;
    /** Department ids reached. */
    departments: string[];
    wholeProvince: boolean;
    text: string;
    validUntil: string;
    state: BroadcastState;
    createdAt: string;
    createdBy: string;
    /** Recipients when the delivery records were written. */
    total?: number;
    approvedBy?: string;
    approvedAt?: string;
    startedAt?: string;
    finishedAt?: string;
    cancelledBy?: string;
    /** Why it stopped, was ignored or was cancelled by CAP. */
    reason?: string;
    /** The CAP document it came from. */
    cap?: CapOrigin;
}

export interface CapOrigin {
    identifier: string;
    sender: string;
    sent: string;
    msgType: 'Alert' | 'Update' | 'Cancel';
    /** Broadcast ids this one updates or cancels. */
    references: string[];
    severity?: CapSeverity;
    headline?: string;
}

export type DeliveryRecordState = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

/** Collection 'deliveries', partition = broadcast id, id = citizen key: one record per recipient. */
export interface DeliveryRecord {
    broadcastId: string;
    citizenKey: string;
    state: DeliveryRecordState;
    attempts: number;
    /** When it was last marked 'sending' (before the Graph call): the start of the ambiguous window. */
    sendingAt?: string;
    sentAt?: string;
    wamid?: string;
    /** How a 'sent' was established: the Graph answer, or the statuses found after a crash. */
    settledBy?: 'graph' | 'reconciliation';
    /** Why it failed or was skipped. */
    reason?: string;
    errorCode?: number;
}

/** What `GET /api/alerts/:id` shows; also the progress bar of the console. */
export interface BroadcastProgress {
    id: string;
    state: BroadcastState;
    total: number;
    /** Not yet sent (0 once the broadcast is cancelled: those count as cancelled). */
    pending: number;
    /** Accepted by Graph. */
    accepted: number;
    /** Reported 'sent' (or further) by the status webhooks. */
    sent: number;
    delivered: number;
    read: number;
    /** Refused by Graph, or reported 'failed' by a status. */
    failed: number;
    /** Recipients who opted out (or changed departments) before their turn came. */
    skipped: number;
    cancelled: number;
    /** 0..100: the share of recipients whose fate is decided. */
    percent: number;
}

/** The reference the line gives Graph (`biz_opaque_callback_data`) and the 'messages' doc (`outboxId`). */
export function deliveryRef(broadcastId: string, citizenKey: string): string {
    return `alert:${broadcastId}:${citizenKey}`;
}

export function parseDeliveryRef(ref: string | undefined): { broadcastId: string; citizenKey: string } | undefined {
    const match = ref ? /^alert:([^:]+):(.+)$/.exec(ref) : null;
    return match ? { broadcastId: match[1], citizenKey: match[2] } : undefined;
}
