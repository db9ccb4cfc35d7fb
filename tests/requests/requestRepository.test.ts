import { expect } from 'chai';
import { conversationPartition, OutboxEntry } from '../../adapters/whatsapp';
import { isPreconditionFailed } from '../../storage/documentStore';
import { REPORT_ID_ALPHABET } from '../../dialogs/reportId';
import { newRequestNumber, parseRequestNumber } from '../../requests/requestNumber';
import { InvalidTransitionError, RequestConflictError, RequestNotFoundError } from '../../requests/requestService';
import { REQUEST_TRANSITIONS, canMove } from '../../requests/stateMachine';
import { REQUEST_STATES, ServiceRequest } from '../../requests/types';
import { describeWithLocalCosmos, sqliteFactory, StoreFactory, StoreFixture } from '../storage/storageTestSupport';
import { barrier, HandClock, newRequest, numbersFrom, serviceOn } from './support/requestFixtures';

describe('requests: numbers and the state machine', function () {
    it('issues SOL-XXXX numbers from the unambiguous alphabet, and reads them back as citizens type them', function () {
        for (let i = 0; i < 200; i++) {
            const number = newRequestNumber();
            expect(number).to.match(/^SOL-[A-Z2-9]{4}$/);
            expect([...number.slice(4)].every((c) => REPORT_ID_ALPHABET.includes(c))).to.equal(true);
            expect(number.slice(4)).to.not.match(/[01OI]/);
        }
        expect(parseRequestNumber(' sol 4f2k ')).to.equal('SOL-4F2K');
        expect(parseRequestNumber('SOL-40IK')).to.equal(undefined);
    });

    it('allows exactly the moves of the table, and none out of a final state', function () {
        expect(canMove('recibida', 'en_evaluacion')).to.equal(true);
        expect(canMove('recibida', 'programada')).to.equal(false);
        expect(canMove('en_evaluacion', 'resuelta')).to.equal(true);
        expect(canMove('programada', 'en_evaluacion')).to.equal(false);
        for (const final of ['resuelta', 'rechazada'] as const) {
            for (const to of REQUEST_STATES) expect(canMove(final, to)).to.equal(false);
        }
        for (const [from, targets] of Object.entries(REQUEST_TRANSITIONS)) expect(targets).to.not.include(from);
    });
});

