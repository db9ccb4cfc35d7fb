import { expect } from 'chai';
import * as path from 'path';
import type { Handoff } from '../../handoff';
import { handoffText } from '../../handoff/texts';
import type { AuditEntry, HandoffCase } from '../../handoff/types';
import { isStorageUnavailable } from '../../storage/documentStore';
import type { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { FailingWriteStore } from '../support/forwardingStore';
import { makeTempDir } from '../support/tempDir';
import { handoffRequest, MovableClock, openHandoff, openHandoffOver, RecordingMessenger } from './support/handoffHarness';

const CITIZEN = '5493834000001';

/** A write of the audit entry `action`, the one a test makes fail. */
function auditOf(action: string) {
    return (collection: string, doc: { value: unknown }): boolean => collection === 'audit' && (doc.value as AuditEntry).action === action;
}

/** The error a turn's run ended with, or undefined when it ended well. */
function failureOf(run: Promise<unknown>): Promise<unknown> {
    return run.then(() => undefined, (error: unknown) => error);
}

/**
 * A WhatsApp turn runs again from the inbox when storage fails under it or its final commit fails: everything the
 * handoff does in a turn must come out the same when the turn runs twice.
 */
describe('handoff: a citizen\'s turn that runs again', () => {
    let temp: ReturnType<typeof makeTempDir>;
    let file: string;
    let store: SqliteDocumentStore;
    let handoff: Handoff;

    beforeEach(() => {
        temp = makeTempDir('handoff-rerun');
        file = path.join(temp.dir, 'line.sqlite');
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

    function casesCreated(): HandoffCase[] {
        const created: HandoffCase[] = [];
        handoff.events.subscribe((event) => { if (event.type === 'case.created') created.push(event.case); });
        return created;
    }

    describe('the turn that opened a case', () => {
        const fire = handoffRequest(CITIZEN, 'critical', {
            triggerText: 'se incendia mi casa, hay chicos adentro',
            conversationReference: { ...handoffRequest(CITIZEN).conversationReference, activityId: 'wamid.fire-1' }
        });

        /** One run of the turn that asks for a person: the dialogs' request between beginTurn and endTurn. */
        async function runOpeningTurn(): Promise<{ error: unknown; notice: string | undefined }> {
            handoff.caseService.beginTurn(CITIZEN);
            const error = await failureOf(handoff.caseService.requestHandoff(fire));
            const notice = await handoff.caseService.endTurn(CITIZEN);
            return { error, notice };
        }

        it('raises the operators\' alarm for an urgent case when the audit write failed and the turn ran again', async () => {
            const failing = open(auditOf('opened'));
            const created = casesCreated();

            const first = await runOpeningTurn();
            expect(isStorageUnavailable(first.error), 'the first run fails and is run again').to.equal(true);
            expect(failing!.failures).to.equal(1);
            expect(created.map((c) => c.priority), 'the alarm does not wait for the run again').to.deep.equal(['critical']);
            const again = await runOpeningTurn();
            expect(again.error).to.equal(undefined);
            expect(again.notice).to.equal(handoffText('queuedInTurn', { position: 1 }));

            const [queued] = await handoff.caseService.list('queued');
            expect(created.map((c) => [c.id, c.priority, c.status])).to.deep.include([queued.id, 'critical', 'queued']);
            const { audit } = await handoff.caseService.get(queued.id);
            expect(audit.filter((e) => e.action === 'opened'), 'the trail says once that the case was opened').to.have.length(1);
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
});
