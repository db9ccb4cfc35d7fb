import { loadCorpus } from '../corpus/loadCorpus';
import { evaluate, missedThresholds } from './evaluate';
import { languageLayer } from './languageLayer';
import { formatEvaluation } from './report';
import { splitCorpus } from './split';
import { todaysRecognizers } from './todaysRecognizers';

const READERS = {
    language: { reader: languageLayer, title: 'The language layer' },
    today: { reader: todaysRecognizers, title: 'The dialogs\' own recognisers' }
} as const;

/**
 * `npm run eval:language [-- --split dev|test] [--reader language|today] [--no-errors]`: precision, recall and F1 per
 * label on the test split (default) with the confusions, then every error with its text. Rules are written against
 * dev; the figures we report are the test split's.
 */
function main(argv: string[]): void {
    const option = (name: string, fallback: string): string => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
    const split = option('--split', 'test');
    if (split !== 'dev' && split !== 'test') throw new Error('--split must be dev or test');
    const name = option('--reader', 'language');
    if (name !== 'language' && name !== 'today') throw new Error('--reader must be language or today');
    const { reader, title } = READERS[name];
    const result = evaluate(splitCorpus(loadCorpus())[split], reader);
    process.stdout.write(`${formatEvaluation(`${title}, ${split} split`, result, { errors: !argv.includes('--no-errors') })}\n`);
    const missed = missedThresholds(result);
    process.stdout.write(missed.length === 0 ? '\nAll thresholds met.\n' : `\nThresholds missed: ${missed.join('; ')}\n`);
}

main(process.argv.slice(2));
