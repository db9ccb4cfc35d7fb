import { expect } from 'chai';
import { TurnContext } from 'botbuilder';
import { AlertSubscriptionCommands } from '../../dialogs/alertSubscriptionCommands';
import { AlertCommand } from '../../dialogs/intentRecognizer';
import { ReportBotHarness, replyText, whatsapp } from './support/reportBotHarness';

/** The messages that bring a new citizen to each question of the protocol, and that question's words. */
const STEPS: { step: string; before: string[]; question: string }[] = [
    { step: 'opening', before: [], question: '' },
    { step: 'name', before: ['hola'], question: '¿Cuál es su nombre?' },
    { step: 'department', before: ['hola', 'Ana Díaz'], question: '¿en qué departamento' },
    { step: 'location', before: ['hola', 'Ana Díaz', 'capital'], question: '¿Dónde es exactamente?' },
    { step: 'emergency type', before: ['hola', 'Ana Díaz', 'capital', 'Av. Belgrano 900'], question: '¿Qué tipo de emergencia es?' },
    { step: 'photo', before: ['hola', 'Ana Díaz', 'capital', 'Av. Belgrano 900', 'Derrumbe'], question: '¿Puede enviar una foto?' },
    { step: 'summary', before: ['hola', 'Ana Díaz', 'capital', 'Av. Belgrano 900', 'Derrumbe', 'no tengo'], question: '¿Está todo bien?' },
    {
        step: 'correction',
        before: ['hola', 'Ana Díaz', 'capital', 'Av. Belgrano 900', 'Derrumbe', 'no tengo', 'Corregir'],
        question: '¿Qué dato quiere corregir?'
    }
];

class RecordingAlertCommands implements AlertSubscriptionCommands {
    readonly seen: AlertCommand[] = [];
    async handle(context: TurnContext, command: AlertCommand): Promise<void> {
        this.seen.push(command);
        await context.sendActivity(`alerts:${command}`);
    }
}

