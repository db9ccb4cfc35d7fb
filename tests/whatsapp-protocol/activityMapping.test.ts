import { expect } from 'chai';
import { toActivity } from '../../adapters/whatsapp/activityMapping';
import { parseWebhook } from '../../adapters/whatsapp/webhookParser';
import { InboundMessage } from '../../adapters/whatsapp/types';
import { BSUID, PHONE_NUMBER_ID, WA_ID, body, envelope, message, messageFixtures, value } from './fixtures';

function inbound(raw: Record<string, unknown>, extra: Record<string, unknown> = {}): InboundMessage {
    const parsed = parseWebhook(body(envelope([value([raw], extra)])));
    expect(parsed.messages, JSON.stringify(parsed.rejected)).to.have.length(1);
    return parsed.messages[0];
}

const options = { botId: 'bot-dc' };

describe('toActivity()', () => {
    it('maps a text message with identity, conversation, timestamp and channelData', () => {
        const activity = toActivity(inbound(messageFixtures.text), options);
        expect(activity).to.deep.include({
            type: 'message',
            id: messageFixtures.text.id,
            channelId: 'whatsapp',
            text: 'hola, ¿me ayudan? 🚨'
        });
        expect(activity.from).to.include({ id: WA_ID, name: 'María', role: 'user' });
        expect(activity.conversation!.id).to.equal(WA_ID);
        expect(activity.recipient!.id).to.equal('bot-dc');
        expect((activity.timestamp as Date).toISOString()).to.equal('2025-11-28T12:00:00.000Z');
        expect(activity.channelData.whatsapp).to.deep.include({
            message: messageFixtures.text,
            phoneNumberId: PHONE_NUMBER_ID,
            waId: WA_ID,
            bsuid: BSUID
        });
    });

    it('keys a BSUID-only citizen by the BSUID', () => {
        const activity = toActivity(
            inbound(message('text', { body: 'hola' }, { from: undefined }), { contacts: [{ profile: { name: 'Anónimo' }, user_id: BSUID }] }),
            options
        );
        expect(activity.from!.id).to.equal(BSUID);
        expect(activity.conversation!.id).to.equal(BSUID);
    });

    it('sets replyToId from the context of a reply', () => {
        const activity = toActivity(inbound(message('text', { body: 'esto' }, { context: { from: '543834090909', id: 'wamid.PREV' } })), options);
        expect(activity.replyToId).to.equal('wamid.PREV');
    });

    it('maps media to attachments with caption, filename and the media url builder', () => {
        const image = toActivity(inbound(messageFixtures.image), { ...options, mediaUrl: (id) => `http://127.0.0.1/media/${id}` });
        expect(image.attachments).to.deep.equal([{ contentType: 'image/jpeg', contentUrl: 'http://127.0.0.1/media/MEDIA-IMG' }]);
        expect(image.text).to.equal('el río crecido');
        const doc = toActivity(inbound(messageFixtures.document), options);
        expect(doc.attachments).to.deep.equal([{ contentType: 'application/pdf', contentUrl: 'whatsapp-media:MEDIA-DOC', name: 'denuncia.pdf' }]);
        for (const name of ['video', 'audio', 'sticker']) {
            const activity = toActivity(inbound(messageFixtures[name]), options);
            expect(activity.attachments![0].contentUrl, name).to.match(/^whatsapp-media:MEDIA-/);
            expect(activity.channelData.whatsapp.voice, name).to.equal(undefined);
        }
    });

    it('marks a voice note (audio with voice true)', () => {
        const activity = toActivity(inbound(messageFixtures.voice), options);
        expect(activity.channelData.whatsapp.voice).to.equal(true);
        expect(activity.attachments![0]).to.deep.equal({ contentType: 'audio/ogg; codecs=opus', contentUrl: 'whatsapp-media:MEDIA-VOICE' });
    });

    it('maps a location (numbers or strings) to an attachment and a GeoCoordinates entity', () => {
        const activity = toActivity(inbound(messageFixtures.location), options);
        expect(activity.attachments).to.deep.equal([
            {
                contentType: 'application/vnd.whatsapp.location',
                content: { latitude: -28.4696, longitude: -65.7795, name: 'Plaza 25 de Mayo', address: 'San Fernando del Valle' }
            }
        ]);
        expect(activity.entities).to.deep.equal([{ type: 'GeoCoordinates', latitude: -28.4696, longitude: -65.7795, name: 'Plaza 25 de Mayo' }]);
        const strings = toActivity(inbound(messageFixtures.locationStrings), options);
        expect(strings.entities).to.deep.equal([{ type: 'GeoCoordinates', latitude: -28.4696, longitude: -65.7795 }]);
    });

    it('maps button and list replies to the reply id as text, and a template button to its payload', () => {
        const button = toActivity(inbound(messageFixtures.buttonReply), options);
        expect(button.text).to.equal('si');
        expect(button.value).to.deep.equal({ id: 'si', title: 'Sí', description: undefined });
        const list = toActivity(inbound(messageFixtures.listReply), options);
        expect(list.text).to.equal('capital');
        expect(list.value).to.deep.equal({ id: 'capital', title: 'Capital', description: 'San Fernando' });
        const template = toActivity(inbound(messageFixtures.templateButton), options);
        expect(template.text).to.equal('BAJA');
        expect(template.value).to.deep.equal({ payload: 'BAJA', text: 'Darme de baja' });
    });

    it('maps reactions to messageReaction activities aimed at the reacted message', () => {
        const added = toActivity(inbound(messageFixtures.reaction), options);
        expect(added).to.deep.include({ type: 'messageReaction', replyToId: 'wamid.SENT1', reactionsAdded: [{ type: '👍' }] });
        const removed = toActivity(inbound(messageFixtures.reactionRemoved), options);
        expect(removed.type).to.equal('messageReaction');
        expect(removed.reactionsRemoved).to.have.length(1);
        expect(removed.reactionsAdded).to.equal(undefined);
    });

    it('turns what the bot cannot read into a text-less message that says its type', () => {
        for (const name of ['contacts', 'order', 'system', 'requestWelcome', 'unsupported']) {
            const activity = toActivity(inbound(messageFixtures[name]), options);
            expect(activity.type, name).to.equal('message');
            expect(activity.text, name).to.equal(undefined);
            expect(activity.channelData.whatsapp.unreadable, name).to.equal(true);
            expect(activity.channelData.whatsapp.type, name).to.equal(messageFixtures[name].type);
        }
        expect(toActivity(inbound(messageFixtures.unsupported), options).channelData.whatsapp.errorCodes).to.deep.equal([131051]);
    });
});
