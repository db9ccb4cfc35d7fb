import { DocumentStore, StoredDocument, isPreconditionFailed } from '../../storage';
import { CloudApiErrorDetail, DeliveryStatus, StatusUpdate } from './types';

/** Where a message the line sent stands: accepted by Graph, then what WhatsApp reported. */
export type DeliveryState = 'accepted' | DeliveryStatus;

/** Who asked for a message to be sent. */
export type MessageOrigin = 'bot' | 'operator' | 'alert';

/** Collection 'messages', partition key and id = the wamid Graph returned. */
export interface DeliveryStateDoc {
    wamid: string;
    status: DeliveryState;
    /** Filled in by the outbox when Graph accepted the send (a status may arrive before that write). */
    citizenKey?: string;
    outboxId?: string;
    origin?: MessageOrigin;
    originRef?: string;
    recipientId?: string;
    /** When each state was reached (UTC ISO). */
    at: Partial<Record<DeliveryState, string>>;
    /** The error WhatsApp gave with 'failed'. */
    error?: { code: number; title?: string; details?: string };
}

/**
 * How far along each state is. A state only replaces a lower one, so a late 'delivered' never undoes a 'read'
 * (Meta does not promise status order, and 'read' may come with no 'delivered' at all). 'failed' outranks all:
 * it is terminal.
 */
const RANK: Record<DeliveryState, number> = { accepted: 0, sent: 1, delivered: 2, read: 3, played: 4, failed: 5 };

export function isAdvance(from: DeliveryState, to: DeliveryState): boolean {
    return RANK[to] > RANK[from];
}

const MAX_CONFLICT_RETRIES = 5;

/** The document after an update, and whether the update changed it. */
export interface DeliveryStateChange {
    changed: boolean;
    doc: StoredDocument<DeliveryStateDoc> | undefined;
}

/**
 * Reads, merges and conditionally writes one delivery-state document, retrying when another writer (the outbox,
 * another webhook POST) changed it in between. `merge` receives the current document (or undefined) and returns
 * the next one, or undefined to leave it as it is.
 */
export async function updateDeliveryState(
    store: DocumentStore,
    wamid: string,
    merge: (current: DeliveryStateDoc | undefined) => DeliveryStateDoc | undefined
): Promise<DeliveryStateChange> {
    for (let attempt = 0; ; attempt++) {
        const current = await store.get<DeliveryStateDoc>('messages', wamid, wamid);
        const next = merge(current?.value);
        if (!next) return { changed: false, doc: current };
        try {
            const doc = await store.put<DeliveryStateDoc>(
                'messages',
                { partitionKey: wamid, id: wamid, value: next },
                current ? { ifMatch: current.etag } : { ifNoneMatch: '*' }
            );
            return { changed: true, doc };
        } catch (error) {
            if (!isPreconditionFailed(error) || attempt >= MAX_CONFLICT_RETRIES) throw error;
        }
    }
}

/**
 * Applies one webhook status to the message it names; never moves a message backwards. A state that arrives after a
 * further one ('delivered' after 'read': Meta does not promise the order) keeps its time, and the change reports
 * `changed: false`, as the message did not move: no status hook hears of it again.
 */
export async function applyStatusUpdate(store: DocumentStore, update: StatusUpdate): Promise<DeliveryStateChange> {
    const at = new Date(update.timestamp * 1000).toISOString();
    const change = await updateDeliveryState(store, update.wamid, (current) => {
        const base: DeliveryStateDoc = current ?? { wamid: update.wamid, status: 'accepted', at: {} };
        if (!isAdvance(base.status, update.status))
            return base.at[update.status] !== undefined ? undefined : { ...base, at: { ...base.at, [update.status]: at } };
        const next: DeliveryStateDoc = {
            ...base,
            status: update.status,
            recipientId: base.recipientId ?? update.recipientId,
            at: { ...base.at, [update.status]: at }
        };
        if (update.status === 'failed') next.error = describeError(update.errors);
        return next;
    });
    // only its time written: the message is where it was
    return change.changed && change.doc?.value.status !== update.status ? { changed: false, doc: change.doc } : change;
}

/**
 * Records that Graph accepted a send, keeping whatever status a faster webhook already brought. The wamid is new,
 * so the document almost never exists yet: it is created blind (one write, no read), and merged with what is
 * there only when a status was quicker.
 */
export async function recordAccepted(
    store: DocumentStore,
    wamid: string,
    sent: { citizenKey: string; outboxId: string; origin: MessageOrigin; originRef?: string; acceptedAt: string }
): Promise<DeliveryStateChange> {
    const merge = (current: DeliveryStateDoc | undefined): DeliveryStateDoc => ({
        wamid,
        status: current?.status ?? 'accepted',
        at: { accepted: sent.acceptedAt, ...current?.at },
        citizenKey: sent.citizenKey,
        outboxId: sent.outboxId,
        origin: sent.origin,
        ...(sent.originRef !== undefined ? { originRef: sent.originRef } : {}),
        ...(current?.recipientId !== undefined ? { recipientId: current.recipientId } : {}),
        ...(current?.error !== undefined ? { error: current.error } : {})
    });
    try {
        const doc = await store.put<DeliveryStateDoc>('messages', { partitionKey: wamid, id: wamid, value: merge(undefined) }, { ifNoneMatch: '*' });
        return { changed: true, doc };
    } catch (error) {
        if (!isPreconditionFailed(error)) throw error;
    }
    return updateDeliveryState(store, wamid, merge);
}

function describeError(errors: CloudApiErrorDetail[] | undefined): DeliveryStateDoc['error'] {
    const first = errors?.[0];
    if (!first) return { code: 0, title: 'failed without an error detail' };
    return { code: first.code, title: first.title ?? first.message, details: first.details };
}
