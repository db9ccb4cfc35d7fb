import { expect } from 'chai';
import { PreconditionFailedError } from '../../storage/documentStore';
import { InstrumentedDocumentStore, OperationOutcome, StoreOperation } from '../../storage/instrumentedStore';
import { sqliteFactory, StoreFixture } from './storageTestSupport';

describe('InstrumentedDocumentStore', function () {
    let fixture: StoreFixture;
    beforeEach(async function () {
        fixture = await sqliteFactory()();
    });
    afterEach(async function () {
        await fixture.dispose();
    });

    it('reports every operation with its outcome and counts reads and writes per collection', async function () {
        const seen: Array<[StoreOperation, string, OperationOutcome]> = [];
        const store = new InstrumentedDocumentStore(fixture.store, {
            onOperation: (op, collection, durationMs, outcome) => {
                expect(durationMs).to.be.at.least(0);
                seen.push([op, collection, outcome]);
            }
        });
        const doc = await store.put('handoffs', { partitionKey: 'c', id: 'case', value: { status: 'queued' } });
        await store.get('handoffs', 'c', 'case');
        try {
            await store.put('handoffs', { partitionKey: 'c', id: 'case', value: {} }, { ifMatch: 'stale' });
        } catch (error) {
            expect(error).to.be.instanceOf(PreconditionFailedError);
        }
        await store.putBatch('audit', 'case', [
            { partitionKey: 'case', id: 'a1', value: {} },
            { partitionKey: 'case', id: 'a2', value: {} }
        ]);
        await store.query('audit', { partitionKey: 'case' });
        await store.count('audit', {});
        await store.delete('handoffs', 'c', 'case', { ifMatch: doc.etag });

        expect(seen).to.deep.equal([
            ['put', 'handoffs', 'ok'],
            ['get', 'handoffs', 'ok'],
            ['put', 'handoffs', 'precondition_failed'],
            ['putBatch', 'audit', 'ok'],
            ['query', 'audit', 'ok'],
            ['count', 'audit', 'ok'],
            ['delete', 'handoffs', 'ok']
        ]);
        expect(store.counters()).to.deep.equal({
            handoffs: { reads: 1, writes: 3, documentsWritten: 3 },
            audit: { reads: 2, writes: 1, documentsWritten: 2 }
        });
        expect(store.totals()).to.deep.equal({ reads: 3, writes: 4, documentsWritten: 5 });
        store.resetCounters();
        expect(store.totals()).to.deep.equal({ reads: 0, writes: 0, documentsWritten: 0 });
        expect(store.engine).to.equal('sqlite');
    });

    it('never lets a failing hook fail the operation', async function () {
        const store = new InstrumentedDocumentStore(fixture.store, {
            onOperation: () => {
                throw new Error('metrics down');
            }
        });
        await store.put('meta', { partitionKey: 'meta', id: 'x', value: 1 });
        expect((await store.get('meta', 'meta', 'x'))?.value).to.equal(1);
    });
});
