import { BatchWrite, DocumentStore, StoredDocument } from '../../storage';
import { MessageOrigin } from './deliveryStates';
import { citizensOf, conversationPartition, pendingConversationDocs } from './inbox';
import { CloudMessage, CloudRecipient } from './types';

/** One message waiting to be sent, or its fate (collection 'conversations', id `out:<seq>`). */
export interface OutboxEntry {
    kind: 'outbox';
    /** Sending order within the citizen's partition: `<turn seq>:<position>` (see {@link outboxSeq}). */
    seq: string;
    citizenKey: string;
    status: 'pending' | 'sent' | 'failed';
    message: CloudMessage;
    recipient: CloudRecipient;
    createdAt: string;
    /** Sends tried so far. */
    attempts: number;
    /** Pair-rate (131056) refusals so far: the next wait is 4^n s. */
    pairBackoffs?: number;
    /** Sends that went out and got no answer (Meta may have delivered each): at most 8, not to flood the citizen. */
    unanswered?: number;
    /** Not before this instant (UTC ISO); the head of a citizen's outbox waits, and so does the rest. */
    nextAttemptAt: string;
    sentAt?: string;
    wamid?: string;
    error?: OutboxError;
    origin: MessageOrigin;
    /** What the origin wants to find its message by (a case id, a broadcast id). */
    originRef?: string;
}

export interface OutboxError {
    code?: number;
    kind: string;
    message: string;
    at: string;
}

export function outboxSeq(turnSeq: string, position: number): string {
    return `${turnSeq}:${String(position).padStart(3, '0')}`;
}

export function outboxEntryId(seq: string): string {
    return `out:${seq}`;
}

/** Who a citizen key reaches: a phone number (digits) goes in `to` with its `+`, a BSUID in `recipient`. */
export function recipientFor(citizenKey: string): CloudRecipient {
    return /^\+?\d+$/.test(citizenKey) ? { to: citizenKey.startsWith('+') ? citizenKey : `+${citizenKey}` } : { recipient: citizenKey };
}

/** The batch writes that put `messages` in a citizen's outbox, in order, each demanding a fresh id. */
export function outboxWrites(
    citizenKey: string,
    turnSeq: string,
    messages: { message: CloudMessage; origin: MessageOrigin; originRef?: string }[],
    createdAt: string,
    firstPosition = 0
): BatchWrite<OutboxEntry>[] {
    return messages.map((item, index) => {
        const seq = outboxSeq(turnSeq, firstPosition + index);
        const value: OutboxEntry = {
            kind: 'outbox',
            seq,
            citizenKey,
            status: 'pending',
            message: item.message,
            recipient: recipientFor(citizenKey),
            createdAt,
            attempts: 0,
            nextAttemptAt: createdAt,
            origin: item.origin,
            ...(item.originRef !== undefined ? { originRef: item.originRef } : {})
        };
        return { partitionKey: conversationPartition(citizenKey), id: outboxEntryId(seq), value, condition: { ifNoneMatch: '*' } };
    });
}

/** The oldest pending entry of a citizen's outbox: the only one that may be sent now. */
export async function outboxHead(store: DocumentStore, citizenKey: string): Promise<StoredDocument<OutboxEntry> | undefined> {
    const [head] = await pendingOutbox(store, citizenKey, 1);
    return head;
}

/** A citizen's oldest pending entries, in sending order (the first is the head). */
export function pendingOutbox(store: DocumentStore, citizenKey: string, limit: number): Promise<StoredDocument<OutboxEntry>[]> {
    return pendingConversationDocs<OutboxEntry>(store, 'outbox', { citizenKey, orderField: 'seq', limit });
}

/** Every citizen with something pending in the outbox, the longest waiting first (resumed at start). */
export async function citizensWithPendingOutbox(store: DocumentStore): Promise<string[]> {
    return citizensOf(await pendingConversationDocs<OutboxEntry>(store, 'outbox', { orderField: 'createdAt' }));
}
