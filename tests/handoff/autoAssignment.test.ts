import { expect } from 'chai';
import * as path from 'path';
import { createSilentLogger } from '../../common/logger';
import { createHandoff, Handoff, HandoffCase } from '../../handoff';
import { UserRepository } from '../../handoff/repository/userRepository';
import type { Actor, OperatorRole } from '../../handoff/types';
import type { Priority } from '../../dialogs/domainData';
import type { DocumentStore } from '../../storage/documentStore';
import { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { describeWithLocalCosmos } from '../storage/storageTestSupport';
import { makeTempDir } from '../support/tempDir';
import { handoffRequest, MovableClock, RecordingMessenger, TEST_HASHING } from './support/handoffHarness';

const OPERATORS = ['ana', 'beto', 'carla', 'dario', 'elena'];

function operator(username: string, role: OperatorRole = 'operator'): Actor {
    return { kind: 'operator', username, role };
}

interface Line {
    store: DocumentStore;
    handoff: Handoff;
    clock: MovableClock;
}

/** The handoff in auto assignment over `store`; its rounds are run by the test, one at a time. */
function autoLine(store: DocumentStore, clock: MovableClock, instanceId = 'instance-a'): Handoff {
    return createHandoff({
        store,
        logger: createSilentLogger(),
        messenger: new RecordingMessenger(),
        clock: clock.asClock,
        passwordHashing: TEST_HASHING,
        assignment: { mode: 'auto', maxOpenCases: 3, offerTimeoutMs: 30_000 },
        instanceId
    });
}

async function addAccounts(store: DocumentStore, usernames: string[], role: OperatorRole = 'operator'): Promise<void> {
    const users = new UserRepository(store);
    for (const username of usernames) {
        await users.create({
            username,
            displayName: username,
            role,
            passwordHash: 'not-used',
            active: true,
            createdAt: '2026-11-28T16:00:00.000Z',
            updatedAt: '2026-11-28T16:00:00.000Z'
        });
    }
}

/** Opens one case per priority given, a second apart (so "who waited longest" is their order). */
async function openCases(line: Line, priorities: Priority[]): Promise<HandoffCase[]> {
    const opened: HandoffCase[] = [];
    for (const [index, priority] of priorities.entries()) {
        opened.push(await line.handoff.caseService.open(handoffRequest(`54938340${String(index).padStart(5, '0')}`, priority)));
        line.clock.advanceMs(1000);
    }
    return opened;
}

async function queuedCases(line: Line): Promise<HandoffCase[]> {
    return line.handoff.caseService.list('queued');
}

function offersPerOperator(cases: HandoffCase[]): Map<string, string[]> {
    const held = new Map<string, string[]>();
    for (const value of cases) if (value.offer) held.set(value.offer.to, [...(held.get(value.offer.to) ?? []), value.id]);
    return held;
}

async function availabilityOf(store: DocumentStore, username: string): Promise<string | undefined> {
    return (await new UserRepository(store).get(username))?.value.availability ?? 'available';
}

function autoAssignmentSuite(openStore: () => Promise<{ store: DocumentStore; dispose(): Promise<void> }>): void {
    let line: Line;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
        const opened = await openStore();
        const clock = new MovableClock();
        line = { store: opened.store, handoff: autoLine(opened.store, clock), clock };
        dispose = opened.dispose;
        await addAccounts(line.store, OPERATORS);
        await addAccounts(line.store, ['jefa'], 'supervisor');
    });

    afterEach(async () => {
        await line.handoff.stop();
        await dispose();
    });

    it('offers twenty waiting cases to five operators three each at most, critical first and oldest first', async () => {
        const priorities: Priority[] = [
            'normal',
            'normal',
            'critical',
            'high',
            'normal',
            'critical',
            'normal',
            'normal',
            'high',
            'critical',
            'normal',
            'normal',
            'normal',
            'critical',
            'high',
            'normal',
            'critical',
            'normal',
            'high',
            'critical'
        ];
        await openCases(line, priorities);
        const round = await line.handoff.assigner.runOnce();
        expect(round.offered).to.have.length(15);

        const queue = await queuedCases(line);
        const perOperator = offersPerOperator(queue);
        expect([...perOperator.keys()].sort()).to.deep.equal(OPERATORS);
        for (const ids of perOperator.values()) expect(ids).to.have.length(3);
        // The queue's own order is critical first, then who waited longest: the fifteen offered are its first fifteen.
        expect(queue.slice(0, 15).every((c) => c.offer)).to.equal(true);
        expect(queue.slice(15).some((c) => c.offer)).to.equal(false);
        expect(queue.filter((c) => c.priority === 'critical').every((c) => c.offer)).to.equal(true);
        // The six critical cases are spread over the five operators, not piled on the first one.
        const criticalHolders = new Set(queue.filter((c) => c.priority === 'critical').map((c) => c.offer!.to));
        expect(criticalHolders.size).to.equal(5);

        // Nothing more is offered while everyone is at the limit.
        expect((await line.handoff.assigner.runOnce()).offered).to.deep.equal([]);
    });

    it('moves an offer nobody accepts to the next operator and puts the one who missed it on a break', async () => {
        await openCases(line, [
            'critical',
            'critical',
            'normal',
            'normal',
            'normal',
            'normal',
            'normal',
            'normal',
            'normal',
            'normal',
            'normal',
            'normal',
            'normal',
            'normal',
            'normal',
            'normal',
            'normal',
            'normal',
            'normal',
            'normal'
        ]);
        await line.handoff.assigner.runOnce();
        const offered = offersPerOperator(await queuedCases(line));
        // Four operators accept their three cases; elena is away from her desk.
        for (const username of ['ana', 'beto', 'carla', 'dario']) {
            for (const caseId of offered.get(username)!) await line.handoff.caseService.claim(caseId, operator(username));
        }
        const elenasCases = offered.get('elena')!;
        const firstOfElena = (await queuedCases(line)).find((c) => elenasCases.includes(c.id))!;
        line.clock.advanceMs(29_000);
        const early = await line.handoff.assigner.runOnce();
        expect(early).to.include({ held: true });
        expect(early.lapsed).to.deep.equal([]);

        // Ana closes one of hers: she has room for one more.
        await line.handoff.caseService.resolve(offered.get('ana')![0], operator('ana'), 'Atendido');
        line.clock.advanceMs(1_000);
        const round = await line.handoff.assigner.runOnce();
        expect(round.lapsed.map((l) => l.from)).to.deep.equal(['elena', 'elena', 'elena']);
        expect(await availabilityOf(line.store, 'elena')).to.equal('break');
        // The first of elena's cases in queue order goes to ana, the only one with room; the others wait.
        expect(round.offered).to.deep.equal([{ caseId: firstOfElena.id, to: 'ana' }]);
        const { audit } = await line.handoff.caseService.get(firstOfElena.id);
        expect(audit.map((e) => [e.action, e.detail?.operator])).to.deep.include.members([
            ['offered', 'elena'],
            ['offer_lapsed', 'elena'],
            ['offered', 'ana']
        ]);
        expect(await line.handoff.caseService.claim(firstOfElena.id, operator('ana'))).to.include({ status: 'assigned', assignedTo: 'ana' });
    });

    it('lets only the operator offered a case claim it while the offer lasts, and a supervisor', async () => {
        await addAccounts(line.store, ['fabio']);
        const [first, second] = await openCases(line, ['critical', 'high']);
        await line.handoff.assigner.runOnce();
        const queue = await queuedCases(line);
        const firstOffer = queue.find((c) => c.id === first.id)!.offer!;
        const colleague = OPERATORS.concat('fabio').find((u) => u !== firstOffer.to)!;

        let refused: unknown;
        await line.handoff.caseService.claim(first.id, operator(colleague)).catch((error: unknown) => (refused = error));
        expect(refused).to.have.property('code', 'CONFLICT');
        expect(await line.handoff.caseService.claim(first.id, operator(firstOffer.to))).to.include({ assignedTo: firstOffer.to });
        expect(await line.handoff.caseService.claim(second.id, operator('jefa', 'supervisor'))).to.include({ assignedTo: 'jefa' });
        // Claimed: the offer is gone from the case.
        expect((await line.handoff.caseService.get(first.id)).case.offer).to.equal(undefined);
    });

    it('takes back the offers of an operator who goes on a break and gives them to a colleague', async () => {
        const [only] = await openCases(line, ['critical']);
        await line.handoff.assigner.runOnce();
        const to = (await line.handoff.caseService.get(only.id)).case.offer!.to;
        await new UserRepository(line.store)
            .get(to)
            .then((doc) => new UserRepository(line.store).update({ ...doc!.value, availability: 'break' }, doc!.etag));

        const round = await line.handoff.assigner.runOnce();
        expect(round.withdrawn).to.deep.equal([{ caseId: only.id, from: to }]);
        expect(round.offered).to.have.length(1);
        expect(round.offered[0].to).to.not.equal(to);
        // Withdrawn is not missed: the operator who chose a break is not blamed for it.
        expect(await availabilityOf(line.store, to)).to.equal('break');
    });

    it('gives no operator more than the limit when two instances offer at the same time', async () => {
        const other = autoLine(line.store, line.clock, 'instance-b');
        try {
            await openCases(line, Array<Priority>(20).fill('normal'));
            const rounds = await Promise.all([line.handoff.assigner.runOnce(), other.assigner.runOnce()]);
            expect(rounds.filter((r) => r.held)).to.have.length(1);
            // The lease outlives a round: the other instance keeps out until it expires, then takes over.
            expect((await other.assigner.runOnce()).offered.length + (await line.handoff.assigner.runOnce()).offered.length).to.equal(0);
            for (const ids of offersPerOperator(await queuedCases(line)).values()) expect(ids.length).to.be.at.most(3);
            expect([...offersPerOperator(await queuedCases(line)).values()].flat()).to.have.length(15);
        } finally {
            await other.stop();
        }
    });
}

describe('handoff: auto assignment offers waiting cases to operators', () => {
    describe('on SQLite', () => {
        autoAssignmentSuite(async () => {
            const temp = makeTempDir('auto-assignment');
            const store = SqliteDocumentStore.open({ file: path.join(temp.dir, 'line.sqlite') });
            return {
                store,
                async dispose() {
                    await store.close();
                    temp.remove();
                }
            };
        });
    });

    describeWithLocalCosmos((cosmos) => {
        autoAssignmentSuite(async () => {
            const store = await cosmos.openStore();
            return { store, dispose: () => store.close() };
        });
    });
});
