import { expect } from 'chai';
import { Activity } from 'botbuilder';
import { toActivity } from '../../adapters/whatsapp/activityMapping';
import { ReportBotHarness } from './support/reportBotHarness';

/**
 * A WhatsApp message of Meta's shape `message` as the line's adapter hands it to the bot (toActivity), keeping
 * only what the message carries (the harness gives sender and conversation).
 */
function fromWhatsApp(type: string, message: Record<string, unknown>): Partial<Activity> {
    const activity = toActivity(
        {
            citizenKey: 'citizen-1',
            waId: '5493834000001',
            wamid: `wamid.first.${type}`,
            phoneNumberId: 'PHONE-1',
            profileName: 'Rosa',
            timestamp: 1_790_000_000,
            type,
            raw: { from: '5493834000001', id: `wamid.first.${type}`, type, ...message }
        },
        { botId: 'bot' }
    );
    const { type: activityType, text, attachments, entities, channelData, value } = activity;
    return { type: activityType, text, attachments, entities, channelData, value };
}

const CONTACT = fromWhatsApp('contacts', { contacts: [{ name: { formatted_name: 'Juan Pérez' }, phones: [{ phone: '+5493834000000' }] }] });
const UNSUPPORTED = fromWhatsApp('unsupported', { errors: [{ code: 131051, title: 'Message type unknown' }] });

/** a first message the bot cannot read is never met with silence. */
describe('dialogs: a first message the bot cannot read', () => {
    let h: ReportBotHarness;
    beforeEach(async () => {
        h = await ReportBotHarness.start();
    });
    afterEach(async () => {
        await h.stop();
    });

    for (const [what, message] of [
        ['a contact card', CONTACT],
        ['an unsupported message type (131051)', UNSUPPORTED]
    ] as const) {
        it(`${what} as the first message is greeted, told to write, and the report starts`, async () => {
            expect(message.channelData.whatsapp.unreadable).to.equal(true);
            const text = await h.say(message);
            expect(text).to.include('le responde Defensa Civil Catamarca').and.include('103');
            expect(text).to.include('necesito que responda con un mensaje de texto');
            expect(text).to.include('¿Cuál es su nombre?');
            expect(await h.say('Rosa Díaz')).to.include('Rosa, ¿en qué departamento');
            expect(await h.handoffsOf()).to.have.length(0);
        });
    }

    it('a document as the first message is answered the same way', async () => {
        const text = await h.say(fromWhatsApp('document', { document: { id: 'media-1', mime_type: 'application/pdf', filename: 'denuncia.pdf' } }));
        expect(text)
            .to.include('le responde Defensa Civil Catamarca')
            .and.include('necesito que responda con un mensaje de texto')
            .and.include('¿Cuál es su nombre?');
    });

    it('a reaction as the first message still gets no answer', async () => {
        expect(await h.send({ type: 'messageReaction', reactionsAdded: [{ type: '👍' }] })).to.have.length(0);
    });
});
