import * as fs from 'fs';
import * as path from 'path';
import type { z } from 'zod';
import { CorpusRow, corpusRowSchema } from './corpusRow';

/** The corpus folder in the repository (the .jsonl files are data, not compiled: read from the source tree). */
export const CORPUS_DIR = path.resolve(__dirname, '../../../language/corpus');

/** A row that does not follow the schema, named by file and line, so whoever edits the corpus can find it. */
export class CorpusError extends Error {
    constructor(
        readonly file: string,
        readonly line: number,
        problem: string
    ) {
        super(`${path.basename(file)}:${line}: ${problem}`);
        this.name = 'CorpusError';
    }
}

/** Every row of every `.jsonl` file in `dir`, validated; throws CorpusError on the first bad row or duplicate id. */
export function loadCorpus(dir: string = CORPUS_DIR): CorpusRow[] {
    const rows: CorpusRow[] = [];
    const ids = new Set<string>();
    for (const name of fs
        .readdirSync(dir)
        .filter((file) => file.endsWith('.jsonl'))
        .sort())
        readJsonl(path.join(dir, name), corpusRowSchema, (row, file, line) => {
            if (ids.has(row.id)) throw new CorpusError(file, line, `duplicate id ${row.id}`);
            ids.add(row.id);
            rows.push(row);
        });
    return rows;
}

/**
 * Reads one `.jsonl` file row by row against `schema`, handing each valid row to `take` with its line number; throws
 * CorpusError naming the file and the line of the first row that is not JSON or breaks the schema.
 */
export function readJsonl<T>(file: string, schema: z.ZodType<T>, take: (row: T, file: string, line: number) => void): void {
    fs.readFileSync(file, 'utf8')
        .split('\n')
        .forEach((text, index) => {
            if (text.trim() === '') return;
            let json: unknown;
            try {
                json = JSON.parse(text);
            } catch {
                throw new CorpusError(file, index + 1, 'not JSON');
            }
            const parsed = schema.safeParse(json);
            if (!parsed.success) {
                const issue = parsed.error.issues[0];
                throw new CorpusError(file, index + 1, `${issue.path.join('.') || 'row'}: ${issue.message}`);
            }
            take(parsed.data, file, index + 1);
        });
}
