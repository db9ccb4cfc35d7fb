import { expect } from 'chai';
import * as path from 'path';
import { createSilentLogger } from '../../common/logger';
import { createDocumentStore } from '../../storage/createDocumentStore';
import { describeWithLocalCosmos, makeTempDir, removeDir } from './storageTestSupport';

describe('createDocumentStore', function () {
    it('opens the sqlite engine on the named file', async function () {
        const dir = makeTempDir('storage-create');
        const store = await createDocumentStore({ engine: 'sqlite', file: path.join(dir, 'data', 'line.sqlite') }, createSilentLogger());
        try {
            expect(store.engine).to.equal('sqlite');
            await store.put('meta', { partitionKey: 'meta', id: 'hello', value: 'mundo' });
            expect((await store.get('meta', 'meta', 'hello'))?.value).to.equal('mundo');
        } finally {
            await store.close();
            removeDir(dir);
        }
    });

    describeWithLocalCosmos((cosmos) => {
        it('opens the cosmos engine, creating the database', async function () {
            const store = await createDocumentStore(
                {
                    engine: 'cosmos',
                    endpoint: cosmos.endpoint,
                    key: Buffer.from('k').toString('base64'),
                    databaseId: 'factory',
                    clientOptions: cosmos.clientOptionsForTests()
                },
                createSilentLogger()
            );
            try {
                expect(store.engine).to.equal('cosmos');
                await store.ping();
                await store.put('meta', { partitionKey: 'meta', id: 'hello', value: 'mundo' });
                expect((await store.get('meta', 'meta', 'hello'))?.value).to.equal('mundo');
            } finally {
                await store.close();
            }
        });
    });
});
