import { expect } from 'chai';
import { loadRealWords } from '../../language/urgency/realWords';
import { currentRealWords } from '../../language/urgency/realWordsCli';
import { readUrgency } from '../../language/urgency/urgencyReader';

describe('language/urgency: real words and pleas to come', () => {
    it('keeps the generated list of real words near the keywords current with urgencyWords.json', function () {
        // reads the 636,000-word list: a few seconds alone, much longer on a machine running other suites
        this.timeout(180_000);
        // a failure here means: run `npm run language:real-words` after editing the urgency words
        expect(loadRealWords()).to.deep.equal(currentRealWords().words);
    });

    it('never reads a real word one letter from a keyword as that keyword', () => {
        // "llenan" is one letter from "llevan" (swept away), "auxilios" from "auxilio"
        expect(readUrgency('ya no me manden mas los avisos, me llenan el cel').urgent).to.equal(false);
        expect(readUrgency('quería consultar si dictan cursos de primeros auxilios para vecinos').urgent).to.equal(false);
        // a misspelling that is no word is still read
        expect(readUrgency('mi tio quedo atrpado en el galpon').urgent).to.equal(true);
    });

    it('reads a plea to come in any order and at any distance as urgent', () => {
        for (const text of [
            'Ana Paula Moreno, x favor vengan',
            'vengan a la cancha de alijilan ya',
            'ayuda xfa estoy sola con mis hermanitos',
            'ayuda porfavor bengan'
        ])
            expect(readUrgency(text).urgent, text).to.equal(true);
    });

    it('does not read as a plea one that is not needed, one for a service, or thanks for help given', () => {
        for (const text of [
            'ya no hace falta que vengan, el agua bajo',
            'por favor vengan a podar el arbol ya',
            'Dios los bendiga por la ayuda con el techo',
            'ayuda por favor no entiendo que tengo que poner'
        ])
            expect(readUrgency(text).urgent, text).to.equal(false);
    });
});

describe('language/urgency: a house on fire in emoji, no way out, nobody knows of them', () => {
    it('reads fire and a house in emoji as a home on fire', () => {
        for (const text of ['🔥🔥🏠', '🏠🔥 vengan']) expect(readUrgency(text).kind, text).to.equal('fire_people');
    });

    it('reads "no hay cómo" as no way out, not as a negation of the danger', () => {
        expect(readUrgency('mi señora pariendo no hay como bajar').urgent).to.equal(true);
        expect(readUrgency('se cayo la pared, heridos no hay').urgent).to.equal(false);
    });

    it('reads a person nobody has heard of since a hazard as missing, and not when all are well', () => {
        expect(readUrgency('desde el aluvión de ayer nadie sabe de él').kind).to.equal('missing');
        expect(readUrgency('mi papá está sin contacto desde la nevada').kind).to.equal('missing');
        expect(readUrgency('estamos sin señal desde la nevada pero todos bien').urgent).to.equal(false);
    });
});

describe('language/urgency: a name and a hyperbole are no danger', () => {
    it('reads a first name at the name question as a name, not a typo of a keyword', () => {
        expect(readUrgency('tiago', { answeringName: true }).urgent).to.equal(false);
    });

    it('reads "me muero si..." as a hyperbole', () => {
        expect(readUrgency('literal me muero si llueve el sábado, tengo el casamiento').urgent).to.equal(false);
        expect(readUrgency('me muero, no puedo respirar').urgent).to.equal(true);
    });
});

describe('language/urgency: a joke owned up to', () => {
    it('tells no danger when the message says it was a joke or meant for another chat', () => {
        for (const text of ['se me cortó un dedo con la sierra jaja no, mentira', 'la casa se incendia y yo sigo bailando, perdón grupo equivocado'])
            expect(readUrgency(text).urgent, text).to.equal(false);
    });

    it('still reads the danger when the citizen says it is no joke', () => {
        for (const text of ['mi hijo no respira, no es broma', 'mentira que vinieron, mi papá sigue atrapado'])
            expect(readUrgency(text).urgent, text).to.equal(true);
    });
});

describe('language/urgency: a time to come, anger, a boat', () => {
    it('reads "cuando venga" as a time, not a plea to come', () => {
        expect(readUrgency('avísenme cuando venga el granizo por favor').urgent).to.equal(false);
        expect(readUrgency('por favor vengan ya').urgent).to.equal(true);
    });

    it('reads an explosion of anger as a figure, and an explosion with the injured as one', () => {
        expect(readUrgency('estoy que exploto de rabia, nadie vino a limpiar la acequia').urgent).to.equal(false);
        expect(readUrgency('explotó la garrafa y hay heridos').urgent).to.equal(true);
    });

    it('reads a boat swept away as a thing, and the people fine as an all-clear', () => {
        expect(readUrgency('la crecida se llevó mi bote del dique').urgent).to.equal(false);
        expect(readUrgency('nevó mucho, las llamas sin pasto, nosotros bien').urgent).to.equal(false);
    });
});
