import { expect } from 'chai';
import { ReportBotHarness } from './support/reportBotHarness';

const TO_SUMMARY = ['hola', 'Ana Díaz', 'capital', 'Av. Belgrano 900', 'Derrumbe', 'no tengo'];

/** a complete report is never lost at the summary. */
describe('dialogs: the summary keeps a complete report', () => {
    let h: ReportBotHarness;
    beforeEach(async () => {
        h = await ReportBotHarness.start();
    });
    afterEach(async () => {
        await h.stop();
    });

    for (const answer of ['👍', '👍👍', '👍🏽', '✅', 'sii', 'siii', 'sip', 'joya', 'de una', 'dale', 'Sí 👍', 'joya, gracias']) {
        it(`"${answer}" at the summary sends the report`, async () => {
            for (const message of TO_SUMMARY) await h.send(message);
            const text = await h.say(answer);
            expect(text).to.include('Su reporte fue registrado').and.not.include('no logro entenderle');
            const reports = await h.reportsOf();
            expect(reports).to.have.length(1);
            expect(reports[0]).to.include({ name: 'Ana Díaz', emergencyTypeId: 'landslide' });
            expect((await h.handoffsOf())[0]).to.include({ reason: 'report_complete', reportId: reports[0].id });
        });
    }

    for (const answer of ['👎', '❌']) {
        it(`"${answer}" at the summary does not send the report`, async () => {
            for (const message of TO_SUMMARY) await h.send(message);
            await h.send(answer);
            expect(await h.reportsOf()).to.have.length(0);
        });
    }

    it('three answers it cannot read at the summary save the report first, then hand over with its number', async () => {
        for (const message of TO_SUMMARY) await h.send(message);
        expect(await h.say('mmm')).to.include('Toque "Sí, enviar"');
        expect(await h.say('jajaja')).to.include('Toque "Sí, enviar"');
        const third = await h.say('ehh');
        expect(third).to.include('no logro entenderle').and.not.include('Toque "Sí, enviar"');

        const reports = await h.reportsOf();
        expect(reports).to.have.length(1);
        const [report] = reports;
        expect(report).to.include({
            name: 'Ana Díaz',
            departmentName: 'Capital',
            emergencyTypeId: 'landslide',
            priority: 'high',
            status: 'submitted'
        });
        expect(report.location).to.deep.equal({ kind: 'text', text: 'Av. Belgrano 900' });
        expect(third).to.include(`Número: ${report.id}`);

        const handoffs = await h.handoffsOf();
        expect(handoffs).to.have.length(1);
        expect(handoffs[0]).to.include({ reason: 'repeated_failures', reportId: report.id, triggerText: 'ehh' });
        expect(handoffs[0].report).to.include({ name: 'Ana Díaz', emergencyTypeId: 'landslide' });
    });

    it('three failed answers before the summary still hand over without a report', async () => {
        for (const message of ['hola', 'Ana Díaz']) await h.send(message);
        for (const message of ['chacabuco', 'hola']) await h.send(message);
        expect(await h.say('no se'))
            .to.include('no logro entenderle')
            .and.not.include('Número:');
        expect(await h.reportsOf()).to.have.length(0);
        expect((await h.handoffsOf())[0]).to.include({ reason: 'repeated_failures' });
    });
});