describe('dialogs: interruptions at any step', () => {
    let h: ReportBotHarness;
    let alerts: RecordingAlertCommands;
    beforeEach(async () => {
        alerts = new RecordingAlertCommands();
        h = await ReportBotHarness.start({ alertCommands: alerts });
    });
    afterEach(async () => {
        await h.stop();
    });

    async function reach(before: string[]): Promise<void> {
        for (const message of before) await h.send(message);
    }

    for (const { step, before } of STEPS) {
        it(`urgency at the ${step} step hands over at once, critical, with the report so far`, async () => {
            await reach(before);
            const text = await h.say('Ayuda, hay gente atrapada');
            expect(text).to.include('Entiendo que es urgente').and.include('911').and.include('107').and.include('100').and.include('103');
            const [request] = await h.handoffsOf();
            expect(request).to.include({ reason: 'urgent', priority: 'critical', triggerText: 'Ayuda, hay gente atrapada' });
            if (before.length >= 2) expect(request.report.name).to.equal('Ana Díaz');
            if (before.length >= 3) expect(request.report.departmentName).to.equal('Capital');
            // The protocol has ended: the next message starts a new conversation with the greeting.
            expect(await h.say('hola')).to.include('Defensa Civil Catamarca');
        });

        if (step !== 'opening') {
            it(`a negation at the ${step} step does not hand over`, async () => {
                await reach(before);
                await h.send('no hay heridos');
                await h.send('sin heridos, no hay nadie atrapado');
                expect(await h.handoffsOf()).to.have.length(0);
            });

            it(`"ayuda" at the ${step} step explains and asks the same question again`, async () => {
                await reach(before);
                const replies = await h.send('ayuda');
                expect(replyText(replies)).to.include('"operador"').and.include('"cancelar"');
                expect(replyText(replies)).to.include(STEPS.find((s) => s.step === step)!.question);
            });

            it(`"quiero hablar con una persona" at the ${step} step hands over (citizen_request)`, async () => {
                await reach(before);
                expect(await h.say('quiero hablar con una persona')).to.include('Una persona de Defensa Civil');
                const [request] = await h.handoffsOf();
                expect(request).to.include({ reason: 'citizen_request', priority: 'high' });
            });

            it(`a voice note at the ${step} step hands over (voice_note)`, async () => {
                await reach(before);
                expect(await h.say(whatsapp.voiceNote())).to.include('no puedo escuchar audios');
                const [request] = await h.handoffsOf();
                expect(request).to.include({ reason: 'voice_note', priority: 'high' });
            });

            it(`a sticker and a reaction at the ${step} step get a polite re-prompt`, async () => {
                await reach(before);
                const question = STEPS.find((s) => s.step === step)!.question;
                expect(await h.say(whatsapp.sticker()))
                    .to.include('Gracias')
                    .and.include(question);
                // A 👍 on the summary is a yes: tests/dialogs/reactionsAndVideoMidReport.test.ts.
                if (step === 'summary') return;
                expect(await h.say(whatsapp.reactionMessage()))
                    .to.include('Gracias')
                    .and.include(question);
                expect(await h.say({ type: 'messageReaction', reactionsAdded: [{ type: '👍' }] })).to.include(question);
                expect(await h.handoffsOf()).to.have.length(0);
            });
        }
    }

    it('a negation about something else does not hide a life at risk', async () => {
        await reach(['hola', 'Ana Díaz', 'capital']);
        expect(await h.say('no sé cuántos heridos hay')).to.include('Entiendo que es urgente');
        const [request] = await h.handoffsOf();
        expect(request).to.include({ reason: 'urgent', priority: 'critical', triggerText: 'no sé cuántos heridos hay' });
    });

    it('"cancelar" ends the report, forgets it, and the next message starts again', async () => {
        await reach(['hola', 'Ana Díaz', 'capital']);
        expect(await h.say('cancelar')).to.include('Cancelé el reporte');
        expect(await h.say('hola')).to.include('¿Cuál es su nombre?');
        expect(await h.reportsOf()).to.have.length(0);
        expect(await h.handoffsOf()).to.have.length(0);
    });

    it('three failed answers in a row hand over (repeated_failures), without a fourth question', async () => {
        await reach(['hola', 'Ana Díaz']);
        expect(await h.say('chacabuco')).to.include('No encontré ese departamento');
        expect(await h.say('hola')).to.include('No encontré ese departamento');
        const third = await h.say('no se');
        expect(third).to.include('no logro entenderle').and.not.include('No encontré');
        const [request] = await h.handoffsOf();
        expect(request).to.include({ reason: 'repeated_failures', triggerText: 'no se' });
        expect(request.report.name).to.equal('Ana Díaz');
    });

    it('alert commands go to the alerts seam, in the middle of a report and as a first message', async () => {
        await reach(['hola', 'Ana Díaz']);
        const replies = replyText(await h.send('BAJA'));
        expect(replies).to.include('alerts:unsubscribe').and.include('¿en qué departamento');
        expect(await h.say('Valle Viejo')).to.include('¿Dónde es exactamente?');
        expect(await h.say('MIS ALERTAS', 'citizen-2')).to.equal('alerts:list');
        expect(await h.say('no quiero más alertas', 'citizen-3')).to.equal('alerts:unsubscribe');
        expect(await h.say('ALERTAS', 'citizen-4')).to.equal('alerts:subscribe');
        expect(alerts.seen).to.deep.equal(['unsubscribe', 'list', 'unsubscribe', 'subscribe']);
    });

    it('without an alerts service, the citizen is told politely that it is not available yet', async () => {
        const plain = await ReportBotHarness.start();
        try {
            expect(await plain.say('ALERTAS')).to.include('todavía no está disponible');
        } finally {
            await plain.stop();
        }
    });

    it('a reaction when no report is running gets no answer', async () => {
        expect(await h.send({ type: 'messageReaction', reactionsAdded: [{ type: '👍' }] })).to.have.length(0);
        expect(await h.send(whatsapp.reactionMessage())).to.have.length(0);
    });

    it('a voice note as the very first message hands over at once', async () => {
        expect(await h.say(whatsapp.voiceNote())).to.include('no puedo escuchar audios');
        expect((await h.handoffsOf())[0]).to.include({ reason: 'voice_note' });
    });

    it('when the handoff request cannot be raised, the citizen still gets the emergency numbers', async () => {
        const broken = await ReportBotHarness.start({
            handoffRequester: {
                requestHandoff: async () => {
                    throw new Error('queue down');
                }
            }
        });
        try {
            const text = await broken.say('socorro, mi mamá no respira');
            expect(text).to.include('911').and.include('tuvimos un problema técnico');
            expect(await broken.say('hola')).to.include('Defensa Civil Catamarca');
        } finally {
            await broken.stop();
        }
    });
});
