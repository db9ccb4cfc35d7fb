import { expect } from 'chai';
import { SubscriptionRepository } from '../../alerts/subscriptionRepository';
import type { ReportBotHarness } from '../dialogs/support/reportBotHarness';
import { startReportBotWithAlerts } from './support/reportBotWithAlerts';

/**
 * Review finding, through the whole report bot on SQLite: natural alert and cancel phrasings reach the alerts
 * service and the report's cancel, not the emergency report; an emergency that mentions an alert stays one.
 */
describe('Weather alerts: alert and cancel phrasings through the report bot', () => {
    let h: ReportBotHarness;
    let subscriptions: SubscriptionRepository;

    beforeEach(async () => {
        ({ h, subscriptions } = await startReportBotWithAlerts());
    });
    afterEach(async () => {
        await h.stop();
    });

    for (const phrase of ['quiero recibir las alertas', 'alertas por favor', 'Hola, quiero recibir alertas']) {
        it(`"${phrase}" as a first message starts the sign-up, not a report`, async () => {
            const reply = await h.say(phrase);
            expect(reply).to.include('¿De qué departamentos quiere recibir alertas');
            expect(reply).to.not.include('¿Cuál es su nombre?');
            await h.say('Capital');
            expect(await h.say('Sí, acepto')).to.include('Recibirá las alertas meteorológicas para: Capital');
        });
    }

    for (const phrase of ['no quiero recibir más alertas', 'no me manden más alertas', 'baja por favor']) {
        it(`"${phrase}" opts a subscriber out and starts no report`, async () => {
            await h.say('ALERTAS');
            await h.say('Valle Viejo');
            await h.say('Sí, acepto');
            const reply = await h.say(phrase);
            expect(reply).to.include('ya no recibirá alertas meteorológicas');
            expect(reply).to.not.include('¿Cuál es su nombre?');
            expect(await subscriptions.get('citizen-1')).to.include({ active: false });
        });
    }

    for (const phrase of ['cancelar por favor', 'quiero cancelar el reporte']) {
        it(`"${phrase}" in the middle of a report cancels it`, async () => {
            for (const message of ['hola', 'Ana Díaz', 'capital']) await h.send(message);
            expect(await h.say(phrase)).to.include('Cancelé el reporte');
            expect(await h.say('hola')).to.include('¿Cuál es su nombre?');
            expect(await h.reportsOf()).to.have.length(0);
        });
    }

    it('"no me manden más alertas" in the middle of a report opts out and asks the same question again', async () => {
        for (const message of ['hola', 'Ana Díaz']) await h.send(message);
        const reply = await h.say('no me manden más alertas');
        expect(reply).to.include('alertas meteorológicas').and.include('¿en qué departamento');
    });

    it('an emergency that mentions an alert is a report (or an urgent handover), never a sign-up', async () => {
        const reply = await h.say('hay alerta de crecida y se inunda mi casa');
        expect(reply).to.not.include('¿De qué departamentos');
        expect(reply).to.satisfy((text: string) => text.includes('¿Cuál es su nombre?') || text.includes('Entiendo que es urgente'));
        expect(await subscriptions.get('citizen-1')).to.equal(undefined);
    });
});
