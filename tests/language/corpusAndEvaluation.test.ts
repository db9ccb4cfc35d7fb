import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { CorpusError, loadCorpus } from '../../language/corpus/loadCorpus';
import { evaluate, missedThresholds } from '../../language/evaluation/evaluate';
import { accuracy, labelScores } from '../../language/evaluation/metrics';
import type { Reader } from '../../language/evaluation/reading';
import { fnv1a, splitCorpus, splitOfWriter } from '../../language/evaluation/split';
import { makeTempDir } from '../support/tempDir';

describe('the language corpus', () => {
    const rows = loadCorpus();

    it('has at least 2,000 valid rows, a third of them urgent, from many writers', () => {
        expect(rows.length).to.be.at.least(2000);
        const urgent = rows.filter((row) => row.urgent).length;
        expect(urgent / rows.length).to.be.within(0.28, 0.4);
        expect(new Set(rows.map((row) => row.writer)).size).to.be.at.least(150);
    });

    it('splits by writer, about a third in test, and no writer or message on both sides', () => {
        const { dev, test } = splitCorpus(rows);
        // every batch, the blind probes included, is split by the writer's hash alone
        expect(test.length / rows.length).to.be.within(0.2, 0.4);
        const devWriters = new Set(dev.map((row) => row.writer));
        expect(test.filter((row) => devWriters.has(row.writer))).to.deep.equal([]);
        const devTexts = new Set(dev.map((row) => `${row.context}|${row.text.trim().toLowerCase().replace(/\s+/g, ' ')}`));
        expect(test.filter((row) => devTexts.has(`${row.context}|${row.text.trim().toLowerCase().replace(/\s+/g, ' ')}`))).to.deep.equal([]);
        expect(test.filter((row) => row.urgent).length, 'urgent rows to measure recall on').to.be.at.least(200);
    });

    it('names the file and line of a row that breaks the schema', () => {
        const temp = makeTempDir('corpus');
        try {
            const good = JSON.stringify(rows[0]);
            fs.writeFileSync(path.join(temp.dir, 'batch.jsonl'), `${good}\n${JSON.stringify({ ...rows[0], id: 'x-2', context: 'kitchen' })}\n`);
            expect(() => loadCorpus(temp.dir)).to.throw(CorpusError, /batch\.jsonl:2: context/);
            fs.writeFileSync(path.join(temp.dir, 'batch.jsonl'), `${good}\n${good}\n`);
            expect(() => loadCorpus(temp.dir)).to.throw(CorpusError, /duplicate id/);
        } finally {
            temp.remove();
        }
    });
});

describe('the language evaluation', () => {
    it('computes the FNV-1a hash of the split as its reference vectors do', () => {
        expect(fnv1a('')).to.equal(0x811c9dc5);
        expect(fnv1a('a')).to.equal(0xe40c292c);
        expect(fnv1a('foobar')).to.equal(0xbf9cf968);
        expect(splitOfWriter('protected-urgencyPhrasings')).to.equal(fnv1a('protected-urgencyPhrasings') % 3 === 0 ? 'test' : 'dev');
    });

    it('scores precision, recall and F1 per label', () => {
        const pairs: Array<[string, string]> = [
            ['a', 'a'],
            ['a', 'b'],
            ['b', 'b'],
            ['b', 'b'],
            ['c', 'b']
        ];
        const [a, b, c] = labelScores(pairs);
        expect(a).to.include({ label: 'a', support: 2, precision: 1, recall: 0.5 });
        expect(b).to.include({ label: 'b', support: 2, precision: 0.5, recall: 1 });
        expect(c).to.include({ label: 'c', support: 1, recall: 0 });
        expect(accuracy(pairs)).to.equal(0.6);
    });

    it('fails the thresholds for a reader that never sees urgency, and passes a reader that reads the labels', () => {
        const rows = loadCorpus().filter((_, index) => index % 10 === 0);
        const byText = new Map(rows.map((row) => [`${row.context}|${row.text}`, row]));
        const oracle: Reader = (text, context) => {
            const row = byText.get(`${context}|${text}`)!;
            return { urgent: row.urgent, intent: row.intent, type: row.type, department: row.department, locality: row.locality, name: row.name };
        };
        const deaf: Reader = (text, context) => ({ ...oracle(text, context), urgent: false });
        expect(missedThresholds(evaluate(rows, oracle))).to.deep.equal([]);
        expect(missedThresholds(evaluate(rows, deaf)).join()).to.match(/urgency recall 0\.000 < 0\.98/);
        expect(evaluate(rows, deaf).errors.every((error) => error.wrong.join() === 'missed urgency')).to.equal(true);
    });

    it('counts an address as found when the reader finds one over the words the label copies, outside the location question', () => {
        const row = (context: 'first' | 'location', text: string, address: string | null) =>
            ({
                id: text,
                text,
                context,
                writer: 'ana',
                urgent: false,
                urgencyKind: null,
                intent: 'report',
                type: null,
                department: null,
                locality: null,
                name: null,
                correctionField: null,
                address
            }) as const;
        const rows = [
            row('first', 'se cayo un arbol en Sarmiento 450', 'Sarmiento 450'),
            row('first', 'se cayo un poste frente a la Escuela 12', 'frente a la Escuela 12'),
            row('first', 'se cayo un techo', null),
            row('location', 'la plaza', 'la plaza')
        ];
        const at = (text: string, words: string) => ({ start: text.indexOf(words), end: text.indexOf(words) + words.length });
        const reader: Reader = (text) => ({
            urgent: false,
            intent: 'report',
            type: null,
            department: null,
            locality: null,
            name: null,
            // the first address in full, a word of the second elsewhere in the text, one where none is said
            address: text.includes('Sarmiento') ? at(text, 'Sarmiento') : text.includes('poste') ? at(text, 'poste') : at(text, 'techo')
        });
        const result = evaluate(rows, reader);
        expect(result.addressRows).to.equal(2);
        expect(result.addressRecall).to.equal(0.5);
        expect(result.noAddressRows).to.equal(1);
        expect(result.spuriousAddressRate).to.equal(1);
        expect(result.errors.map((error) => error.wrong.join())).to.deep.equal(['address "frente a la Escuela 12" -> "poste"']);
    });

    it('counts an urgent message as caught in its conversation when an earlier message of it was read urgent, never across writers', () => {
        const row = (writer: string, context: 'first' | 'location', text: string) =>
            ({
                id: text,
                text,
                context,
                writer,
                urgent: true,
                urgencyKind: 'generic',
                intent: 'report',
                type: null,
                department: null,
                locality: null,
                name: null,
                correctionField: null
            }) as const;
        const rows = [
            row('ana', 'first', 'auxilio se quema la casa'),
            row('ana', 'location', 'barrio norte, al lado de la plaza'),
            row('beto', 'location', 'calle Sarmiento 40'),
            row('beto', 'first', 'mi hijo no respira'),
            row('beto', 'first', 'otra vez, ayuda'),
            row('beto', 'location', 'misma casa')
        ];
        // reads only the first message of each conversation as urgent
        const firstOnly: Reader = (text) => ({
            urgent: text === 'auxilio se quema la casa' || text === 'mi hijo no respira',
            intent: 'report',
            type: null,
            department: null,
            locality: null,
            name: null
        });
        const result = evaluate(rows, firstOnly);
        expect(result.urgency.recall).to.be.closeTo(2 / 6, 1e-9);
        // ana's address follows her urgent message; beto's first address came before any; "otra vez, ayuda" opens a new conversation
        expect(result.recallInConversation).to.be.closeTo(3 / 6, 1e-9);
    });
});
