import { expect } from 'chai';
import { ReportBotHarness } from './support/reportBotHarness';

/**
 * What the citizen told the bot before asking for a person ("estoy con mi mamá que no camina") reaches the operator:
 * the request for a person carries the episode's conversation, the bot's questions and buttons and the citizen's
 * answers, in order.
 */
describe('dialogs: a request for a person carries the conversation with the bot', () => {
    let h: ReportBotHarness;
    beforeEach(async () => {
        h = await ReportBotHarness.start();
    });
    afterEach(async () => {
        await h.stop();
    });

    it('holds every bot question and citizen answer from the first message up to the request, oldest first', async () => {
        await h.send('hola');
        await h.send('Ana Díaz');
        await h.send('Valle Viejo');
        await h.send('calle Los Tilos 45, frente a la plaza');
        await h.send('quiero hablar con una persona');
        const [request] = await h.handoffsOf();
        const conversation = request.conversation ?? [];
        const citizen = conversation.filter((e) => e.author === 'citizen').map((e) => e.text);
        expect(citizen).to.deep.equal(['hola', 'Ana Díaz', 'Valle Viejo', 'calle Los Tilos 45, frente a la plaza', 'quiero hablar con una persona']);
        expect(conversation[0].author).to.equal('citizen');
        expect(conversation[1]).to.include({ author: 'bot' });
        const botTexts = conversation
            .filter((e) => e.author === 'bot')
            .map((e) => e.text ?? '')
            .join('\n');
        expect(botTexts).to.include('nombre');
        expect(conversation.at(-1)).to.include({ author: 'citizen', text: 'quiero hablar con una persona' });
        expect(conversation.every((e) => typeof e.at === 'string')).to.equal(true);
    });

    it('an urgent message hands over with what was said before it ("estoy con mi mamá que no camina")', async () => {
        await h.send('hola');
        await h.send('Ana Díaz');
        await h.send('estoy con mi mamá que no camina y el agua está entrando, en Valle Viejo');
        const [request] = await h.handoffsOf();
        expect(request.reason).to.equal('urgent');
        expect((request.conversation ?? []).filter((e) => e.author === 'citizen').map((e) => e.text)).to.deep.equal([
            'hola',
            'Ana Díaz',
            'estoy con mi mamá que no camina y el agua está entrando, en Valle Viejo'
        ]);
    });

    it('keeps the buttons the bot offered, and a pin the citizen sent', async () => {
        await h.send('hola');
        await h.send('Ana Díaz');
        await h.send({
            type: 'message',
            attachments: [{ contentType: 'application/vnd.whatsapp.location', content: { latitude: -28.47, longitude: -65.78 } }]
        });
        await h.send('operador');
        const [request] = await h.handoffsOf();
        const conversation = request.conversation ?? [];
        expect(conversation.some((e) => e.author === 'citizen' && e.location?.latitude === -28.47)).to.equal(true);
        expect(
            conversation.some((e) => e.author === 'bot' && (e.choices ?? []).length > 0),
            'some question offered buttons'
        ).to.equal(true);
    });

    it('starts again after the request: the next episode does not carry the last one', async () => {
        await h.send('hola');
        await h.send('operador');
        await h.send('hola de nuevo');
        await h.send('operador');
        const requests = await h.handoffsOf();
        expect(requests).to.have.length(2);
        const second = requests.find((r) => (r.conversation ?? []).some((e) => e.text === 'hola de nuevo'));
        expect(second, 'the second request carries its own conversation').to.not.equal(undefined);
        expect((second!.conversation ?? []).map((e) => e.text)).to.not.include('hola');
    });
});
