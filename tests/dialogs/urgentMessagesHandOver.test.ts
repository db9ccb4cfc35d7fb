import { expect } from 'chai';
import { ReportBotHarness } from './support/reportBotHarness';

/**
 * An urgent message hands the conversation to a person at once, at any step, with the report so far. Which messages
 * are urgent is the language layer's to say, measured on the corpus (language/corpus: every phrasing that used to
 * be listed here is a row there; npm run eval:language).
 */
describe('dialogs: urgent phrasings through the whole report bot', () => {
    let h: ReportBotHarness;
    beforeEach(async () => {
        h = await ReportBotHarness.start();
    });
    afterEach(async () => {
        await h.stop();
    });

    it('"se me inunda la casa" as a first message hands over at once', async () => {
        const text = await h.say('se me inunda la casa');
        expect(text).to.include('Entiendo que es urgente').and.include('911').and.include('103');
        expect(text).to.not.include('¿Cuál es su nombre?');
        const [request] = await h.handoffsOf();
        expect(request).to.include({ reason: 'urgent', priority: 'critical', triggerText: 'se me inunda la casa' });
    });

    it('"se quema mi casa, mis hijos están adentro" at the location step hands over at once, with the report so far', async () => {
        for (const message of ['hola', 'Ana Díaz', 'capital']) await h.send(message);
        const text = await h.say('se quema mi casa, mis hijos están adentro');
        expect(text).to.include('Entiendo que es urgente').and.include('911').and.include('100');
        expect(text).to.not.include('¿Qué tipo de emergencia es?');
        const [request] = await h.handoffsOf();
        expect(request).to.include({ reason: 'urgent', priority: 'critical', triggerText: 'se quema mi casa, mis hijos están adentro' });
        expect(request.report.name).to.equal('Ana Díaz');
        expect(request.report.departmentName).to.equal('Capital');
    });

    it('"no estamos heridos, gracias" at the location step does not hand over', async () => {
        for (const message of ['hola', 'Ana Díaz', 'capital']) await h.send(message);
        await h.send('no estamos heridos, gracias');
        expect(await h.handoffsOf()).to.have.length(0);
    });

    it('an urgent first message hands over with the place and the hazard it names on the report', async () => {
        expect(await h.say('se derrumbó la casa en Saujil, Pomán y mi abuelo quedó abajo')).to.include('Entiendo que es urgente');
        const [request] = await h.handoffsOf();
        expect(request).to.include({ reason: 'urgent', priority: 'critical' });
        expect(request.report.departmentName).to.equal('Pomán');
        expect(request.report.emergencyTypeId).to.be.a('string');
    });

    it('an urgent message at the name question hands over with its address and department', async () => {
        await h.send('hola');
        await h.send('se quema la casa en la calle Moreno 45 de Fiambalá, mi nene está adentro');
        const [request] = await h.handoffsOf();
        expect(request.report.departmentName).to.equal('Tinogasta');
        expect(request.report.location).to.deep.include({ kind: 'text' });
        expect(JSON.stringify(request.report.location)).to.include('Moreno 45');
    });
});
