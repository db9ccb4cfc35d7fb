import { expect } from 'chai';
import { ActivityTypes } from 'botbuilder';
import { ReportBotHarness, buttonTitles, whatsapp } from './support/reportBotHarness';

const PHOTO_URL = 'https://media.test.invalid/photo-1.jpg';
/** In Capital (the pin answers department and location). */
const PIN = whatsapp.location(-28.47, -65.78, 'Mi casa');
const REJECTED = 'Por ahora necesito que responda con un mensaje de texto';

/** a photo or a pin is kept whatever question it answers, and not asked for again. */
describe('dialogs: photos and pins at any step', () => {
    let h: ReportBotHarness;
    beforeEach(async () => {
        h = await ReportBotHarness.start();
    });
    afterEach(async () => {
        await h.stop();
    });

    async function reach(messages: (string | object)[]): Promise<void> {
        for (const message of messages) await h.send(message);
    }

    it('a photo at the name question is kept, the name asked again, and the photo question skipped', async () => {
        await h.send('hola');
        const reply = await h.say(whatsapp.image());
        expect(reply).to.include('Foto recibida').and.include('¿Cuál es su nombre?').and.not.include(REJECTED);
        await reach(['Ana Díaz', 'capital', 'Av. Belgrano 900']);
        const summary = await h.say('Derrumbe');
        expect(summary).to.include('Foto: sí').and.include('¿Está todo bien?').and.not.include('¿Puede enviar una foto?');
        await h.send('Sí, enviar');
        const [report] = await h.reportsOf();
        expect(report).to.include({ name: 'Ana Díaz', emergencyTypeId: 'landslide' });
        expect(report.photo).to.deep.include({ contentType: 'image/jpeg', contentUrl: PHOTO_URL });
    });

    it('a photo at the location question is kept and the location asked again (with the location request)', async () => {
        await reach(['hola', 'Ana Díaz', 'capital']);
        const replies = await h.send(whatsapp.image());
        const text = replies.map((r) => r.text ?? '').join('\n');
        expect(text).to.include('Foto recibida').and.include('¿Dónde es exactamente?').and.not.include(REJECTED);
        expect(replies[replies.length - 1].channelData).to.deep.equal({ whatsapp: { locationRequest: true } });
        await h.send('Av. Belgrano 900');
        expect(await h.say('Derrumbe'))
            .to.include('Foto: sí')
            .and.include('Ubicación: Av. Belgrano 900');
        await h.send('si');
        expect((await h.reportsOf())[0].photo).to.deep.include({ contentUrl: PHOTO_URL });
    });

    it('a photo at the department and at the emergency type questions is kept, and that question asked again', async () => {
        await reach(['hola', 'Ana Díaz']);
        expect(await h.say(whatsapp.image()))
            .to.include('Foto recibida')
            .and.include('¿en qué departamento')
            .and.not.include(REJECTED);
        await reach(['capital', 'Av. Belgrano 900']);
        expect(await h.say(whatsapp.image('https://media.test.invalid/photo-2.jpg')))
            .to.include('Foto recibida')
            .and.include('¿Qué tipo de emergencia es?')
            .and.not.include(REJECTED);
        expect(await h.say('Derrumbe')).to.include('Foto: sí (2)');
        await h.send('si');
        // Both are kept, the first as the report's photo (before, the second replaced it).
        const [report] = await h.reportsOf();
        expect(report.photo).to.deep.include({ contentUrl: PHOTO_URL });
        expect(report.morePhotos).to.deep.equal([{ contentType: 'image/jpeg', contentUrl: 'https://media.test.invalid/photo-2.jpg' }]);
    });

    it('a pin at the name question answers department and location: neither is asked', async () => {
        await h.send('hola');
        const reply = await h.say(PIN);
        expect(reply).to.include('Ubicación recibida').and.include('¿Cuál es su nombre?').and.not.include(REJECTED);
        expect(await h.say('Ana Díaz')).to.include('¿Qué tipo de emergencia es?');
        await h.send('Derrumbe');
        expect(await h.say('no tengo'))
            .to.include('Departamento: Capital')
            .and.include('Ubicación: Mi casa');
        await h.send('si');
        const [report] = await h.reportsOf();
        expect(report).to.include({ departmentId: '10049', departmentName: 'Capital' });
        expect(report.location).to.deep.include({ kind: 'pin', latitude: -28.47, longitude: -65.78 });
    });

    it('a pin at the emergency type question replaces a written location and keeps the named department', async () => {
        await reach(['hola', 'Ana Díaz', 'valle viejo', 'cerca del río']);
        expect(await h.say(PIN))
            .to.include('Ubicación recibida')
            .and.include('¿Qué tipo de emergencia es?')
            .and.not.include(REJECTED);
        await h.send('Derrumbe');
        expect(await h.say('no tengo'))
            .to.include('Departamento: Valle Viejo')
            .and.include('Ubicación: Mi casa');
        await h.send('si');
        expect((await h.reportsOf())[0].location).to.deep.include({ kind: 'pin', latitude: -28.47 });
    });

    it('a pin at the photo question is kept and the photo asked again', async () => {
        await reach(['hola', 'Ana Díaz', 'capital', 'Av. Belgrano 900', 'Derrumbe']);
        expect(await h.say(PIN))
            .to.include('Ubicación recibida')
            .and.include('¿Puede enviar una foto?')
            .and.not.include(REJECTED);
        expect(await h.say('no tengo')).to.include('Ubicación: Mi casa');
    });

    it('a photo at the summary is kept and the summary shown again with it', async () => {
        await reach(['hola', 'Ana Díaz', 'capital', 'Av. Belgrano 900', 'Derrumbe', 'no tengo']);
        const reply = await h.say(whatsapp.image());
        expect(reply).to.include('Foto recibida').and.include('Foto: sí').and.include('¿Está todo bien?').and.not.include(REJECTED);
        expect(reply).to.not.include('Foto: no');
        await h.send('Sí, enviar');
        expect((await h.reportsOf())[0].photo).to.deep.include({ contentUrl: PHOTO_URL });
    });

    it('a photo with a caption at the emergency type question keeps the photo and reads the caption', async () => {
        await reach(['hola', 'Ana Díaz', 'capital', 'Av. Belgrano 900']);
        const captioned = { ...whatsapp.image(), text: 'se me inundó la casa' };
        const reply = await h.say(captioned);
        expect(reply).to.include('Emergencia: Inundación').and.include('Foto: sí').and.not.include(REJECTED);
        await h.send('si');
        const [report] = await h.reportsOf();
        expect(report).to.include({ emergencyTypeId: 'flood' });
        expect(report.photo).to.deep.include({ contentUrl: PHOTO_URL });
    });

    it('a photo sent before a critical type is in the report saved at the handover', async () => {
        await reach(['hola', whatsapp.image(), 'Ana Díaz', 'capital', 'Av. Belgrano 900']);
        await h.send('Incendio de vivienda');
        const [report] = await h.reportsOf();
        expect(report).to.include({ emergencyTypeId: 'structure_fire' });
        expect(report.photo).to.deep.include({ contentUrl: PHOTO_URL });
    });

    it('a document at a question is still answered politely and the question asked again', async () => {
        await h.send('hola');
        const doc = {
            type: ActivityTypes.Message,
            attachments: [{ contentType: 'application/pdf', contentUrl: 'https://media.test.invalid/a.pdf' }]
        };
        expect(await h.say(doc))
            .to.include('Gracias')
            .and.include('¿Cuál es su nombre?');
    });
});

