import { DocumentStore, isPreconditionFailed } from '../storage';
import { KnowledgeEntry, KnowledgeEntryContent } from './knowledgeBase';

/**
 * Where supervisors' edits live: the 'meta' collection, partition 'knowledge'. All edits share one partition: a few
 * dozen small documents, read together (a collection of their own would need a SQLite migration for no gain).
 */
const KNOWLEDGE_COLLECTION = 'meta';
export const KNOWLEDGE_PARTITION = 'knowledge';

/** One line of an entry's history of edits. */
export interface KnowledgeEditLine {
    action: 'put' | 'delete';
    by: string;
    at: string;
}

/** A supervisor's edit of one entry: its content, or its removal (which hides a shipped entry too). */
export interface KnowledgeEdit {
    kind: 'knowledgeEdit';
    id: string;
    /** Undefined when the entry was deleted. */
    content?: KnowledgeEntryContent;
    deleted: boolean;
    updatedBy: string;
    updatedAt: string;
    /** Every edit of this entry, oldest first (bounded). */
    history: KnowledgeEditLine[];
}

/** An entry as the supervisors' API lists it: where it comes from and who changed it last. */
export interface ListedEntry extends KnowledgeEntry {
    origin: 'shipped' | 'edited' | 'added';
    updatedBy?: string;
    updatedAt?: string;
    history?: KnowledgeEditLine[];
}

const MAX_HISTORY = 100;
const MAX_CONFLICT_RETRIES = 8;

/** Supervisors' edits of the knowledge base, over the shipped set. */
export class KnowledgeRepository {
    constructor(
        private readonly store: DocumentStore,
        private readonly shipped: readonly KnowledgeEntry[]
    ) {}

    /** Every edit stored. */
    async edits(): Promise<KnowledgeEdit[]> {
        const docs = await this.store.query<KnowledgeEdit>(KNOWLEDGE_COLLECTION, {
            partitionKey: KNOWLEDGE_PARTITION,
            where: [{ field: 'kind', op: '=', value: 'knowledgeEdit' }]
        });
        return docs.map((doc) => doc.value);
    }

    /** The entries in force: the shipped ones, replaced or hidden by edits, then the ones supervisors added. */
    async list(): Promise<ListedEntry[]> {
        const edits = new Map((await this.edits()).map((edit) => [edit.id, edit]));
        const listed: ListedEntry[] = [];
        for (const entry of this.shipped) {
            const edit = edits.get(entry.id);
            edits.delete(entry.id);
            if (!edit) listed.push({ ...entry, origin: 'shipped' });
            else if (!edit.deleted && edit.content) listed.push(fromEdit(edit, 'edited'));
        }
        for (const edit of [...edits.values()].sort((a, b) => a.id.localeCompare(b.id))) {
            if (!edit.deleted && edit.content) listed.push(fromEdit(edit, 'added'));
        }
        return listed;
    }

    /** Creates or replaces an entry; resolves with it as listed. */
    async put(id: string, content: KnowledgeEntryContent, by: string, at: string): Promise<ListedEntry> {
        const edit = await this.change(id, by, at, (current) => ({ content, deleted: false, history: current?.history ?? [] }), 'put');
        return fromEdit(edit, this.shipped.some((e) => e.id === id) ? 'edited' : 'added');
    }

    /** Removes an entry from the base (a shipped one too); false when it is not in force. */
    async delete(id: string, by: string, at: string): Promise<boolean> {
        const inForce = (await this.list()).some((entry) => entry.id === id);
        if (!inForce) return false;
        await this.change(id, by, at, (current) => ({ deleted: true, history: current?.history ?? [] }), 'delete');
        return true;
    }

    /** Writes the edit of `id` conditionally on what was read, re-reading on a lost race. */
    private async change(
        id: string,
        by: string,
        at: string,
        next: (current: KnowledgeEdit | undefined) => Pick<KnowledgeEdit, 'deleted' | 'history'> & { content?: KnowledgeEntryContent },
        action: KnowledgeEditLine['action']
    ): Promise<KnowledgeEdit> {
        for (let attempt = 0; ; attempt++) {
            const current = await this.store.get<KnowledgeEdit>(KNOWLEDGE_COLLECTION, KNOWLEDGE_PARTITION, id);
            const base = next(current?.value);
            const value: KnowledgeEdit = {
                kind: 'knowledgeEdit',
                id,
                deleted: base.deleted,
                ...(base.content ? { content: base.content } : {}),
                updatedBy: by,
                updatedAt: at,
                history: [...base.history, { action, by, at }].slice(-MAX_HISTORY)
            };
            try {
                await this.store.put<KnowledgeEdit>(
                    KNOWLEDGE_COLLECTION,
                    { partitionKey: KNOWLEDGE_PARTITION, id, value },
                    current ? { ifMatch: current.etag } : { ifNoneMatch: '*' }
                );
                return value;
            } catch (error) {
                if (!isPreconditionFailed(error) || attempt >= MAX_CONFLICT_RETRIES) throw error;
            }
        }
    }
}

function fromEdit(edit: KnowledgeEdit, origin: 'edited' | 'added'): ListedEntry {
    return { id: edit.id, ...edit.content!, origin, updatedBy: edit.updatedBy, updatedAt: edit.updatedAt, history: edit.history };
}
