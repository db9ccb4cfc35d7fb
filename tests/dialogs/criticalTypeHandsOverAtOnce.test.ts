import { expect } from 'chai';
import { toCloudMessages } from '../../adapters/whatsapp/outboundMapping';
import { whatsAppTexts } from '../../adapters/whatsapp/texts';
import { EMERGENCY_TYPES } from '../../dialogs/domainData';
import { ReportBotHarness, buttonTitles, replyText, whatsapp } from './support/reportBotHarness';
import { expectUrgentReportSaved } from './support/urgentReportExpectations';

/** a critical emergency type chosen from the list alerts a person at once. */
describe('dialogs: a critical emergency type hands over at once', () => {
    let h: ReportBotHarness;
    beforeEach(async () => {
        h = await ReportBotHarness.start();
    });
    afterEach(async () => {
        await h.stop();
    });

    const TO_TYPE = ['hola', 'Ana Díaz', 'capital', 'Av. Belgrano 900'];

    // [what the citizen answers to "¿Qué tipo de emergencia es?", the type id saved]
    const critical: [string | ReturnType<typeof whatsapp.buttonReply>, string][] = [
        ['Incendio de vivienda', 'structure_fire'],
        [whatsapp.buttonReply('Materiales peligrosos', 'Materiales peligrosos'), 'hazmat'],
        // Typed as the label, near enough, or by its number in the list: a choice, not a guess.
        ['incendio de vivienda', 'structure_fire'],
        ['Materiales peligroso', 'hazmat'],
        ['2', 'structure_fire']
    ];
    for (const [answer, typeId] of critical) {
        const what = typeof answer === 'string' ? answer : `the list row "${String(answer.text)}"`;
        it(`"${what}" saves the report as it is, hands over (urgent, critical) and invites photos`, async () => {
            for (const message of TO_TYPE) await h.send(message);
            const text = await h.say(answer);
            expect(text).to.include('Entiendo que es urgente').and.include('911').and.include('103');
            expect(text).to.not.include('¿Puede enviar una foto?').and.not.include('¿Está todo bien?');
            expect(text).to.include('envíe fotos');

            await expectUrgentReportSaved(h, text, typeId);
        });
    }

    // A type guessed from words of a description: the citizen sees it in the summary and may correct it, so the report
    // goes on; only a type chosen (or a message that is itself urgent) hands over at once. [answer, label in the summary]
    const guessed: [string, string][] = [
        ['hay humo de una quema de basura en el baldío', ''],
        ['se cortó el gas y la luz en todo el barrio', ''],
        ['hay mucho humo en el barrio por el incendio del cerro', 'Incendio forestal'],
        ['hay olor a gas en toda la cuadra', 'Materiales peligrosos']
    ];
    for (const [answer, label] of guessed) {
        it(`"${answer}" is a guess: no handover at once${label ? `, the summary says ${label}` : ''}`, async () => {
            for (const message of TO_TYPE) await h.send(message);
            const text = await h.say(answer);
            expect(text).to.not.include('Entiendo que es urgente').and.not.include('Número:');
            expect(await h.reportsOf()).to.have.length(0);
            expect(await h.handoffsOf()).to.have.length(0);
            if (!label) {
                // Not a house fire, not hazardous materials: the type is asked again.
                expect(text).to.include('No entendí el tipo de emergencia');
                return;
            }
            expect(text).to.include('¿Puede enviar una foto?');
            expect(await h.say('no tengo'))
                .to.include(`Emergencia: ${label}`)
                .and.include('¿Está todo bien?');
        });
    }

    it('a type that is not critical still asks for the photo and the summary', async () => {
        for (const message of TO_TYPE) await h.send(message);
        expect(await h.say('Inundación')).to.include('¿Puede enviar una foto?');
        expect(await h.reportsOf()).to.have.length(0);
        expect(await h.handoffsOf()).to.have.length(0);
    });

    it('a critical word under a negation names no critical type: "no hay nadie atrapado, se inundó la calle" is a flood', async () => {
        for (const message of TO_TYPE) await h.send(message);
        expect(await h.say('no hay nadie atrapado, se inundó la calle')).to.include('¿Puede enviar una foto?');
        expect(await h.say('no tengo')).to.include('Emergencia: Inundación');
        expect(await h.handoffsOf()).to.have.length(0);
    });

    it('every critical type is on the first page of the WhatsApp list, not behind "Ver más"', async () => {
        for (const message of TO_TYPE.slice(0, -1)) await h.send(message);
        const replies = await h.send(TO_TYPE[TO_TYPE.length - 1]);
        const question = replies.find((r) => buttonTitles(r).length > 0);
        expect(replyText(replies)).to.include('¿Qué tipo de emergencia es?');
        const messages = toCloudMessages(question!);
        const list = messages[messages.length - 1].interactive as { type: string; action: { sections: { rows: { title: string }[] }[] } };
        expect(list.type).to.equal('list');
        const firstPage = list.action.sections.flatMap((s) => s.rows.map((r) => r.title));
        const criticalLabels = EMERGENCY_TYPES.filter((t) => t.priority === 'critical').map((t) => t.label);
        expect(criticalLabels).to.include('Materiales peligrosos');
        for (const label of criticalLabels) expect(firstPage, label).to.include(label);
        expect(firstPage).to.include(whatsAppTexts.moreOptionsRow);
    });
});