/** several photos in a row (a WhatsApp album) at the photo question or at the summary. */
describe('dialogs: several photos in a row', () => {
    let h: ReportBotHarness;
    beforeEach(async () => {
        h = await ReportBotHarness.start();
    });
    afterEach(async () => {
        await h.stop();
    });

    const photo = (n: number) => whatsapp.image(`https://media.test.invalid/photo-${n}.jpg`);

    it('at the photo question: the first answers it, the next are acknowledged briefly, and all are kept', async () => {
        for (const message of ['hola', 'Ana Díaz', 'capital', 'Av. Belgrano 900', 'Derrumbe']) await h.send(message);
        expect(await h.say(photo(1)))
            .to.include('Revise su reporte')
            .and.include('Foto: sí');
        for (const n of [2, 3]) {
            const replies = await h.send(photo(n));
            const text = replies.map((r) => r.text ?? '').join('\n');
            expect(text).to.include('Foto recibida').and.not.include('Revise su reporte');
            expect(replies, `photo ${n}: one short answer`).to.have.length(1);
            // The buttons of the summary are at hand again.
            expect(buttonTitles(replies[0])).to.deep.equal(['Sí, enviar', 'Corregir']);
        }
        expect(await h.say('Sí, enviar')).to.include('Su reporte fue registrado');
        const [report] = await h.reportsOf();
        expect(report.photo).to.deep.include({ contentUrl: 'https://media.test.invalid/photo-1.jpg' });
        expect((report.morePhotos ?? []).map((p) => p.contentUrl)).to.deep.equal([
            'https://media.test.invalid/photo-2.jpg',
            'https://media.test.invalid/photo-3.jpg'
        ]);
        const [handoff] = await h.handoffsOf();
        expect((handoff.report.morePhotos ?? []).map((p) => p.contentUrl)).to.have.length(2);
    });

    it('at the summary after "no tengo": the first photo shows the summary again, the next only an acknowledgement', async () => {
        for (const message of ['hola', 'Ana Díaz', 'capital', 'Av. Belgrano 900', 'Derrumbe', 'no tengo']) await h.send(message);
        expect(await h.say(photo(1)))
            .to.include('Foto recibida')
            .and.include('Foto: sí')
            .and.include('¿Está todo bien?');
        const second = await h.say(photo(2));
        expect(second).to.include('Foto recibida').and.not.include('Revise su reporte');
        expect(await h.say('Corregir')).to.include('¿Qué dato quiere corregir?');
        expect(await h.say('Nombre')).to.include('¿Cuál es su nombre?');
        expect(await h.say('Ana María Díaz')).to.include('Foto: sí (2)');
        await h.send('si');
        const [report] = await h.reportsOf();
        expect(report.photo).to.deep.include({ contentUrl: 'https://media.test.invalid/photo-1.jpg' });
        expect((report.morePhotos ?? []).map((p) => p.contentUrl)).to.deep.equal(['https://media.test.invalid/photo-2.jpg']);
    });

    it('photos before the photo question are all kept, and a correction of the photo starts again', async () => {
        for (const message of ['hola', 'Ana Díaz', photo(1), photo(2), 'capital', 'Av. Belgrano 900']) await h.send(message);
        expect(await h.say('Derrumbe')).to.include('Foto: sí (2)');
        await h.send('Corregir');
        expect(await h.say('Foto')).to.include('¿Puede enviar una foto?');
        expect(await h.say(photo(3)))
            .to.include('Foto: sí')
            .and.not.include('Foto: sí (');
        await h.send('si');
        const [report] = await h.reportsOf();
        expect(report.photo).to.deep.include({ contentUrl: 'https://media.test.invalid/photo-3.jpg' });
        expect(report.morePhotos).to.equal(undefined);
    });
});

