import { expect } from 'chai';
import { ForwardingStore } from '../support/forwardingStore';
import { ConversationState, MemoryStorage } from 'botbuilder-core';
import { TurnContext } from 'botbuilder-core';
import { InboxEntry } from '../../adapters/whatsapp/inbox';
import { OutboxEntry } from '../../adapters/whatsapp/outboxEntry';
import { TurnScopedConversationState, TurnScopedStorage } from '../../adapters/whatsapp/turnTransactionStorage';
import { BatchWrite, DocumentStore, StorageUnavailableError } from '../../storage/documentStore';
import * as crypto from 'crypto';
import { FileMediaStore } from '../../storage/fileMediaStore';
import { makeTempDir } from '../support/tempDir';
import { EchoBot, ManualClock, PHONE_NUMBER_ID, deliveryLine, post, waitFor, webhookBody } from './harness';
import { whatsAppTurnErrorHandler } from '../../server/turnErrors';
import { createSilentLogger } from '../../common/logger';

const MARIA = '5493834000011';
const JUAN = '5493834000012';

describe('WhatsApp delivery: turns', () => {
    const lines: Array<Awaited<ReturnType<typeof deliveryLine>>> = [];
    afterEach(async () => {
        for (const line of lines.splice(0).reverse()) await line.close();
    });
    async function newLine(options: Parameters<typeof deliveryLine>[0] = {}) {
        const line = await deliveryLine({ prefix: 'wa-turns', ...options });
        lines.push(line);
        return line;
    }

    it('runs a burst of 20 messages from one citizen strictly one after another, in order, while another citizen runs in parallel', async () => {
        const line = await newLine();
        const bot = new EchoBot(5);
        await line.adapter.start(bot.logic);
        const texts = Array.from({ length: 20 }, (_, i) => `mensaje ${i + 1}`);
        // One POST per message, as Meta sends a burst; Juan writes at the same time.
        await Promise.all(
            texts.map((text, i) =>
                post(
                    line.server.url,
                    webhookBody([
                        [
                            { from: MARIA, id: `wamid.m${i}`, text },
                            { from: JUAN, id: `wamid.j${i}`, text }
                        ]
                    ])
                )
            )
        );
        await waitFor('40 replies', () => line.peer.peer.sent().length === 40, 15000);
        expect(bot.overlaps).to.deep.equal([]);
        expect(bot.maxParallel).to.be.greaterThan(1);
        // Meta gives no order between separate POSTs: what counts is that turns follow the recorded order.
        const recorded = await line.store.query<InboxEntry>('conversations', {
            partitionKey: `whatsapp/${MARIA}`,
            where: [{ field: 'kind', op: '=', value: 'inbox' }],
            orderBy: [{ field: 'seq', direction: 'asc' }]
        });
        const recordedTexts = recorded.map((d) => (d.value.message.raw.text as { body: string }).body);
        expect(bot.textsOf(MARIA)).to.deep.equal(recordedTexts);
        expect(line.repliesTo(MARIA)).to.deep.equal(recordedTexts.map((t) => `eco: ${t}`));
        expect([...recordedTexts].sort()).to.deep.equal([...texts].sort());
    });

    it('keeps bot state per citizen and commits it with the turn', async () => {
        const line = await newLine();
        const conversationState = new TurnScopedConversationState(new TurnScopedStorage());
        const counter = conversationState.createProperty<number>('count');
        await line.adapter.start(async (context: TurnContext) => {
            const count = (await counter.get(context, 0)) + 1;
            await counter.set(context, count);
            await context.sendActivity(`mensaje número ${count}`);
            await conversationState.saveChanges(context);
        });
        for (let i = 0; i < 3; i++) await post(line.server.url, webhookBody([[{ from: MARIA, id: `wamid.s${i}`, text: 'hola' }]]));
        await post(line.server.url, webhookBody([[{ from: JUAN, id: 'wamid.sj', text: 'hola' }]]));
        await waitFor('4 replies', () => line.peer.peer.sent().length === 4);
        expect(line.repliesTo(MARIA)).to.deep.equal(['mensaje número 1', 'mensaje número 2', 'mensaje número 3']);
        expect(line.repliesTo(JUAN)).to.deep.equal(['mensaje número 1']);
        const state = await line.store.get<{ item: { count: number } }>('conversations', `whatsapp/${MARIA}`, 'state:conversation');
        expect(state?.value.item.count).to.equal(3);
    });

    it('keeps the state of a proactive turn apart from the citizen turn it overlaps, and keeps both changes', async () => {
        const line = await newLine();
        const conversationState = new TurnScopedConversationState(new TurnScopedStorage());
        const notes = conversationState.createProperty<string[]>('notes');
        let releaseCitizenTurn!: () => void;
        const citizenTurnHolds = new Promise<void>((resolve) => {
            releaseCitizenTurn = resolve;
        });
        let citizenTurnRead!: () => void;
        const citizenTurnHasRead = new Promise<void>((resolve) => {
            citizenTurnRead = resolve;
        });
        const seenByCitizenTurns: string[][] = [];
        await line.adapter.start(async (context: TurnContext) => {
            const seen = await notes.get(context, []);
            seenByCitizenTurns.push([...seen]);
            citizenTurnRead();
            await citizenTurnHolds;
            await notes.set(context, [...seen, `vecina: ${context.activity.text}`]);
            await conversationState.saveChanges(context);
            await context.sendActivity('recibido');
        });
        await post(line.server.url, webhookBody([[{ from: MARIA, id: 'wamid.o1', text: 'hola' }]]));
        await citizenTurnHasRead;
        // While Maria's turn is holding, an operator's proactive turn of the same conversation reads and writes.
        let seenByOperatorTurn: string[] | undefined;
        await line.adapter.continueConversation(line.adapter.createConversationReference(MARIA), async (context) => {
            const seen = await notes.get(context, []);
            seenByOperatorTurn = [...seen];
            await notes.set(context, [...seen, 'operadora: aviso']);
            await conversationState.saveChanges(context);
        });
        releaseCitizenTurn();
        await waitFor('the reply', () => line.peer.peer.sent().length === 1);
        expect(seenByOperatorTurn).to.deep.equal([]);
        // Maria's turn read before the operator's commit, so its commit meets a changed state and it runs again.
        expect(seenByCitizenTurns).to.deep.equal([[], ['operadora: aviso']]);
        const state = await line.store.get<{ item: { notes: string[] } }>('conversations', `whatsapp/${MARIA}`, 'state:conversation');
        expect(state?.value.item.notes).to.deep.equal(['operadora: aviso', 'vecina: hola']);
    });

    it("routes no key to a running turn unless it carries that turn's unguessable token", async () => {
        const line = await newLine();
        const storage = new TurnScopedStorage(new MemoryStorage());
        const conversationState = new TurnScopedConversationState(storage);
        const draft = conversationState.createProperty<string>('draft');
        let release!: () => void;
        const held = new Promise<void>((resolve) => {
            release = resolve;
        });
        let reading!: () => void;
        const turnHasRead = new Promise<void>((resolve) => {
            reading = resolve;
        });
        await line.adapter.start(async (context: TurnContext) => {
            await draft.set(context, 'Calle Esquiú 123, Capital');
            await conversationState.saveChanges(context);
            reading();
            await held;
        });
        await post(line.server.url, webhookBody([[{ from: MARIA, id: 'wamid.g1', text: 'hola' }]]));
        await turnHasRead;
        // Keys a client could build from a channel id and a conversation id it chose, guessing the open turn's token.
        let reached = 0;
        for (let n = 0; n <= 20_000; n++) {
            for (const token of [`t${n}`, String(n)]) {
                const items = await storage.read([`${token}\u0000whatsapp/conversations/${MARIA}/`]).catch(() => undefined);
                if (items && Object.keys(items).length > 0) reached++;
            }
        }
        release();
        await waitFor('the turn to end', () => line.adapter.whenIdle().then(() => true));
        expect(reached).to.equal(0);
    });

    it('tells a bot whose WhatsApp state is a plain ConversationState how to build it, and answers nothing wrong', async () => {
        const line = await newLine();
        const conversationState = new ConversationState(new TurnScopedStorage());
        const errors: string[] = [];
        line.adapter.onTurnError = async (_context, error) => {
            errors.push(error.message);
        };
        await line.adapter.start(async (context: TurnContext) => {
            await conversationState.load(context);
            await context.sendActivity('no debería salir');
        });
        await post(line.server.url, webhookBody([[{ from: MARIA, id: 'wamid.p1', text: 'hola' }]]));
        await waitFor('the turn error', () => errors.length > 0);
        expect(errors[0]).to.include('TurnScopedConversationState');
        expect(line.peer.peer.sent()).to.deep.equal([]);
    });

    it('processes after a restart what one instance recorded but did not process', async () => {
        const first = await newLine();
        // The first instance records (answers 200) but never starts its drain loop: as if it died right after.
        await post(
            first.server.url,
            webhookBody([
                [
                    { from: MARIA, id: 'wamid.r1', text: 'uno' },
                    { from: MARIA, id: 'wamid.r2', text: 'dos' }
                ]
            ])
        );
        await first.adapter.stop(1000);

        const second = await newLine({ store: first.db.reopen(), closeStore: true });
        const bot = new EchoBot();
        await second.adapter.start(bot.logic);
        await waitFor('two replies', () => second.peer.peer.sent().length === 2);
        expect(bot.textsOf(MARIA)).to.deep.equal(['uno', 'dos']);
    });

    it('leaves the message pending and sends nothing while the commit of its turn fails, then answers it once', async () => {
        const db = await newLine();
        const store = new FailingCommits(db.store);
        const line = await newLine({ store });
        const bot = new EchoBot();
        await line.adapter.start(bot.logic);
        await post(line.server.url, webhookBody([[{ from: MARIA, id: 'wamid.f1', text: 'auxilio' }]]));
        await waitFor('two failed commits', () => store.failures >= 2);
        const pending = await line.store.get<InboxEntry>('conversations', `whatsapp/${MARIA}`, 'in:wamid.f1');
        expect(pending?.value.status).to.equal('pending');
        expect(line.peer.peer.sent()).to.have.length(0);

        store.failing = false;
        await waitFor('the reply', () => line.peer.peer.sent().length === 1);
        await line.adapter.whenIdle();
        expect(line.repliesTo(MARIA)).to.deep.equal(['eco: auxilio']);
        expect(bot.turns.length).to.equal(store.failures + 1);
        const done = await line.store.get<InboxEntry>('conversations', `whatsapp/${MARIA}`, 'in:wamid.f1');
        expect(done?.value.status).to.equal('done');
    });

    it('waits twice as long after each failed commit while storage stays down, then answers the message once', async () => {
        const db = await newLine();
        const store = new FailingCommits(db.store);
        // Time moves only when the test says: each retry is seen scheduled, and not run a millisecond before its time.
        const clock = new ManualClock();
        const line = await newLine({ store, adapter: { turnRetryDelayMs: 50, clock } });
        const bot = new EchoBot();
        await line.adapter.start(bot.logic);
        await post(line.server.url, webhookBody([[{ from: MARIA, id: 'wamid.b1', text: 'se inunda la casa' }]]));
        await waitFor('the first failed commit', () => store.failures === 1);
        for (const [failures, delay] of [
            [1, 50],
            [2, 100],
            [3, 200],
            [4, 400]
        ]) {
            await waitFor(`the retry after failure ${failures}, ${delay} ms on`, () => clock.hasTimerIn(delay));
            clock.advance(delay - 1);
            expect(store.failures, `no retry before ${delay} ms`).to.equal(failures);
            clock.advance(1);
            await waitFor(`failure ${failures + 1}`, () => store.failures === failures + 1);
        }
        store.failing = false;
        await waitFor('the retry after failure 5, 800 ms on', () => clock.hasTimerIn(800));
        clock.advance(800);
        await waitFor('the reply', () => line.peer.peer.sent().length === 1, 10_000);
        await line.adapter.whenIdle();
        expect(line.repliesTo(MARIA)).to.deep.equal(['eco: se inunda la casa']);
    });

    it('runs a message again, however many tries it takes, when storage fails under the bot: no apology, nothing given up or wiped', async () => {
        const db = await newLine();
        const store = new FailingStateReads(db.store);
        const line = await newLine({ store, adapter: { turnRetryDelayMs: 20, maxTurnAttempts: 3 } });
        const conversationState = new TurnScopedConversationState(new TurnScopedStorage());
        const messages = conversationState.createProperty<string[]>('messages');
        line.adapter.onTurnError = whatsAppTurnErrorHandler(createSilentLogger(), conversationState);
        await line.adapter.start(async (context: TurnContext) => {
            const before = await messages.get(context, []);
            await messages.set(context, [...before, context.activity.text ?? '']);
            await context.sendActivity(`recibido: ${[...before, context.activity.text].join(' / ')}`);
            await conversationState.saveChanges(context);
        });
        await post(line.server.url, webhookBody([[{ from: MARIA, id: 'wamid.sr1', text: 'hay agua en la calle' }]]));
        await waitFor('the first reply', () => line.peer.peer.sent().length === 1);
        // Storage now fails five times in a row under the next turn: more than the three tries a failing bot gets.
        store.failuresLeft = 5;
        await post(line.server.url, webhookBody([[{ from: MARIA, id: 'wamid.sr2', text: 'ya entra en la casa' }]]));
        await waitFor('the second reply', () => line.peer.peer.sent().length === 2, 10_000);
        expect(store.failuresLeft).to.equal(0);
        expect(line.repliesTo(MARIA)).to.deep.equal(['recibido: hay agua en la calle', 'recibido: hay agua en la calle / ya entra en la casa']);
        const done = await line.store.get<InboxEntry>('conversations', `whatsapp/${MARIA}`, 'in:wamid.sr2');
        expect(done?.value.status).to.equal('done');
        expect(done?.value.abandoned).to.equal(undefined);
    });

    it('gives up, after the usual attempts, a message whose commit fails for a reason other than an outage, and goes on', async () => {
        const db = await newLine();
        const store = new FailingCommits(db.store, () => new Error('FailingCommits.putBatch(): a value storage refuses'));
        const line = await newLine({ store, adapter: { turnRetryDelayMs: 20, maxTurnAttempts: 3 } });
        const bot = new EchoBot();
        await line.adapter.start(bot.logic);
        await post(line.server.url, webhookBody([[{ from: MARIA, id: 'wamid.pe1', text: 'primero' }]]));
        await waitFor('three failed commits', () => store.failures >= 3);
        await waitFor('the message given up', async () => {
            const entry = await line.store.get<InboxEntry>('conversations', `whatsapp/${MARIA}`, 'in:wamid.pe1');
            return entry?.value.status === 'done' && entry.value.abandoned !== undefined;
        });
        store.failing = false;
        await post(line.server.url, webhookBody([[{ from: MARIA, id: 'wamid.pe2', text: 'segundo' }]]));
        await waitFor('the reply to the next message', () => line.peer.peer.sent().length === 1);
        expect(store.failures).to.equal(3);
        expect(line.repliesTo(MARIA)).to.deep.equal(['eco: segundo']);
    });

    it('sends the replies of a turn whose commit landed but was reported failed', async () => {
        const db = await newLine();
        const store = new LandsThenFails(db.store);
        // A sweep far away: only being told can get these replies out within the test.
        const line = await newLine({ store, adapter: { sweepIntervalMs: 3_600_000 } });
        const bot = new EchoBot();
        await line.adapter.start(bot.logic);
        await post(line.server.url, webhookBody([[{ from: MARIA, id: 'wamid.lf1', text: 'se inunda la casa' }]]));
        await waitFor('the reply', () => line.repliesTo(MARIA).length === 1);
        await line.adapter.whenIdle();
        expect(store.failures).to.equal(1);
        expect(bot.turns).to.have.length(1);
        expect(line.repliesTo(MARIA)).to.deep.equal(['eco: se inunda la casa']);
    });

    it('gives up, after the usual attempts, a message whose turn has more replies than one batch can commit, and goes on', async () => {
        const line = await newLine();
        let turns = 0;
        await line.adapter.start(async (context) => {
            turns++;
            const text = context.activity.text ?? '';
            const count = text === 'todo' ? 120 : 1;
            for (let i = 0; i < count; i++) await context.sendActivity(`${text} ${i + 1}`);
        });
        await post(
            line.server.url,
            webhookBody([
                [
                    { from: MARIA, id: 'wamid.big1', text: 'todo' },
                    { from: MARIA, id: 'wamid.big2', text: 'después' }
                ]
            ])
        );
        await waitFor('the next message answered', () => line.repliesTo(MARIA).length === 1);
        expect(line.repliesTo(MARIA)).to.deep.equal(['después 1']);
        const abandoned = await line.store.get<InboxEntry>('conversations', `whatsapp/${MARIA}`, 'in:wamid.big1');
        expect(abandoned?.value.status).to.equal('done');
        expect(abandoned?.value.abandoned).to.include({ attempts: 3 });
        expect(abandoned?.value.abandoned?.error).to.match(/at most 100 documents per batch/);
        expect(turns).to.equal(4);
    });

    it('sends proactive messages (an operator reply) through the outbox, labelled with their origin', async () => {
        const line = await newLine();
        await line.adapter.start(new EchoBot().logic);
        const reference = line.adapter.createConversationReference(MARIA);
        await line.adapter.continueConversation(
            reference,
            async (context) => {
                const [first] = await context.sendActivities([{ type: 'message', text: 'Le habla la operadora Ana.' }, { type: 'typing' }]);
                expect(first.id).to.match(/^out:/);
            },
            { origin: 'operator', originRef: 'case-1' }
        );
        await waitFor('the operator message', () => line.peer.peer.sent().length === 1);
        expect(line.repliesTo(MARIA)).to.deep.equal(['Le habla la operadora Ana.']);
        const [entry] = await line.store.query<OutboxEntry>('conversations', { where: [{ field: 'kind', op: '=', value: 'outbox' }] });
        expect(entry.value).to.include({ origin: 'operator', originRef: 'case-1' });
    });

    it('refuses to edit or delete a sent message, naming the adapter method', async () => {
        const line = await newLine();
        const context = new TurnContext(line.adapter, { type: 'message' });
        let message = '';
        await line.adapter.updateActivity(context, {}).catch((e: Error) => (message = e.message));
        expect(message).to.match(/WhatsAppAdapter\.updateActivity\(\).*not supported by WhatsApp/);
        await line.adapter.deleteActivity(context, {}).catch((e: Error) => (message = e.message));
        expect(message).to.match(/WhatsAppAdapter\.deleteActivity\(\).*not supported by WhatsApp/);
    });

    it('runs middleware added with use() before the bot', async () => {
        const line = await newLine();
        const seen: string[] = [];
        line.adapter.use(async (context, next) => {
            seen.push(`middleware:${context.activity.text}`);
            await next();
        });
        await line.adapter.start(async (context) => {
            seen.push(`bot:${context.activity.text}`);
        });
        await post(line.server.url, webhookBody([[{ from: MARIA, id: 'wamid.mw', text: 'hola' }]]));
        await waitFor('the turn', () => seen.length === 2);
        expect(seen).to.deep.equal(['middleware:hola', 'bot:hola']);
    });
    it('copies an inbound photo into the media store before the turn and points the attachment at it', async () => {
        const folder = makeTempDir('wa-media');
        try {
            const mediaStore = new FileMediaStore({ folder: folder.dir });
            const line = await newLine({ adapter: { mediaStore } });
            const photo = crypto.randomBytes(2048);
            const mediaId = line.peer.peer.addMedia(photo, 'image/jpeg');
            const urls: string[] = [];
            await line.adapter.start(async (context) => {
                urls.push(context.activity.attachments?.[0]?.contentUrl ?? '');
            });
            const body = JSON.stringify({
                object: 'whatsapp_business_account',
                entry: [
                    {
                        id: 'waba',
                        changes: [
                            {
                                field: 'messages',
                                value: {
                                    messaging_product: 'whatsapp',
                                    metadata: { display_phone_number: '543834090909', phone_number_id: PHONE_NUMBER_ID },
                                    contacts: [{ profile: { name: 'María' }, wa_id: MARIA }],
                                    messages: [
                                        {
                                            from: MARIA,
                                            id: 'wamid.photo',
                                            timestamp: '1764331200',
                                            type: 'image',
                                            image: {
                                                id: mediaId,
                                                mime_type: 'image/jpeg',
                                                sha256: crypto.createHash('sha256').update(photo).digest('base64')
                                            }
                                        }
                                    ]
                                }
                            }
                        ]
                    }
                ]
            });
            expect((await post(line.server.url, body)).status).to.equal(200);
            await waitFor('the turn', () => urls.length === 1);
            const storedId = crypto.createHash('sha256').update(photo).digest('hex');
            expect(urls[0]).to.equal(`/api/operator/media/${storedId}`);
            const stored = await mediaStore.get(storedId);
            expect(stored?.bytes.equals(photo)).to.equal(true);
        } finally {
            folder.remove();
        }
    });

    it('stop() waits for the turn in flight and takes no new ones', async () => {
        const line = await newLine();
        const bot = new EchoBot(300);
        await line.adapter.start(bot.logic);
        await post(
            line.server.url,
            webhookBody([
                [
                    { from: MARIA, id: 'wamid.st1', text: 'primero' },
                    { from: MARIA, id: 'wamid.st2', text: 'segundo' }
                ]
            ])
        );
        await waitFor('the first turn running', () => bot.maxParallel === 1);
        expect(await line.adapter.stop(5000)).to.equal(true);
        expect(bot.textsOf(MARIA)).to.deep.equal(['primero']);
        const second = await line.store.get<InboxEntry>('conversations', `whatsapp/${MARIA}`, 'in:wamid.st2');
        expect(second?.value.status).to.equal('pending'); // still durable: the next start runs it
    });
});

