import { expect } from 'chai';
import { ReportBotHarness } from './support/reportBotHarness';

const TO_LOCATION = ['hola', 'Ana Díaz', 'capital'];

/** Review: "gracias" was taken as the location ("Ubicación: gracias"). Courtesy and emoji alone say no place. */
describe('dialogs: the location question refuses courtesy and emoji alone', () => {
    let h: ReportBotHarness;
    beforeEach(async () => {
        h = await ReportBotHarness.start();
    });
    afterEach(async () => {
        await h.stop();
    });

    for (const answer of [
        'gracias',
        'Muchas gracias!',
        'dale, gracias',
        'listo',
        'bueno',
        'buenas tardes',
        'hola',
        'por favor',
        '👍',
        '🙏🙏',
        '😭😭'
    ]) {
        it(`"${answer}" is asked again, with the location request`, async () => {
            for (const message of TO_LOCATION) await h.send(message);
            const replies = await h.send(answer);
            const text = replies.map((r) => r.text ?? '').join('\n');
            expect(text).to.include('Envíe su ubicación o escriba la dirección').and.not.include('¿Qué tipo de emergencia es?');
            expect(replies[replies.length - 1].channelData).to.deep.equal({ whatsapp: { locationRequest: true } });
            expect(await h.say('Av. Belgrano 900')).to.include('¿Qué tipo de emergencia es?');
            await h.send('Derrumbe');
            expect(await h.say('no tengo')).to.include('Ubicación: Av. Belgrano 900');
        });
    }

    for (const answer of ['gracias, es en Av. Belgrano 900', 'frente a la plaza, por favor', 'Barrio Buenos Aires']) {
        it(`"${answer}" says a place: it is the location`, async () => {
            for (const message of TO_LOCATION) await h.send(message);
            expect(await h.say(answer)).to.include('¿Qué tipo de emergencia es?');
        });
    }
});
