import { expect } from 'chai';
import * as path from 'path';
import { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import type { Handoff } from '../../handoff';
import type { Actor, HandoffCase } from '../../handoff/types';
import { compareCases } from '../../handoff/service/caseOrdering';
import { ConflictError, ForbiddenError, NotFoundError } from '../../handoff/service/errors';
import { handoffText } from '../../handoff/texts';
import { makeTempDir } from '../support/tempDir';
import { handoffRequest, MovableClock, openHandoff, RecordingMessenger } from './support/handoffHarness';

const luis: Actor = { kind: 'operator', username: 'luis', role: 'operator' };
const marta: Actor = { kind: 'operator', username: 'marta', role: 'operator' };

describe('handoff: the case service', () => {
    let temp: ReturnType<typeof makeTempDir>;
    let store: SqliteDocumentStore;
    let handoff: Handoff;
    let clock: MovableClock;
    let messenger: RecordingMessenger;

    beforeEach(() => {
        temp = makeTempDir('handoff-service');
        clock = new MovableClock();
        messenger = new RecordingMessenger();
        ({ store, handoff } = openHandoff(path.join(temp.dir, 'line.sqlite'), clock, messenger));
    });

    afterEach(async () => {
        await handoff.stop();
        await store.close();
        temp.remove();
    });

    it('sorts the queue critical > high > normal, then who waited longest, ties by id, with a two-argument comparator', async () => {
        const cases = handoff.caseService;
        const opened: Record<string, HandoffCase> = {};
        opened.normalOld = await cases.open(handoffRequest('5493834000001', 'normal'));
        clock.advanceMinutes(1);
        opened.criticalNew = await cases.open(handoffRequest('5493834000002', 'critical'));
        opened.normalSameInstant = await cases.open(handoffRequest('5493834000003', 'normal'));
        clock.advanceMinutes(1);
        opened.high = await cases.open(handoffRequest('5493834000004', 'high'));
        opened.criticalNewer = await cases.open(handoffRequest('5493834000005', 'critical'));

        const queue = await cases.list('queued');
        expect(queue.map((c) => c.citizenKey)).to.deep.equal(['5493834000002', '5493834000005', '5493834000004', '5493834000001', '5493834000003']);
        expect(queue.map((c) => c.position)).to.deep.equal([1, 2, 3, 4, 5]);
        expect(compareCases.length).to.equal(2);

        const tieA = { ...opened.normalOld, id: 'case-a' };
        const tieB = { ...opened.normalOld, id: 'case-b' };
        expect([tieB, tieA].sort(compareCases).map((c) => c.id)).to.deep.equal(['case-a', 'case-b']);
        expect(await cases.positionOf(opened.high.id)).to.equal(3);
    });

    it('tells the citizen a person will answer and their place in the queue', async () => {
        await handoff.caseService.open(handoffRequest('5493834000001', 'normal'));
        clock.advanceMs(1000);
        await handoff.caseService.open(handoffRequest('5493834000002', 'normal'));
        expect(messenger.textsTo('5493834000002')).to.deep.equal([handoffText('queued', { position: 2 })]);
        expect(messenger.textsTo('5493834000002')[0]).to.include('Un operador de Defensa Civil le responderá');
    });

    it("merges a second request into the citizen's active case and raises its priority", async () => {
        const first = await handoff.caseService.open(handoffRequest('5493834000001', 'normal'));
        const second = await handoff.caseService.open(
            handoffRequest('5493834000001', 'critical', {
                reason: 'urgent',
                triggerText: 'se está quemando la casa',
                report: { emergencyTypeId: 'incendio' }
            })
        );
        expect(second.id).to.equal(first.id);
        expect(second.priority).to.equal('critical');
        expect(second.reasons).to.deep.equal(['report_complete', 'urgent']);
        expect(second.report).to.include({ name: 'Ana', emergencyTypeId: 'incendio' });
        expect(await handoff.caseService.list('queued')).to.have.length(1);

        const lower = await handoff.caseService.open(handoffRequest('5493834000001', 'normal'));
        expect(lower.priority).to.equal('critical');
    });

    it('opens exactly one case when several requests for one citizen arrive at once', async () => {
        const opened = await Promise.all(Array.from({ length: 10 }, () => handoff.caseService.open(handoffRequest('5493834000009', 'high'))));
        expect(new Set(opened.map((c) => c.id)).size).to.equal(1);
        expect(await handoff.caseService.list('queued')).to.have.length(1);
    });

    it('opens a new case after the previous one was resolved', async () => {
        const first = await handoff.caseService.open(handoffRequest('5493834000001'));
        await handoff.caseService.claim(first.id, luis);
        await handoff.caseService.resolve(first.id, luis, 'bomberos enviados');
        expect(await handoff.caseService.activeCaseOf('5493834000001')).to.equal(undefined);
        const second = await handoff.caseService.open(handoffRequest('5493834000001'));
        expect(second.id).to.not.equal(first.id);
        expect((await handoff.caseService.activeCaseOf('5493834000001'))?.id).to.equal(second.id);
    });

    it('lets only the assigned operator release or resolve, and refuses a second claim as a conflict', async () => {
        const opened = await handoff.caseService.open(handoffRequest('5493834000001'));
        await handoff.caseService.claim(opened.id, luis);
        await expectRejection(handoff.caseService.claim(opened.id, marta), ConflictError);
        await expectRejection(handoff.caseService.release(opened.id, marta), ForbiddenError);
        await expectRejection(handoff.caseService.addOperatorMessage(opened.id, marta, 'hola'), ForbiddenError);
        await expectRejection(handoff.caseService.claim('case-nope', luis), NotFoundError);
        const released = await handoff.caseService.release(opened.id, luis);
        expect(released.status).to.equal('queued');
        expect(released.assignedTo).to.equal(undefined);
    });

    it('keeps an audit trail of every transition and message: who, what, when', async () => {
        const opened = await handoff.caseService.open(handoffRequest('5493834000001'));
        clock.advanceMinutes(1);
        await handoff.caseService.claim(opened.id, luis);
        await handoff.caseService.addCitizenMessage('5493834000001', { text: 'sigue subiendo el agua' });
        await handoff.caseService.addOperatorMessage(opened.id, luis, 'Vamos en camino.');
        await handoff.caseService.addNote(opened.id, luis, 'Llamar a bomberos de Valle Viejo');
        clock.advanceMinutes(1);
        await handoff.caseService.resolve(opened.id, luis, 'asistido');

        const { audit, transcript } = await handoff.caseService.get(opened.id);
        const trail = audit.filter((e) => e.action !== 'citizen_notified').map((e) => [e.actor, e.action]);
        expect(trail).to.deep.equal([
            ['system', 'opened'],
            ['luis', 'claim'],
            ['citizen', 'citizen_message'],
            ['luis', 'operator_message'],
            ['luis', 'note'],
            ['luis', 'resolve']
        ]);
        const resolve = audit.find((e) => e.action === 'resolve')!;
        expect(resolve.at).to.equal('2026-11-28T17:02:00.000Z');
        expect(resolve.detail).to.deep.equal({ from: 'assigned', to: 'resolved', outcome: 'asistido' });
        expect(audit.find((e) => e.action === 'claim')!.at).to.equal('2026-11-28T17:01:00.000Z');

        expect(transcript.map((e) => [e.author, e.internal, e.text])).to.deep.equal([
            ['citizen', false, 'sigue subiendo el agua'],
            ['operator', false, 'Vamos en camino.'],
            ['operator', true, 'Llamar a bomberos de Valle Viejo']
        ]);
        // The note stayed internal: the citizen got the operator's message, never the note.
        expect(messenger.textsTo('5493834000001')).to.include('Vamos en camino.');
        expect(messenger.textsTo('5493834000001').join('\n')).to.not.include('Valle Viejo');
    });

    it('shows a failed delivery on the operator message, at once or when the channel reports it later', async () => {
        const opened = await handoff.caseService.open(handoffRequest('5493834000001'));
        await handoff.caseService.claim(opened.id, luis);
        messenger.failWith = '131047: more than 24 hours have passed since the customer last replied';
        const failed = await handoff.caseService.addOperatorMessage(opened.id, luis, '¿Sigue ahí?');
        expect(failed.deliveryError).to.include('131047');
        messenger.failWith = undefined;
        const sent = await handoff.caseService.addOperatorMessage(opened.id, luis, 'Le escribimos de nuevo.');
        expect(sent.deliveryError).to.equal(undefined);
        await handoff.caseService.markMessageFailed(opened.id, sent.id, '131047');
        const { transcript, audit } = await handoff.caseService.get(opened.id);
        expect(transcript.map((e) => e.deliveryError)).to.deep.equal([failed.deliveryError, '131047']);
        expect(audit.filter((e) => e.action === 'delivery_failed')).to.have.length(2);
    });

    it('names each operator message to the channel by its transcript line (notices by none), and shows its progress only forward', async () => {
        const citizen = '5493834000002';
        const opened = await handoff.caseService.open(handoffRequest(citizen));
        await handoff.caseService.claim(opened.id, luis);
        const first = await handoff.caseService.addOperatorMessage(opened.id, luis, 'Vamos en camino.');
        const second = await handoff.caseService.addOperatorMessage(opened.id, luis, '¿Puede salir al techo?');
        await handoff.caseService.resolve(opened.id, luis, 'Rescatada por bomberos');

        // The channel's reports come back naming the line (originRef on WhatsApp), also once the case is resolved.
        const named = messenger.sent.filter((s) => s.citizenKey === citizen && s.messageId !== undefined);
        expect(named.map((s) => [s.messageId, s.text])).to.deep.equal([
            [first.id, 'Vamos en camino.'],
            [second.id, '¿Puede salir al techo?']
        ]);
        expect(messenger.textsTo(citizen).length, 'the notices (queue place, operator joined) went out unnamed').to.be.greaterThan(2);
        expect((await handoff.caseService.findMessage(citizen, second.id))?.caseId).to.equal(opened.id);
        expect(await handoff.caseService.findMessage(citizen, 'case-x-msg-000009')).to.equal(undefined);

        await handoff.caseService.markMessageDelivery(opened.id, first.id, 'read');
        // Meta does not promise status order: a late 'delivered' must not undo 'read'.
        await handoff.caseService.markMessageDelivery(opened.id, first.id, 'delivered');
        await handoff.caseService.markMessageDelivery(opened.id, second.id, 'sent');
        await handoff.caseService.markMessageFailed(opened.id, second.id, 'No entregado: pasaron más de 24 h (131047)');
        await handoff.caseService.markMessageDelivery(opened.id, second.id, 'delivered');
        const { transcript } = await handoff.caseService.get(opened.id);
        expect(transcript.map((e) => [e.deliveryStatus, e.deliveryError])).to.deep.equal([
            ['read', undefined],
            ['sent', 'No entregado: pasaron más de 24 h (131047)']
        ]);
    });

    it('tells waiting citizens their new place when the queue moves up much', async () => {
        const keys = ['5493834000001', '5493834000002', '5493834000003', '5493834000004', '5493834000005'];
        const opened: HandoffCase[] = [];
        for (const key of keys) {
            opened.push(await handoff.caseService.open(handoffRequest(key)));
            clock.advanceMs(1000);
        }
        await handoff.caseService.claim(opened[0].id, luis);
        // Second in line is now first: told. Fifth moved from 5 to 4: not much, not told.
        expect(messenger.textsTo(keys[1]).at(-1)).to.equal(handoffText('queuePosition', { position: 1 }));
        expect(messenger.textsTo(keys[4])).to.have.length(1);
        await handoff.caseService.claim(opened[1].id, marta);
        await handoff.caseService.claim(opened[2].id, luis);
        // Fifth: from 5 to 2 (moved 3).
        expect(messenger.textsTo(keys[4]).at(-1)).to.equal(handoffText('queuePosition', { position: 2 }));
    });
});

async function expectRejection(promise: Promise<unknown>, type: new (...args: never[]) => Error): Promise<void> {
    try {
        await promise;
    } catch (error) {
        expect(error).to.be.instanceOf(type);
        return;
    }
    expect.fail(`expected a ${type.name}`);
}
