import { expect } from 'chai';
import * as path from 'path';
import { ActivityTypes, TestAdapter, TurnContext } from 'botbuilder';
import type { Handoff } from '../../handoff';
import { handoffText } from '../../handoff/texts';
import type { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { makeTempDir } from '../support/tempDir';
import { handoffRequest, MovableClock, openHandoff, RecordingMessenger } from './support/handoffHarness';

const CITIZEN = '5493834000001';
const BOT_ANSWER = 'respuesta del bot';

describe('handoff: the HandoffMiddleware in a turn', () => {
    let temp: ReturnType<typeof makeTempDir>;
    let store: SqliteDocumentStore;
    let handoff: Handoff;
    let adapter: TestAdapter;
    let botTurns: number;

    beforeEach(() => {
        temp = makeTempDir('handoff-middleware');
        ({ store, handoff } = openHandoff(path.join(temp.dir, 'line.sqlite'), new MovableClock(), new RecordingMessenger()));
        botTurns = 0;
        adapter = new TestAdapter(
            async (context: TurnContext) => {
                botTurns++;
                await context.sendActivity(BOT_ANSWER);
            },
            {
                channelId: 'whatsapp',
                from: { id: CITIZEN, name: 'Ana' },
                conversation: { id: CITIZEN, isGroup: false, conversationType: 'personal', name: '' }
            }
        );
        adapter.use(handoff.middleware);
    });

    /** The same file, reopened with a messenger the test can read. */
    function reopenWith(messenger: RecordingMessenger): { store: SqliteDocumentStore; handoff: Handoff } {
        void store.close();
        return openHandoff(path.join(temp.dir, 'line.sqlite'), new MovableClock(), messenger);
    }

    afterEach(async () => {
        await store.close();
        temp.remove();
    });

    it('lets the bot answer when the citizen has no active case', async () => {
        await adapter.send('hola').assertReply(BOT_ANSWER).startTest();
        expect(botTurns).to.equal(1);
    });

    it("tells the place in the queue after the bot's own answer when the bot hands over in that turn", async () => {
        const messenger = new RecordingMessenger();
        ({ store, handoff } = reopenWith(messenger));
        const handingOver = new TestAdapter(
            async (context: TurnContext) => {
                await context.sendActivity('Su reporte fue registrado.');
                await handoff.caseService.requestHandoff(handoffRequest(CITIZEN));
                await context.sendActivity('Una persona le va a responder por aquí.');
            },
            {
                channelId: 'whatsapp',
                from: { id: CITIZEN, name: 'Ana' },
                conversation: { id: CITIZEN, isGroup: false, conversationType: 'personal', name: '' }
            }
        );
        handingOver.use(handoff.middleware);
        await handingOver
            .send('Sí, enviar')
            .assertReply('Su reporte fue registrado.')
            .assertReply('Una persona le va a responder por aquí.')
            .assertReply(handoffText('queuedInTurn', { position: 1 }))
            .startTest();
        expect(messenger.sent, "nothing sent out of turn, where it could overtake the turn's answers").to.deep.equal([]);
        const [queued] = await handoff.caseService.list('queued');
        expect(queued.notifiedPosition).to.equal(1);
    });

    it('answers again, place in the queue included, the message whose turn opened the case when that turn runs again after a crash', async () => {
        const messenger = new RecordingMessenger();
        ({ store, handoff } = reopenWith(messenger));
        const reference = { ...handoffRequest(CITIZEN).conversationReference, activityId: 'wamid.confirm-1' };
        const confirming = new TestAdapter(
            async (context: TurnContext) => {
                await context.sendActivity('Su reporte fue registrado.');
                await handoff.caseService.requestHandoff(
                    handoffRequest(CITIZEN, 'normal', { conversationReference: { ...reference, activityId: context.activity.id } })
                );
            },
            {
                channelId: 'whatsapp',
                from: { id: CITIZEN, name: 'Ana' },
                conversation: { id: CITIZEN, isGroup: false, conversationType: 'personal', name: '' }
            }
        );
        confirming.use(handoff.middleware);
        // The first run opened the case; its replies died with the process.
        await handoff.caseService.requestHandoff(handoffRequest(CITIZEN, 'normal', { conversationReference: reference }));

        await confirming
            .send({ type: ActivityTypes.Message, id: 'wamid.confirm-1', text: 'Sí, enviar' })
            .assertReply('Su reporte fue registrado.')
            .assertReply(handoffText('queuedInTurn', { position: 1 }))
            .startTest();
        // Any later message goes to the case, as always.
        await confirming.send({ type: ActivityTypes.Message, id: 'wamid.later-2', text: '¿ya viene alguien?' }).startTest();
        expect(confirming.activeQueue).to.have.length(0);
        const [queued] = await handoff.caseService.list('queued');
        expect((await handoff.caseService.get(queued.id)).transcript.map((entry) => entry.text)).to.deep.equal(['¿ya viene alguien?']);
    });

    it('keeps the bot silent while a case is active and records text, photo and location in the transcript', async () => {
        const opened = await handoff.caseService.open(handoffRequest(CITIZEN));
        const live: string[] = [];
        handoff.events.subscribe((event) => {
            if (event.type === 'message') live.push(event.message.text ?? '');
        });

        await adapter.send('la calle sigue cortada por el agua').startTest();
        await adapter
            .send({
                type: ActivityTypes.Message,
                text: 'así está la calle',
                attachments: [{ contentType: 'image/jpeg', contentUrl: `/api/operator/media/${'a'.repeat(64)}`, name: 'foto.jpg' }]
            })
            .startTest();
        await adapter
            .send({
                type: ActivityTypes.Message,
                attachments: [
                    {
                        contentType: 'application/vnd.whatsapp.location',
                        content: { latitude: -28.4696, longitude: -65.7852, name: 'Plaza 25 de Mayo' }
                    }
                ]
            })
            .startTest();
        await adapter
            .send({
                type: ActivityTypes.Message,
                entities: [{ type: 'GeoCoordinates', latitude: -28.5, longitude: -65.8 }]
            })
            .startTest();

        expect(botTurns).to.equal(0);
        expect(adapter.activeQueue).to.have.length(0);
        const { transcript } = await handoff.caseService.get(opened.id);
        expect(transcript).to.have.length(4);
        expect(transcript.every((e) => e.author === 'citizen')).to.equal(true);
        expect(transcript[0].text).to.equal('la calle sigue cortada por el agua');
        expect(transcript[1].text).to.equal('así está la calle');
        expect(transcript[1].images).to.deep.equal([
            { contentType: 'image/jpeg', contentUrl: `/api/operator/media/${'a'.repeat(64)}`, name: 'foto.jpg' }
        ]);
        expect(transcript[2].location).to.include({ latitude: -28.4696, longitude: -65.7852, name: 'Plaza 25 de Mayo' });
        expect(transcript[3].location).to.include({ latitude: -28.5, longitude: -65.8 });
        expect(live).to.have.length(4);
    });

    it('withdraws a queued case when the citizen writes "cancelar", and the bot answers again afterwards', async () => {
        const opened = await handoff.caseService.open(handoffRequest(CITIZEN));
        await adapter.send('Cancelar').assertReply(handoffText('withdrawn')).startTest();
        expect(botTurns).to.equal(0);
        const { case: value, audit } = await handoff.caseService.get(opened.id);
        expect(value.status).to.equal('withdrawn');
        expect(audit.map((e) => [e.actor, e.action])).to.deep.include(['citizen', 'withdraw']);

        await adapter.send('hola').assertReply(BOT_ANSWER).startTest();
        expect(botTurns).to.equal(1);
    });

    it('keeps a sender on another channel apart from the WhatsApp citizen whose number they use as their id', async () => {
        const opened = await handoff.caseService.open(handoffRequest(CITIZEN));
        const impostor = new TestAdapter(
            async (context: TurnContext) => {
                botTurns++;
                await context.sendActivity(BOT_ANSWER);
            },
            {
                channelId: 'webchat',
                from: { id: CITIZEN, name: 'Ana' },
                conversation: { id: 'webchat-1', isGroup: false, conversationType: 'personal', name: '' }
            }
        );
        impostor.use(handoff.middleware);

        await impostor.send('cancelar').assertReply(BOT_ANSWER).startTest();
        await impostor.send('mensaje falso').assertReply(BOT_ANSWER).startTest();

        const { case: value, transcript } = await handoff.caseService.get(opened.id);
        expect(value.status, "the WhatsApp citizen's case is still waiting for an operator").to.equal('queued');
        expect(transcript.map((e) => e.text)).to.not.include('mensaje falso');
        expect(await handoff.caseService.activeCaseOf(`webchat:${CITIZEN}`)).to.equal(undefined);
    });

    it('passes "cancelar" to the operator (not a withdrawal) once an operator has the case', async () => {
        const opened = await handoff.caseService.open(handoffRequest(CITIZEN));
        await handoff.caseService.claim(opened.id, { kind: 'operator', username: 'luis', role: 'operator' });
        await adapter.send('cancelar').startTest();
        expect(botTurns).to.equal(0);
        const { case: value, transcript } = await handoff.caseService.get(opened.id);
        expect(value.status).to.equal('assigned');
        expect(transcript.map((e) => e.text)).to.deep.equal(['cancelar']);
    });
});
