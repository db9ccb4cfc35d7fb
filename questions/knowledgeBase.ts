import { z } from 'zod';
import shipped from './data/knowledgeBase.json';

/** Where the shipped set lives, as error messages name it. */
export const KNOWLEDGE_BASE_FILE = 'questions/data/knowledgeBase.json';

export const ENTRY_ID = /^[a-z0-9][a-z0-9-]{0,59}$/;

/** What an entry is made of besides its id: what a supervisor sends to PUT /api/supervisor/knowledge/:id. */
export const entryContentSchema = z
    .object({
        title: z.string().trim().min(3, 'at least 3 characters').max(120, 'at most 120 characters'),
        /** The text the citizen reads (WhatsApp: short; a text message takes up to 4,096 characters). */
        answer: z.string().trim().min(10, 'at least 10 characters').max(1500, 'at most 1,500 characters'),
        /** The ways people ask it; the matcher compares a citizen's text with each. */
        askedAs: z
            .array(z.string().trim().min(3, 'at least 3 characters').max(200, 'at most 200 characters'))
            .min(3, 'at least 3 ways of asking')
            .max(40, 'at most 40 ways of asking')
    })
    .strict();

export const entrySchema = entryContentSchema
    .extend({
        id: z.string().regex(ENTRY_ID, 'lowercase letters, digits and "-", at most 60')
    })
    .strict();

export type KnowledgeEntryContent = z.output<typeof entryContentSchema>;
export type KnowledgeEntry = z.output<typeof entrySchema>;

const fileSchema = z
    .object({
        about: z.string().optional(),
        sources: z.array(z.object({ about: z.string(), url: z.string().url(), title: z.string() }).strict()).optional(),
        entries: z.array(z.unknown()).min(1, 'no entries')
    })
    .strict();

/** The shipped set is wrong: names the file, the entry and the problem. */
export class KnowledgeBaseError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'KnowledgeBaseError';
    }
}

/** Zod's issues as one line: "askedAs.2: at least 3 characters; title: Required". */
export function describeZodIssues(error: z.ZodError): string {
    return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(body)'}: ${issue.message}`).join('; ');
}

/**
 * Validates a knowledge-base file's content: every entry well formed, ids unique.
 * @throws KnowledgeBaseError naming `file`, the entry (index and id) and every problem.
 */
export function parseKnowledgeBase(content: unknown, file = KNOWLEDGE_BASE_FILE): KnowledgeEntry[] {
    const parsed = fileSchema.safeParse(content);
    if (!parsed.success) throw new KnowledgeBaseError(`${file}: ${describeZodIssues(parsed.error)}`);
    const entries: KnowledgeEntry[] = [];
    const ids = new Set<string>();
    parsed.data.entries.forEach((raw, index) => {
        const id =
            typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
        const where = `${file}: entry ${index}${id ? ` ("${id}")` : ''}`;
        const entry = entrySchema.safeParse(raw);
        if (!entry.success) throw new KnowledgeBaseError(`${where}: ${describeZodIssues(entry.error)}`);
        if (ids.has(entry.data.id)) throw new KnowledgeBaseError(`${where}: the id "${entry.data.id}" is used twice`);
        ids.add(entry.data.id);
        entries.push(entry.data);
    });
    return entries;
}

let SHIPPED: readonly KnowledgeEntry[] | undefined;

/** The shipped set, validated on first use (createQuestions calls it, so a broken file stops the start). */
export function shippedKnowledge(): readonly KnowledgeEntry[] {
    SHIPPED ??= Object.freeze(parseKnowledgeBase(shipped));
    return SHIPPED;
}
