import type { CorpusRow } from '../corpus/corpusRow';
import { loadCorpus } from '../corpus/loadCorpus';
import { splitCorpus } from '../evaluation/split';
import { trainedOnce, type Codec } from './trainedOnce';

let rows: readonly CorpusRow[] | undefined;

/**
 * The corpus's dev split, read once per process: every statistical reader trains on it (never on the test split, so
 * `npm run eval:language` measures them on messages they have not seen).
 */
export function devRows(): readonly CorpusRow[] {
    rows ??= splitCorpus(loadCorpus()).dev;
    return rows;
}

/**
 * A model of the dev rows, trained once per process the first time it is asked for (or read from the cache of
 * trained weights, see trainedOnce): the statistical readers' one way of holding their model.
 */
export function devRowsModel<T>(name: string, train: (rows: readonly CorpusRow[]) => T, codec: Codec<T>): () => T {
    let model: T | undefined;
    return () => {
        if (model === undefined) {
            const rows = devRows();
            model = trainedOnce(name, rows, () => train(rows), codec);
        }
        return model;
    };
}
