import { StoreItem, StoreItems } from 'botbuilder-core';
import { BatchWrite, DocumentStore, StoredDocument } from '../../storage';
import { MessageOrigin } from './deliveryStates';
import { InboxEntry, conversationPartition, inboxEntryId } from './inbox';
import { OutboxEntry, outboxEntryId, outboxSeq, outboxWrites } from './outboxEntry';
import { CloudMessage } from './types';

/** A bot-state document in a citizen's partition (`state:conversation`, `state:user`, `state:<key>`). */
export interface StateDoc {
    kind: 'state';
    /** The Bot Framework storage key it holds. */
    key: string;
    /** The stored item without its eTag; null once deleted (a batch can write but not delete). */
    item: StoreItem | null;
}

/** Ids for the adapter's own documents in the partition (not Bot Framework state). */
export const LAST_PROMPT_DOC_ID = 'state:lastPrompt';

export interface PendingReply {
    message: CloudMessage;
    origin: MessageOrigin;
    originRef?: string;
}

/**
 * Everything one turn of one WhatsApp conversation reads and writes, held back until the turn ends and then
 * committed as ONE atomic batch on the citizen's partition: the bot state (each document conditional on the
 * etag the turn read), the replies as outbox entries, and the inbox entry marked done (conditional on its etag).
 * A crash before the commit loses the whole turn, which re-runs from the still-pending inbox entry; a commit
 * that meets a changed etag means someone else got there first, and nothing of this turn is kept.
 *
 * A proactive turn (no inbox entry) writes its replies at once, each call its own batch, and commits only
 * its state at the end.
 */
export class TurnTransaction {
    readonly partitionKey: string;
    /** Etag of each state document as read (null: it did not exist). */
    private readonly readEtags = new Map<string, string | null>();
    private readonly stateWrites = new Map<string, StateDoc>();
    private readonly adapterWrites = new Map<string, unknown>();
    private readonly replies: PendingReply[] = [];
    private proactiveSent = 0;
    private committed = false;

    constructor(
        private readonly store: DocumentStore,
        readonly citizenKey: string,
        /** The order key of this turn: the inbox entry's seq, or a fresh one for a proactive turn. */
        readonly turnSeq: string,
        readonly inboxEntry?: StoredDocument<InboxEntry>
    ) {
        this.partitionKey = conversationPartition(citizenKey);
    }

    get isProactive(): boolean {
        return this.inboxEntry === undefined;
    }

    /** The document id a Bot Framework storage key lives under in this partition. */
    stateDocId(key: string): string {
        // BotState keys are `<channel>/conversations/<id>/` (with a namespace after the last slash, usually empty).
        const plain = key.replace(/\/$/, '');
        if (plain === `whatsapp/conversations/${this.citizenKey}`) return 'state:conversation';
        if (plain === `whatsapp/users/${this.citizenKey}`) return 'state:user';
        return `state:${key}`;
    }

    /** Storage.read() for this turn: the turn's own writes first, then the partition. */
    async read(keys: string[]): Promise<StoreItems> {
        const items: StoreItems = {};
        for (const key of keys) {
            const id = this.stateDocId(key);
            const written = this.stateWrites.get(id);
            if (written) {
                if (written.item) items[key] = { ...written.item, eTag: '*' };
                continue;
            }
            const doc = await this.store.get<StateDoc>('conversations', this.partitionKey, id);
            if (!this.readEtags.has(id)) this.readEtags.set(id, doc?.etag ?? null);
            if (doc?.value.item) items[key] = { ...doc.value.item, eTag: doc.etag };
        }
        return items;
    }

    /** Storage.write() for this turn: held until commit. */
    async write(changes: StoreItems): Promise<void> {
        for (const [key, item] of Object.entries(changes)) {
            const copy: StoreItem = JSON.parse(JSON.stringify(item ?? {}));
            delete copy.eTag;
            this.stateWrites.set(this.stateDocId(key), { kind: 'state', key, item: copy });
        }
    }

    /** Storage.delete() for this turn: a tombstone, held until commit. */
    async delete(keys: string[]): Promise<void> {
        for (const key of keys) this.stateWrites.set(this.stateDocId(key), { kind: 'state', key, item: null });
    }

    /** Reads one of the adapter's own documents in the partition (not held by the transaction). */
    async readAdapterDoc<T>(id: string): Promise<T | undefined> {
        if (this.adapterWrites.has(id)) return this.adapterWrites.get(id) as T;
        const doc = await this.store.get<T>('conversations', this.partitionKey, id);
        return doc?.value;
    }

    /** Writes one of the adapter's own documents with the turn (last write wins: only this partition's turns write it). */
    writeAdapterDoc(id: string, value: unknown): void {
        this.adapterWrites.set(id, value);
    }

    /** Queues replies of an inbound turn; returns the outbox ids they will have. */
    addReplies(replies: PendingReply[]): string[] {
        const first = this.replies.length;
        this.replies.push(...replies);
        return replies.map((_, index) => outboxEntryId(outboxSeq(this.turnSeq, first + index)));
    }

    /** A proactive turn's replies go to the outbox at once, as their own batch. */
    async writeRepliesNow(replies: PendingReply[], now: string): Promise<StoredDocument<OutboxEntry>[]> {
        if (replies.length === 0) return [];
        const writes = outboxWrites(this.citizenKey, this.turnSeq, replies, now, this.proactiveSent);
        this.proactiveSent += replies.length;
        return this.store.putBatch<OutboxEntry>('conversations', this.partitionKey, writes);
    }

    /**
     * Commits the turn: one batch, all or nothing. Returns the outbox entries written.
     * @throws PreconditionFailedError when another writer changed the state or the inbox entry first.
     */
    async commit(now: string): Promise<StoredDocument<OutboxEntry>[]> {
        if (this.committed) throw new Error('TurnTransaction.commit(): already committed');
        this.committed = true;
        const writes: BatchWrite<unknown>[] = [];
        for (const [id, value] of this.stateWrites) {
            const readEtag = this.readEtags.get(id);
            const condition = readEtag === undefined ? undefined : readEtag === null ? { ifNoneMatch: '*' as const } : { ifMatch: readEtag };
            writes.push({ partitionKey: this.partitionKey, id, value, ...(condition ? { condition } : {}) });
        }
        for (const [id, value] of this.adapterWrites) writes.push({ partitionKey: this.partitionKey, id, value });
        const outbox = outboxWrites(this.citizenKey, this.turnSeq, this.replies, now);
        writes.push(...outbox);
        if (this.inboxEntry) {
            const done: InboxEntry = { ...this.inboxEntry.value, status: 'done', processedAt: now };
            writes.push({
                partitionKey: this.partitionKey,
                id: inboxEntryId(this.inboxEntry.value.message.wamid),
                value: done,
                condition: { ifMatch: this.inboxEntry.etag }
            });
        }
        if (writes.length === 0) return [];
        const stored = await this.store.putBatch<unknown>('conversations', this.partitionKey, writes);
        return stored.filter((doc) => doc.id.startsWith('out:')) as StoredDocument<OutboxEntry>[];
    }
}
