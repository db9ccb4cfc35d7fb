import { expect } from 'chai';
import * as path from 'path';
import type { CaseEvent } from '../../handoff/service/caseEvents';
import { handoffText } from '../../handoff/texts';
import type { Actor, AuditEntry, HandoffCase } from '../../handoff/types';
import { FailingWriteStore, LostAnswerStore, WriteMatcher } from '../support/forwardingStore';
import { makeTempDir } from '../support/tempDir';
import { createReadyAccount } from './support/accounts';
import {
    ApiHarness,
    call,
    handoffRequest,
    login,
    MovableClock,
    openHandoffOver,
    RecordingMessenger,
    Session,
    startApiHarness
} from './support/handoffHarness';

const CITIZEN = '5493834000001';

/** A batch holding the audit line `action`: the change that line records, which a test makes fail or lose its answer. */
function auditOf(action: string): WriteMatcher {
    return (collection, doc) =>
        collection === 'handoffs' && (doc.value as AuditEntry).kind === 'audit' && (doc.value as AuditEntry).action === action;
}

/** Every case.updated the live view heard of case `caseId`, as [status, assignedTo]. */
function updatesOf(events: CaseEvent[], caseId: string): [string, string | undefined][] {
    return events.flatMap((e) =>
        e.type === 'case.updated' && e.case.id === caseId ? [[e.case.status, e.case.assignedTo] as [string, string | undefined]] : []
    );
}

type Action = 'claim' | 'release' | 'resolve';

/**
 * The operator's side of a storage failure. A change (the case, its transcript entry, its audit line) is one batch:
 * when the batch fails, nothing of it is written or shown, and the operator's retry makes it as if for the first time.
 * When the batch was committed but its answer was lost (a request that timed out after the server applied it), the
 * request fails too; the same operator's retry then finds the change committed and comes out as if the first had
 * worked: a success, the change once, one line in the trail, the live event, the citizen told once.
 */
