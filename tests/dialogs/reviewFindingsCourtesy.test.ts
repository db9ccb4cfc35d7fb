import { expect } from 'chai';
import { ReportBotHarness } from './support/reportBotHarness';

const REPORT = ['hola', 'Ana Díaz', 'capital', 'Av. Belgrano 900', 'Derrumbe', 'no tengo', 'Sí, enviar'];

/**
 * Review finding 6: after the report was handed over (and the operator closed the case or gave it back to the
 * bot, which leaves no dialog running), thanks and emoji get a short "De nada", not a new report.
 */
describe('dialogs (review): thanks after the case', () => {
    let h: ReportBotHarness;
    beforeEach(async () => { h = await ReportBotHarness.start(); });
    afterEach(async () => { await h.stop(); });

    const courtesy = ['gracias', 'Muchas gracias por todo!', 'ok', '👍', 'Gracias 🙏', '🙏🙏', 'ok gracias', 'dale, muchas gracias', 'listo, gracias por la ayuda', 'Mil gracias ❤️'];
    for (const message of courtesy) {
        it(`"${message}" after a handed-over report gets "De nada" and starts no report`, async () => {
            for (const m of REPORT) await h.send(m);
            const reply = await h.say(message);
            expect(reply).to.include('De nada');
            expect(reply).to.not.include('¿Cuál es su nombre?').and.not.include('¿Es usted').and.not.include('le responde Defensa Civil');
            // Nothing was started: the next message opens a report as usual.
            expect(await h.say('hola')).to.include('le responde Defensa Civil Catamarca').and.include('¿Es usted Ana Díaz');
            expect(await h.reportsOf()).to.have.length(1);
            expect(await h.handoffsOf()).to.have.length(1);
        });
    }

    it('after an urgent handover too', async () => {
        await h.send('hola');
        await h.send('hay gente atrapada');
        expect(await h.say('gracias')).to.include('De nada').and.not.include('¿Cuál es su nombre?');
        expect(await h.handoffsOf()).to.have.length(1);
    });

    for (const message of ['gracias, se cayó un árbol en la calle', 'hola, gracias', 'ok, hay un derrumbe']) {
        it(`"${message}" says more than thanks: it starts a report`, async () => {
            for (const m of REPORT) await h.send(m);
            expect(await h.say(message)).to.include('le responde Defensa Civil Catamarca').and.not.include('De nada');
        });
    }
});
