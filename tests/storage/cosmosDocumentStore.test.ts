import { expect } from 'chai';
import { decodeCosmosId, encodeCosmosId } from '../../storage/cosmos/cosmosIds';
import { CosmosDocumentStore } from '../../storage/cosmos/cosmosDocumentStore';
import { LocalCosmosServer } from './storageTestSupport';

describe('Cosmos ids', function () {
    it('escapes the characters Cosmos DB forbids, reversibly', function () {
        const id = 'whatsapp/conversations/5493834123456/';
        const encoded = encodeCosmosId(id);
        expect(encoded).to.equal('whatsapp~2Fconversations~2F5493834123456~2F');
        expect(encoded).to.not.match(/[/\\?#]/);
        expect(decodeCosmosId(encoded)).to.equal(id);
        for (const tricky of ['a~2Fb', '~', 'ñandú 🚨', 'a\\b?c#d%e', 'plain-id_1.2']) {
            expect(decodeCosmosId(encodeCosmosId(tricky))).to.equal(tricky);
        }
        expect(encodeCosmosId('plain-id_1.2')).to.equal('plain-id_1.2');
    });

    it('refuses ids too long for Cosmos DB once escaped', function () {
        expect(() => encodeCosmosId('/'.repeat(100))).to.throw(/255/);
    });
});

describe('CosmosDocumentStore on a local Cosmos DB server', function () {
    const cosmos = new LocalCosmosServer();
    before(async function () {
        await cosmos.start();
    });
    after(async function () {
        await cosmos.stop();
    });

    it('adds up the request charge of every operation', async function () {
        const store = await cosmos.openStore();
        try {
            const afterOpen = store.requestCharge;
            expect(afterOpen).to.be.greaterThan(0);
            await store.put('reports', { partitionKey: 'p', id: 'r1', value: { title: 'x' } });
            await store.get('reports', 'p', 'r1');
            await store.query('reports', { partitionKey: 'p' });
            try {
                await store.put('reports', { partitionKey: 'p', id: 'r1', value: {} }, { ifNoneMatch: '*' });
            } catch {
                // counted even when refused
            }
            // The test server charges 1 RU per request.
            expect(store.requestCharge - afterOpen).to.equal(4);
            expect(store.operations).to.equal(4);
        } finally {
            await store.close();
        }
    });

    it('opens an existing database again and finds its documents', async function () {
        const first = await cosmos.openStore({ databaseId: 'reopened' });
        await first.put('users', { partitionKey: 'ana', id: 'ana', value: { role: 'operator' } });
        await first.close();
        const second = await cosmos.openStore({ databaseId: 'reopened' });
        try {
            expect((await second.get('users', 'ana', 'ana'))?.value).to.deep.equal({ role: 'operator' });
        } finally {
            await second.close();
        }
    });

    it('fails to open with StorageUnavailableError when nothing answers', async function () {
        let failure: unknown;
        try {
            await CosmosDocumentStore.open({
                endpoint: 'https://127.0.0.1:1',
                key: Buffer.from('k').toString('base64'),
                databaseId: 'x',
                clientOptions: {
                    connectionPolicy: {
                        enableEndpointDiscovery: false,
                        requestTimeout: 2000,
                        retryOptions: { maxRetryAttemptCount: 0, fixedRetryIntervalInMilliseconds: 0, maxWaitTimeInSeconds: 1 }
                    }
                }
            });
        } catch (error) {
            failure = error;
        }
        expect((failure as { code?: string }).code).to.equal('STORAGE_UNAVAILABLE');
    });
});
