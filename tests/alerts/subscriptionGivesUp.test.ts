import { expect } from 'chai';
import { SubscriptionRepository } from '../../alerts/subscriptionRepository';
import type { ReportBotHarness } from '../dialogs/support/reportBotHarness';
import { startReportBotWithAlerts } from './support/reportBotWithAlerts';

/**
 * three answers the ALERTAS sign-up did not understand ended in "no logro entenderle. Una persona
 * de Defensa Civil le va a responder" and a place in the operators' queue. A sign-up is no emergency: it ends with
 * a hint on how to answer, nobody is queued, nothing is stored. Urgency inside it still reaches a person.
 */
describe('Weather alerts: a sign-up the bot does not understand', () => {
    let h: ReportBotHarness;
    let subscriptions: SubscriptionRepository;

    beforeEach(async () => {
        ({ h, subscriptions } = await startReportBotWithAlerts());
    });
    afterEach(async () => {
        await h.stop();
    });

    it('three unknown departments end the sign-up with a hint, not a handoff', async () => {
        await h.say('ALERTAS');
        expect(await h.say('no sé')).to.include('No encontré ese departamento');
        expect(await h.say('la de mi zona')).to.include('No encontré ese departamento');
        const third = await h.say('por acá cerca');
        expect(third).to.include('TODOS').and.include('ALERTAS').and.include('Capital, Valle Viejo');
        expect(third).to.not.include('no logro entenderle').and.not.include('Una persona de Defensa Civil');
        expect(await h.handoffsOf()).to.have.length(0);
        expect(await subscriptions.get('citizen-1')).to.equal(undefined);
        // The sign-up is over: the next message is a new conversation, and ALERTAS starts again.
        expect(await h.say('ALERTAS')).to.include('¿De qué departamentos quiere recibir alertas');
        await h.say('Capital');
        expect(await h.say('Sí, acepto')).to.include('Recibirá las alertas meteorológicas para: Capital');
    });

    it('three unclear answers to the consent question subscribe nobody and queue nobody', async () => {
        await h.say('ALERTAS');
        await h.say('Belén');
        expect(await h.say('mmm')).to.include('Sí, acepto');
        // Saying one does not understand is asking what this is: explained, and no failed answer.
        expect(await h.say('no entiendo bien qué es')).to.include('Le pregunto si acepta');
        await h.say('puede ser');
        const third = await h.say('tal vez');
        expect(third).to.include('no lo suscribimos').and.include('ALERTAS');
        expect(third).to.not.include('no logro entenderle');
        expect(await h.handoffsOf()).to.have.length(0);
        expect(await subscriptions.get('citizen-1')).to.equal(undefined);
        expect(await h.say('hola')).to.include('¿Cuál es su nombre?');
    });

    it('urgency inside the sign-up still hands over at once', async () => {
        await h.say('ALERTAS');
        await h.say('no sé');
        expect(await h.say('hay gente atrapada en el río')).to.include('Entiendo que es urgente');
        const [request] = await h.handoffsOf();
        expect(request).to.include({ reason: 'urgent', priority: 'critical' });
    });
});
