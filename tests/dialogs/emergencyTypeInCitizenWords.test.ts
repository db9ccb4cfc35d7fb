import { expect } from 'chai';
import { recognizeEmergencyType } from '../../dialogs/emergencyTypeRecognizer';
import { saysTypeIsUnknown } from '../../language';
import { ReportBotHarness } from './support/reportBotHarness';

const TO_TYPE = ['hola', 'Ana Díaz', 'capital', 'Av. Belgrano 900'];

/** how citizens describe the emergency, and what happens when the bot still cannot tell. */
describe("dialogs: the emergency type in the citizen's words", () => {
    // [what the citizen writes, the type id]
    const table: [string, string][] = [
        ['el río creció', 'flash_flood'],
        ['El rio crecio mucho', 'flash_flood'],
        ['hay agua en todos lados', 'flood'],
        ['se llenó de agua la casa', 'flood'],
        ['incendio en el monte', 'wildfire'],
        ['hay un incendio en el cerro', 'wildfire'],
        // Unchanged: a fire with no word of the countryside is a house fire.
        ['hay un incendio', 'structure_fire'],
        ['3', 'flood'],
        // A fire of the hills, the scrub, the fields, the grass is a wildfire; a gas leak is hazardous materials.
        ['hay mucho humo en el barrio por el incendio del cerro', 'wildfire'],
        ['incendio del monte', 'wildfire'],
        ['el incendio del campo se acerca', 'wildfire'],
        ['incendio del pastizal', 'wildfire'],
        ['hay olor a gas', 'hazmat'],
        ['hay una fuga de gas', 'hazmat'],
        ['huele a gas en la cocina', 'hazmat']
    ];
    // Smoke, burning rubbish or a gas cut alone name no type (they were a house fire and hazardous materials).
    for (const input of ['hay humo de una quema de basura en el baldío', 'se cortó el gas y la luz en todo el barrio', 'hay humo']) {
        it(`"${input}" names no type`, () => expect(recognizeEmergencyType(input)).to.equal(undefined));
    }
    for (const [input, expected] of table) {
        it(`"${input}" -> ${expected}`, () => expect(recognizeEmergencyType(input)?.id).to.equal(expected));
    }

    it('"no sé" names no type, but says the citizen cannot tell (the whole answer only)', () => {
        for (const input of ['no sé', 'No se', 'nose', 'ni idea', 'no sé qué pasó']) expect(saysTypeIsUnknown(input), input).to.equal(true);
        for (const input of ['no sé qué pasó, hay humo', 'se inundó', 'no sé el nombre de la calle'])
            expect(saysTypeIsUnknown(input), input).to.equal(false);
        expect(recognizeEmergencyType('no sé qué pasó, hay humo, se quema la casa')?.id).to.equal('structure_fire');
    });

    describe('through the bot', () => {
        let h: ReportBotHarness;
        beforeEach(async () => {
            h = await ReportBotHarness.start();
        });
        afterEach(async () => {
            await h.stop();
        });

        for (const [answer, typeId, label] of [
            ['el río creció', 'flash_flood', 'Crecida o aluvión'],
            ['incendio en el monte', 'wildfire', 'Incendio forestal'],
            ['se llenó de agua la casa', 'flood', 'Inundación']
        ]) {
            it(`"${answer}" is ${label}`, async () => {
                for (const message of TO_TYPE) await h.send(message);
                expect(await h.say(answer))
                    .to.include('¿Puede enviar una foto?')
                    .and.not.include('Entiendo que es urgente');
                expect(await h.say('no tengo')).to.include(`Emergencia: ${label}`);
                await h.send('si');
                expect((await h.reportsOf())[0]).to.include({ emergencyTypeId: typeId });
                expect((await h.handoffsOf())[0]).to.include({ reason: 'report_complete' });
            });
        }

        it('after the second answer it cannot place, it takes the next as "Otra emergencia" with all their words', async () => {
            const [first, second, third] = ['un desastre total', 'se rompió todo en el barrio', 'es difícil de explicar'];
            for (const answer of [first, second, third]) expect(recognizeEmergencyType(answer), answer).to.equal(undefined);
            for (const message of TO_TYPE) await h.send(message);
            expect(await h.say(first)).to.include('No entendí el tipo de emergencia');
            expect(await h.say(second)).to.include('No entendí el tipo de emergencia');
            const reply = await h.say(third);
            expect(reply).to.include('¿Puede enviar una foto?').and.not.include('no logro entenderle').and.not.include('No entendí');
            const summary = await h.say('no tengo');
            expect(summary).to.include('Emergencia: Otra emergencia (').and.include(first).and.include(second).and.include(third);
            await h.send('Sí, enviar');

            const [report] = await h.reportsOf();
            expect(report).to.include({ emergencyTypeId: 'other', emergencyTypeLabel: 'Otra emergencia', priority: 'normal' });
            expect(report.emergencyDescription).to.include(first).and.include(second).and.include(third);
            const [handoff] = await h.handoffsOf();
            expect(handoff).to.include({ reason: 'report_complete', reportId: report.id });
            expect(handoff.report.emergencyDescription).to.include(third);
        });

        it('"no sé" is "Otra emergencia" with the citizen\'s words kept', async () => {
            for (const message of TO_TYPE) await h.send(message);
            expect(await h.say('no sé')).to.include('¿Puede enviar una foto?');
            await h.send('no tengo');
            await h.send('si');
            const [report] = await h.reportsOf();
            expect(report).to.include({ emergencyTypeId: 'other', emergencyDescription: 'no sé' });
        });

        it('a type chosen from the list keeps no description', async () => {
            for (const message of TO_TYPE) await h.send(message);
            await h.send('Otra emergencia');
            await h.send('no tengo');
            await h.send('si');
            const [report] = await h.reportsOf();
            expect(report).to.include({ emergencyTypeId: 'other' });
            expect(report.emergencyDescription).to.equal(undefined);
        });
    });
});
