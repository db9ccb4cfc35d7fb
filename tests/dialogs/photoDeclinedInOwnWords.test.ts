import { expect } from 'chai';
import { isPhotoSkip } from '../../language';
import { texts } from '../../dialogs/texts';
import { ReportBotHarness } from './support/reportBotHarness';

const TO_PHOTO = ['hola', 'Ana Díaz', 'capital', 'Av. Belgrano 900', 'Derrumbe'];

/** at the photo question, an answer that starts with "no" skips the photo. */
describe("dialogs: declining the photo in the citizen's own words", () => {
    let h: ReportBotHarness;
    beforeEach(async () => {
        h = await ReportBotHarness.start();
    });
    afterEach(async () => {
        await h.stop();
    });

    for (const answer of ['no, gracias', 'no puedo sacar fotos ahora', 'no tengo cámara', 'No.', 'NO GRACIAS', 'no se puede']) {
        it(`"${answer}" at the photo question goes on to the summary without a photo`, async () => {
            for (const message of TO_PHOTO) await h.send(message);
            const text = await h.say(answer);
            expect(text).to.include('Foto: no').and.include('¿Está todo bien?').and.not.include('Envíe una foto');
            await h.send('Sí, enviar');
            const [report] = await h.reportsOf();
            expect(report).to.include({ name: 'Ana Díaz', emergencyTypeId: 'landslide' });
            expect(report.photo).to.equal(undefined);
            expect(await h.handoffsOf()).to.have.length(1);
        });
    }

    it('an urgency that starts with "no" at the photo question still hands over at once', async () => {
        for (const message of TO_PHOTO) await h.send(message);
        expect(await h.say('no puedo salir de la casa')).to.include('Entiendo que es urgente');
        expect((await h.handoffsOf())[0]).to.include({ reason: 'urgent', priority: 'critical' });
    });

    it('only a first word "no" counts: "nosotros" or "noche" is not a skip', () => {
        expect(isPhotoSkip('no, gracias', texts.photoSkipChoice)).to.equal(true);
        expect(isPhotoSkip('nosotros estamos bien', texts.photoSkipChoice)).to.equal(false);
        expect(isPhotoSkip('noche', texts.photoSkipChoice)).to.equal(false);
        expect(isPhotoSkip('ya la mando', texts.photoSkipChoice)).to.equal(false);
    });
});
