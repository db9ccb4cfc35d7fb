/**
 * `npm run bench:language`: what reading one message costs, per reader of the language layer, on the corpus and on
 * 4,096-character messages (WhatsApp's longest), each beside the baseline of only tokenizing the same text in this
 * same run. The tests never time anything; this is where speed is measured.
 */
import { readEmergencyTypes, readIntent, readName, readPeople, readPlace, readUrgency } from '../language';
import { readUnderstanding } from '../language/understanding';
import { loadCorpus } from '../language/corpus/loadCorpus';
import { tokenize } from '../language/text/normalize';

const LONG: Record<string, string> = {
    'long report': 'se cayo el arbol sobre la calle y no pasa nadie, frente a la escuela 123 de tinogsata, '.repeat(60).slice(0, 4096),
    'long plea': 'auxilio por favor vengan rapido mi abuela no respira '.repeat(90).slice(0, 4096),
    'one letter': 'a'.repeat(4096)
};

const READERS: Record<string, (text: string) => unknown> = {
    'tokenize (baseline)': (text) => tokenize(text),
    urgency: (text) => readUrgency(text),
    place: (text) => readPlace(text),
    types: (text) => readEmergencyTypes(text),
    intent: (text) => readIntent(text, 'first', false),
    name: (text) => readName(text, 'first'),
    people: (text) => readPeople(text),
    // the readers without the memo of understand(): the long sets repeat one text
    'understand (all)': (text) => readUnderstanding(text, 'first')
};

/** Microseconds per call of `read` over `texts`, best of five passes (a busy machine slows a pass, not the reader). */
function microsPerMessage(read: (text: string) => unknown, texts: readonly string[]): number {
    for (const text of texts.slice(0, 200)) read(text);
    let best = Infinity;
    for (let pass = 0; pass < 5; pass++) {
        const started = process.hrtime.bigint();
        for (const text of texts) read(text);
        best = Math.min(best, Number(process.hrtime.bigint() - started) / 1000 / texts.length);
    }
    return best;
}

function main(): void {
    const corpus = loadCorpus().map((row) => row.text);
    const sets: Record<string, string[]> = {
        corpus: corpus,
        ...Object.fromEntries(Object.entries(LONG).map(([name, text]) => [name, Array(20).fill(text)]))
    };
    const baseline: Record<string, number> = {};
    const lines = [
        '| reader | ' +
            Object.keys(sets)
                .map((set) => `${set} µs (× tokenize)`)
                .join(' | ') +
            ' |',
        '|---|' +
            Object.keys(sets)
                .map(() => '---:')
                .join('|') +
            '|'
    ];
    for (const [name, read] of Object.entries(READERS)) {
        const cells = Object.entries(sets).map(([set, texts]) => {
            const micros = microsPerMessage(read, texts);
            if (name.startsWith('tokenize')) baseline[set] = micros;
            return `${micros.toFixed(1)} (${(micros / baseline[set]).toFixed(1)}×)`;
        });
        lines.push(`| ${name} | ${cells.join(' | ')} |`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
}

main();
