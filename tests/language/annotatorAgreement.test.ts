import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCorpus } from '../../language/corpus/loadCorpus';
import type { CorpusRow } from '../../language/corpus/corpusRow';
import { agreementOf, loadAnnotations, measureAgreement, type Labels } from '../../language/evaluation/agreement';
import { splitOfWriter } from '../../language/evaluation/split';

describe('language/evaluation: agreement between annotators', () => {
    it('counts the share of labels two lists share, and the kappa beyond chance', () => {
        const { agreement, kappa } = agreementOf(['a', 'a', 'b', 'b'], ['a', 'a', 'b', 'a']);
        expect(agreement).to.equal(0.75);
        // chance: 0.5 * 0.75 + 0.5 * 0.25 = 0.5, so kappa = (0.75 - 0.5) / 0.5
        expect(kappa).to.be.closeTo(0.5, 1e-9);
        expect(agreementOf(['a', 'b'], ['b', 'a']).agreement).to.equal(0);
    });

    it('scores the reader on the rows where every person agrees, and the type only where the corpus names one', () => {
        const row = (id: string, intent: CorpusRow['intent'], type: CorpusRow['type']): CorpusRow => ({
            id,
            text: id,
            context: 'first',
            writer: 'w',
            urgent: false,
            urgencyKind: null,
            intent,
            type,
            department: null,
            locality: null,
            name: null,
            correctionField: null
        });
        const rows = [row('r1', 'report', 'flood'), row('r2', 'question', null), row('r3', 'thanks', null)];
        const annotator = new Map<string, Labels>([
            ['r1', { intent: 'report', type: 'flood', urgent: false }],
            ['r2', { intent: 'request', type: null, urgent: false }],
            ['r3', { intent: 'thanks', type: null, urgent: false }]
        ]);
        const reader = (text: string) => ({
            urgent: false,
            intent: text === 'r3' ? 'other' : 'report',
            type: 'flood',
            department: null,
            locality: null,
            name: null
        });
        const [intent, type] = measureAgreement(rows, new Map([['annotator', annotator]]), reader);
        expect(intent.pairs.find((p) => p.a === 'corpus' && p.b === 'annotator')?.agreement).to.be.closeTo(2 / 3, 1e-9);
        // r1 and r3 are agreed on; the reader reads r1 right and r3 wrong
        expect(intent.rowsWhereAllAgree).to.equal(2);
        expect(intent.readerWhereAllAgree).to.equal(0.5);
        expect(type.pairs[0].rows).to.equal(1);
        expect(type.readerWhereAllAgree).to.equal(1);
    });

    it("holds labels for test-split writers' rows only, every annotator the same rows, each row once", () => {
        const annotators = loadAnnotations();
        expect(annotators.size).to.be.at.least(2);
        // by writer: a row a later dev writer happened to write the same way leaves the measured split, not the sample
        const test = new Set(
            loadCorpus()
                .filter((r) => splitOfWriter(r.writer) === 'test')
                .map((r) => r.id)
        );
        const [first, ...others] = [...annotators.values()];
        for (const id of first.keys()) expect(test.has(id), id).to.equal(true);
        for (const other of others) expect([...other.keys()].sort()).to.deep.equal([...first.keys()].sort());
    });

    it('names the file and the line of a label that is not allowed', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agreement-'));
        fs.writeFileSync(
            path.join(dir, 'someone.jsonl'),
            '{"id":"x-1","intent":"report","type":null,"urgent":false}\n{"id":"x-2","intent":"rant","type":null,"urgent":false}\n'
        );
        expect(() => loadAnnotations(dir)).to.throw(/someone\.jsonl:2: intent/);
    });
});
