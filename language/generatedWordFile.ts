import * as fs from 'fs';
import { z } from 'zod';
import { readWordFile } from './wordFile';

const schema = z.object({ about: z.string(), source: z.string(), words: z.array(z.string().min(1)) });

/** A list of words a command generates into language/data (never edited by hand), with what it is and its source. */
export interface GeneratedWordFile {
    /** The words, validated (a broken file stops the start with its name and entry). */
    load: () => string[];
    /** Writes the generator's output in the file's format. */
    write: (words: readonly string[], source: string) => void;
}

export function generatedWordFile(file: string, about: string): GeneratedWordFile {
    return {
        load: () => readWordFile(file, schema).words,
        write: (words, source) => fs.writeFileSync(file, `${JSON.stringify({ about, source, words }, null, 1)}\n`)
    };
}