describe('handoff: an operator action whose batch failed or whose answer was lost, and its retry', () => {
    let h: ApiHarness;
    let failing: FailingWriteStore;
    let lost: LostAnswerStore;
    /** What the next write to fail (nothing written) or to lose its answer (written) is; nothing until a test says. */
    let armedFail: WriteMatcher = () => false;
    let armedLost: WriteMatcher = () => false;
    let luis: Session;
    let ana: Session;
    let events: CaseEvent[];
    let opened: HandoffCase;

    beforeEach(async () => {
        armedFail = () => false;
        armedLost = () => false;
        h = await startApiHarness({}, undefined, {}, (store) => {
            failing = new FailingWriteStore(store, (c, d) => armedFail(c, d));
            lost = new LostAnswerStore(failing, (c, d) => armedLost(c, d));
            return lost;
        });
        const supervisor = await login(h.app.url, 'jefa', 'supervisora-123');
        for (const username of ['luis', 'ana']) {
            await createReadyAccount(h.app.url, supervisor.token, { username, password: `operador-${username}-1`, displayName: username });
        }
        luis = await login(h.app.url, 'luis', 'operador-luis-1');
        ana = await login(h.app.url, 'ana', 'operador-ana-1');
        opened = await h.handoff.caseService.open(handoffRequest(CITIZEN));
        events = [];
        h.handoff.events.subscribe((event) => events.push(event));
    });

    afterEach(async () => {
        await h.close();
    });

    function act(who: Session, action: Action, body?: unknown): Promise<Response> {
        return call(h.app.url, 'POST', `/api/operator/cases/${opened.id}/${action}`, { bearer: who.token, body });
    }

    async function trail(action: string): Promise<string[]> {
        return (await h.handoff.caseService.get(opened.id)).audit.filter((e) => e.action === action).map((e) => e.actor);
    }

    function toldCitizen(text: string): number {
        return h.messenger.textsTo(CITIZEN).filter((t) => t === text).length;
    }

    /** The first run of `action` by `who`, whose batch (holding the line `auditAction`) fails: the request fails. */
    async function failedOnce(who: Session, action: Action, auditAction: string, body?: unknown): Promise<void> {
        armedFail = auditOf(auditAction);
        const response = await act(who, action, body);
        expect(response.status, 'the request fails with its batch: storage, retry later').to.equal(503);
        expect(failing.failures).to.equal(1);
    }

    /** The first run of `action` by `who`, whose batch is committed but whose answer is lost: the request fails. */
    async function lostOnce(who: Session, action: Action, auditAction: string, body?: unknown): Promise<void> {
        armedLost = auditOf(auditAction);
        const response = await act(who, action, body);
        expect(response.status, 'the request fails with the lost answer: storage, retry later').to.equal(503);
        expect(lost.losses).to.equal(1);
    }

    describe('a claim', () => {
        it('writes and shows nothing when its batch failed; the retry claims it once', async () => {
            await failedOnce(luis, 'claim', 'claim');
            expect(updatesOf(events, opened.id), 'no console shows a claim that was not made').to.deep.equal([]);
            expect((await h.handoff.caseService.get(opened.id)).case.status).to.equal('queued');
            expect(await trail('claim')).to.deep.equal([]);

            expect((await act(luis, 'claim')).status).to.equal(200);
            expect(updatesOf(events, opened.id)).to.deep.equal([['assigned', 'luis']]);
            expect(await trail('claim')).to.deep.equal(['luis']);
            expect(toldCitizen(handoffText('operatorJoined'))).to.equal(1);
        });

        it("answers the same operator's retry of a committed claim with 200, shows it live, and tells the citizen once", async () => {
            await lostOnce(luis, 'claim', 'claim');
            const firstAssignedAt = (await h.handoff.caseService.get(opened.id)).case.assignedAt;
            expect(await trail('claim'), 'the claim and its line, committed together').to.deep.equal(['luis']);
            h.clock.advanceMs(1500);

            const retry = await act(luis, 'claim');
            expect(retry.status).to.equal(200);
            const body = (await retry.json()) as { case: HandoffCase };
            expect(body.case).to.include({ id: opened.id, status: 'assigned', assignedTo: 'luis', assignedAt: firstAssignedAt });
            expect(updatesOf(events, opened.id).at(-1), 'the retry shows it live').to.deep.equal(['assigned', 'luis']);
            // Once more, as a double click would: nothing more is written or told.
            expect((await act(luis, 'claim')).status).to.equal(200);

            expect(await trail('claim')).to.deep.equal(['luis']);
            expect(toldCitizen(handoffText('operatorJoined')), 'the citizen hears once that an operator joined').to.equal(1);
            expect((await h.handoff.caseService.get(opened.id)).case).to.include({ assignedTo: 'luis', assignedAt: firstAssignedAt });
        });

        it("still answers another operator's claim of it with 409", async () => {
            await lostOnce(luis, 'claim', 'claim');

            const other = await act(ana, 'claim');
            expect(other.status).to.equal(409);
            expect((await h.handoff.caseService.get(opened.id)).case).to.include({ status: 'assigned', assignedTo: 'luis' });
            expect(await trail('claim'), 'no line for a claim that did not happen').to.deep.equal(['luis']);
        });

        it('answers a claim of a case the operator holds since a release and a new claim the usual way', async () => {
            expect((await act(luis, 'claim')).status).to.equal(200);
            expect((await act(luis, 'release')).status).to.equal(200);
            await lostOnce(luis, 'claim', 'claim');

            expect((await act(luis, 'claim')).status).to.equal(200);
            expect(await trail('claim'), 'each claim once').to.deep.equal(['luis', 'luis']);
            expect(toldCitizen(handoffText('operatorJoined'))).to.equal(2);
        });
    });

    describe('a resolve', () => {
        beforeEach(async () => {
            expect((await act(luis, 'claim')).status).to.equal(200);
            events.length = 0;
        });

        it('keeps the case open when its batch failed, and closes it once on the retry', async () => {
            await failedOnce(luis, 'resolve', 'resolve', { outcome: 'asistido' });
            expect(updatesOf(events, opened.id)).to.deep.equal([]);
            expect((await h.handoff.caseService.activeCaseOf(CITIZEN))?.id, "still the citizen's active case").to.equal(opened.id);

            expect((await act(luis, 'resolve', { outcome: 'asistido' })).status).to.equal(200);
            expect(updatesOf(events, opened.id)).to.deep.equal([['resolved', 'luis']]);
            expect(await trail('resolve')).to.deep.equal(['luis']);
            expect(await h.handoff.caseService.activeCaseOf(CITIZEN)).to.equal(undefined);
        });

        it("answers the same operator's retry of a committed resolve with 200; the trail and the citizen get it once", async () => {
            await lostOnce(luis, 'resolve', 'resolve', { outcome: 'asistido' });

            const retry = await act(luis, 'resolve', { outcome: 'asistido' });
            expect(retry.status).to.equal(200);
            expect(((await retry.json()) as { case: HandoffCase }).case).to.include({ status: 'resolved', outcome: 'asistido' });
            expect(updatesOf(events, opened.id).at(-1)).to.deep.equal(['resolved', 'luis']);
            expect((await act(luis, 'resolve', { outcome: 'asistido' })).status).to.equal(200);

            expect(await trail('resolve')).to.deep.equal(['luis']);
            expect(toldCitizen(handoffText('resolved'))).to.equal(1);
        });

        it('answers a resolve with another outcome, or by another operator, with 409', async () => {
            await lostOnce(luis, 'resolve', 'resolve', { outcome: 'asistido' });

            expect((await act(luis, 'resolve', { outcome: 'derivado a bomberos' })).status).to.equal(409);
            expect((await act(ana, 'resolve', { outcome: 'asistido' })).status).to.equal(409);
            expect((await h.handoff.caseService.get(opened.id)).case.outcome).to.equal('asistido');
        });
    });

    describe('a release', () => {
        beforeEach(async () => {
            expect((await act(luis, 'claim')).status).to.equal(200);
            events.length = 0;
        });

        it("answers the same operator's retry of a committed release with 200; the trail and the citizen get it once", async () => {
            await lostOnce(luis, 'release', 'release');

            expect((await act(luis, 'release')).status).to.equal(200);
            expect(updatesOf(events, opened.id)).to.deep.equal([['queued', undefined]]);
            expect((await act(luis, 'release')).status).to.equal(200);

            expect(await trail('release')).to.deep.equal(['luis']);
            expect(toldCitizen(handoffText('requeued', { position: 1 }))).to.equal(1);
            // Back in the queue for real: another operator takes it.
            expect((await act(ana, 'claim')).status).to.equal(200);
        });

        it('keeps the case with the operator when its batch failed; the retry releases it once', async () => {
            await failedOnce(luis, 'release', 'release');
            expect((await h.handoff.caseService.get(opened.id)).case).to.include({ status: 'assigned', assignedTo: 'luis' });

            expect((await act(luis, 'release')).status).to.equal(200);
            expect(await trail('release')).to.deep.equal(['luis']);
            expect(toldCitizen(handoffText('requeued', { position: 1 }))).to.equal(1);
        });
    });

    describe('an operator message', () => {
        const TEXT = 'Ya salió la dotación de bomberos hacia su domicilio.';

        beforeEach(async () => {
            expect((await act(luis, 'claim')).status).to.equal(200);
            events.length = 0;
        });

        function write(who: Session, body: unknown): Promise<Response> {
            return call(h.app.url, 'POST', `/api/operator/cases/${opened.id}/messages`, { bearer: who.token, body });
        }

        async function operatorEntries(): Promise<string[]> {
            return (await h.handoff.caseService.get(opened.id)).transcript.filter((e) => e.author === 'operator').map((e) => e.text ?? '');
        }

        function shownLive(): string[] {
            return events.flatMap((e) => (e.type === 'message' && e.message.author === 'operator' ? [e.message.text ?? ''] : []));
        }

        it("is neither saved, shown nor sent when its batch failed; the console's resend sends it once", async () => {
            armedFail = auditOf('operator_message');
            expect((await write(luis, { text: TEXT, clientMessageId: 'msg-0001-luis' })).status).to.equal(503);
            expect([toldCitizen(TEXT), shownLive().length, (await operatorEntries()).length], 'all or nothing').to.deep.equal([0, 0, 0]);

            expect((await write(luis, { text: TEXT, clientMessageId: 'msg-0001-luis' })).status).to.equal(200);
            expect(toldCitizen(TEXT)).to.equal(1);
            expect(shownLive()).to.deep.equal([TEXT]);
            expect(await trail('operator_message')).to.deep.equal(['luis']);
        });

        it('is sent and recorded once when it was committed, its answer lost, and the console sends it (same clientMessageId) again', async () => {
            armedLost = auditOf('operator_message');
            expect((await write(luis, { text: TEXT, clientMessageId: 'msg-0001-luis' })).status).to.equal(503);
            const firstId = (await h.handoff.caseService.get(opened.id)).transcript.find((e) => e.author === 'operator')!.id;

            const retry = await write(luis, { text: TEXT, clientMessageId: 'msg-0001-luis' });
            expect(retry.status).to.equal(200);
            expect(((await retry.json()) as { message: { id: string; text: string } }).message).to.include({ id: firstId, text: TEXT });
            // Once more, as a double click would.
            expect((await write(luis, { text: TEXT, clientMessageId: 'msg-0001-luis' })).status).to.equal(200);

            expect(toldCitizen(TEXT), 'sent once: by the retry, as the first request ended before sending').to.equal(1);
            expect(shownLive()).to.include(TEXT);
            expect(await operatorEntries(), 'recorded once').to.deep.equal([TEXT]);
            expect((await h.handoff.caseService.get(opened.id)).case.messageCount).to.equal(1);
            expect(await trail('operator_message'), 'one line in the trail').to.deep.equal(['luis']);
            // A new message (another id) is a new message.
            expect((await write(luis, { text: 'Otra cosa', clientMessageId: 'msg-0002-luis' })).status).to.equal(200);
            expect(await operatorEntries()).to.deep.equal([TEXT, 'Otra cosa']);
        });

        it('answers the same clientMessageId with another text with 409, and records nothing', async () => {
            expect((await write(luis, { text: TEXT, clientMessageId: 'msg-0001-luis' })).status).to.equal(200);
            expect((await write(luis, { text: 'otro texto', clientMessageId: 'msg-0001-luis' })).status).to.equal(409);
            expect(await operatorEntries()).to.deep.equal([TEXT]);
            expect(toldCitizen(TEXT)).to.equal(1);
        });

        it('still records every message sent without a clientMessageId, and refuses a malformed one', async () => {
            expect((await write(luis, { text: TEXT })).status).to.equal(200);
            expect((await write(luis, { text: TEXT })).status).to.equal(200);
            expect(await operatorEntries()).to.deep.equal([TEXT, TEXT]);
            expect((await write(luis, { text: TEXT, clientMessageId: 'a/b' })).status).to.equal(400);
        });
    });

    describe('an internal note', () => {
        const NOTE = 'La vecina de al lado tiene la llave.';

        function note(who: Session, body: unknown): Promise<Response> {
            return call(h.app.url, 'POST', `/api/operator/cases/${opened.id}/notes`, { bearer: who.token, body });
        }

        async function notes(): Promise<string[]> {
            return (await h.handoff.caseService.get(opened.id)).transcript.filter((e) => e.internal).map((e) => e.text ?? '');
        }

        it('is saved once, with one line, when it was committed, its answer lost, and the console sends it again', async () => {
            armedLost = auditOf('note');
            expect((await note(luis, { text: NOTE, clientMessageId: 'note-0001-luis' })).status).to.equal(503);
            const retry = await note(luis, { text: NOTE, clientMessageId: 'note-0001-luis' });
            expect(retry.status).to.equal(200);
            expect(
                events.flatMap((e) => (e.type === 'message' && e.message.internal ? [e.message.text] : [])),
                'the retry shows it'
            ).to.deep.equal([NOTE]);
            expect(await notes(), 'saved once').to.deep.equal([NOTE]);
            expect(await trail('note'), 'one line in the trail').to.deep.equal(['luis']);
            expect(toldCitizen(NOTE), 'a note never reaches the citizen').to.equal(0);
        });

        it('is not taken for an operator message with the same id (409), and the message is not lost as a note', async () => {
            expect((await act(luis, 'claim')).status).to.equal(200);
            expect((await note(luis, { text: NOTE, clientMessageId: 'same-id-0001' })).status).to.equal(200);
            const message = await call(h.app.url, 'POST', `/api/operator/cases/${opened.id}/messages`, {
                bearer: luis.token,
                body: { text: NOTE, clientMessageId: 'same-id-0001' }
            });
            expect(message.status).to.equal(409);
            expect(toldCitizen(NOTE), 'a note never reaches the citizen').to.equal(0);
        });
    });
});

