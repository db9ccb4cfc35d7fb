import { expect } from 'chai';
import { loadCorpus } from '../../language/corpus/loadCorpus';
import { splitCorpus } from '../../language/evaluation/split';
import { NOT_MEANT, readUrgency } from '../../language/urgency';
import { readUrgency as readUrgencyByRules } from '../../language/urgency/urgencyReader';
import { MODEL_THRESHOLD, MODEL_THRESHOLD_AFTER_THE_OPENING, modelUrgency, trainUrgencyModel } from '../../language/urgency/urgencyModel';

/**
 * The statistical second reader of urgency: trained from the rows it is given, the same way every time; it adds
 * urgency the rules do not see, never removes any, names the words it rests on, and stays out of the name question.
 */
describe('language/urgency: the statistical model beside the rules', () => {
    const dev = splitCorpus(loadCorpus()).dev;

    it('leans further towards a person after the opening, where a few words lean on what came before', () => {
        expect(MODEL_THRESHOLD_AFTER_THE_OPENING).to.be.below(MODEL_THRESHOLD);
        // short follow-ups the rules leave alone (the corpus's answers after the opening): which of them falls between
        // the two thresholds depends on the corpus, so they are looked for among all of them
        const followUps = dev.filter((row) => row.context !== 'first' && row.context !== 'name' && row.text.length < 60).map((row) => row.text);
        const between = followUps.filter((text) => {
            const p = modelUrgency(text).probability;
            return !readUrgencyByRules(text).urgent && p >= MODEL_THRESHOLD_AFTER_THE_OPENING && p < MODEL_THRESHOLD;
        });
        expect(between, 'no follow-up between the thresholds').to.not.be.empty;
        for (const text of between) {
            expect(readUrgency(text).urgent, text).to.equal(false);
            expect(readUrgency(text, { afterTheOpening: true }).urgent, text).to.equal(true);
        }
    });

    it('learns from the rows it is given: a word seen only in urgent messages makes a message urgent', () => {
        const rows = [
            ...['zorzal en la casa', 'vengan zorzal', 'zorzal ya', 'hay zorzal aca', 'zorzal por favor'].map((text) => ({ text, urgent: true })),
            ...['hola buen dia', 'quiero saber el clima', 'gracias por todo', 'la casa esta bien', 'por favor el numero'].map((text) => ({
                text,
                urgent: false
            }))
        ];
        const model = trainUrgencyModel(rows);
        expect(modelUrgency('mucho zorzal', model).probability).to.be.above(MODEL_THRESHOLD);
        expect(modelUrgency('buen dia', model).probability).to.be.below(0.5);
        expect(modelUrgency('mucho zorzal', model).evidence?.text).to.equal('zorzal');
    });

    it('trains the same weights every time (the same corpus reads the same on every machine)', () => {
        const sample = dev.slice(0, 400);
        const first = trainUrgencyModel(sample);
        const second = trainUrgencyModel(sample);
        for (const row of dev.slice(400, 440)) {
            expect(modelUrgency(row.text, first).probability).to.equal(modelUrgency(row.text, second).probability);
        }
    });

    it('never removes an urgency the rules found, and names the words of one it adds', () => {
        let added = 0;
        for (const row of dev) {
            const rules = readUrgencyByRules(row.text);
            const both = readUrgency(row.text);
            if (rules.urgent) expect(both, row.text).to.deep.equal(rules);
            else if (both.urgent) {
                added++;
                expect(both.byModel, row.text).to.equal(true);
                expect(both.reason).to.be.a('string');
                const { start, end, text } = both.evidence!;
                expect(row.text.slice(start, end), row.text).to.equal(text);
            }
        }
        expect(added, 'the model adds some urgency the rules miss on dev').to.be.above(0);
    });

    it('does not make urgent a message that names no danger and says the person is fine', () => {
        // which of them the model alone would read urgent depends on the corpus
        const fine = [
            'mi hijo ya aparecio, estaba en lo de un amigo',
            'ya volvio la nena, estaba en la plaza',
            'mi viejo ya esta con nosotros, todo bien'
        ];
        const weighed = fine.filter((text) => modelUrgency(text).probability >= MODEL_THRESHOLD_AFTER_THE_OPENING);
        expect(weighed, 'none the model alone would read urgent').to.not.be.empty;
        for (const text of fine) expect(readUrgency(text, { afterTheOpening: true }).urgent, text).to.equal(false);
        expect(readUrgency('mi hijo no aparecio, estaba en lo de un amigo y no volvio', { afterTheOpening: true }).urgent).to.equal(true);
    });

    it('does not overrule the rules where they read how the words were meant: a joke, a figure, a negation, a question', () => {
        let kept = 0;
        for (const row of dev) {
            const rules = readUrgencyByRules(row.text);
            if (rules.urgent || rules.cancelledBy === undefined || !(Object.values(NOT_MEANT) as string[]).includes(rules.cancelledBy)) continue;
            kept++;
            expect(readUrgency(row.text), row.text).to.deep.equal(rules);
        }
        expect(kept, 'dev holds messages the rules set aside for how they were meant').to.be.above(20);
        // "mi hija está atrapada en el tráfico": the rules read a figure, and the model's weight on "mi hija" no longer counts
        expect(readUrgency('mi hija esta atrapada en el trafico de la avenida').urgent).to.equal(false);
    });

    it("still speaks when a message says someone is cared for or found, and the danger is another's or comes after", () => {
        for (const text of [
            'el nene se fue al monte y ya no lo vieron',
            'mi esposa esta internada y mi hijo se fue de la casa hace 2 dias, no sabemos nada',
            'ya se desperto pero sigue sin reconocer a nadie'
        ])
            expect(readUrgency(text).urgent, text).to.equal(true);
    });

    it('does not count its weight on a term of the trade: first aid, an emergency exit', () => {
        expect(readUrgency('mi hijo esta aprendiendo primeros auxilios en la escuela').urgent).to.equal(false);
        expect(readUrgency('auxilio, mi hijo no respira').urgent).to.equal(true);
    });

    it('stays out of the answer to the name question ("Socorro Díaz" is a name), and reads what is said after it', () => {
        const addedByModel = dev.map((row) => row.text).filter((text) => readUrgency(text).byModel === true);
        expect(addedByModel.length).to.be.above(0);
        // a name alone, or a name and a few words ("Consuelo Arias, la del almacén"), is read by the rules alone
        const nameOnly = (text: string): boolean => !/[.,;:!?\n]\s*\S+\s+\S+\s+\S+\s+\S+/.test(text);
        for (const text of addedByModel.filter(nameOnly))
            expect(readUrgency(text, { answeringName: true }), text).to.deep.equal(readUrgencyByRules(text, { answeringName: true }));
        for (const name of ['Socorro Díaz', 'Socorro', 'María de los Dolores Auxilio', 'Consuelo Arias, la del almacen']) {
            expect(readUrgency(name, { answeringName: true }), name).to.deep.equal(readUrgencyByRules(name, { answeringName: true }));
        }
        // what follows the name is a message like any other: the model may find it urgent, and quotes it, never the name
        const after = readUrgency('Walter. El del pique ya no se queja, no lo escuchamos más', { answeringName: true });
        if (after.byModel) expect(after.evidence!.start).to.be.at.least('Walter.'.length);
    });
});
