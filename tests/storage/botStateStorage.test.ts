import { expect } from 'chai';
import { ConversationState, MemoryStorage, Storage, TestAdapter, UserState } from 'botbuilder';
import { botStatePartitionKey, DocumentStoreStorage } from '../../storage/botStateStorage';
import type { DocumentStore } from '../../storage/documentStore';
import { describeWithLocalCosmos, sqliteFactory, StoreFactory, StoreFixture } from './storageTestSupport';

const CONVERSATION_KEY = 'whatsapp/conversations/5493834123456/';
const USER_KEY = 'whatsapp/users/5493834123456';

/**
 * Bot Framework Storage semantics. The same cases run against botbuilder's own MemoryStorage, the
 * reference, so "exactly as MemoryStorage" is checked, not assumed.
 */
function describeStorageSemantics(name: string, open: () => Promise<{ storage: Storage; dispose(): Promise<void> }>): void {
    describe(`Bot Framework Storage semantics: ${name}`, function () {
        let storage: Storage;
        let dispose: () => Promise<void>;

        beforeEach(async function () {
            ({ storage, dispose } = await open());
        });
        afterEach(async function () {
            await dispose();
        });

        it('reads only the keys that exist', async function () {
            await storage.write({ [CONVERSATION_KEY]: { step: 'name' } });
            const items = await storage.read([CONVERSATION_KEY, 'whatsapp/conversations/nobody/']);
            expect(Object.keys(items)).to.deep.equal([CONVERSATION_KEY]);
            expect(items[CONVERSATION_KEY].step).to.equal('name');
            expect(items[CONVERSATION_KEY].eTag).to.be.a('string').and.not.equal('');
        });

        it("overwrites when the item has no eTag or eTag '*'", async function () {
            await storage.write({ [USER_KEY]: { name: 'Ana' } });
            await storage.write({ [USER_KEY]: { name: 'Ana María' } });
            expect((await storage.read([USER_KEY]))[USER_KEY].name).to.equal('Ana María');
            await storage.write({ [USER_KEY]: { name: 'Ana M.', eTag: '*' } });
            expect((await storage.read([USER_KEY]))[USER_KEY].name).to.equal('Ana M.');
        });

        it('writes with the current eTag and gives the item a new one', async function () {
            await storage.write({ [USER_KEY]: { name: 'Ana' } });
            const before = (await storage.read([USER_KEY]))[USER_KEY];
            await storage.write({ [USER_KEY]: { ...before, name: 'Ana Díaz' } });
            const after = (await storage.read([USER_KEY]))[USER_KEY];
            expect(after.name).to.equal('Ana Díaz');
            expect(after.eTag).to.not.equal(before.eTag);
        });

        it('refuses a write whose eTag differs from the stored one, keeping what is stored', async function () {
            await storage.write({ [USER_KEY]: { name: 'Ana' } });
            const stale = (await storage.read([USER_KEY]))[USER_KEY];
            await storage.write({ [USER_KEY]: { name: 'Bruno' } });
            let failed = false;
            try {
                await storage.write({ [USER_KEY]: { ...stale, name: 'Carla' } });
            } catch {
                failed = true;
            }
            expect(failed).to.equal(true);
            expect((await storage.read([USER_KEY]))[USER_KEY].name).to.equal('Bruno');
        });

        it('writes a new item even when it carries an eTag', async function () {
            await storage.write({ [CONVERSATION_KEY]: { step: 'department', eTag: 'from-somewhere-else' } });
            expect((await storage.read([CONVERSATION_KEY]))[CONVERSATION_KEY].step).to.equal('department');
        });

        it('deletes keys, missing ones included', async function () {
            await storage.write({ [CONVERSATION_KEY]: { step: 'name' }, [USER_KEY]: { name: 'Ana' } });
            await storage.delete([CONVERSATION_KEY, 'whatsapp/conversations/nobody/']);
            expect(Object.keys(await storage.read([CONVERSATION_KEY, USER_KEY]))).to.deep.equal([USER_KEY]);
        });

        it('keeps conversation and user state across turns of a real bot', async function () {
            const conversationState = new ConversationState(storage);
            const userState = new UserState(storage);
            const turns = conversationState.createProperty<number>('turns');
            const name = userState.createProperty<string>('name');
            const adapter = new TestAdapter(async (context) => {
                const count = (await turns.get(context, 0)) + 1;
                await turns.set(context, count);
                if (context.activity.text?.startsWith('soy ')) await name.set(context, context.activity.text.slice(4));
                await context.sendActivity(`turno ${count}, ${(await name.get(context)) ?? 'sin nombre'}`);
                await conversationState.saveChanges(context);
                await userState.saveChanges(context);
            });
            await adapter
                .send('hola')
                .assertReply('turno 1, sin nombre')
                .send('soy Ana')
                .assertReply('turno 2, Ana')
                .send('sigo acá')
                .assertReply('turno 3, Ana')
                .startTest();
        });
    });
}

function storageOn(factory: () => StoreFactory): () => Promise<{ storage: Storage; dispose(): Promise<void> }> {
    return async () => {
        const fixture: StoreFixture = await factory()();
        return { storage: new DocumentStoreStorage(fixture.store), dispose: () => fixture.dispose() };
    };
}

describeStorageSemantics('MemoryStorage (the reference)', async () => ({ storage: new MemoryStorage(), dispose: async () => undefined }));
describeStorageSemantics(
    'DocumentStoreStorage on sqlite',
    storageOn(() => sqliteFactory())
);

describeWithLocalCosmos((cosmos) => {
    describeStorageSemantics(
        'DocumentStoreStorage on cosmos',
        storageOn(() => cosmos.factory())
    );
});

describe('DocumentStoreStorage partitions', function () {
    let fixture: StoreFixture;
    let store: DocumentStore;
    beforeEach(async function () {
        fixture = await sqliteFactory()();
        store = fixture.store;
    });
    afterEach(async function () {
        await fixture.dispose();
    });

    it("puts a WhatsApp citizen's conversation and user state in one partition", async function () {
        expect(botStatePartitionKey(CONVERSATION_KEY)).to.equal('whatsapp/5493834123456');
        expect(botStatePartitionKey(USER_KEY)).to.equal('whatsapp/5493834123456');
        expect(botStatePartitionKey('webchat/conversations/abc-123|livechat/')).to.equal('webchat/abc-123|livechat');
        expect(botStatePartitionKey('some-other-key')).to.equal('some-other-key');

        await new DocumentStoreStorage(store).write({ [CONVERSATION_KEY]: { step: 'name' }, [USER_KEY]: { name: 'Ana' } });
        const partition = await store.query('botstate', { partitionKey: 'whatsapp/5493834123456' });
        expect(partition.map((doc) => doc.id).sort()).to.deep.equal([CONVERSATION_KEY, USER_KEY].sort());
        expect(partition.every((doc) => !('eTag' in (doc.value as object)))).to.equal(true);
    });
});