/** The repository and the service on one engine. */
function repositoryContract(name: string, factory: () => StoreFactory): void {
    describe(`requests on ${name}`, function () {
        let fixture: StoreFixture;
        let clock: HandClock;
        beforeEach(async function () {
            fixture = await factory()();
            clock = new HandClock();
        });
        afterEach(async function () {
            await fixture.dispose();
        });

        it('draws another number when one is taken, and finds a request by its number', async function () {
            const { service, repository } = serviceOn(fixture.store, clock, async () => clock.now(), {
                generateNumber: numbersFrom(['SOL-AAAA', 'SOL-AAAA', 'SOL-AAAA', 'SOL-BBBB'], newRequestNumber)
            });
            const first = await service.create(newRequest('111'));
            const second = await service.create(newRequest('222'));
            expect(first.id).to.equal('SOL-AAAA');
            expect(second.id).to.equal('SOL-BBBB');
            expect(first.state).to.equal('recibida');
            expect(first.departmentName).to.equal('Capital');
            expect(first.history).to.have.length(1);
            expect((await repository.get('SOL-BBBB'))?.value.citizenKey).to.equal('222');
            expect(await repository.get('SOL-ZZZZ')).to.equal(undefined);
            await expectRejected(service.get('SOL-ZZZZ'), RequestNotFoundError);
        });

        it('makes one request of one citizen message, however often the turn runs', async function () {
            const { service, repository } = serviceOn(fixture.store, clock, async () => clock.now());
            const a = await service.create(newRequest('111', { sourceMessageId: 'wamid.1' }));
            const b = await service.create(newRequest('111', { sourceMessageId: 'wamid.1' }));
            expect(b.id).to.equal(a.id);
            expect(await repository.listByCitizen('111')).to.have.length(1);
        });

        it('lists by state, newest first, a page at a time', async function () {
            const { service } = serviceOn(fixture.store, clock, async () => clock.now());
            const made: ServiceRequest[] = [];
            for (let i = 0; i < 5; i++) {
                made.push(await service.create(newRequest(`citizen-${i}`)));
                clock.advanceHours(1);
            }
            await service.changeState(made[1].id, { state: 'en_evaluacion', by: 'jefa' });
            const firstPage = await service.list({ state: 'recibida', limit: 2 });
            expect(firstPage.requests.map((r) => r.id)).to.deep.equal([made[4].id, made[3].id]);
            expect(firstPage.nextCursor).to.be.a('string');
            const secondPage = await service.list({ state: 'recibida', limit: 2, before: firstPage.nextCursor! });
            expect(secondPage.requests.map((r) => r.id)).to.deep.equal([made[2].id, made[0].id]);
            expect(secondPage.nextCursor).to.equal(undefined);
            expect((await service.list({ state: 'en_evaluacion' })).requests.map((r) => r.id)).to.deep.equal([made[1].id]);
            expect((await service.list()).requests).to.have.length(5);
        });

        it("writes the change and the notice to the citizen in one batch of the citizen's partition", async function () {
            const { service, notified } = serviceOn(fixture.store, clock, async () => new Date(clock.current - 3_600_000));
            const made = await service.create(newRequest('5493834000001'));
            const moved = await service.changeState(made.id, { state: 'en_evaluacion', by: 'jefa', note: 'Mañana pasa una cuadrilla' });
            expect(moved.state).to.equal('en_evaluacion');
            expect(moved.revision).to.equal(1);
            const last = moved.history[moved.history.length - 1];
            expect(last).to.include({
                from: 'recibida',
                to: 'en_evaluacion',
                by: 'jefa',
                note: 'Mañana pasa una cuadrilla',
                at: clock.now().toISOString()
            });
            expect(last.notice?.mode).to.equal('text');
            const outbox = await fixture.store.query<OutboxEntry>('conversations', {
                partitionKey: conversationPartition('5493834000001'),
                where: [{ field: 'kind', op: '=', value: 'outbox' }]
            });
            expect(outbox.map((d) => d.id)).to.deep.equal([last.notice!.outboxId]);
            expect(outbox[0].value).to.include({ status: 'pending', citizenKey: '5493834000001' });
            expect(outbox[0].value.recipient).to.deep.equal({ to: '+5493834000001' });
            expect((outbox[0].value.message.text as { body: string }).body).to.equal(
                `Su solicitud ${made.id} pasó a: En evaluación. Nota: Mañana pasa una cuadrilla`
            );
            expect(notified).to.deep.equal(['5493834000001']);
        });

        it('refuses a move the table does not allow (409), and leaves no notice behind', async function () {
            const { service } = serviceOn(fixture.store, clock, async () => clock.now());
            const made = await service.create(newRequest('333'));
            await expectRejected(service.changeState(made.id, { state: 'programada', by: 'jefa' }), InvalidTransitionError);
            await expectRejected(service.changeState(made.id, { state: 'en_evaluacion', by: 'jefa', revision: 7 }), RequestConflictError);
            expect((await service.get(made.id)).state).to.equal('recibida');
            expect(
                await fixture.store.count('conversations', {
                    partitionKey: conversationPartition('333'),
                    where: [{ field: 'kind', op: '=', value: 'outbox' }]
                })
            ).to.equal(0);
        });

        it('two supervisors moving one request at once: one wins, the other gets a conflict, one notice is written', async function () {
            const { service } = serviceOn(fixture.store, clock, barrier(2, clock.now()));
            const made = await service.create(newRequest('444'));
            const results = await Promise.allSettled([
                service.changeState(made.id, { state: 'en_evaluacion', by: 'jefa' }),
                service.changeState(made.id, { state: 'rechazada', by: 'otra-jefa', note: 'No corresponde' })
            ]);
            const won = results.filter((r) => r.status === 'fulfilled');
            const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
            expect(won).to.have.length(1);
            expect(lost).to.have.length(1);
            expect(lost[0].reason).to.be.instanceOf(RequestConflictError);
            const stored = await service.get(made.id);
            expect(stored.revision).to.equal(1);
            expect(stored.history).to.have.length(2);
            expect(
                await fixture.store.count('conversations', {
                    partitionKey: conversationPartition('444'),
                    where: [{ field: 'kind', op: '=', value: 'outbox' }]
                })
            ).to.equal(1);
        });

        it('commits a change under the etag it was read with, or not at all', async function () {
            const { service, repository } = serviceOn(fixture.store, clock, async () => clock.now());
            const made = await service.create(newRequest('555'));
            const read = (await repository.get(made.id))!;
            await repository.commitChange(read, { ...read.value, state: 'en_evaluacion', revision: 1 });
            try {
                await repository.commitChange(read, { ...read.value, state: 'rechazada', revision: 1 });
                expect.fail('a stale etag was accepted');
            } catch (error) {
                expect(isPreconditionFailed(error)).to.equal(true);
            }
            expect((await repository.get(made.id))?.value.state).to.equal('en_evaluacion');
        });
    });
}

async function expectRejected(promise: Promise<unknown>, type: new (...args: never[]) => Error): Promise<Error> {
    try {
        await promise;
    } catch (error) {
        expect(error).to.be.instanceOf(type);
        return error as Error;
    }
    throw new Error(`expected a ${type.name}`);
}

repositoryContract('SQLite', sqliteFactory);
describeWithLocalCosmos((cosmos) => repositoryContract('Cosmos DB (@vercel/cosmosdb-server)', () => cosmos.factory()));
