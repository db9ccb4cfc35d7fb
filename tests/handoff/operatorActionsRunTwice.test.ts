import { expect } from 'chai';
import * as path from 'path';
import type { CaseEvent } from '../../handoff/service/caseEvents';
import { handoffText } from '../../handoff/texts';
import type { Actor, AuditEntry, HandoffCase } from '../../handoff/types';
import { FailingWriteStore, WriteMatcher } from '../support/forwardingStore';
import { makeTempDir } from '../support/tempDir';
import { createReadyAccount } from './support/accounts';
import {
    ApiHarness, call, handoffRequest, login, MovableClock, openHandoffOver, RecordingMessenger, Session, startApiHarness
} from './support/handoffHarness';

const CITIZEN = '5493834000001';

/** A write of the audit entry `action`, the one a test makes fail. */
function auditOf(action: string): WriteMatcher {
    return (collection, doc) => collection === 'audit' && (doc.value as AuditEntry).action === action;
}

/** Every case.updated the live view heard of case `caseId`, as [status, assignedTo]. */
function updatesOf(events: CaseEvent[], caseId: string): [string, string | undefined][] {
    return events.flatMap((e) => (e.type === 'case.updated' && e.case.id === caseId ? [[e.case.status, e.case.assignedTo] as [string, string | undefined]] : []));
}

/**
 * The operator's side of a storage failure: the case change is written, the audit write after it fails, the request
 * fails. The consoles must still see the change live, and the operator's retry of the same action must come out as
 * if the first had worked: a success, the change once, one line in the trail, the citizen told once.
 */
