import { loadCorpus } from '../corpus/loadCorpus';
import { evaluate, missedThresholds } from './evaluate';
import { languageLayer } from './languageLayer';
import { formatEvaluation } from './report';
import { splitCorpus } from './split';

/**
 * `npm run eval:language [-- --split dev|test] [--no-errors]`: precision, recall and F1 per label of the language
 * layer on the test split (default) with the confusions, then every error with its text. Rules are written against
 * dev; the figures we report are the test split's.
 */
function main(argv: string[]): void {
    const split = argv.includes('--split') ? argv[argv.indexOf('--split') + 1] : 'test';
    if (split !== 'dev' && split !== 'test') throw new Error('--split must be dev or test');
    const result = evaluate(splitCorpus(loadCorpus())[split], languageLayer);
    process.stdout.write(`${formatEvaluation(`The language layer, ${split} split`, result, { errors: !argv.includes('--no-errors') })}\n`);
    const missed = missedThresholds(result);
    process.stdout.write(missed.length === 0 ? '\nAll thresholds met.\n' : `\nThresholds missed: ${missed.join('; ')}\n`);
}

main(process.argv.slice(2));
