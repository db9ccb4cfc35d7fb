import { expect } from 'chai';
import { DocumentQuery, DocumentStore, InvalidBatchError, PreconditionFailedError, StoredDocument } from '../../storage/documentStore';
import { MAX_BATCH_SIZE } from '../../storage/queryValidation';
import type { StoreFactory, StoreFixture } from './storageTestSupport';

interface Incident {
    title: string;
    department?: string;
    priority?: number;
    urgent?: boolean;
    tags?: string[];
    report?: { departmentId: string; people: number };
    note?: string | null;
}

async function expectPreconditionFailed(promise: Promise<unknown>): Promise<void> {
    try {
        await promise;
    } catch (error) {
        expect(error).to.be.instanceOf(PreconditionFailedError);
        return;
    }
    expect.fail('expected PreconditionFailedError');
}

function ids(docs: StoredDocument<unknown>[]): string[] {
    return docs.map((doc) => doc.id);
}

/**
 * The DocumentStore contract, run unchanged against every engine. `factory` yields a fresh, empty store
 * per test.
 */
export function describeDocumentStoreContract(name: string, factory: () => StoreFactory): void {
    describe(`DocumentStore contract: ${name}`, function () {
        let fixture: StoreFixture;
        let store: DocumentStore;

        beforeEach(async function () {
            fixture = await factory()();
            store = fixture.store;
        });

        afterEach(async function () {
            await fixture?.dispose();
        });

        describe('get and put', function () {
            it('returns undefined for a document that does not exist', async function () {
                expect(await store.get('reports', 'citizen-1', 'nope')).to.equal(undefined);
            });

            it('reads back what was written: non-ASCII text and nested objects', async function () {
                const value: Incident = {
                    title: 'Inundación en Fray Mamerto Esquiú — ¡urgente! 🚨',
                    tags: ['agua', 'niños'],
                    report: { departmentId: 'valle-viejo', people: 4 },
                    note: null
                };
                const written = await store.put('reports', { partitionKey: 'whatsapp/5493834000001', id: 'DC-7K3F', value });
                expect(written.etag).to.be.a('string').and.not.equal('');
                const read = await store.get<Incident>('reports', 'whatsapp/5493834000001', 'DC-7K3F');
                expect(read).to.deep.equal({ id: 'DC-7K3F', partitionKey: 'whatsapp/5493834000001', etag: written.etag, value });
            });

            it('keeps collections apart', async function () {
                await store.put('reports', { partitionKey: 'p', id: 'same', value: { title: 'a report' } });
                expect(await store.get('handoffs', 'p', 'same')).to.equal(undefined);
            });

            it('gives every write a new etag', async function () {
                const first = await store.put('reports', { partitionKey: 'p', id: 'x', value: { title: 'one' } });
                const second = await store.put('reports', { partitionKey: 'p', id: 'x', value: { title: 'two' } });
                expect(second.etag).to.not.equal(first.etag);
                expect((await store.get<Incident>('reports', 'p', 'x'))?.value.title).to.equal('two');
            });

            it('keeps ids with slashes and other reserved characters distinct and readable', async function () {
                const keys = ['whatsapp/conversations/5493834123456/', 'whatsapp/users/5493834123456/', 'a\\b?c#d%e~f g', 'ñandú/ü'];
                for (const id of keys) await store.put('botstate', { partitionKey: 'whatsapp/5493834123456', id, value: { title: id } });
                for (const id of keys) {
                    const doc = await store.get<Incident>('botstate', 'whatsapp/5493834123456', id);
                    expect(doc?.id).to.equal(id);
                    expect(doc?.value.title).to.equal(id);
                }
                const all = await store.query('botstate', { partitionKey: 'whatsapp/5493834123456' });
                expect(ids(all).sort()).to.deep.equal([...keys].sort());
            });
        });

        describe('conditional writes', function () {
            it('writes under ifMatch with the current etag, and refuses a stale one', async function () {
                const first = await store.put('handoffs', { partitionKey: 'c1', id: 'case', value: { title: 'queued' } });
                const second = await store.put('handoffs', { partitionKey: 'c1', id: 'case', value: { title: 'assigned' } }, { ifMatch: first.etag });
                await expectPreconditionFailed(
                    store.put('handoffs', { partitionKey: 'c1', id: 'case', value: { title: 'stolen' } }, { ifMatch: first.etag })
                );
                const stored = await store.get<Incident>('handoffs', 'c1', 'case');
                expect(stored?.value.title).to.equal('assigned');
                expect(stored?.etag).to.equal(second.etag);
            });

            it('refuses ifMatch on a document that does not exist', async function () {
                await expectPreconditionFailed(
                    store.put('handoffs', { partitionKey: 'c1', id: 'ghost', value: { title: 'x' } }, { ifMatch: 'whatever' })
                );
                expect(await store.get('handoffs', 'c1', 'ghost')).to.equal(undefined);
            });

            it("creates under ifNoneMatch '*' once, then refuses", async function () {
                await store.put('conversations', { partitionKey: 'c1', id: 'wamid.1', value: { title: 'first delivery' } }, { ifNoneMatch: '*' });
                await expectPreconditionFailed(
                    store.put('conversations', { partitionKey: 'c1', id: 'wamid.1', value: { title: 'again' } }, { ifNoneMatch: '*' })
                );
                expect((await store.get<Incident>('conversations', 'c1', 'wamid.1'))?.value.title).to.equal('first delivery');
            });

            it('lets exactly one of two writers holding the same etag win', async function () {
                const base = await store.put('handoffs', { partitionKey: 'c1', id: 'case', value: { title: 'queued' } });
                const attempts = await Promise.allSettled(
                    ['ana', 'bruno'].map((operator) =>
                        store.put('handoffs', { partitionKey: 'c1', id: 'case', value: { title: `assigned to ${operator}` } }, { ifMatch: base.etag })
                    )
                );
                const won = attempts.filter((a) => a.status === 'fulfilled');
                const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
                expect(won).to.have.length(1);
                expect(lost).to.have.length(1);
                expect(lost[0].reason).to.be.instanceOf(PreconditionFailedError);
                const winner = (won[0] as PromiseFulfilledResult<StoredDocument<Incident>>).value;
                expect((await store.get<Incident>('handoffs', 'c1', 'case'))?.value.title).to.equal(winner.value.title);
            });

            it("lets exactly one of 20 concurrent ifNoneMatch '*' creates of one id succeed", async function () {
                const attempts = await Promise.allSettled(
                    Array.from({ length: 20 }, (_, i) =>
                        store.put('conversations', { partitionKey: 'c1', id: 'wamid.dup', value: { title: `delivery ${i}` } }, { ifNoneMatch: '*' })
                    )
                );
                expect(attempts.filter((a) => a.status === 'fulfilled')).to.have.length(1);
                const rejected = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
                expect(rejected).to.have.length(19);
                rejected.forEach((a) => expect(a.reason).to.be.instanceOf(PreconditionFailedError));
            });
        });

        describe('delete', function () {
            it('deletes, and says whether there was something to delete', async function () {
                await store.put('sessions', { partitionKey: 's1', id: 's1', value: { title: 'session' } });
                expect(await store.delete('sessions', 's1', 's1')).to.equal(true);
                expect(await store.get('sessions', 's1', 's1')).to.equal(undefined);
                expect(await store.delete('sessions', 's1', 's1')).to.equal(false);
            });

            it('deletes under ifMatch only with the current etag', async function () {
                const first = await store.put('leases', { partitionKey: 'l', id: 'lease', value: { title: 'v1' } });
                const second = await store.put('leases', { partitionKey: 'l', id: 'lease', value: { title: 'v2' } });
                await expectPreconditionFailed(store.delete('leases', 'l', 'lease', { ifMatch: first.etag }));
                expect(await store.get('leases', 'l', 'lease')).to.not.equal(undefined);
                expect(await store.delete('leases', 'l', 'lease', { ifMatch: second.etag })).to.equal(true);
                expect(await store.get('leases', 'l', 'lease')).to.equal(undefined);
            });
        });

        describe('putBatch', function () {
            it('writes every document of one partition and returns their etags', async function () {
                const written = await store.putBatch<Incident>('handoffs', 'c1', [
                    { partitionKey: 'c1', id: 'case', value: { title: 'queued' }, condition: { ifNoneMatch: '*' } },
                    { partitionKey: 'c1', id: 'audit-1', value: { title: 'created' } }
                ]);
                expect(ids(written)).to.deep.equal(['case', 'audit-1']);
                for (const doc of written) expect((await store.get('handoffs', 'c1', doc.id))?.etag).to.equal(doc.etag);
            });

            it('writes nothing when one condition fails', async function () {
                const existing = await store.put('handoffs', { partitionKey: 'c1', id: 'case', value: { title: 'queued' } });
                await store.put('handoffs', { partitionKey: 'c1', id: 'case', value: { title: 'assigned' } }, { ifMatch: existing.etag });
                await expectPreconditionFailed(
                    store.putBatch<Incident>('handoffs', 'c1', [
                        { partitionKey: 'c1', id: 'audit-2', value: { title: 'should not exist' } },
                        { partitionKey: 'c1', id: 'case', value: { title: 'resolved' }, condition: { ifMatch: existing.etag } }
                    ])
                );
                expect(await store.get('handoffs', 'c1', 'audit-2')).to.equal(undefined);
                expect((await store.get<Incident>('handoffs', 'c1', 'case'))?.value.title).to.equal('assigned');
            });

            it('writes nothing when a create-only document already exists', async function () {
                await store.put('conversations', { partitionKey: 'c1', id: 'wamid.9', value: { title: 'seen' } });
                await expectPreconditionFailed(
                    store.putBatch<Incident>('conversations', 'c1', [
                        { partitionKey: 'c1', id: 'wamid.10', value: { title: 'new' }, condition: { ifNoneMatch: '*' } },
                        { partitionKey: 'c1', id: 'wamid.9', value: { title: 'again' }, condition: { ifNoneMatch: '*' } }
                    ])
                );
                expect(await store.get('conversations', 'c1', 'wamid.10')).to.equal(undefined);
                expect((await store.get<Incident>('conversations', 'c1', 'wamid.9'))?.value.title).to.equal('seen');
            });

            it('refuses a document from another partition', async function () {
                let failure: unknown;
                try {
                    await store.putBatch('handoffs', 'c1', [{ partitionKey: 'c2', id: 'x', value: {} }]);
                } catch (error) {
                    failure = error;
                }
                expect(String(failure)).to.match(/not in partition/);
                expect(await store.get('handoffs', 'c2', 'x')).to.equal(undefined);
            });

            it('refuses a batch over the limit with InvalidBatchError (never retryable), writing nothing', async function () {
                const docs = Array.from({ length: MAX_BATCH_SIZE + 1 }, (_, i) => ({
                    partitionKey: 'c1',
                    id: `wamid.big${i}`,
                    value: { title: `n${i}` }
                }));
                let failure: unknown;
                try {
                    await store.putBatch<Incident>('conversations', 'c1', docs);
                } catch (error) {
                    failure = error;
                }
                expect(failure).to.be.instanceOf(InvalidBatchError);
                expect(String(failure)).to.match(/putBatch\(\): at most 100 documents per batch, got 101/);
                expect(await store.count('conversations', { partitionKey: 'c1' })).to.equal(0);
            });
        });

        describe('concurrent callers', function () {
            // Many callers writing at once, as webhook requests and broadcasts do. Every call is issued in the
            // same tick, so an engine that groups writes (SQLite's group commit) holds them in one group.

            it('lands every one of many concurrent puts to different documents', async function () {
                const keys = Array.from({ length: 120 }, (_, i) => ({ partitionKey: `citizen-${i % 12}`, id: `wamid.${i}` }));
                const written = await Promise.all(
                    keys.map((key, i) => store.put<Incident>('conversations', { ...key, value: { title: `mensaje ${i}`, priority: i } }))
                );
                expect(new Set(written.map((doc) => doc.etag)).size).to.equal(keys.length);
                expect(await store.count('conversations', {})).to.equal(keys.length);
                for (const [i, key] of keys.entries()) {
                    const doc = await store.get<Incident>('conversations', key.partitionKey, key.id);
                    expect(doc?.value, key.id).to.deep.equal({ title: `mensaje ${i}`, priority: i });
                    expect(doc?.etag).to.equal(written[i].etag);
                }
            });

            it('lets exactly one of many writers holding the same etag win while other writes go on', async function () {
                const base = await store.put('handoffs', { partitionKey: 'c1', id: 'case', value: { title: 'queued' } });
                const claims = ['ana', 'bruno', 'carla', 'diego', 'elena', 'facundo'].map((operator) =>
                    store.put<Incident>(
                        'handoffs',
                        { partitionKey: 'c1', id: 'case', value: { title: `assigned to ${operator}` } },
                        { ifMatch: base.etag }
                    )
                );
                const others = Array.from({ length: 6 }, (_, i) =>
                    store.put('handoffs', { partitionKey: 'c1', id: `audit-${i}`, value: { title: 'note' } })
                );
                const attempts = await Promise.allSettled(claims);
                await Promise.all(others);
                const won = attempts.filter((a): a is PromiseFulfilledResult<StoredDocument<Incident>> => a.status === 'fulfilled');
                const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
                expect(won).to.have.length(1);
                lost.forEach((a) => expect(a.reason).to.be.instanceOf(PreconditionFailedError));
                const stored = await store.get<Incident>('handoffs', 'c1', 'case');
                expect(stored?.value.title).to.equal(won[0].value.value.title);
                expect(stored?.etag).to.equal(won[0].value.etag);
                expect(await store.count('handoffs', { where: [{ field: 'title', op: '=', value: 'note' }] })).to.equal(6);
            });

            it('a putBatch whose condition fails writes none of its documents, while the writes around it land', async function () {
                const first = await store.put('handoffs', { partitionKey: 'c1', id: 'case', value: { title: 'queued' } });
                await store.put('handoffs', { partitionKey: 'c1', id: 'case', value: { title: 'assigned' } }, { ifMatch: first.etag });
                const before = store.put('reports', { partitionKey: 'c2', id: 'before', value: { title: 'before' } });
                const failing = store.putBatch<Incident>('handoffs', 'c1', [
                    { partitionKey: 'c1', id: 'audit-1', value: { title: 'should not exist' } },
                    { partitionKey: 'c1', id: 'case', value: { title: 'resolved' }, condition: { ifMatch: first.etag } },
                    { partitionKey: 'c1', id: 'audit-2', value: { title: 'should not exist either' } }
                ]);
                const succeeding = store.putBatch<Incident>('handoffs', 'c3', [
                    { partitionKey: 'c3', id: 'case', value: { title: 'queued' }, condition: { ifNoneMatch: '*' } },
                    { partitionKey: 'c3', id: 'audit-1', value: { title: 'created' } }
                ]);
                const after = store.put('reports', { partitionKey: 'c2', id: 'after', value: { title: 'after' } });
                await expectPreconditionFailed(failing);
                await Promise.all([before, succeeding, after]);
                expect(await store.get('handoffs', 'c1', 'audit-1')).to.equal(undefined);
                expect(await store.get('handoffs', 'c1', 'audit-2')).to.equal(undefined);
                expect((await store.get<Incident>('handoffs', 'c1', 'case'))?.value.title).to.equal('assigned');
                expect(ids(await store.query('handoffs', { partitionKey: 'c3' })).sort()).to.deep.equal(['audit-1', 'case']);
                expect(ids(await store.query('reports', { partitionKey: 'c2' })).sort()).to.deep.equal(['after', 'before']);
            });

            it('shows a confirmed write to the next read while other writes are still in flight', async function () {
                const background = Array.from({ length: 30 }, (_, i) =>
                    store.put('messages', { partitionKey: `w${i}`, id: `w${i}`, value: { title: 'sent' } })
                );
                for (let i = 0; i < 5; i++) {
                    const written = await store.put<Incident>('reports', { partitionKey: 'p', id: 'r', value: { title: `version ${i}` } });
                    expect(await store.get('reports', 'p', 'r')).to.deep.equal(written);
                    expect(await store.count('reports', { where: [{ field: 'title', op: '=', value: `version ${i}` }] })).to.equal(1);
                }
                await Promise.all(background);
            });
        });

        describe('query and count', function () {
            const seed: Array<{ pk: string; id: string; value: Incident }> = [
                {
                    pk: 'north',
                    id: 'r1',
                    value: {
                        title: 'Crecida',
                        department: 'Andalgalá',
                        priority: 3,
                        urgent: true,
                        tags: ['agua', 'ruta'],
                        report: { departmentId: 'andalgala', people: 2 }
                    }
                },
                {
                    pk: 'north',
                    id: 'r2',
                    value: {
                        title: 'Incendio',
                        department: 'Belén',
                        priority: 1,
                        urgent: false,
                        tags: ['fuego'],
                        report: { departmentId: 'belen', people: 0 }
                    }
                },
                {
                    pk: 'north',
                    id: 'r3',
                    value: {
                        title: 'Árbol caído',
                        department: 'Andalgalá',
                        priority: 2,
                        urgent: false,
                        tags: [],
                        report: { departmentId: 'andalgala', people: 5 }
                    }
                },
                {
                    pk: 'south',
                    id: 'r4',
                    value: {
                        title: 'Granizo',
                        department: 'Capital',
                        priority: 2,
                        urgent: true,
                        tags: ['agua'],
                        report: { departmentId: 'capital', people: 1 }
                    }
                },
                {
                    pk: 'south',
                    id: 'r5',
                    value: {
                        title: 'Derrumbe',
                        department: 'Ambato',
                        priority: 5,
                        urgent: true,
                        tags: ['ruta'],
                        report: { departmentId: 'ambato', people: 3 },
                        note: 'ruta 4'
                    }
                }
            ];

            beforeEach(async function () {
                for (const doc of seed) await store.put('reports', { partitionKey: doc.pk, id: doc.id, value: doc.value });
                // Same field names in another collection must never leak into results.
                await store.put('handoffs', { partitionKey: 'north', id: 'h1', value: { title: 'x', priority: 3 } });
            });

            async function queryIds(query: DocumentQuery): Promise<string[]> {
                return ids(await store.query('reports', query));
            }

            const byId = [{ field: 'priority', direction: 'asc' as const }];

            it('= on strings, numbers, booleans and nested fields', async function () {
                expect((await queryIds({ where: [{ field: 'department', op: '=', value: 'Andalgalá' }] })).sort()).to.deep.equal(['r1', 'r3']);
                expect(await queryIds({ where: [{ field: 'priority', op: '=', value: 2 }], orderBy: [{ field: 'title' }] })).to.deep.equal([
                    'r4',
                    'r3'
                ]);
                expect((await queryIds({ where: [{ field: 'urgent', op: '=', value: true }] })).sort()).to.deep.equal(['r1', 'r4', 'r5']);
                expect(await queryIds({ where: [{ field: 'report.departmentId', op: '=', value: 'capital' }] })).to.deep.equal(['r4']);
            });

            it('!= excludes equal values and documents missing the field', async function () {
                expect((await queryIds({ where: [{ field: 'department', op: '!=', value: 'Andalgalá' }] })).sort()).to.deep.equal(['r2', 'r4', 'r5']);
                expect(await queryIds({ where: [{ field: 'note', op: '!=', value: 'otra' }] })).to.deep.equal(['r5']);
            });

            it('<, <=, >, >= on numbers and strings', async function () {
                expect(await queryIds({ where: [{ field: 'priority', op: '<', value: 2 }] })).to.deep.equal(['r2']);
                expect(
                    await queryIds({
                        where: [{ field: 'priority', op: '<=', value: 2 }],
                        orderBy: byId.concat([{ field: 'title', direction: 'asc' }])
                    })
                ).to.deep.equal(['r2', 'r4', 'r3']);
                expect(await queryIds({ where: [{ field: 'priority', op: '>', value: 3 }] })).to.deep.equal(['r5']);
                expect(await queryIds({ where: [{ field: 'priority', op: '>=', value: 3 }], orderBy: byId })).to.deep.equal(['r1', 'r5']);
                expect(await queryIds({ where: [{ field: 'report.people', op: '>=', value: 3 }], orderBy: byId })).to.deep.equal(['r3', 'r5']);
                expect(await queryIds({ where: [{ field: 'department', op: '<', value: 'Andalgalá' }] })).to.deep.equal(['r5']);
                expect(await queryIds({ where: [{ field: 'department', op: '>=', value: 'Belén' }], orderBy: byId })).to.deep.equal(['r2', 'r4']);
            });

            it('in, including an empty list', async function () {
                expect(
                    await queryIds({ where: [{ field: 'department', op: 'in', value: ['Belén', 'Capital', 'Tinogasta'] }], orderBy: byId })
                ).to.deep.equal(['r2', 'r4']);
                expect(await queryIds({ where: [{ field: 'priority', op: 'in', value: [5, 1] }], orderBy: byId })).to.deep.equal(['r2', 'r5']);
                expect(await queryIds({ where: [{ field: 'department', op: 'in', value: [] }] })).to.deep.equal([]);
            });

            it('contains: the field is an array holding the value', async function () {
                expect(await queryIds({ where: [{ field: 'tags', op: 'contains', value: 'agua' }], orderBy: byId })).to.deep.equal(['r4', 'r1']);
                expect(await queryIds({ where: [{ field: 'title', op: 'contains', value: 'Crecida' }] })).to.deep.equal([]);
            });

            it('ANDs several filters', async function () {
                expect(
                    await queryIds({
                        where: [
                            { field: 'urgent', op: '=', value: true },
                            { field: 'tags', op: 'contains', value: 'ruta' },
                            { field: 'priority', op: '<', value: 5 }
                        ]
                    })
                ).to.deep.equal(['r1']);
            });

            it('orders by one field, either direction', async function () {
                // Strings order by code point: 'Á' comes after every unaccented capital.
                expect(await queryIds({ orderBy: [{ field: 'title' }] })).to.deep.equal(['r1', 'r5', 'r4', 'r2', 'r3']);
                expect(
                    await queryIds({ orderBy: [{ field: 'priority', direction: 'desc' }], where: [{ field: 'priority', op: '!=', value: 2 }] })
                ).to.deep.equal(['r5', 'r1', 'r2']);
            });

            it('orders by several fields', async function () {
                expect(
                    await queryIds({
                        orderBy: [
                            { field: 'urgent', direction: 'desc' },
                            { field: 'priority', direction: 'asc' }
                        ]
                    })
                ).to.deep.equal(['r4', 'r1', 'r5', 'r2', 'r3']);
                expect(
                    await queryIds({
                        orderBy: [
                            { field: 'department', direction: 'asc' },
                            { field: 'priority', direction: 'desc' }
                        ]
                    })
                ).to.deep.equal(['r5', 'r1', 'r3', 'r2', 'r4']);
            });

            it('limits after ordering', async function () {
                expect(await queryIds({ orderBy: [{ field: 'priority', direction: 'desc' }], limit: 2 })).to.deep.equal(['r5', 'r1']);
                expect(await queryIds({ orderBy: [{ field: 'urgent', direction: 'desc' }, { field: 'priority' }], limit: 2 })).to.deep.equal([
                    'r4',
                    'r1'
                ]);
                expect(await queryIds({ limit: 0 })).to.deep.equal([]);
            });

            it('scopes to one partition', async function () {
                expect(await queryIds({ partitionKey: 'south', orderBy: [{ field: 'priority' }] })).to.deep.equal(['r4', 'r5']);
                expect(await queryIds({ partitionKey: 'north', where: [{ field: 'urgent', op: '=', value: true }] })).to.deep.equal(['r1']);
                expect(await queryIds({ partitionKey: 'nobody' })).to.deep.equal([]);
            });

            it('returns documents with their partition and etag', async function () {
                const [doc] = await store.query<Incident>('reports', { where: [{ field: 'title', op: '=', value: 'Granizo' }] });
                const direct = await store.get<Incident>('reports', 'south', 'r4');
                expect(doc).to.deep.equal(direct);
            });

            it('counts matching documents, ignoring order and limit', async function () {
                expect(await store.count('reports', {})).to.equal(5);
                expect(
                    await store.count('reports', { where: [{ field: 'urgent', op: '=', value: true }], orderBy: [{ field: 'title' }], limit: 1 })
                ).to.equal(3);
                expect(await store.count('reports', { partitionKey: 'north' })).to.equal(3);
                expect(await store.count('reports', { partitionKey: 'north', where: [{ field: 'tags', op: 'contains', value: 'agua' }] })).to.equal(
                    1
                );
                expect(await store.count('subscribers', {})).to.equal(0);
            });

            it('refuses field paths that are not dotted identifiers', async function () {
                for (const field of ['title; DROP TABLE x', "a'b", 'a..b', '$.a', 'a"]']) {
                    let failure: unknown;
                    try {
                        await store.query('reports', { where: [{ field, op: '=', value: 1 }] });
                    } catch (error) {
                        failure = error;
                    }
                    expect(String(failure)).to.match(/invalid field path/);
                }
                expect(await store.count('reports', {})).to.equal(5);
            });

            it('binds values, never splices them into the query', async function () {
                const hostile = `x' OR 1=1 --`;
                expect(await queryIds({ where: [{ field: 'title', op: '=', value: hostile }] })).to.deep.equal([]);
                await store.put('reports', { partitionKey: 'q', id: 'quote', value: { title: hostile } });
                expect(await queryIds({ where: [{ field: 'title', op: '=', value: hostile }] })).to.deep.equal(['quote']);
            });
        });

        it('answers ping while open', async function () {
            await store.ping();
        });
    });
}
