import { loadCorpus } from '../corpus/loadCorpus';
import { evaluate, missedThresholds } from './evaluate';
import { formatEvaluation } from './report';
import { splitCorpus } from './split';
import { todaysRecognizers } from './todaysRecognizers';

/**
 * `npm run eval:language [-- --split dev|test] [--no-errors]`: the figures on the test split (default), then every
 * error with its text. Rules are written against dev; the figures we report are the test split's.
 */
function main(argv: string[]): void {
    const split = argv.includes('--split') ? argv[argv.indexOf('--split') + 1] : 'test';
    if (split !== 'dev' && split !== 'test') throw new Error('--split must be dev or test');
    const rows = splitCorpus(loadCorpus())[split];
    const result = evaluate(rows, todaysRecognizers);
    process.stdout.write(`${formatEvaluation(`The dialogs' recognisers today, ${split} split`, result, { errors: !argv.includes('--no-errors') })}\n`);
    const missed = missedThresholds(result);
    process.stdout.write(missed.length === 0 ? '\nAll thresholds met.\n' : `\nThresholds missed: ${missed.join('; ')}\n`);
}

main(process.argv.slice(2));
