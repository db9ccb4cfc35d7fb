import { expect } from 'chai';
import * as path from 'path';
import type { Actor } from '../../handoff/types';
import { handoffText } from '../../handoff/texts';
import { makeTempDir } from '../support/tempDir';
import { handoffRequest, MovableClock, openHandoff, RecordingMessenger } from './support/handoffHarness';

const luis: Actor = { kind: 'operator', username: 'luis', role: 'operator' };
const CITIZEN = '5493834000001';

describe('handoff: deadlines kept in the case, surviving a restart', () => {
    let temp: ReturnType<typeof makeTempDir>;
    let file: string;

    beforeEach(() => {
        temp = makeTempDir('handoff-deadlines');
        file = path.join(temp.dir, 'line.sqlite');
    });

    afterEach(() => temp.remove());

    it('sends the emergency numbers and flags the case when nobody took it in time, after a restart', async () => {
        const clock = new MovableClock();
        const before = openHandoff(file, clock, new RecordingMessenger(), { deadlines: { waitMinutes: 3 } });
        const opened = await before.handoff.caseService.open(handoffRequest(CITIZEN));
        await before.handoff.stop();
        await before.store.close();

        // A new process on the same file, started after the deadline passed.
        clock.advanceMinutes(2);
        const messenger = new RecordingMessenger();
        const after = openHandoff(file, clock, messenger, { deadlines: { waitMinutes: 3 } });
        try {
            expect(await after.handoff.deadlines.pollOnce()).to.equal(0);
            clock.advanceMinutes(1);
            expect(await after.handoff.deadlines.pollOnce()).to.equal(1);
            expect(messenger.textsTo(CITIZEN)).to.deep.equal([handoffText('emergencyNumbers')]);
            for (const number of ['103', '911', '107', '100']) expect(messenger.textsTo(CITIZEN)[0]).to.include(number);

            const { case: flagged, audit } = await after.handoff.caseService.get(opened.id);
            expect(flagged).to.include({ status: 'queued', flagged: true, flaggedAt: '2026-11-28T17:03:00.000Z' });
            expect(audit.map((e) => [e.actor, e.action])).to.deep.include(['system', 'wait_deadline_passed']);

            // Kept once: polling again sends nothing more.
            clock.advanceMinutes(10);
            expect(await after.handoff.deadlines.pollOnce()).to.equal(0);
            expect(messenger.textsTo(CITIZEN)).to.have.length(1);
        } finally {
            await after.handoff.stop();
            await after.store.close();
        }
    });

    it('acts once when two instances poll the same due case at the same time', async () => {
        const clock = new MovableClock();
        const messengerA = new RecordingMessenger();
        const messengerB = new RecordingMessenger();
        const a = openHandoff(file, clock, messengerA);
        const b = openHandoff(file, clock, messengerB);
        try {
            await a.handoff.caseService.open(handoffRequest(CITIZEN));
            clock.advanceMinutes(5);
            const acted = await Promise.all([a.handoff.deadlines.pollOnce(), b.handoff.deadlines.pollOnce()]);
            expect(acted[0] + acted[1]).to.equal(1);
            const told = [...messengerA.textsTo(CITIZEN), ...messengerB.textsTo(CITIZEN)].filter((t) => t === handoffText('emergencyNumbers'));
            expect(told).to.have.length(1);
        } finally {
            await a.store.close();
            await b.store.close();
        }
    });

    it('reminds a silent operator, then puts the case back in the queue, across a restart', async () => {
        const clock = new MovableClock();
        const settings = { deadlines: { waitMinutes: 3, operatorSilenceMinutes: 5, reminderGraceMinutes: 2 } };
        const first = openHandoff(file, clock, new RecordingMessenger(), settings);
        const opened = await first.handoff.caseService.open(handoffRequest(CITIZEN));
        await first.handoff.caseService.claim(opened.id, luis);
        clock.advanceMinutes(4);
        await first.handoff.caseService.addOperatorMessage(opened.id, luis, 'Estamos revisando.');
        await first.store.close();

        const messenger = new RecordingMessenger();
        const second = openHandoff(file, clock, messenger, settings);
        const reminders: string[] = [];
        second.handoff.events.subscribe((event) => {
            if (event.type === 'case.reminder') reminders.push(event.case.assignedTo ?? '');
        });
        try {
            // 4 minutes after the operator's message: not yet.
            clock.advanceMinutes(4);
            expect(await second.handoff.deadlines.pollOnce()).to.equal(0);
            clock.advanceMinutes(1);
            expect(await second.handoff.deadlines.pollOnce()).to.equal(1);
            expect(reminders).to.deep.equal(['luis']);
            let details = await second.handoff.caseService.get(opened.id);
            expect(details.case.status).to.equal('assigned');
            expect(details.case.reminderSentAt).to.equal('2026-11-28T17:09:00.000Z');
            await second.store.close();

            const messengerThird = new RecordingMessenger();
            const third = openHandoff(file, clock, messengerThird, settings);
            try {
                clock.advanceMinutes(2);
                expect(await third.handoff.deadlines.pollOnce()).to.equal(1);
                details = await third.handoff.caseService.get(opened.id);
                expect(details.case.status).to.equal('queued');
                expect(details.case.assignedTo).to.equal(undefined);
                expect(details.case.waitDeadlineAt).to.equal('2026-11-28T17:14:00.000Z');
                expect(details.audit.map((e) => [e.actor, e.action])).to.deep.include.members([
                    ['system', 'operator_reminded'],
                    ['system', 'timeout_release']
                ]);
                expect(messengerThird.textsTo(CITIZEN)).to.deep.equal([handoffText('requeued', { position: 1 })]);
            } finally {
                await third.store.close();
            }
        } finally {
            await second.handoff.stop();
        }
    });

    it('an operator message after the reminder keeps the case with the operator', async () => {
        const clock = new MovableClock();
        const { store, handoff } = openHandoff(file, clock, new RecordingMessenger());
        try {
            const opened = await handoff.caseService.open(handoffRequest(CITIZEN));
            await handoff.caseService.claim(opened.id, luis);
            clock.advanceMinutes(5);
            expect(await handoff.deadlines.pollOnce()).to.equal(1);
            await handoff.caseService.addOperatorMessage(opened.id, luis, 'Sigo aquí.');
            clock.advanceMinutes(2);
            expect(await handoff.deadlines.pollOnce()).to.equal(0);
            const { case: value } = await handoff.caseService.get(opened.id);
            expect(value.status).to.equal('assigned');
            expect(value.reminderSentAt).to.equal(undefined);
        } finally {
            await store.close();
        }
    });
});
