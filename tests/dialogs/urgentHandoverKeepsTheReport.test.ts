import { expect } from 'chai';
import { ReportBotHarness, whatsapp } from './support/reportBotHarness';
import { expectUrgentReportSaved } from './support/urgentReportExpectations';

const TO_TYPE = ['hola', 'Ana Díaz', 'capital', 'Av. Belgrano 900'];
const TO_SUMMARY = [...TO_TYPE, 'Derrumbe', 'no tengo'];

/**
 * an urgent message inside the report (an urgency signal, at any question) hands over at once; when the
 * report already has what a saved report needs (name, department, location and type), it is saved first and the
 * citizen gets its number. Before, "Personas atrapadas" from the list (an urgency signal) handed over with no type,
 * no report and no number, and so did "espere, mi vecino está atrapado" at the summary.
 */
describe('dialogs: an urgent handover from inside the report keeps the report', () => {
    let h: ReportBotHarness;
    beforeEach(async () => {
        h = await ReportBotHarness.start();
    });
    afterEach(async () => {
        await h.stop();
    });

    // At the type question, an answer that names a type and is urgent: the type is kept, the critical way.
    for (const answer of ['Personas atrapadas', 'personas atrapadas', 'hay gente atrapada en la casa']) {
        it(`"${answer}" at the type question is saved as "Personas atrapadas" and handed over with its number`, async () => {
            for (const message of TO_TYPE) await h.send(message);
            const reply = await h.say(answer);
            expect(reply).to.not.include('¿Puede enviar una foto?');
            await expectUrgentReportSaved(h, reply, 'people_trapped');
        });
    }

    it('"Personas atrapadas" chosen from the WhatsApp list is saved and handed over with its number', async () => {
        for (const message of TO_TYPE) await h.send(message);
        await expectUrgentReportSaved(h, await h.say(whatsapp.buttonReply('Personas atrapadas', 'Personas atrapadas')), 'people_trapped');
    });

    it('an urgent answer at the type question that names no type is kept as "Otra emergencia" with the citizen\'s words', async () => {
        for (const message of TO_TYPE) await h.send(message);
        const report = await expectUrgentReportSaved(h, await h.say('auxilio, ayúdenme por favor'), 'other');
        expect(report.emergencyDescription).to.equal('auxilio, ayúdenme por favor');
    });

    it('"espere, mi vecino está atrapado" at the photo question saves the report with its type', async () => {
        for (const message of [...TO_TYPE, 'Derrumbe']) await h.send(message);
        await expectUrgentReportSaved(h, await h.say('espere, mi vecino está atrapado'), 'landslide');
    });

    it('"espere, mi vecino está atrapado" at the summary saves the report and gives its number', async () => {
        for (const message of TO_SUMMARY) await h.send(message);
        await expectUrgentReportSaved(h, await h.say('espere, mi vecino está atrapado'), 'landslide');
    });

    it('the same at "which field?" after "Corregir"', async () => {
        for (const message of [...TO_SUMMARY, 'Corregir']) await h.send(message);
        await expectUrgentReportSaved(h, await h.say('espere, mi vecino está atrapado'), 'landslide');
    });

    it('a correction of the type to "Personas atrapadas" saves the report with it', async () => {
        for (const message of [...TO_SUMMARY, 'Corregir']) await h.send(message);
        expect(await h.say('Tipo de emergencia')).to.include('¿Qué tipo de emergencia es?');
        await expectUrgentReportSaved(h, await h.say('Personas atrapadas'), 'people_trapped');
    });

    it('a photo sent before is in the report saved at the urgent handover', async () => {
        for (const message of [...TO_TYPE, 'Derrumbe']) await h.send(message);
        await h.send(whatsapp.image());
        const report = await expectUrgentReportSaved(h, await h.say('hay heridos'), 'landslide');
        expect(report.photo).to.deep.include({ contentUrl: 'https://media.test.invalid/photo-1.jpg' });
    });

    it('a photo whose caption is urgent, at the photo question, is in the report saved at the handover', async () => {
        for (const message of [...TO_TYPE, 'Derrumbe']) await h.send(message);
        const report = await expectUrgentReportSaved(h, await h.say({ ...whatsapp.image(), text: 'se derrumbó la pared, hay heridos' }), 'landslide');
        expect(report.photo).to.deep.include({ contentUrl: 'https://media.test.invalid/photo-1.jpg' });
    });

    it('before the report has a location, an urgent message still hands over at once, with the report so far and no number', async () => {
        for (const message of ['hola', 'Ana Díaz', 'capital']) await h.send(message);
        const reply = await h.say('hay heridos');
        expect(reply).to.include('Entiendo que es urgente').and.not.include('Número:');
        expect(await h.reportsOf()).to.have.length(0);
        const [handoff] = await h.handoffsOf();
        expect(handoff).to.include({ reason: 'urgent', priority: 'critical' });
        expect(handoff.reportId).to.equal(undefined);
        expect(handoff.report).to.include({ name: 'Ana Díaz', departmentName: 'Capital' });
    });
});
