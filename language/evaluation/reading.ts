import type { CorpusRow } from '../corpus/corpusRow';

/** What a reader of citizens' messages says about one message, in the corpus's terms. */
export interface Reading {
    urgent: boolean;
    /** Why, in words an operator reads, when urgent. */
    reason?: string;
    intent: string;
    type: string | null;
    department: string | null;
    locality: string | null;
    name: string | null;
    /** Where in the text the reader found a street address or landmark, if anywhere (readers that read none leave it out). */
    address?: { start: number; end: number } | null;
}

/** Reads one message written at a point of the conversation. */
export type Reader = (text: string, context: CorpusRow['context']) => Reading;
