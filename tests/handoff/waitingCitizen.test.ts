import { expect } from 'chai';
import * as path from 'path';
import { ActivityTypes, TestAdapter, TurnContext } from 'botbuilder';
import type { Handoff } from '../../handoff';
import type { CaseEvent } from '../../handoff/service/caseEvents';
import { handoffText } from '../../handoff/texts';
import type { Actor } from '../../handoff/types';
import type { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { makeTempDir } from '../support/tempDir';
import { handoffRequest, MovableClock, openHandoff, RecordingMessenger } from './support/handoffHarness';

const CITIZEN = '5493834000011';
const OTHER = '5493834000012';
const LUIS: Actor = { kind: 'operator', username: 'luis', role: 'operator' };
const CONVERSATION = {
    channelId: 'whatsapp',
    from: { id: CITIZEN, name: 'Ana' },
    conversation: { id: CITIZEN, isGroup: false, conversationType: 'personal', name: '' }
};

/** A citizen whose case is open writes again: what they read back, and what the operators see. */
describe('handoff: a citizen who writes while their case is open', () => {
    let temp: ReturnType<typeof makeTempDir>;
    let store: SqliteDocumentStore;
    let handoff: Handoff;
    let clock: MovableClock;
    let adapter: TestAdapter;
    let heard: CaseEvent[];
    let commands: string[];
    let wamid = 0;

    beforeEach(() => {
        temp = makeTempDir('waiting-citizen');
        clock = new MovableClock();
        commands = [];
        ({ store, handoff } = openHandoff(path.join(temp.dir, 'line.sqlite'), clock, new RecordingMessenger(), {
            alertCommands: {
                async handle(context, command) {
                    commands.push(command);
                    await context.sendActivity(`alertas: ${command}`);
                }
            }
        }));
        adapter = new TestAdapter(async (context: TurnContext) => {
            await context.sendActivity('respuesta del bot');
        }, CONVERSATION);
        adapter.use(handoff.middleware);
        heard = [];
        handoff.events.subscribe((event) => heard.push(event));
    });

    afterEach(async () => {
        await store.close();
        temp.remove();
    });

    /** One WhatsApp message (its own wamid unless given), and every reply of its turn. */
    async function says(text: string, id = `wamid.${++wamid}`): Promise<string[]> {
        const before = adapter.activeQueue.length;
        await adapter.send({ type: ActivityTypes.Message, id, text }).startTest();
        return adapter.activeQueue.splice(before).map((reply) => reply.text ?? '');
    }

    it('raises a waiting case to critical when the citizen writes that a life is at risk, and gives the emergency numbers at once', async () => {
        await handoff.caseService.open(handoffRequest(OTHER, 'high'));
        const opened = await handoff.caseService.open(handoffRequest(CITIZEN, 'normal'));
        expect(await handoff.caseService.positionOf(opened.id)).to.equal(2);
        clock.advanceMs(5_000);
        heard.length = 0;

        // The numbers at once, then the first thing a dispatcher needs while the case waits: where.
        expect(await says('se cayó el árbol sobre mi vecino, está atrapado y sangrando')).to.deep.equal([
            handoffText('urgentWhileQueued'),
            handoffText('triageLocation')
        ]);
        const { case: value, transcript, audit } = await handoff.caseService.get(opened.id);
        expect(value).to.include({ priority: 'critical', status: 'queued' });
        expect(value.reasons).to.include('urgent');
        expect(await handoff.caseService.positionOf(opened.id), 'ahead of the high-priority case').to.equal(1);
        expect(transcript.map((e) => [e.author, e.text])).to.deep.equal([
            ['citizen', 'se cayó el árbol sobre mi vecino, está atrapado y sangrando'],
            ['bot', handoffText('triageLocation')]
        ]);
        expect(
            heard.map((e) => e.type),
            "the message, the question it got, and the case change that is the operators' alarm"
        ).to.deep.equal(['message', 'message', 'case.updated']);
        expect((heard[2] as Extract<CaseEvent, { type: 'case.updated' }>).case).to.include({ priority: 'critical', status: 'queued' });
        expect(audit.filter((e) => e.action === 'priority_raised')).to.have.length(1);

        // More of the same right away: recorded, no second list of numbers; the next question instead.
        expect(await says('AUXILIO')).to.deep.equal([handoffText('triagePeople')]);
        // A minute later, still nobody: the numbers again, and the last question.
        clock.advanceMs(61_000);
        expect(await says('no respira')).to.deep.equal([handoffText('urgentWhileQueued'), handoffText('triageHurt')]);
    });

    it('tells the citizen of a silent operator that the operator was told, once', async () => {
        const opened = await handoff.caseService.open(handoffRequest(CITIZEN, 'high'));
        await handoff.caseService.claim(opened.id, LUIS);
        clock.advanceMs(150_000);
        expect(await says('mi hijo no respira')).to.deep.equal([handoffText('urgentWhileAssigned')]);
        const { case: value } = await handoff.caseService.get(opened.id);
        expect(value).to.include({ priority: 'critical', status: 'assigned', assignedTo: 'luis' });
        clock.advanceMs(120_000);
        expect(await says('¿me escucha?'), 'an operator is with the citizen: the operator answers').to.deep.equal([]);
        expect(await says('ahora no respira'), 'already critical: no second automatic answer').to.deep.equal([]);
    });

    it("does not cut into an operator's questions: an urgent answer raises the case and the operator reads it", async () => {
        const opened = await handoff.caseService.open(handoffRequest(CITIZEN, 'normal'));
        await handoff.caseService.claim(opened.id, LUIS);
        clock.advanceMs(30_000);
        await handoff.caseService.addOperatorMessage(opened.id, LUIS, 'Hola, ¿hay heridos?');
        clock.advanceMs(20_000);
        expect(await says('sí, dos heridos leves')).to.deep.equal([]);
        const { case: value, transcript } = await handoff.caseService.get(opened.id);
        expect(value.priority, 'raised all the same').to.equal('critical');
        expect(transcript.map((e) => e.text)).to.deep.equal(['Hola, ¿hay heridos?', 'sí, dos heridos leves']);
        clock.advanceMs(61_000);
        expect(await says('uno sangra un poco de la cabeza'), "a minute later, still the operator's conversation").to.deep.equal([]);
    });

    it('withdraws a waiting case for "cancelar" as people write it, but not when the message says a life is at risk', async () => {
        const first = await handoff.caseService.open(handoffRequest(CITIZEN, 'normal'));
        expect(await says('cancelar por favor')).to.deep.equal([handoffText('withdrawn')]);
        expect((await handoff.caseService.get(first.id)).case.status).to.equal('withdrawn');
        const second = await handoff.caseService.open(handoffRequest(CITIZEN, 'normal'));
        expect(await says('quiero cancelar el pedido')).to.deep.equal([handoffText('withdrawn')]);
        expect((await handoff.caseService.get(second.id)).case.status).to.equal('withdrawn');
        const third = await handoff.caseService.open(handoffRequest(CITIZEN, 'normal'));
        clock.advanceMs(5_000);
        expect(await says('cancelar no, mi papá no respira')).to.deep.equal([handoffText('urgentWhileQueued'), handoffText('triageLocation')]);
        expect((await handoff.caseService.get(third.id)).case).to.include({ status: 'queued', priority: 'critical' });
    });

    it("acknowledges a waiting citizen's message with their place, at most once a minute, and not right after they were queued", async () => {
        const opened = await handoff.caseService.open(handoffRequest(CITIZEN, 'normal'));
        clock.advanceMs(20_000);
        expect(await says('gracias'), 'just told their place').to.deep.equal([]);
        clock.advanceMs(45_000);
        expect(await says('¿hola? ¿cuánto tarda?')).to.deep.equal([handoffText('receivedWhileQueued', { position: 1 })]);
        clock.advanceMs(10_000);
        expect(await says('¿vienen?')).to.deep.equal([]);
        clock.advanceMs(60_000);
        expect(await says('???')).to.deep.equal([handoffText('receivedWhileQueued', { position: 1 })]);
        const { case: value, transcript } = await handoff.caseService.get(opened.id);
        expect(value.priority, 'none of that is urgent').to.equal('normal');
        expect(transcript).to.have.length(4);
    });

    it("gives the same answer when the message's turn runs again (a failed commit), and raises the case once", async () => {
        const opened = await handoff.caseService.open(handoffRequest(CITIZEN, 'normal'));
        clock.advanceMs(5_000);
        expect(await says('hay un herido grave', 'wamid.urgent-1')).to.deep.equal([handoffText('urgentWhileQueued'), handoffText('triageLocation')]);
        clock.advanceMs(1_000);
        expect(await says('hay un herido grave', 'wamid.urgent-1'), 'the same message, run again').to.deep.equal([
            handoffText('urgentWhileQueued'),
            handoffText('triageLocation')
        ]);
        const { transcript, audit } = await handoff.caseService.get(opened.id);
        expect(
            transcript.map((e) => e.author),
            'the message and the question it got, each once'
        ).to.deep.equal(['citizen', 'bot']);
        expect(audit.filter((e) => e.action === 'priority_raised')).to.have.length(1);
    });

    it('answers "BAJA" and "MIS ALERTAS" while the case is open (the alert template tells citizens to write BAJA)', async () => {
        const opened = await handoff.caseService.open(handoffRequest(CITIZEN, 'normal'));
        clock.advanceMs(120_000);
        expect(await says('BAJA')).to.deep.equal(['alertas: unsubscribe']);
        expect(await says('MIS ALERTAS')).to.deep.equal(['alertas: list']);
        expect(await says('ALERTAS'), 'the sign-up waits for the end of the case').to.deep.equal([handoffText('alertsAfterCase')]);
        expect(commands).to.deep.equal(['unsubscribe', 'list']);
        const { transcript } = await handoff.caseService.get(opened.id);
        expect(
            transcript.map((e) => e.text),
            'the operator sees them too'
        ).to.deep.equal(['BAJA', 'MIS ALERTAS', 'ALERTAS']);
    });
});
