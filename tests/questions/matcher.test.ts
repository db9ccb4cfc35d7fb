import { expect } from 'chai';
import { DEFAULT_THRESHOLD, KnowledgeBaseError, parseKnowledgeBase, QuestionMatcher, shippedKnowledge } from '../../questions';
import { evaluateHeldOut } from './support/heldOutEvaluation';

/** The floors the matcher must keep on the held-out set (its figures when the threshold was chosen: 0.923 / 0.889). */
const PRECISION_FLOOR = 0.9;
const RECALL_FLOOR = 0.85;

describe('Questions: the knowledge base and its matcher', () => {
    it('ships 10 to 14 valid entries, each with 5 to 10 ways of asking', () => {
        const entries = shippedKnowledge();
        expect(entries.length).to.be.within(10, 14);
        for (const entry of entries) expect(entry.askedAs.length, entry.id).to.be.within(5, 10);
        const numbers = entries.find((e) => e.id === 'numeros-emergencia')!.answer;
        for (const number of ['911', '100', '107', '103']) expect(numbers).to.contain(number);
        const alerts = entries.find((e) => e.id === 'alertas-suscripcion')!.answer;
        expect(alerts).to.contain('ALERTAS').and.contain('BAJA');
    });

    it('names the file, the entry and the problem when the knowledge base is wrong', () => {
        const good = { id: 'uno', title: 'Uno y dos', answer: 'Una respuesta larga.', askedAs: ['primera forma', 'segunda forma', 'tercera forma'] };
        expect(() => parseKnowledgeBase({ entries: [good, { ...good, id: 'dos', askedAs: ['solo una'] }] }, 'kb.json')).to.throw(
            KnowledgeBaseError,
            /^kb\.json: entry 1 \("dos"\): askedAs: at least 3 ways of asking/
        );
        expect(() => parseKnowledgeBase({ entries: [good, good] }, 'kb.json')).to.throw(
            KnowledgeBaseError,
            /entry 1 \("uno"\): the id "uno" is used twice/
        );
        expect(() => parseKnowledgeBase({ entries: [{ ...good, id: 'Con Espacios' }] }, 'kb.json')).to.throw(
            KnowledgeBaseError,
            /entry 0 \("Con Espacios"\): id:/
        );
        expect(() => parseKnowledgeBase({ entries: [{ ...good, extra: 1 }] }, 'kb.json')).to.throw(KnowledgeBaseError, /Unrecognized key/);
    });

    it(`reads held-out ways of asking with precision >= ${PRECISION_FLOOR} and recall >= ${RECALL_FLOOR}`, () => {
        const figures = evaluateHeldOut(new QuestionMatcher(shippedKnowledge()));
        expect(figures.threshold).to.equal(DEFAULT_THRESHOLD);
        const report = [
            `held-out: ${figures.answerable} answerable, ${figures.unanswerable} that must not match; threshold ${figures.threshold}`,
            `precision ${figures.precision.toFixed(3)}, recall ${figures.recall.toFixed(3)} (${figures.right} right, ${figures.wrong.length} wrong entry, ${figures.missed.length} missed, ${figures.falseAnswers.length} answered that must not be)`,
            ...figures.wrong.map((w) => `  wrong: "${w.text}" -> ${w.got} (expected ${w.expected}, ${w.score})`),
            ...figures.missed.map((m) => `  missed: "${m.text}" (expected ${m.expected}, best ${m.best ?? '-'} ${m.score})`),
            ...figures.falseAnswers.map((f) => `  false answer: "${f.text}" -> ${f.got} (${f.score})`)
        ].join('\n');
        if (process.env.QUESTIONS_FIGURES) console.log(report);
        expect(figures.precision, report).to.be.at.least(PRECISION_FLOOR);
        expect(figures.recall, report).to.be.at.least(RECALL_FLOOR);
    });

    it('answers typos and missing accents, and leaves what it does not know to a person', () => {
        const matcher = new QuestionMatcher(shippedKnowledge());
        expect(matcher.match('ke ago si ay sonda').entry?.id).to.equal('viento-zonda');
        expect(matcher.match('Qué hago si se inundó mi casa?').entry?.id).to.equal('inundacion-crecida');
        expect(matcher.match('nro de los bomberos').entry?.id).to.equal('numeros-emergencia');
        const none = matcher.match('a que hora abre el banco nacion');
        expect(none.entry).to.equal(undefined);
        expect(matcher.match('').ranked).to.deep.equal([]);
    });
});
