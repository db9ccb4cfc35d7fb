import { describeDocumentStoreContract } from './documentStoreContract';
import { LocalCosmosServer, sqliteFactory } from './storageTestSupport';

describeDocumentStoreContract('sqlite', () => sqliteFactory());

describe('with a local Cosmos DB server', function () {
    const cosmos = new LocalCosmosServer();
    before(async function () {
        await cosmos.start();
    });
    after(async function () {
        await cosmos.stop();
    });
    describeDocumentStoreContract('cosmos', () => cosmos.factory());
});
