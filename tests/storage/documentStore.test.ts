import { describeDocumentStoreContract } from './documentStoreContract';
import { describeWithLocalCosmos, sqliteFactory } from './storageTestSupport';

describeDocumentStoreContract('sqlite', () => sqliteFactory());

describeWithLocalCosmos((cosmos) => {
    describeDocumentStoreContract('cosmos', () => cosmos.factory());
});
