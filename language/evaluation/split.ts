import type { CorpusRow } from '../corpus/corpusRow';

export type Split = 'dev' | 'test';

/** 32-bit FNV-1a of the UTF-8 bytes: stable across machines and Node versions, and trivial to re-implement. */
export function fnv1a(text: string): number {
    let hash = 0x811c9dc5;
    for (const byte of Buffer.from(text, 'utf8')) {
        hash ^= byte;
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
}

/**
 * A row's split follows its writer, so that one person's way of writing is never on both sides: the test split
 * holds the writers whose hash is divisible by 3.
 */
export function splitOfWriter(writer: string): Split {
    return fnv1a(writer) % 3 === 0 ? 'test' : 'dev';
}

/**
 * The two splits. A message written the same way by writers on both sides (same text and question, case and spaces
 * aside) stays in dev only: a rule written against dev would otherwise be measured on its own example.
 */
export function splitCorpus(rows: readonly CorpusRow[]): { dev: CorpusRow[]; test: CorpusRow[] } {
    const key = (row: CorpusRow): string => `${row.context}|${row.text.trim().toLowerCase().replace(/\s+/g, ' ')}`;
    const dev = rows.filter((row) => splitOfWriter(row.writer) === 'dev');
    const seenInDev = new Set(dev.map(key));
    const test = rows.filter((row) => splitOfWriter(row.writer) === 'test' && !seenInDev.has(key(row)));
    return { dev, test };
}
