import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { CORPUS_DIR, CorpusError, readJsonl } from '../corpus/loadCorpus';
import { INTENTS, TYPE_IDS, type CorpusRow } from '../corpus/corpusRow';
import type { Reader } from './reading';

/**
 * How far people agree on the labels the thresholds are measured against. Independent annotators, who read only the
 * corpus README and never the corpus labels nor the reader's output, labelled a sample of the test split again; their
 * agreement with the corpus is the most any reader can be expected to reach on those labels (a reader that matched
 * the corpus better than a careful person would have learnt its labellers' habits, not the language).
 */

/** The folder of the annotators' files: one `.jsonl` per annotator, named after them. */
export const AGREEMENT_DIR = path.join(CORPUS_DIR, 'agreement');

export const FIELDS = ['intent', 'type', 'urgent'] as const;
export type Field = (typeof FIELDS)[number];
export type Labels = { intent: string; type: string | null; urgent: boolean };

const annotationSchema = z
    .object({ id: z.string().min(1), intent: z.enum(INTENTS), type: z.enum(TYPE_IDS).nullable(), urgent: z.boolean() })
    .strict();

/** Every annotator's labels by row id, from `dir` (the file name without `.jsonl` names the annotator). */
export function loadAnnotations(dir: string = AGREEMENT_DIR): Map<string, Map<string, Labels>> {
    const annotators = new Map<string, Map<string, Labels>>();
    for (const name of fs
        .readdirSync(dir)
        .filter((file) => file.endsWith('.jsonl'))
        .sort()) {
        const labels = new Map<string, Labels>();
        readJsonl(path.join(dir, name), annotationSchema, (row, file, line) => {
            if (labels.has(row.id)) throw new CorpusError(file, line, `duplicate id ${row.id}`);
            labels.set(row.id, row);
        });
        annotators.set(name.replace(/\.jsonl$/, ''), labels);
    }
    return annotators;
}

export interface PairAgreement {
    a: string;
    b: string;
    /** Share of the rows both label alike. */
    agreement: number;
    /** Cohen's kappa: the agreement beyond what two labellers with these label frequencies reach by chance. */
    kappa: number;
    rows: number;
}

export interface FieldAgreement {
    field: Field;
    pairs: PairAgreement[];
    /** The reader's accuracy on the rows where the corpus and every annotator agree: what is left once doubt is set aside. */
    readerWhereAllAgree: number;
    rowsWhereAllAgree: number;
}

/**
 * Pairwise agreement between the corpus, each annotator and the reader, per field, on the rows every annotator
 * labelled. The type is compared on the rows whose corpus label names one, as the type accuracy is.
 */
export function measureAgreement(
    rows: readonly CorpusRow[],
    annotators: ReadonlyMap<string, ReadonlyMap<string, Labels>>,
    reader: Reader
): FieldAgreement[] {
    const labelled = rows.filter((row) => [...annotators.values()].every((labels) => labels.has(row.id)));
    const voices = new Map<string, (row: CorpusRow) => Labels>([['corpus', (row) => row]]);
    for (const [name, labels] of annotators) voices.set(name, (row) => labels.get(row.id)!);
    const read = new Map(
        labelled.map((row) => {
            const reading = reader(row.text, row.context);
            return [row.id, { intent: reading.intent, type: reading.type, urgent: reading.urgent }];
        })
    );
    voices.set('reader', (row) => read.get(row.id)!);
    const names = [...voices.keys()];
    return FIELDS.map((field) => {
        const on = field === 'type' ? labelled.filter((row) => row.type !== null) : labelled;
        const value = (name: string, row: CorpusRow): string => String(voices.get(name)!(row)[field]);
        const pairs: PairAgreement[] = [];
        for (let i = 0; i < names.length; i++)
            for (let j = i + 1; j < names.length; j++) {
                const a = on.map((row) => value(names[i], row));
                const b = on.map((row) => value(names[j], row));
                pairs.push({ a: names[i], b: names[j], ...agreementOf(a, b), rows: on.length });
            }
        const people = names.filter((name) => name !== 'reader');
        const agreed = on.filter((row) => people.every((name) => value(name, row) === value('corpus', row)));
        const right = agreed.filter((row) => value('reader', row) === value('corpus', row)).length;
        return { field, pairs, readerWhereAllAgree: agreed.length === 0 ? 1 : right / agreed.length, rowsWhereAllAgree: agreed.length };
    });
}

/** Observed agreement and Cohen's kappa of two equally long lists of labels. */
export function agreementOf(a: readonly string[], b: readonly string[]): { agreement: number; kappa: number } {
    if (a.length === 0) return { agreement: 1, kappa: 1 };
    const observed = a.filter((label, i) => label === b[i]).length / a.length;
    const share = (list: readonly string[], label: string): number => list.filter((x) => x === label).length / list.length;
    const chance = [...new Set([...a, ...b])].reduce((sum, label) => sum + share(a, label) * share(b, label), 0);
    return { agreement: observed, kappa: chance === 1 ? 1 : (observed - chance) / (1 - chance) };
}

/** The agreement as the plain text `npm run eval:agreement` prints. */
export function formatAgreement(result: readonly FieldAgreement[]): string {
    const lines: string[] = [];
    for (const field of result) {
        lines.push(`## ${field.field}${field.field === 'type' ? ' (rows whose corpus label names a type)' : ''}`, '');
        lines.push('| between | and | agreement | kappa | rows |', '|---|---|---:|---:|---:|');
        for (const pair of field.pairs)
            lines.push(`| ${pair.a} | ${pair.b} | ${pair.agreement.toFixed(3)} | ${pair.kappa.toFixed(3)} | ${pair.rows} |`);
        lines.push(
            '',
            `The reader where the corpus and every annotator agree: ${field.readerWhereAllAgree.toFixed(3)} on ${field.rowsWhereAllAgree} rows.`,
            ''
        );
    }
    return lines.join('\n');
}