/** A real store whose turn commits (batches that mark an inbox entry done) fail while `failing` is true. */
class FailingCommits extends ForwardingStore {
    failures = 0;
    failing = true;
    constructor(
        inner: DocumentStore,
        private readonly failure = (): Error => new StorageUnavailableError('FailingCommits.putBatch()', new Error('disk unplugged'))
    ) {
        super(inner);
    }
    override async putBatch<T>(collection: Parameters<DocumentStore['putBatch']>[0], partitionKey: string, docs: BatchWrite<T>[]) {
        const isTurnCommit = docs.some((d) => {
            const value = d.value as { kind?: string; status?: string; abandoned?: unknown };
            return value.kind === 'inbox' && value.status === 'done' && value.abandoned === undefined;
        });
        if (isTurnCommit && this.failing) {
            this.failures++;
            throw this.failure();
        }
        return this.inner.putBatch(collection, partitionKey, docs);
    }
}

/** A real store whose reads of bot state fail (storage unreachable) the next `failuresLeft` times. */
class FailingStateReads extends ForwardingStore {
    failuresLeft = 0;
    override async get<T>(collection: Parameters<DocumentStore['get']>[0], partitionKey: string, id: string) {
        if (id.startsWith('state:') && this.failuresLeft > 0) {
            this.failuresLeft--;
            throw new StorageUnavailableError('FailingStateReads.get()', new Error('connection refused'));
        }
        return this.inner.get<T>(collection, partitionKey, id);
    }
}

/** A real store whose first turn commit lands and is then reported failed (an answer lost on its way back). */
class LandsThenFails extends ForwardingStore {
    failures = 0;
    override async putBatch<T>(collection: Parameters<DocumentStore['putBatch']>[0], partitionKey: string, docs: BatchWrite<T>[]) {
        const stored = await this.inner.putBatch(collection, partitionKey, docs);
        const isTurnCommit = docs.some(
            (d) => (d.value as { kind?: string; status?: string }).kind === 'inbox' && (d.value as { status?: string }).status === 'done'
        );
        if (isTurnCommit && this.failures === 0) {
            this.failures++;
            throw new StorageUnavailableError('LandsThenFails.putBatch()', new Error('connection reset after the commit'));
        }
        return stored;
    }
}