describe('handoff: a deadline whose batch failed', () => {
    let temp: ReturnType<typeof makeTempDir>;

    beforeEach(() => {
        temp = makeTempDir('handoff-deadline-batch');
    });

    afterEach(() => temp.remove());

    const DEADLINES = { deadlines: { waitMinutes: 3, operatorSilenceMinutes: 5, reminderGraceMinutes: 2 } };

    it('keeps the flag, the reminder and the return to the queue for the next poll, and shows each live once committed', async () => {
        const clock = new MovableClock();
        let armed: WriteMatcher = () => false;
        let failing: FailingWriteStore | undefined;
        const { store, handoff } = openHandoffOver(
            path.join(temp.dir, 'line.sqlite'),
            clock,
            new RecordingMessenger(),
            (inner) => (failing = new FailingWriteStore(inner, (c, d) => armed(c, d), 3)),
            DEADLINES
        );
        const events: CaseEvent[] = [];
        handoff.events.subscribe((event) => events.push(event));
        const flaggedLive = (): number => events.filter((e) => e.type === 'case.updated' && e.case.flagged).length;
        try {
            const opened = await handoff.caseService.open(handoffRequest(CITIZEN));
            // Each deadline's first batch fails, once.
            const toFail = new Set(['wait_deadline_passed', 'operator_reminded', 'timeout_release']);
            armed = (c, d) => [...toFail].some((action) => auditOf(action)(c, d) && toFail.delete(action));

            clock.advanceMinutes(3);
            await handoff.deadlines.pollOnce();
            expect([failing!.failures, flaggedLive()], 'nothing shown for a flag not written').to.deep.equal([1, 0]);
            await handoff.deadlines.pollOnce();
            expect(flaggedLive(), 'flagged live').to.equal(1);

            const luis: Actor = { kind: 'operator', username: 'luis', role: 'operator' };
            await handoff.caseService.claim(opened.id, luis);
            clock.advanceMinutes(5);
            await handoff.deadlines.pollOnce();
            expect(events.filter((e) => e.type === 'case.reminder')).to.have.length(0);
            await handoff.deadlines.pollOnce();
            expect(
                events.filter((e) => e.type === 'case.reminder').map((e) => e.case.assignedTo),
                'the reminder live'
            ).to.deep.equal(['luis']);

            clock.advanceMinutes(2);
            await handoff.deadlines.pollOnce();
            expect((await handoff.caseService.get(opened.id)).case.status).to.equal('assigned');
            await handoff.deadlines.pollOnce();
            expect(failing!.failures).to.equal(3);
            expect(
                events
                    .filter((e) => e.type === 'case.updated')
                    .map((e) => e.case.status)
                    .at(-1),
                'back in the queue live'
            ).to.equal('queued');
            const { case: value, audit } = await handoff.caseService.get(opened.id);
            expect(value.status).to.equal('queued');
            expect(
                ['wait_deadline_passed', 'operator_reminded', 'timeout_release'].map((action) => audit.filter((e) => e.action === action).length),
                'each deadline once in the trail'
            ).to.deep.equal([1, 1, 1]);
        } finally {
            await handoff.stop();
            await store.close();
        }
    });

    /** The handoff on a fresh file with 3/5/2-minute deadlines; `failing`: the batch that fails once. */
    function openFailing(clock: MovableClock, messenger: RecordingMessenger, failing: WriteMatcher) {
        let wrapper: FailingWriteStore | undefined;
        const opened = openHandoffOver(
            path.join(temp.dir, 'line.sqlite'),
            clock,
            messenger,
            (inner) => (wrapper = new FailingWriteStore(inner, failing)),
            DEADLINES
        );
        return { ...opened, failing: wrapper! };
    }

    it('gives the citizen the emergency numbers once, when the flag is committed at the next poll', async () => {
        const clock = new MovableClock();
        const messenger = new RecordingMessenger();
        const { store, handoff, failing } = openFailing(clock, messenger, auditOf('wait_deadline_passed'));
        try {
            const opened = await handoff.caseService.open(handoffRequest(CITIZEN));
            clock.advanceMinutes(3);
            await handoff.deadlines.pollOnce();
            expect(failing.failures).to.equal(1);
            expect((await handoff.caseService.get(opened.id)).case.flagged, 'not flagged: the batch failed whole').to.equal(undefined);
            expect(messenger.textsTo(CITIZEN).filter((t) => t === handoffText('emergencyNumbers'))).to.have.length(0);
            // The next polls, as the poller keeps running.
            await handoff.deadlines.pollOnce();
            expect((await handoff.caseService.get(opened.id)).case.flagged).to.equal(true);
            clock.advanceMinutes(5);
            await handoff.deadlines.pollOnce();

            expect(
                messenger.textsTo(CITIZEN).filter((t) => t === handoffText('emergencyNumbers')),
                'told once'
            ).to.have.length(1);
            const { audit } = await handoff.caseService.get(opened.id);
            expect(
                audit.filter((e) => e.action === 'citizen_notified' && e.detail?.text === 'emergencyNumbers'),
                'the trail says it once'
            ).to.have.length(1);
            expect(audit.filter((e) => e.action === 'wait_deadline_passed')).to.have.length(1);
        } finally {
            await handoff.stop();
            await store.close();
        }
    });

    it('tells the citizen once that they are back in the queue, when the timeout release is committed at the next poll', async () => {
        const clock = new MovableClock();
        const messenger = new RecordingMessenger();
        const { store, handoff, failing } = openFailing(clock, messenger, auditOf('timeout_release'));
        try {
            const opened = await handoff.caseService.open(handoffRequest(CITIZEN));
            await handoff.caseService.claim(opened.id, { kind: 'operator', username: 'luis', role: 'operator' });
            clock.advanceMinutes(5);
            await handoff.deadlines.pollOnce();
            clock.advanceMinutes(2);
            await handoff.deadlines.pollOnce();
            expect(failing.failures).to.equal(1);
            expect((await handoff.caseService.get(opened.id)).case.status).to.equal('assigned');
            await handoff.deadlines.pollOnce();
            expect((await handoff.caseService.get(opened.id)).case.status).to.equal('queued');
            clock.advanceMinutes(1);
            await handoff.deadlines.pollOnce();

            const requeued = handoffText('requeued', { position: 1 });
            expect(
                messenger.textsTo(CITIZEN).filter((t) => t === requeued),
                'told once'
            ).to.have.length(1);
        } finally {
            await handoff.stop();
            await store.close();
        }
    });
});
