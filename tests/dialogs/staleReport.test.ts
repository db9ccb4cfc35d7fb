import { expect } from 'chai';
import { ReportBotHarness } from './support/reportBotHarness';

/** A report abandoned at a question, and the citizen writing again later. */
describe('dialogs: an abandoned report expires', () => {
    let h: ReportBotHarness;
    afterEach(async () => {
        await h.stop();
    });

    it('after 6 hours without a message, "Hola" greets and starts a new report without the old answers', async () => {
        h = await ReportBotHarness.start();
        for (const message of ['hola', 'Ana Díaz', 'capital']) await h.send(message);
        h.advanceClock({ hours: 6, minutes: 1 });
        const reply = await h.say('Hola');
        expect(reply).to.include('le responde Defensa Civil Catamarca').and.include('¿Cuál es su nombre?');
        expect(reply).to.not.include('No entendí').and.not.include('¿Dónde es exactamente?');
        expect(await h.say('Pedro Ruiz')).to.include('Pedro, ¿en qué departamento');
        for (const message of ['valle viejo', 'Calle 2', 'Derrumbe']) await h.send(message);
        const summary = await h.say('no tengo');
        expect(summary).to.include('Nombre: Pedro Ruiz').and.include('Departamento: Valle Viejo');
    });

    it('within the time, the report goes on where it was', async () => {
        h = await ReportBotHarness.start();
        for (const message of ['hola', 'Ana Díaz', 'capital']) await h.send(message);
        h.advanceClock({ hours: 5, minutes: 59 });
        expect(await h.say('Av. Belgrano 900')).to.include('¿Qué tipo de emergencia es?');
        // Each message counts: the clock starts again from the last one.
        h.advanceClock({ hours: 5, minutes: 59 });
        expect(await h.say('Derrumbe')).to.include('¿Puede enviar una foto?');
    });

    it('the time is configurable', async () => {
        h = await ReportBotHarness.start({ staleAfterHours: 1 });
        for (const message of ['hola', 'Ana Díaz']) await h.send(message);
        h.advanceClock({ hours: 1, minutes: 1 });
        expect(await h.say('capital'))
            .to.include('le responde Defensa Civil Catamarca')
            .and.include('¿Cuál es su nombre?');
    });
});
