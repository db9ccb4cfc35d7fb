import { expect } from 'chai';
import { Activity } from 'botbuilder';
import { toActivity } from '../../adapters/whatsapp/activityMapping';
import { ReportBotHarness, whatsapp } from './support/reportBotHarness';

const TO_TYPE = ['hola', 'Ana Díaz', 'capital', 'Av. Belgrano 900'];
const TO_SUMMARY = [...TO_TYPE, 'Derrumbe', 'no tengo'];
const REJECTED = 'necesito que responda con un mensaje de texto';

/** A WhatsApp message of Meta's shape as the line's adapter hands it to the bot (toActivity). */
function fromWhatsApp(type: string, message: Record<string, unknown>, wamid: string): Partial<Activity> {
    const activity = toActivity(
        {
            citizenKey: 'citizen-1',
            waId: '5493834000001',
            wamid,
            phoneNumberId: 'PHONE-1',
            profileName: 'Ana',
            timestamp: 1_790_000_000,
            type,
            raw: { from: '5493834000001', id: wamid, type, ...message }
        },
        { botId: 'bot' }
    );
    const { type: activityType, text, attachments, entities, channelData, value, reactionsAdded, reactionsRemoved, replyToId } = activity;
    return { type: activityType, text, attachments, entities, channelData, value, reactionsAdded, reactionsRemoved, replyToId };
}

const reaction = (emoji: string) => fromWhatsApp('reaction', { reaction: { message_id: 'wamid.summary', emoji } }, `wamid.reaction.${emoji}`);
const video = (caption?: string) =>
    fromWhatsApp('video', { video: { id: 'media-video-1', mime_type: 'video/mp4', ...(caption ? { caption } : {}) } }, 'wamid.video');

/** a reaction on the summary, and a video where a photo is asked. */
describe('dialogs: a reaction at the summary, a video at the photo question', () => {
    let h: ReportBotHarness;
    beforeEach(async () => {
        h = await ReportBotHarness.start();
    });
    afterEach(async () => {
        await h.stop();
    });

    for (const emoji of ['👍', '👍🏽', '✅', '👌']) {
        it(`a ${emoji} reaction on the summary sends the report`, async () => {
            for (const message of TO_SUMMARY) await h.send(message);
            const text = await h.say(reaction(emoji));
            expect(text).to.include('Su reporte fue registrado').and.not.include(REJECTED).and.not.include('Revise su reporte');
            const [report] = await h.reportsOf();
            expect(report).to.include({ name: 'Ana Díaz', emergencyTypeId: 'landslide' });
            expect((await h.handoffsOf())[0]).to.include({ reason: 'report_complete', reportId: report.id });
        });
    }

    it('a 👍 reaction as the harness sends it (a message of type reaction) sends the report too', async () => {
        for (const message of TO_SUMMARY) await h.send(message);
        expect(await h.say(whatsapp.reactionMessage())).to.include('Su reporte fue registrado');
    });

    it('another reaction on the summary (❤️) sends nothing and asks for the buttons', async () => {
        for (const message of TO_SUMMARY) await h.send(message);
        const text = await h.say(reaction('❤️'));
        expect(text).to.include('Toque "Sí, enviar"').and.not.include(REJECTED);
        expect(await h.reportsOf()).to.have.length(0);
    });

    it('a reaction taken back on the summary sends nothing', async () => {
        for (const message of TO_SUMMARY) await h.send(message);
        await h.send(reaction(''));
        expect(await h.reportsOf()).to.have.length(0);
    });

    it('a reaction at another question is still answered as before', async () => {
        await h.send('hola');
        expect(await h.say(reaction('👍')))
            .to.include(REJECTED)
            .and.include('¿Cuál es su nombre?');
    });

    it('a video at the photo question is not dropped in silence: the citizen is told and asked for a photo', async () => {
        for (const message of [...TO_TYPE, 'Derrumbe']) await h.send(message);
        const text = await h.say(video());
        expect(text).to.include('no puedo recibir videos').and.include('¿Puede enviar una foto?').and.not.include(REJECTED);
        expect(await h.say(whatsapp.image())).to.include('Foto: sí');
    });

    it('a captioned video at the photo question is told the same', async () => {
        for (const message of [...TO_TYPE, 'Derrumbe']) await h.send(message);
        const text = await h.say(video('así está la calle'));
        expect(text).to.include('no puedo recibir videos').and.include('foto');
        expect(await h.say('no tengo')).to.include('Foto: no');
    });

    it('a video at another question or as the first message is told the same, and the question comes again', async () => {
        const first = await h.say(video());
        expect(first).to.include('le responde Defensa Civil Catamarca').and.include('no puedo recibir videos').and.include('¿Cuál es su nombre?');
        expect(first).to.not.include(REJECTED);
        await h.send('Ana Díaz');
        expect(await h.say(video()))
            .to.include('no puedo recibir videos')
            .and.include('¿en qué departamento')
            .and.not.include(REJECTED);
    });

    it('a video at the summary is told the same, and the summary stands', async () => {
        for (const message of TO_SUMMARY) await h.send(message);
        expect(await h.say(video()))
            .to.include('no puedo recibir videos')
            .and.include('¿Está todo bien?');
        await h.send('si');
        expect((await h.reportsOf())[0].photo).to.equal(undefined);
    });
});
