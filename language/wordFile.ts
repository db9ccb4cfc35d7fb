import * as fs from 'fs';
import * as path from 'path';
import type { z } from 'zod';

/**
 * The data files of the language layer (language/data/*.json): plain lists an agency may edit. They are read from the
 * source tree, not copied into dist, so an edit needs no build.
 */
export const LANGUAGE_DATA_DIR = path.resolve(__dirname, '../../language/data');

/** A data file that is not readable JSON or does not follow its schema, named by file and entry. */
export class WordFileError extends Error {
    constructor(
        readonly file: string,
        problem: string
    ) {
        super(`${path.basename(file)}: ${problem}`);
        this.name = 'WordFileError';
    }
}

/** Reads `file` and validates it against `schema`; a mistake stops the start with the file and the entry at fault. */
export function readWordFile<T>(file: string, schema: z.ZodType<T>): T {
    let json: unknown;
    try {
        json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
        throw new WordFileError(file, `not readable JSON (${(error as Error).message})`);
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue.path.join('.');
    const entry = issue.path.reduce<unknown>((value, key) => (value as Record<string | number, unknown> | undefined)?.[key], json);
    throw new WordFileError(file, `entry ${where || '(root)'}${entry !== undefined ? ` (${JSON.stringify(entry)})` : ''}: ${issue.message}`);
}

/**
 * Whether a pattern ("a|b ~ c") keeps every phrase it means: a space ends a word of a pattern, so "el|la|a la" ends its
 * alternatives at "a" and makes "la" a word every match must have; such an entry matched nothing for sessions before
 * anyone saw why. Alternatives followed by a word of their own ("no ~ puede|pueden salir") are fine: only a word that
 * repeats one of the alternatives before it betrays a phrase written inside them.
 */
export function keepsItsPhrases(source: string): boolean {
    const steps = source.split(' ').filter((step) => step !== '');
    return !steps.some((step, i) => i > 0 && steps[i - 1].includes('|') && !step.includes('|') && steps[i - 1].split('|').includes(step));
}

/** What a pattern that fails `keepsItsPhrases` is told. */
export const PHRASE_INSIDE_ALTERNATIVES =
    'alternatives followed by one of themselves ("el|la|a la"): a space separates the words of a pattern, so this reads "a" then a required "la"; write "el|la|a ~ ..." instead';