/** a department that came from a pin gives way to a newer pin; one the citizen typed does not. */
describe('dialogs: a later pin and the department', () => {
    let h: ReportBotHarness;
    beforeEach(async () => {
        h = await ReportBotHarness.start();
    });
    afterEach(async () => {
        await h.stop();
    });

    /** In Valle Viejo (San Isidro), next to its centroid. */
    const VALLE_VIEJO_PIN = whatsapp.location(-28.6, -65.71, 'Casa de mi hermana');

    it('a pin at the name question, then a Valle Viejo pin at the summary: the department follows the newer pin', async () => {
        await h.send('hola');
        await h.send(PIN);
        await h.send('Ana Díaz');
        await h.send('Derrumbe');
        expect(await h.say('no tengo')).to.include('Departamento: Capital');
        const reply = await h.say(VALLE_VIEJO_PIN);
        expect(reply).to.include('Ubicación recibida').and.include('Departamento: Valle Viejo').and.include('Ubicación: Casa de mi hermana');
        await h.send('si');
        expect((await h.reportsOf())[0]).to.include({ departmentId: '10112', departmentName: 'Valle Viejo' });
    });

    it("a pin answering the department question, then another at the type question: the newer pin's department", async () => {
        for (const message of ['hola', 'Ana Díaz', PIN]) await h.send(message);
        expect(await h.say(VALLE_VIEJO_PIN))
            .to.include('Ubicación recibida')
            .and.include('¿Qué tipo de emergencia es?');
        await h.send('Derrumbe');
        expect(await h.say('no tengo')).to.include('Departamento: Valle Viejo');
    });

    it('a department the citizen typed stays when a pin comes later, even after a pin had set it', async () => {
        for (const message of ['hola', PIN, 'Ana Díaz', 'Derrumbe', 'no tengo', 'Corregir', 'Departamento']) await h.send(message);
        expect(await h.say('valle viejo')).to.include('Departamento: Valle Viejo');
        expect(await h.say(PIN))
            .to.include('Departamento: Valle Viejo')
            .and.include('Ubicación: Mi casa');
    });
});