describe('handoff: an operator action whose audit write failed, and its retry', () => {
    let h: ApiHarness;
    let failing: FailingWriteStore;
    /** What the next write to fail once is; nothing until a test says. */
    let armed: WriteMatcher = () => false;
    let luis: Session;
    let ana: Session;
    let events: CaseEvent[];
    let opened: HandoffCase;

    beforeEach(async () => {
        armed = () => false;
        h = await startApiHarness({}, undefined, {}, (store) => (failing = new FailingWriteStore(store, (c, d) => armed(c, d))));
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

    function act(who: Session, action: 'claim' | 'release' | 'resolve', body?: unknown): Promise<Response> {
        return call(h.app.url, 'POST', `/api/operator/cases/${opened.id}/${action}`, { bearer: who.token, body });
    }

    async function trail(action: string): Promise<string[]> {
        return (await h.handoff.caseService.get(opened.id)).audit.filter((e) => e.action === action).map((e) => e.actor);
    }

    function toldCitizen(text: string): number {
        return h.messenger.textsTo(CITIZEN).filter((t) => t === text).length;
    }

    /** The first run of `action` by `who`, whose audit line fails to be written once: the request fails. */
    async function failedOnce(who: Session, action: 'claim' | 'release' | 'resolve', auditAction: string, body?: unknown): Promise<void> {
        armed = auditOf(auditAction);
        const response = await act(who, action, body);
        expect(response.status, 'the request fails with the audit write: storage, retry later').to.equal(503);
        expect(failing.failures).to.equal(1);
    }

    describe('a claim', () => {
        it('shows the claim live on every console although its audit write failed', async () => {
            await failedOnce(luis, 'claim', 'claim');

            expect(updatesOf(events, opened.id), 'the consoles see the case taken, not still queued').to.deep.equal([['assigned', 'luis']]);
            expect((await h.handoff.caseService.get(opened.id)).case).to.include({ status: 'assigned', assignedTo: 'luis' });
        });

        it('answers the same operator\'s retry with 200 and the case, and the trail says once that it was claimed', async () => {
            await failedOnce(luis, 'claim', 'claim');
            const firstAssignedAt = (await h.handoff.caseService.get(opened.id)).case.assignedAt;
            h.clock.advanceMs(1500);

            const retry = await act(luis, 'claim');
            expect(retry.status).to.equal(200);
            const body = await retry.json() as { case: HandoffCase };
            expect(body.case).to.include({ id: opened.id, status: 'assigned', assignedTo: 'luis', assignedAt: firstAssignedAt });
            expect(updatesOf(events, opened.id).at(-1), 'the retry shows it live again').to.deep.equal(['assigned', 'luis']);
            // Once more, as a double click would: nothing more is written or told.
            expect((await act(luis, 'claim')).status).to.equal(200);

            expect(await trail('claim')).to.deep.equal(['luis']);
            expect(toldCitizen(handoffText('operatorJoined')), 'the citizen hears once that an operator joined').to.equal(1);
            expect((await h.handoff.caseService.get(opened.id)).case).to.include({ assignedTo: 'luis', assignedAt: firstAssignedAt });
        });

        it('still answers another operator\'s claim of it with 409', async () => {
            await failedOnce(luis, 'claim', 'claim');

            const other = await act(ana, 'claim');
            expect(other.status).to.equal(409);
            expect((await h.handoff.caseService.get(opened.id)).case).to.include({ status: 'assigned', assignedTo: 'luis' });
            expect(await trail('claim'), 'no line for a claim that did not happen').to.deep.equal([]);
        });

        it('answers a claim of a case the operator holds since a release and a new claim the usual way (no line kept from before)', async () => {
            expect((await act(luis, 'claim')).status).to.equal(200);
            expect((await act(luis, 'release')).status).to.equal(200);
            await failedOnce(luis, 'claim', 'claim');

            expect((await act(luis, 'claim')).status).to.equal(200);
            expect(await trail('claim'), 'the older claim\'s line does not stand for the new one').to.deep.equal(['luis', 'luis']);
        });
    });

    describe('a resolve', () => {
        beforeEach(async () => {
            expect((await act(luis, 'claim')).status).to.equal(200);
            events.length = 0;
        });

        it('shows the case closed live; the same operator\'s retry answers 200, the trail and the citizen get it once', async () => {
            await failedOnce(luis, 'resolve', 'resolve', { outcome: 'asistido' });
            expect(updatesOf(events, opened.id)).to.deep.equal([['resolved', 'luis']]);

            const retry = await act(luis, 'resolve', { outcome: 'asistido' });
            expect(retry.status).to.equal(200);
            expect((await retry.json() as { case: HandoffCase }).case).to.include({ status: 'resolved', outcome: 'asistido' });
            expect((await act(luis, 'resolve', { outcome: 'asistido' })).status).to.equal(200);

            expect(await trail('resolve')).to.deep.equal(['luis']);
            expect(toldCitizen(handoffText('resolved'))).to.equal(1);
        });

        it('answers a resolve with another outcome, or by another operator, with 409', async () => {
            await failedOnce(luis, 'resolve', 'resolve', { outcome: 'asistido' });

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

        it('shows the case back in the queue live; the same operator\'s retry answers 200, the trail and the citizen get it once', async () => {
            await failedOnce(luis, 'release', 'release');
            expect(updatesOf(events, opened.id)).to.deep.equal([['queued', undefined]]);

            expect((await act(luis, 'release')).status).to.equal(200);
            expect((await act(luis, 'release')).status).to.equal(200);

            expect(await trail('release')).to.deep.equal(['luis']);
            expect(toldCitizen(handoffText('requeued', { position: 1 }))).to.equal(1);
            // Back in the queue for real: another operator takes it.
            expect((await act(ana, 'claim')).status).to.equal(200);
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

        it('goes to the citizen and the live view once saved, although its audit write failed', async () => {
            armed = auditOf('operator_message');
            const response = await write(luis, { text: TEXT, clientMessageId: 'msg-0001-luis' });
            expect(response.status, 'the request fails with the audit write: storage, retry later').to.equal(503);
            expect(failing.failures).to.equal(1);

            expect(toldCitizen(TEXT), 'the citizen got it').to.equal(1);
            expect(shownLive(), 'the consoles see it').to.deep.equal([TEXT]);
            expect(await operatorEntries()).to.deep.equal([TEXT]);
        });

        it('is sent and recorded once when the console sends the same message (same clientMessageId) again', async () => {
            armed = auditOf('operator_message');
            expect((await write(luis, { text: TEXT, clientMessageId: 'msg-0001-luis' })).status).to.equal(503);
            const firstId = (await h.handoff.caseService.get(opened.id)).transcript.find((e) => e.author === 'operator')!.id;

            const retry = await write(luis, { text: TEXT, clientMessageId: 'msg-0001-luis' });
            expect(retry.status).to.equal(200);
            expect((await retry.json() as { message: { id: string; text: string } }).message).to.include({ id: firstId, text: TEXT });
            // Once more, as a double click would.
            expect((await write(luis, { text: TEXT, clientMessageId: 'msg-0001-luis' })).status).to.equal(200);

            expect(toldCitizen(TEXT), 'sent once').to.equal(1);
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

        it('is shown live although its audit write failed, and saved once when the console sends it again', async () => {
            armed = auditOf('note');
            expect((await note(luis, { text: NOTE, clientMessageId: 'note-0001-luis' })).status).to.equal(503);
            expect(events.flatMap((e) => (e.type === 'message' && e.message.internal ? [e.message.text] : [])), 'the consoles see it').to.deep.equal([NOTE]);
            const retry = await note(luis, { text: NOTE, clientMessageId: 'note-0001-luis' });
            expect(retry.status).to.equal(200);
            expect(await notes(), 'saved once').to.deep.equal([NOTE]);
            expect(await trail('note'), 'one line in the trail').to.deep.equal(['luis']);
        });

        it('is not taken for an operator message with the same id (409), and the message is not lost as a note', async () => {
            expect((await act(luis, 'claim')).status).to.equal(200);
            expect((await note(luis, { text: NOTE, clientMessageId: 'same-id-0001' })).status).to.equal(200);
            const message = await call(h.app.url, 'POST', `/api/operator/cases/${opened.id}/messages`, { bearer: luis.token, body: { text: NOTE, clientMessageId: 'same-id-0001' } });
            expect(message.status).to.equal(409);
            expect(toldCitizen(NOTE), 'a note never reaches the citizen').to.equal(0);
        });
    });
});

describe('handoff: a deadline whose audit write failed', () => {
    let temp: ReturnType<typeof makeTempDir>;

    beforeEach(() => {
        temp = makeTempDir('handoff-deadline-audit');
    });

    afterEach(() => temp.remove());

    it('still shows the flag, the reminder and the return to the queue live', async () => {
        const clock = new MovableClock();
        let armed: WriteMatcher = () => false;
        const { store, handoff } = openHandoffOver(path.join(temp.dir, 'line.sqlite'), clock, new RecordingMessenger(),
            (inner) => new FailingWriteStore(inner, (c, d) => armed(c, d), 3), { deadlines: { waitMinutes: 3, operatorSilenceMinutes: 5, reminderGraceMinutes: 2 } });
        const events: CaseEvent[] = [];
        handoff.events.subscribe((event) => events.push(event));
        try {
            const opened = await handoff.caseService.open(handoffRequest(CITIZEN));
            armed = (c, d) => ['wait_deadline_passed', 'operator_reminded', 'timeout_release'].some((action) => auditOf(action)(c, d));

            clock.advanceMinutes(3);
            await handoff.deadlines.pollOnce();
            expect(events.filter((e) => e.type === 'case.updated' && e.case.flagged).map((e) => e.type), 'flagged live').to.have.length(1);

            const luis: Actor = { kind: 'operator', username: 'luis', role: 'operator' };
            await handoff.caseService.claim(opened.id, luis);
            clock.advanceMinutes(5);
            await handoff.deadlines.pollOnce();
            expect(events.filter((e) => e.type === 'case.reminder').map((e) => e.case.assignedTo), 'the reminder live').to.deep.equal(['luis']);

            clock.advanceMinutes(2);
            await handoff.deadlines.pollOnce();
            expect(events.filter((e) => e.type === 'case.updated').map((e) => e.case.status).at(-1), 'back in the queue live').to.equal('queued');
            expect((await handoff.caseService.get(opened.id)).case.status).to.equal('queued');
        } finally {
            await handoff.stop();
            await store.close();
        }
    });

    /** The handoff on a fresh file with 3/5/2-minute deadlines; `failing`: the audit write that fails once. */
    function openFailing(clock: MovableClock, messenger: RecordingMessenger, failing: WriteMatcher) {
        let wrapper: FailingWriteStore | undefined;
        const opened = openHandoffOver(path.join(temp.dir, 'line.sqlite'), clock, messenger,
            (inner) => (wrapper = new FailingWriteStore(inner, failing)), { deadlines: { waitMinutes: 3, operatorSilenceMinutes: 5, reminderGraceMinutes: 2 } });
        return { ...opened, failing: wrapper! };
    }

    it('gives the citizen the emergency numbers once although the flag\'s audit write failed', async () => {
        const clock = new MovableClock();
        const messenger = new RecordingMessenger();
        const { store, handoff, failing } = openFailing(clock, messenger, auditOf('wait_deadline_passed'));
        try {
            const opened = await handoff.caseService.open(handoffRequest(CITIZEN));
            clock.advanceMinutes(3);
            await handoff.deadlines.pollOnce();
            expect(failing.failures).to.equal(1);
            expect((await handoff.caseService.get(opened.id)).case.flagged).to.equal(true);
            // The next polls, as the poller keeps running.
            await handoff.deadlines.pollOnce();
            clock.advanceMinutes(5);
            await handoff.deadlines.pollOnce();

            expect(messenger.textsTo(CITIZEN).filter((t) => t === handoffText('emergencyNumbers')), 'told once').to.have.length(1);
            const { audit } = await handoff.caseService.get(opened.id);
            expect(audit.filter((e) => e.action === 'citizen_notified' && e.detail?.text === 'emergencyNumbers'), 'the trail says it once').to.have.length(1);
        } finally {
            await handoff.stop();
            await store.close();
        }
    });

    it('tells the citizen once that they are back in the queue although the timeout release\'s audit write failed', async () => {
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
            expect((await handoff.caseService.get(opened.id)).case.status).to.equal('queued');
            await handoff.deadlines.pollOnce();
            clock.advanceMinutes(1);
            await handoff.deadlines.pollOnce();

            const requeued = handoffText('requeued', { position: 1 });
            expect(messenger.textsTo(CITIZEN).filter((t) => t === requeued), 'told once').to.have.length(1);
        } finally {
            await handoff.stop();
            await store.close();
        }
    });
});
