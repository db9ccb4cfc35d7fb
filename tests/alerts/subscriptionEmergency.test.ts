import { expect } from 'chai';
import { describesEmergency } from '../../alerts/subscriptionDialog';
import { SubscriptionRepository } from '../../alerts/subscriptionRepository';
import { DEPARTMENTS, KNOWN_LOCALITIES } from '../../dialogs/domainData';
import type { ReportBotHarness } from '../dialogs/support/reportBotHarness';
import { startReportBotWithAlerts } from './support/reportBotWithAlerts';

/**
 * at the ALERTAS consent question ("¿Acepta recibirlas?") an emergency was answered with "Toque
 * 'Sí, acepto'…", and three of them ended the sign-up with a text that said nothing about emergencies; "qué hago"
 * got the department question's help; "bueno" was not understood. An emergency told inside the sign-up now ends it
 * and starts the report in the same turn (a critical type reaches a person at once, as in the report).
 */
describe('Weather alerts: an emergency, help and plain yeses at the ALERTAS sign-up', () => {
    let h: ReportBotHarness;
    let subscriptions: SubscriptionRepository;

    beforeEach(async () => {
        ({ h, subscriptions } = await startReportBotWithAlerts());
    });
    afterEach(async () => {
        await h.stop();
    });

    /** ALERTAS, Belén: the consent question is open. */
    async function atConsent(): Promise<void> {
        await h.say('ALERTAS');
        expect(await h.say('Belén')).to.include('¿Acepta recibirlas?');
    }

    // [what the citizen writes at the consent question, the type the report then holds]
    const emergencies: [string, string][] = [
        ['se llenó de agua la calle', 'Inundación'],
        ['la calle está inundada', 'Inundación'],
        ['se cayó un árbol en la esquina', 'Árboles o cables caídos'],
        ['el río creció mucho', 'Crecida o aluvión'],
        // A critical type guessed from words goes on with the report, as at the report's type question.
        ['hay olor a gas en la cuadra', 'Materiales peligrosos']
    ];
    for (const [message, type] of emergencies) {
        it(`"${message}" at the consent question ends the sign-up and starts the report, which keeps the type`, async () => {
            await atConsent();
            const reply = await h.say(message);
            expect(reply).to.not.include('Toque').and.not.include('Sí, acepto');
            expect(reply).to.include('emergencia').and.include('103').and.include('¿Cuál es su nombre?');
            expect(await subscriptions.get('citizen-1')).to.equal(undefined);
            expect(await h.handoffsOf()).to.have.length(0);
            expect(await h.say('María Pérez')).to.include('María, ¿en qué departamento');
            await h.say('Capital');
            expect(await h.say('Calle 2')).to.include('foto'); // the type was told already: not asked again
            const summary = await h.say('no tengo');
            expect(summary).to.include('Nombre: María Pérez\n').and.include(type);
        });
    }

    for (const message of ['se inunda toda la calle', 'se inunda la calle en Capital']) {
        it(`"${message}" at the department question starts the report too`, async () => {
            await h.say('ALERTAS');
            const reply = await h.say(message);
            expect(reply).to.not.include('No encontré ese departamento').and.not.include('¿Acepta recibirlas?');
            expect(reply).to.include('¿Cuál es su nombre?');
            expect(await subscriptions.get('citizen-1')).to.equal(undefined);
        });
    }

    it('a critical type typed as its label at the consent question reaches a person at once', async () => {
        await atConsent();
        const reply = await h.say('Incendio de vivienda');
        expect(reply).to.include('Entiendo que es urgente').and.not.include('Toque');
        const [request] = await h.handoffsOf();
        expect(request).to.include({ reason: 'urgent', priority: 'critical' });
        expect(await subscriptions.get('citizen-1')).to.equal(undefined);
    });

    for (const ask of ['qué hago', 'ayuda']) {
        it(`"${ask}" at the consent question explains the consent question, then asks it again`, async () => {
            await atConsent();
            const reply = await h.say(ask);
            expect(reply).to.include('Sí, acepto').and.include('No, gracias').and.include('103');
            expect(reply).to.not.include('Elija los departamentos');
            expect(reply).to.include('¿Acepta recibirlas?');
            expect(await h.say('Sí, acepto')).to.include('Recibirá las alertas meteorológicas para: Belén');
        });
    }

    for (const yes of ['bueno', 'dale', 'ok', 'Bueno, dale']) {
        it(`"${yes}" at the consent question is a yes`, async () => {
            await atConsent();
            expect(await h.say(yes)).to.include('Recibirá las alertas meteorológicas para: Belén');
            expect(await subscriptions.get('citizen-1')).to.include({ active: true });
        });
    }

    it('three unclear answers to the consent question end with the emergency numbers too', async () => {
        await atConsent();
        await h.say('mmm');
        await h.say('puede ser');
        const third = await h.say('tal vez');
        expect(third).to.include('no lo suscribimos').and.include('103').and.include('911');
        expect(await h.handoffsOf()).to.have.length(0);
    });

    it('no department, locality, list number or consent button reads as an emergency', () => {
        const answers = [
            ...DEPARTMENTS.map((d) => d.name),
            ...Object.keys(KNOWN_LOCALITIES),
            ...DEPARTMENTS.map((_, i) => String(i + 1)),
            'todos',
            'toda la provincia',
            'Capital, Valle Viejo y Belén',
            'Sí, acepto',
            'No, gracias',
            'sí',
            'no',
            'bueno',
            'dale',
            'ok',
            'no sé',
            'mmm',
            'tal vez',
            'qué hago'
        ];
        expect(answers.filter((answer) => describesEmergency(answer))).to.deep.equal([]);
    });
});
