import type { CorpusRow } from '../corpus/corpusRow';
import { loadCorpus } from '../corpus/loadCorpus';
import { splitCorpus } from '../evaluation/split';

let rows: readonly CorpusRow[] | undefined;

/**
 * The corpus's dev split, read once per process: every statistical reader trains on it (never on the test split, so
 * `npm run eval:language` measures them on messages they have not seen).
 */
export function devRows(): readonly CorpusRow[] {
    rows ??= splitCorpus(loadCorpus()).dev;
    return rows;
}
