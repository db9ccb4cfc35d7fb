import { expect } from 'chai';
import { UserRepository } from '../../handoff/repository/userRepository';
import type { HandoffCase } from '../../handoff/types';
import { FailingWriteStore } from '../support/forwardingStore';
import { createReadyAccount } from './support/accounts';
import { ApiHarness, call, handoffRequest, login, Session, startApiHarness } from './support/handoffHarness';
import { LiveStreamClient } from './support/liveStreamClient';

interface TeamMemberAnswer {
    username: string;
    displayName: string;
    role?: string;
    availability?: string;
    openCases?: number;
}

async function json<T>(response: Response): Promise<T> {
    return (await response.json()) as T;
}

describe('handoff: who takes which case (availability and transfer) over HTTP', function () {
    let h: ApiHarness;
    let failing: FailingWriteStore | undefined;
    let jefa: Session;
    let luis: Session;
    let marta: Session;
    let citizenCounter = 0;
    /** Which handoff write the store fails next (once); none until a test says. */
    let armed: ((doc: { id: string; value: unknown }) => boolean) | undefined;
    const arm = (matcher: (doc: { id: string; value: unknown }) => boolean): void => {
        armed = matcher;
    };

    beforeEach(async () => {
        failing = undefined;
        armed = undefined;
        h = await startApiHarness({}, undefined, {}, (store) => {
            failing = new FailingWriteStore(store, (collection, doc) => collection === 'handoffs' && armed !== undefined && armed(doc), 1);
            return failing;
        });
        jefa = await login(h.app.url, 'jefa', 'supervisora-123');
        await createReadyAccount(h.app.url, jefa.token, { username: 'luis', password: 'operador-luis-1', displayName: 'Luis Pérez' });
        await createReadyAccount(h.app.url, jefa.token, { username: 'marta', password: 'operadora-marta-1', displayName: 'Marta Díaz' });
        luis = await login(h.app.url, 'luis', 'operador-luis-1');
        marta = await login(h.app.url, 'marta', 'operadora-marta-1');
    });

    afterEach(async () => {
        await h.close();
    });

    async function caseHeldBy(holder: Session): Promise<HandoffCase> {
        citizenCounter++;
        const opened = await h.handoff.caseService.open(handoffRequest(`54938351${String(citizenCounter).padStart(5, '0')}`));
        expect((await call(h.app.url, 'POST', `/api/operator/cases/${opened.id}/claim`, { bearer: holder.token })).status).to.equal(200);
        return opened;
    }

    const setAvailability = (session: Session, availability: string): Promise<Response> =>
        call(h.app.url, 'PUT', '/api/operator/availability', { bearer: session.token, body: { availability } });
    const transfer = (session: Session, caseId: string, body: unknown): Promise<Response> =>
        call(h.app.url, 'POST', `/api/operator/cases/${caseId}/transfer`, { bearer: session.token, body });

    it("starts every account available, sets only one's own availability, keeps it in storage and shows it in the session", async () => {
        const before = await json<{ user: { availability: string } }>(await call(h.app.url, 'GET', '/api/operator/session', { bearer: luis.token }));
        expect(before.user.availability).to.equal('available');

        const set = await setAvailability(luis, 'break');
        expect(set.status).to.equal(200);
        expect(await set.json()).to.deep.equal({ availability: 'break' });
        const after = await json<{ user: { availability: string } }>(await call(h.app.url, 'GET', '/api/operator/session', { bearer: luis.token }));
        expect(after.user.availability).to.equal('break');
        // Stored with the account: what a restarted server (a fresh repository over the same storage) reads.
        expect((await new UserRepository(h.store).get('luis'))?.value.availability).to.equal('break');
        // Marta's own is untouched; the body names no one else (an unknown field is ignored, not obeyed).
        expect((await new UserRepository(h.store).get('marta'))?.value.availability).to.equal(undefined);
        expect(
            (await call(h.app.url, 'PUT', '/api/operator/availability', { bearer: luis.token, body: { availability: 'off', username: 'marta' } }))
                .status
        ).to.equal(200);
        expect((await new UserRepository(h.store).get('marta'))?.value.availability).to.equal(undefined);

        expect((await setAvailability(luis, 'lunch')).status).to.equal(400);
        expect((await call(h.app.url, 'PUT', '/api/operator/availability', { body: { availability: 'off' } })).status).to.equal(401);
        // A cookie session needs the CSRF header, as for every change.
        expect((await call(h.app.url, 'PUT', '/api/operator/availability', { cookie: luis.cookie, body: { availability: 'off' } })).status).to.equal(
            403
        );
    });

    it('shows supervisors the whole team with availability and cases held, operators only whom they may hand a case to', async () => {
        await caseHeldBy(luis);
        await caseHeldBy(luis);
        await setAvailability(marta, 'off');

        const forSupervisor = await json<{ members: TeamMemberAnswer[] }>(await call(h.app.url, 'GET', '/api/operator/team', { bearer: jefa.token }));
        expect(forSupervisor.members).to.deep.include({
            username: 'luis',
            displayName: 'Luis Pérez',
            role: 'operator',
            availability: 'available',
            openCases: 2
        });
        expect(forSupervisor.members).to.deep.include({
            username: 'marta',
            displayName: 'Marta Díaz',
            role: 'operator',
            availability: 'off',
            openCases: 0
        });
        expect(forSupervisor.members.map((m) => m.username)).to.include('jefa');

        const forOperator = await json<{ members: TeamMemberAnswer[] }>(await call(h.app.url, 'GET', '/api/operator/team', { bearer: luis.token }));
        expect(forOperator.members).to.deep.equal([
            { username: 'jefa', displayName: 'jefa' },
            { username: 'luis', displayName: 'Luis Pérez' }
        ]);

        // A disabled account is not on the team.
        expect((await call(h.app.url, 'PATCH', '/api/operator/users/marta', { bearer: jefa.token, body: { active: false } })).status).to.equal(200);
        const later = await json<{ members: TeamMemberAnswer[] }>(await call(h.app.url, 'GET', '/api/operator/team', { bearer: jefa.token }));
        expect(later.members.map((m) => m.username)).to.not.include('marta');
        expect((await call(h.app.url, 'GET', '/api/operator/team')).status).to.equal(401);
    });

    it('publishes an availability change live', async () => {
        const stream = await LiveStreamClient.open(h.app.url, jefa.token);
        try {
            await setAvailability(luis, 'break');
            await stream.waitFor(/event: operator\.availability\ndata: \{"username":"luis","availability":"break"\}/);
        } finally {
            await stream.close();
        }
    });

    it('lets the holder hand a case to an available operator: one change with the audit line and the note, and the receiver hears of it', async () => {
        const held = await caseHeldBy(luis);
        const sentBefore = h.messenger.sent.length;
        const stream = await LiveStreamClient.open(h.app.url, marta.token);
        try {
            const answer = await transfer(luis, held.id, { to: 'marta', note: 'Termina mi turno; la vecina ya dio la dirección.' });
            expect(answer.status, await answer.clone().text()).to.equal(200);
            expect((await json<{ case: HandoffCase }>(answer)).case.assignedTo).to.equal('marta');
            await stream.waitFor(/event: case\.transferred\ndata: .*"from":"luis","to":"marta","note":"Termina mi turno/);
        } finally {
            await stream.close();
        }
        const { case: after, audit, transcript } = await h.handoff.caseService.get(held.id);
        expect(after.status).to.equal('assigned');
        expect(after.assignedTo).to.equal('marta');
        expect(after.assignedAt).to.equal(h.clock.now().toISOString());
        const line = audit.find((e) => e.action === 'transfer');
        expect(line?.actor).to.equal('luis');
        expect(line?.detail).to.deep.include({ from: 'luis', to: 'marta', note: 'Termina mi turno; la vecina ya dio la dirección.' });
        const note = transcript.find((e) => e.text === 'Termina mi turno; la vecina ya dio la dirección.');
        expect(note).to.deep.include({ author: 'operator', operator: 'luis', internal: true });
        // The citizen was told nothing new.
        expect(h.messenger.sent).to.have.length(sentBefore);

        // Now marta holds it: luis may no longer act on it, marta may hand it back.
        expect((await transfer(luis, held.id, { to: 'jefa', note: 'x' })).status).to.equal(403);
        expect(
            (await call(h.app.url, 'POST', `/api/operator/cases/${held.id}/resolve`, { bearer: marta.token, body: { outcome: 'asistido' } })).status
        ).to.equal(200);
    });

    it('lets a supervisor transfer any held case; refuses another operator (403), an operator not available (409), unknown (404), the holder (409), a queued case (409)', async () => {
        const held = await caseHeldBy(luis);
        expect((await transfer(marta, held.id, { to: 'marta', note: 'Lo tomo yo' })).status).to.equal(403);

        await setAvailability(marta, 'break');
        const onBreak = await transfer(luis, held.id, { to: 'marta', note: 'Te lo paso' });
        expect(onBreak.status).to.equal(409);
        expect(await onBreak.json()).to.deep.include({ code: 'NotAvailable', message: 'marta está en pausa y no puede recibir casos.' });
        await setAvailability(marta, 'off');
        expect((await json<{ message: string }>(await transfer(luis, held.id, { to: 'marta', note: 'Te lo paso' }))).message).to.equal(
            'marta está fuera de turno y no puede recibir casos.'
        );

        expect((await transfer(luis, held.id, { to: 'nadie', note: 'Te lo paso' })).status).to.equal(404);
        expect((await transfer(luis, held.id, { to: 'luis', note: 'A mí' })).status).to.equal(409);
        expect((await transfer(luis, held.id, { to: 'jefa', note: '   ' })).status).to.equal(400);
        expect((await transfer(luis, 'no-such-case', { to: 'jefa', note: 'x' })).status).to.equal(404);

        citizenCounter++;
        const queued = await h.handoff.caseService.open(handoffRequest(`54938352${String(citizenCounter).padStart(5, '0')}`));
        expect((await transfer(jefa, queued.id, { to: 'luis', note: 'Tómelo' })).status).to.equal(409);

        await setAvailability(marta, 'available');
        const bySupervisor = await transfer(jefa, held.id, { to: 'marta', note: 'Luis sale a un operativo' });
        expect(bySupervisor.status).to.equal(200);
        const { audit } = await h.handoff.caseService.get(held.id);
        expect(audit.filter((e) => e.action === 'transfer').map((e) => [e.actor, e.detail])).to.deep.equal([
            [
                'jefa',
                {
                    from: 'luis',
                    to: 'marta',
                    note: 'Luis sale a un operativo',
                    messageId: audit.find((e) => e.action === 'transfer')!.detail!.messageId
                }
            ]
        ]);
    });

    it('writes a transfer whole or not at all: when its batch fails nothing changed, and the same request again succeeds', async () => {
        const held = await caseHeldBy(luis);
        const before = await h.handoff.caseService.get(held.id);
        arm((doc) => (doc.value as { action?: string }).action === 'transfer');
        const failed = await transfer(luis, held.id, { to: 'marta', note: 'Te lo paso' });
        expect(failed.status).to.equal(503);
        const unchanged = await h.handoff.caseService.get(held.id);
        expect(unchanged.case.assignedTo).to.equal('luis');
        expect(unchanged.case.revision).to.equal(before.case.revision);
        expect(unchanged.transcript).to.have.length(before.transcript.length);
        expect(unchanged.audit).to.have.length(before.audit.length);
        expect(failing?.failures).to.equal(1);

        expect((await transfer(luis, held.id, { to: 'marta', note: 'Te lo paso' })).status).to.equal(200);
        expect((await h.handoff.caseService.get(held.id)).case.assignedTo).to.equal('marta');
    });

    it('lets exactly one of two transfers of one case at once win', async () => {
        const held = await caseHeldBy(luis);
        const answers = await Promise.all([
            transfer(luis, held.id, { to: 'marta', note: 'A Marta' }),
            transfer(luis, held.id, { to: 'jefa', note: 'A la jefa' })
        ]);
        const statuses = answers.map((a) => a.status).sort();
        // The second, re-read after the first, finds luis no longer the holder.
        expect(statuses).to.deep.equal([200, 403]);
        const { audit } = await h.handoff.caseService.get(held.id);
        expect(audit.filter((e) => e.action === 'transfer')).to.have.length(1);
    });
});
