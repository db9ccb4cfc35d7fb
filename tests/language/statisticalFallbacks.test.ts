import { expect } from 'chai';
import { understand } from '../../language';
import { readIntent } from '../../language/intents';
import { modelIntent } from '../../language/intents/intentModel';
import { signUpVerbAt } from '../../language/intents/subscriptionVerbs';
import { classify, trainSoftmax } from '../../language/model/softmaxModel';
import { stemFeatures } from '../../language/model/stemFeatures';
import { soundFold } from '../../language/text/soundFold';
import { readUrgency } from '../../language/urgency';

/**
 * The general mechanisms beside the word lists: the small softmax reader the intent and type readers fall back on,
 * spellings folded as they sound, a type implied by the kind of urgency, no type for messages that tell no
 * emergency, the sign-up verbs of the alerts by stem, and a plea to send someone to do a service.
 */
describe('language: statistical fallbacks and general mechanisms', () => {
    it("never lets the intent model cancel a waiting case: a command needs a rule's words", () => {
        // Loose words the model reads as a cancel (which of them depends on the corpus it trained on); a guess must not
        // withdraw a case someone may still need.
        const loose = ['ya fue, dejenlo asi', 'no importa ya', 'dejen nomas', 'ya fue'];
        const modelCancels = loose.filter((text) => modelIntent(text, 'waiting', 0) === 'cancel');
        expect(modelCancels).to.not.be.empty;
        for (const text of modelCancels) expect(readIntent(text, 'waiting', false).intent, text).to.not.equal('cancel');
        expect(readIntent('cancelar', 'waiting', false).intent).to.equal('cancel');
    });

    it('trains a softmax reader deterministically, and it learns which words go with which label', () => {
        const rows = [
            ...['podar el arbol', 'limpiar la acequia', 'podar la vereda'].map((text) => ({ features: stemFeatures(text), label: 'request' })),
            ...['hola buen dia', 'hola que tal', 'buen dia gente'].map((text) => ({ features: stemFeatures(text), label: 'greeting' }))
        ];
        const first = trainSoftmax(rows, { epochs: 30 });
        const second = trainSoftmax(rows, { epochs: 30 });
        expect(classify(first, stemFeatures('podar')).label).to.equal('request');
        expect(classify(first, stemFeatures('hola')).label).to.equal('greeting');
        expect(classify(first, stemFeatures('podar el nogal')).probability).to.equal(classify(second, stemFeatures('podar el nogal')).probability);
    });

    it('folds spellings as they sound: b/v, s/z/c, ll/y, g/j, a silent h, qu/k', () => {
        expect(soundFold('bengan')).to.equal(soundFold('vengan'));
        expect(soundFold('nesesito')).to.equal(soundFold('necesito'));
        expect(soundFold('asequia')).to.equal(soundFold('acequia'));
        expect(soundFold('callo')).to.equal(soundFold('cayo'));
        expect(soundFold('urjente')).to.equal(soundFold('urgente'));
        expect(soundFold('kiero')).to.equal(soundFold('quiero'));
        expect(soundFold('hay')).to.equal(soundFold('ay'));
    });

    it('reads the type an urgency of a medical kind implies when the words name no hazard', () => {
        const reading = understand('mi abuelo se desmayó y no reacciona, vengan', 'first');
        expect(reading.urgency.urgent).to.equal(true);
        expect(reading.types[0]?.id).to.equal('other');
    });

    it('reads no type in a message that thanks, cancels or says yes', () => {
        expect(understand('gracias, ya llegó la ambulancia', 'waiting').types).to.deep.equal([]);
        expect(understand('no, cancelalo, ya bajó el agua', 'summary').types).to.deep.equal([]);
    });

    it('reads no type in a question or a request about a body in no danger now, and `other` when it tells one', () => {
        expect(understand('¿con cuántos grados de fiebre hay que llevar a la nena a la guardia?', 'first').types).to.deep.equal([]);
        expect(understand('¿dan cursos de primeros auxilios? quiero saber qué hacer si el nene se atraganta', 'first').types).to.deep.equal([]);
        expect(understand('mi nene se atraganta y no puede respirar, ¿qué hago?', 'first').types[0]?.id).to.equal('other');
        // a question about a hazard keeps its hazard: "¿está cortada la ruta?" is still about the road
        expect(understand('¿está cortada la ruta 40? dicen que hay árboles caídos', 'first').types[0]?.id).to.equal('fallen_lines');
    });

    it('of two types the rules read, puts first the one the corpus makes likelier: a mud slide over a home, a wall on a child', () => {
        const first = (text: string): string | undefined => understand(text, 'first').types[0]?.id;
        expect(first('bajó un alud de barro del cerro y tapó la casa de los Avila, hay gente adentro')).to.equal('landslide');
        expect(first('derrumbe en la galeria de la mina, dos compañeros quedaron abajo')).to.equal('landslide');
        expect(first('se cayó la pared del vecino y quedó el nene atrapado abajo')).to.equal('people_trapped');
    });

    it('reads a sign-up to the alerts by the stem of its verb, also asked as a question', () => {
        expect(readIntent('¿Cómo hago para recibir las alertas de Belén aunque viva en Córdoba?', 'first', false).intent).to.equal(
            'alerts_subscribe'
        );
        expect(readIntent('se quiere anotar el grupo de jóvenes para las alertas de Paclín', 'first', false).intent).to.equal('alerts_subscribe');
        expect(signUpVerbAt(['ya', 'no', 'quiero', 'que', 'me', 'lleguen', 'las', 'alertas'])).to.equal(-1);
        expect(signUpVerbAt(['me', 'llego', 'una', 'alerta', 'de', 'viento'])).to.equal(-1);
    });

    it('a plea to send someone to do a service is a request, a plea for people stays urgent', () => {
        expect(readUrgency('pueden mandar a alguien a cortar las ramas del sauce').urgent).to.equal(false);
        expect(readUrgency('manden a alguien ya, por favor').urgent).to.equal(true);
        expect(readUrgency('manden a alguien a ver a mi abuelo que no se mueve').urgent).to.equal(true);
    });

    it('"no me sale", "no me aparece" say something fails the writer; a person named keeps the urgency', () => {
        expect(readUrgency('y como hago para mandar la foto? no me sale').urgent).to.equal(false);
        expect(readUrgency('no me aparece la lista esa').urgent).to.equal(false);
        expect(readUrgency('mi hijo no me aparece, salió al río').urgent).to.equal(true);
    });

    it('water entering the homes or reaching the beds, in either word order, is urgent', () => {
        expect(readUrgency('la calle está hecha un río y ya entra a las casas').urgent).to.equal(true);
        expect(readUrgency('ya le llega al colchón el agua').urgent).to.equal(true);
    });

    it('a resolution with help already there is no urgency: "gracias, llegó la ambulancia"', () => {
        expect(readUrgency('Gracias, llegó la ambulancia').urgent).to.equal(false);
        expect(readUrgency('llegó la ambulancia pero no respira').urgent).to.equal(true);
    });
});
