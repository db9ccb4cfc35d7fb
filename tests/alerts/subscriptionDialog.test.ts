import { expect } from 'chai';
import { MAX_SUBSCRIPTION_HISTORY, SubscriptionRepository } from '../../alerts/subscriptionRepository';
import type { ReportBotHarness } from '../dialogs/support/reportBotHarness';
import { startReportBotWithAlerts } from './support/reportBotWithAlerts';

const CAPITAL = '10049';
const VALLE_VIEJO = '10112';
const BELEN = '10035';

describe('Weather alerts: subscribing and opting out over WhatsApp', () => {
    let h: ReportBotHarness;
    let subscriptions: SubscriptionRepository;

    beforeEach(async () => {
        ({ h, subscriptions } = await startReportBotWithAlerts());
    });
    afterEach(async () => {
        await h.stop();
    });

    it('subscribes to one department with a clear opt-in, and keeps the exact sentence accepted and its time', async () => {
        expect(await h.say('ALERTAS')).to.contain('¿De qué departamentos quiere recibir alertas');
        const optIn = await h.say('capital');
        expect(optIn)
            .to.contain('Defensa Civil Catamarca le enviará por WhatsApp las alertas meteorológicas')
            .and.contain('Capital')
            .and.contain('BAJA');
        expect(await h.say('Sí, acepto')).to.contain('Recibirá las alertas meteorológicas para: Capital');
        const stored = await subscriptions.get('citizen-1');
        expect(stored).to.include({ active: true, wholeProvince: false });
        expect(stored!.departments).to.deep.equal([CAPITAL]);
        expect(stored!.optIn).to.deep.equal({ at: '2026-11-28T17:05:00.000Z', wording: optIn, channel: 'whatsapp' });
    });

    const cases: Array<[string, string[], string]> = [
        ['Capital, Valle Viejo y Belen', [CAPITAL, VALLE_VIEJO, BELEN], 'Capital, Valle Viejo y Belén'],
        ['7, 16', [CAPITAL, VALLE_VIEJO], 'Capital y Valle Viejo']
    ];
    for (const [answer, ids, named] of cases) {
        it(`subscribes to several departments: "${answer}"`, async () => {
            await h.say('alertas');
            expect(await h.say(answer)).to.contain(named);
            await h.say('si');
            expect((await subscriptions.get('citizen-1'))!.departments.sort()).to.deep.equal([...ids].sort());
        });
    }

    it('subscribes to the whole province with "todos"', async () => {
        await h.say('ALERTAS');
        expect(await h.say('todos')).to.contain('toda la provincia');
        await h.say('Sí, acepto');
        const stored = await subscriptions.get('citizen-1');
        expect(stored!.wholeProvince).to.equal(true);
        expect(stored!.departments).to.have.length(16);
    });

    it('asks again for an unknown department and stores nothing when the citizen declines', async () => {
        await h.say('ALERTAS');
        expect(await h.say('Capital, Narnia')).to.contain('No encontré ese departamento');
        await h.say('Belén');
        expect(await h.say('No, gracias')).to.contain('no lo suscribimos');
        expect(await subscriptions.get('citizen-1')).to.equal(undefined);
    });

    it('MIS ALERTAS lists the subscription; BAJA, STOP and "no quiero más alertas" opt out of everything and confirm', async () => {
        expect(await h.say('MIS ALERTAS')).to.contain('No está suscripto');
        for (const [index, optOut] of ['BAJA', 'STOP', 'no quiero más alertas'].entries()) {
            const citizen = `citizen-${index + 10}`;
            await h.say('ALERTAS', citizen);
            await h.say('capital y valle viejo', citizen);
            await h.say('Sí, acepto', citizen);
            expect(await h.say('MIS ALERTAS', citizen))
                .to.contain('Capital y Valle Viejo')
                .and.contain('28/11/2026');
            expect(await h.say(optOut, citizen)).to.contain('ya no recibirá alertas meteorológicas');
            const stored = await subscriptions.get(citizen);
            expect(stored).to.include({ active: false });
            expect(stored!.departments).to.deep.equal([]);
            expect(stored!.history.map((entry) => entry.action)).to.deep.equal(['opt_in', 'opt_out']);
            expect(await h.say('MIS ALERTAS', citizen)).to.contain('No está suscripto');
        }
    });

    it('keeps the latest consent changes of a citizen who opts in and out again and again, and the document bounded', async () => {
        for (let i = 0; i < 130; i++) {
            await subscriptions.subscribe(
                'citizen-toggle',
                { departmentIds: ['10049'], wholeProvince: false },
                `opt-in ${i}`,
                `2026-11-28T10:${String(i % 60).padStart(2, '0')}:00.000Z`
            );
            await subscriptions.unsubscribe('citizen-toggle', `2026-11-28T11:${String(i % 60).padStart(2, '0')}:00.000Z`);
        }
        await subscriptions.subscribe('citizen-toggle', { departmentIds: ['10049'], wholeProvince: false }, 'la última', '2026-11-28T12:00:00.000Z');
        const stored = await subscriptions.get('citizen-toggle');
        expect(stored!.history).to.have.length(MAX_SUBSCRIPTION_HISTORY);
        expect(stored!.history[stored!.history.length - 1]).to.include({ action: 'opt_in', wording: 'la última' });
        expect(stored!.history[stored!.history.length - 2]).to.include({ action: 'opt_out' });
        expect(stored!.optIn).to.include({ wording: 'la última' });
        expect(stored).to.include({ active: true });
    });

    it('"BAJA" in the middle of the subscription dialog opts out and ends it; "cancelar" changes nothing', async () => {
        await h.say('ALERTAS');
        expect(await h.say('cancelar')).to.contain('no hicimos cambios');
        expect(await subscriptions.get('citizen-1')).to.equal(undefined);
        await h.say('ALERTAS');
        await h.say('Belén');
        expect(await h.say('BAJA')).to.contain('No está suscripto');
        expect(await h.say('hola')).to.contain('Defensa Civil Catamarca');
    });

    it('"ALERTAS" during an emergency report does not interrupt it: the citizen is told to write it afterwards', async () => {
        await h.say('hola');
        const answer = await h.say('ALERTAS');
        expect(answer).to.contain('escriba ALERTAS cuando termine este reporte');
        expect(await subscriptions.get('citizen-1')).to.equal(undefined);
    });
});
