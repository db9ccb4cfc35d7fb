import * as path from 'path';
import { loadCorpus } from '../corpus/loadCorpus';
import { evaluate } from './evaluate';
import type { Reader } from './reading';
import { formatEvaluation } from './report';
import { splitCorpus } from './split';

/**
 * `node dist/language/evaluation/measure.js <compiled module> [--split dev|test] [--no-errors]`: evaluates the
 * `reader` a module exports, for whoever is writing one part of the language layer.
 */
function main(argv: string[]): void {
    const [modulePath] = argv;
    if (!modulePath) throw new Error('usage: measure.js <compiled module exporting reader> [--split dev|test] [--no-errors]');
    const split = argv.includes('--split') ? argv[argv.indexOf('--split') + 1] : 'dev';
    if (split !== 'dev' && split !== 'test') throw new Error('--split must be dev or test');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { reader } = require(path.resolve(modulePath)) as { reader: Reader };
    const result = evaluate(splitCorpus(loadCorpus())[split], reader);
    process.stdout.write(`${formatEvaluation(`${path.basename(modulePath)}, ${split} split`, result, { errors: !argv.includes('--no-errors') })}\n`);
}

main(process.argv.slice(2));
