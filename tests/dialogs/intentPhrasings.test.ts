import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { recognizeIntent } from '../../dialogs/intentRecognizer';

/**
 * The dialogs' commands are the language layer's reading (language/intents). How citizens phrase them ("quiero
 * recibir las alertas", "no me manden más alertas", "cancelar por favor") is measured as corpus rows:
 * language/corpus/phrasings.jsonl and protected.jsonl. What is left here is the adapter: which reading is which command.
 */
describe('dialogs: the commands the language layer reads', () => {
    const as = (text: string, step?: Parameters<typeof recognizeIntent>[1]): string | undefined => {
        const intent = recognizeIntent(text, step);
        return intent === undefined ? undefined : intent.kind === 'alerts' ? `alerts:${intent.command}` : intent.kind;
    };

    it("maps each command intent to the dialogs' command", () => {
        expect(as('cancelar')).to.equal('cancel');
        expect(as('ayuda')).to.equal('help');
        expect(as('?')).to.equal('help');
        expect(as('quiero hablar con una persona')).to.equal('operator');
        expect(as('ALERTAS')).to.equal('alerts:subscribe');
        expect(as('MIS ALERTAS')).to.equal('alerts:list');
        expect(as('BAJA')).to.equal('alerts:unsubscribe');
    });

    it('is no command for any other reading: a report, a question about the alerts, thanks, a greeting', () => {
        for (const text of ['hay alerta de crecida y se inunda mi casa', '¿hay alerta en Belén?', 'gracias', 'hola', 'calle baja 123']) {
            expect(as(text), text).to.equal(undefined);
        }
    });

    it('reads the message at the step it is given', () => {
        expect(as('no entiendo qué tengo que poner', 'location')).to.equal('help');
    });

    it('has one reader of intents: the language layer, not the phrases of dialogs/data/recognition.json', () => {
        const source = fs.readFileSync(path.resolve(__dirname, '../../../dialogs/intentRecognizer.ts'), 'utf8');
        expect(source).not.to.match(/recognitionData|recognition\.json'/);
    });
});
