import { loadCorpus } from '../corpus/loadCorpus';
import { evaluate, missedThresholds } from './evaluate';
import { formatEvaluation } from './report';
import { splitCorpus } from './split';
import { todaysRecognizers } from './todaysRecognizers';
import { readUrgency } from '../urgency/urgencyReader';
import type { Reader } from './reading';

/** The baseline reader with `urgent`/`reason` from the new urgency reader (language/urgency). */
const urgencyReader: Reader = (text, context) => {
    const verdict = readUrgency(text, { answeringName: context === 'name' });
    return { ...todaysRecognizers(text, context), urgent: verdict.urgent, reason: verdict.reason };
};

/**
 * `npm run eval:language [-- --split dev|test] [--no-errors]`: the figures on the test split (default), then every
 * error with its text. Rules are written against dev; the figures we report are the test split's.
 */
function main(argv: string[]): void {
    const split = argv.includes('--split') ? argv[argv.indexOf('--split') + 1] : 'test';
    if (split !== 'dev' && split !== 'test') throw new Error('--split must be dev or test');
    const rows = splitCorpus(loadCorpus())[split];
    const readerName = argv.includes('--reader') ? argv[argv.indexOf('--reader') + 1] : 'today';
    if (readerName !== 'today' && readerName !== 'urgency') throw new Error('--reader must be today or urgency');
    const result = evaluate(rows, readerName === 'urgency' ? urgencyReader : todaysRecognizers);
    const title = readerName === 'urgency' ? 'Urgency reader over today\'s recognisers' : 'The dialogs\' recognisers today';
    process.stdout.write(`${formatEvaluation(`${title}, ${split} split`, result, { errors: !argv.includes('--no-errors') })}\n`);
    const missed = missedThresholds(result);
    process.stdout.write(missed.length === 0 ? '\nAll thresholds met.\n' : `\nThresholds missed: ${missed.join('; ')}\n`);
}

main(process.argv.slice(2));
