import { expect } from 'chai';
import * as path from 'path';
import { Activity, ActivityTypes, TestAdapter, TurnContext } from 'botbuilder';
import type { Handoff } from '../../handoff';
import { handoffText } from '../../handoff/texts';
import type { AuditEntry, HandoffCase, TranscriptEntry } from '../../handoff/types';
import { isStorageUnavailable } from '../../storage/documentStore';
import type { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { FailingWriteStore } from '../support/forwardingStore';
import { makeTempDir } from '../support/tempDir';
import { handoffRequest, MovableClock, openHandoff, openHandoffOver, RecordingMessenger } from './support/handoffHarness';

const CITIZEN = '5493834000001';
const BOT_ANSWER = 'respuesta del bot';
const CHANNEL = {
    channelId: 'whatsapp',
    from: { id: CITIZEN, name: 'Ana' },
    conversation: { id: CITIZEN, isGroup: false, conversationType: 'personal', name: '' }
};

/** A batch holding the audit line `action` (and so the whole change it records), the one a test makes fail. */
function auditOf(action: string) {
    return (collection: string, doc: { value: unknown }): boolean =>
        collection === 'handoffs' && (doc.value as AuditEntry).kind === 'audit' && (doc.value as AuditEntry).action === action;
}

/** The error a turn's run ended with, or undefined when it ended well. */
function failureOf(run: Promise<unknown>): Promise<unknown> {
    return run.then(
        () => undefined,
        (error: unknown) => error
    );
}

/**
 * A WhatsApp turn runs again from the inbox when storage fails under it or its final commit fails: everything the
 * handoff does in a turn must come out the same when the turn runs twice.
 */
describe("handoff: a citizen's turn that runs again", () => {
    let temp: ReturnType<typeof makeTempDir>;
    let file: string;
    let store: SqliteDocumentStore;
    let handoff: Handoff;
    let botTurns: number;

    beforeEach(() => {
        temp = makeTempDir('handoff-rerun');
        file = path.join(temp.dir, 'line.sqlite');
        botTurns = 0;
    });

    afterEach(async () => {
        await store.close();
        temp.remove();
    });

    /** The handoff on the test's file; `failing`: the write that fails once. */
    function open(failing?: (collection: string, doc: { value: unknown }) => boolean): FailingWriteStore | undefined {
        let wrapper: FailingWriteStore | undefined;
        ({ store, handoff } = failing
            ? openHandoffOver(file, new MovableClock(), new RecordingMessenger(), (inner) => (wrapper = new FailingWriteStore(inner, failing)))
            : openHandoff(file, new MovableClock(), new RecordingMessenger()));
        return wrapper;
    }

    /** The citizen's WhatsApp line: the handoff middleware, then a bot that answers and counts its turns. */
    function line(): TestAdapter {
        const adapter = new TestAdapter(async (context: TurnContext) => {
            botTurns++;
            await context.sendActivity(BOT_ANSWER);
        }, CHANNEL);
        adapter.use(handoff.middleware);
        return adapter;
    }

    function message(id: string, text: string): Partial<Activity> {
        return { type: ActivityTypes.Message, id, text };
    }

    function casesCreated(): HandoffCase[] {
        const created: HandoffCase[] = [];
        handoff.events.subscribe((event) => {
            if (event.type === 'case.created') created.push(event.case);
        });
        return created;
    }

    describe('the turn that opened a case', () => {
        const fire = handoffRequest(CITIZEN, 'critical', {
            triggerText: 'se incendia mi casa, hay chicos adentro',
            conversationReference: { ...handoffRequest(CITIZEN).conversationReference, activityId: 'wamid.fire-1' }
        });

        /** One run of the turn that asks for a person: the dialogs' request inside the middleware's turn bracket. */
        async function runOpeningTurn(): Promise<{ error: unknown; notice: string | undefined }> {
            handoff.middleware.beginTurn(CITIZEN);
            const error = await failureOf(handoff.caseService.requestHandoff(fire));
            const notice = await handoff.middleware.endTurn(CITIZEN);
            return { error, notice };
        }

        it("opens nothing when the case's batch failed, and raises the operators' alarm once the turn ran again", async () => {
            const failing = open(auditOf('opened'));
            const created = casesCreated();

            const first = await runOpeningTurn();
            expect(isStorageUnavailable(first.error), 'the first run fails and is run again').to.equal(true);
            expect(failing!.failures).to.equal(1);
            expect(first.notice, 'no place told for a case that is not there').to.equal(undefined);
            expect(created, 'no alarm for a case that was not written').to.deep.equal([]);
            expect(await handoff.caseService.list('queued'), "no case without its 'opened' line").to.deep.equal([]);
            const again = await runOpeningTurn();
            expect(again.error).to.equal(undefined);
            expect(again.notice).to.equal(handoffText('queuedInTurn', { position: 1 }));

            const [queued] = await handoff.caseService.list('queued');
            expect(created.map((c) => [c.id, c.priority, c.status])).to.deep.include([queued.id, 'critical', 'queued']);
            const { audit } = await handoff.caseService.get(queued.id);
            expect(
                audit.filter((e) => e.action === 'opened'),
                'the trail says once that the case was opened'
            ).to.have.length(1);
        });

        it('publishes case.created again when the turn runs again in a new process (the first event died with the old one)', async () => {
            open();
            expect((await runOpeningTurn()).error).to.equal(undefined);
            await store.close();
            open();
            const created = casesCreated();

            const again = await runOpeningTurn();
            expect(again.notice).to.equal(handoffText('queuedInTurn', { position: 1 }));
            const [queued] = await handoff.caseService.list('queued');
            expect(created.map((c) => [c.id, c.status])).to.deep.equal([[queued.id, 'queued']]);
            const { audit } = await handoff.caseService.get(queued.id);
            expect(audit.filter((e) => e.action === 'opened')).to.have.length(1);
        });
    });

    describe('a message the citizen sends to their case', () => {
        it('is recorded once, with its line, and reaches the operators, when its batch failed and the turn ran again', async () => {
            const failing = open(auditOf('citizen_message'));
            const opened = await handoff.caseService.open(handoffRequest(CITIZEN));
            const live: TranscriptEntry[] = [];
            handoff.events.subscribe((event) => {
                if (event.type === 'message') live.push(event.message);
            });
            const adapter = line();

            const error = await failureOf(adapter.send(message('wamid.smoke-1', 'ya hay humo en la cocina')).startTest());
            expect(isStorageUnavailable(error)).to.equal(true);
            expect(failing!.failures).to.equal(1);
            const between = await handoff.caseService.get(opened.id);
            expect([between.transcript.length, between.case.messageCount, live.length], 'all or nothing: no message without its line').to.deep.equal([
                0, 0, 0
            ]);
            await adapter.send(message('wamid.smoke-1', 'ya hay humo en la cocina')).startTest();

            expect(botTurns, 'the bot stays silent').to.equal(0);
            expect(adapter.activeQueue).to.have.length(0);
            const { case: value, transcript, audit } = await handoff.caseService.get(opened.id);
            expect(transcript.map((e) => e.text)).to.deep.equal(['ya hay humo en la cocina']);
            expect(value.messageCount).to.equal(1);
            expect(audit.filter((e) => e.action === 'citizen_message')).to.have.length(1);
            expect(live.map((e) => e.id)).to.include(transcript[0].id);
        });

        it('is recorded once when the turn ran again after its commit failed, and later messages still arrive', async () => {
            open();
            const opened = await handoff.caseService.open(handoffRequest(CITIZEN));
            const adapter = line();

            await adapter.send(message('wamid.smoke-1', 'ya hay humo en la cocina')).startTest();
            await adapter.send(message('wamid.smoke-1', 'ya hay humo en la cocina')).startTest();
            await adapter.send(message('wamid.smoke-2', 'salimos a la vereda')).startTest();

            expect(botTurns).to.equal(0);
            expect(adapter.activeQueue).to.have.length(0);
            const { case: value, transcript, audit } = await handoff.caseService.get(opened.id);
            expect(transcript.map((e) => [e.sequence, e.text])).to.deep.equal([
                [1, 'ya hay humo en la cocina'],
                [2, 'salimos a la vereda']
            ]);
            expect(value.messageCount).to.equal(2);
            expect(audit.filter((e) => e.action === 'citizen_message')).to.have.length(2);
        });

        it('without an activity id is recorded each time, as before', async () => {
            open();
            const opened = await handoff.caseService.open(handoffRequest(CITIZEN));
            const reference = handoffRequest(CITIZEN).conversationReference;
            await handoff.caseService.addCitizenMessage(CITIZEN, { text: 'hola' }, reference);
            await handoff.caseService.addCitizenMessage(CITIZEN, { text: 'hola' }, reference);
            expect((await handoff.caseService.get(opened.id)).transcript.map((e) => e.text)).to.deep.equal(['hola', 'hola']);
        });
    });

    describe('"cancelar" from a waiting citizen', () => {
        it('withdraws the case when its batch failed and the turn ran again', async () => {
            const failing = open(auditOf('withdraw'));
            const opened = await handoff.caseService.open(handoffRequest(CITIZEN));
            const updated: HandoffCase[] = [];
            handoff.events.subscribe((event) => {
                if (event.type === 'case.updated') updated.push(event.case);
            });
            const adapter = line();

            const error = await failureOf(adapter.send(message('wamid.cancel-1', 'cancelar')).startTest());
            expect(isStorageUnavailable(error)).to.equal(true);
            expect(failing!.failures).to.equal(1);
            expect((await handoff.caseService.get(opened.id)).case.status, 'all or nothing: still waiting').to.equal('queued');
            await adapter.send(message('wamid.cancel-1', 'cancelar')).assertReply(handoffText('withdrawn')).startTest();

            expect(botTurns, '"cancelar" never reaches the bot').to.equal(0);
            const { case: value, audit } = await handoff.caseService.get(opened.id);
            expect(value.status).to.equal('withdrawn');
            expect(audit.filter((e) => e.action === 'withdraw')).to.have.length(1);
            expect(
                updated.map((c) => [c.id, c.status]),
                "the operators' queue lets it go"
            ).to.deep.include([opened.id, 'withdrawn']);
        });

        it('answers the withdrawal again when the turn ran again after its commit failed; the next message goes to the bot', async () => {
            open();
            const opened = await handoff.caseService.open(handoffRequest(CITIZEN));
            const adapter = line();

            await adapter.send(message('wamid.cancel-1', 'Cancelar')).assertReply(handoffText('withdrawn')).startTest();
            await adapter.send(message('wamid.cancel-1', 'Cancelar')).assertReply(handoffText('withdrawn')).startTest();
            expect(botTurns).to.equal(0);
            expect((await handoff.caseService.get(opened.id)).audit.filter((e) => e.action === 'withdraw')).to.have.length(1);

            await adapter.send(message('wamid.hola-2', 'hola')).assertReply(BOT_ANSWER).startTest();
            expect(botTurns).to.equal(1);
        });
    });
});
