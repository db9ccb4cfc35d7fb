import type { CitizenQuestions, ServiceRequestForms } from '../../../dialogs/citizenQuestions';
import * as path from 'path';
import { Activity, ActivityTypes, TestAdapter } from 'botbuilder';
import { DateTime } from 'luxon';
import { createSilentLogger } from '../../../common/logger';
import { createReportBot, ReportBot } from '../../../bots/createReportBot';
import { HandoffRequestRepository, StoredHandoffRequest } from '../../../dialogs/handoffRequestRepository';
import { CitizenProfileRepository } from '../../../dialogs/citizenProfileRepository';
import { ReportRepository } from '../../../dialogs/reportRepository';
import { EmergencyReport } from '../../../dialogs/report';
import { DocumentStoreStorage } from '../../../storage/botStateStorage';
import { COLLECTIONS } from '../../../storage/documentStore';
import { SqliteDocumentStore } from '../../../storage/sqlite/sqliteDocumentStore';
import { AlertSubscriptionCommands } from '../../../dialogs/alertSubscriptionCommands';
import { makeTempDir } from '../../support/tempDir';
import { HandoffRequester } from '../../../dialogs/handoffRequester';

/** 14:05 in Catamarca (UTC-3). */
export const FIXED_NOW = '2026-11-28T17:05:00.000Z';

/** What the citizen sends: text, or a whole activity (location, image, voice note...). */
export type CitizenMessage = string | Partial<Activity>;

/** A real SQLite file in a temp dir, and whether a harness holds it now. */
interface StoreFile {
    dir: string;
    remove: () => void;
    store: SqliteDocumentStore;
    held: boolean;
}

/**
 * The SQLite file the harnesses of this test process take turns on: a store's first write starts its writer thread
 * (about 70 ms of CPU), which hundreds of dialog tests each paid for a file of their own. A harness finds it empty
 * (the one before emptied it in stop()); a second harness running beside it gets a file of its own.
 */
let reused: StoreFile | undefined;

function takeStoreFile(): StoreFile {
    if (reused && !reused.held) {
        reused.held = true;
        return reused;
    }
    const { dir, remove } = makeTempDir('dialogs-test');
    const file: StoreFile = { dir, remove, store: SqliteDocumentStore.open({ file: path.join(dir, 'line.db') }), held: true };
    if (!reused) {
        reused = file;
        // Closed with the process (mocha's worker); the folder goes with it.
        process.once('exit', remove);
    }
    return file;
}

/** Gives the file back empty, every document of every collection deleted; a file of a harness's own is closed and removed. */
async function returnStoreFile(file: StoreFile): Promise<void> {
    if (file !== reused) {
        await file.store.close();
        file.remove();
        return;
    }
    for (const collection of COLLECTIONS) {
        for (const doc of await file.store.query(collection, {})) await file.store.delete(collection, doc.partitionKey, doc.id);
    }
    file.held = false;
}

/**
 * The whole report bot (createReportBot) on a real SQLite file in a temp dir, empty at start, driven through
 * botbuilder's TestAdapter: `send()` returns the replies of that turn.
 */
export class ReportBotHarness {
    readonly alertCommandsSeen: string[] = [];
    private adapters = new Map<string, TestAdapter>();
    /** How many messages the citizen sent (the happy path must take at most 7). */
    citizenMessages = 0;

    private constructor(
        private readonly clock: { now: string },
        private readonly file: StoreFile,
        readonly store: SqliteDocumentStore,
        readonly reportBot: ReportBot,
        readonly handoffs: HandoffRequestRepository,
        readonly reports: ReportRepository,
        readonly profiles: CitizenProfileRepository
    ) {}

    static async start(
        options: {
            alertCommands?: AlertSubscriptionCommands;
            handoffRequester?: HandoffRequester;
            reports?: (store: SqliteDocumentStore) => ReportRepository;
            staleAfterHours?: number;
            questions?: CitizenQuestions;
            requestForms?: (store: SqliteDocumentStore) => ServiceRequestForms;
        } = {}
    ): Promise<ReportBotHarness> {
        const file = takeStoreFile();
        const { store } = file;
        const clock = { now: FIXED_NOW };
        const reportBot = createReportBot({
            store,
            storage: new DocumentStoreStorage(store),
            logger: createSilentLogger(),
            clock: () => clock.now,
            ...(options.alertCommands ? { alertCommands: options.alertCommands } : {}),
            ...(options.handoffRequester ? { handoffRequester: options.handoffRequester } : {}),
            ...(options.reports ? { reports: options.reports(store) } : {}),
            ...(options.staleAfterHours !== undefined ? { staleAfterHours: options.staleAfterHours } : {}),
            ...(options.questions ? { questions: options.questions } : {}),
            ...(options.requestForms ? { requestForms: options.requestForms(store) } : {})
        });
        return new ReportBotHarness(
            clock,
            file,
            store,
            reportBot,
            new HandoffRequestRepository(store),
            new ReportRepository(store),
            new CitizenProfileRepository(store)
        );
    }

    /** Moves the bot's clock forward: a citizen who comes back hours later, without waiting for it. */
    advanceClock(duration: { hours?: number; minutes?: number }): void {
        this.clock.now = DateTime.fromISO(this.clock.now, { zone: 'utc' }).plus(duration).toISO()!;
    }

    /** Sends one citizen message (from `citizenKey`) and returns the bot's replies to it. */
    async send(message: CitizenMessage, citizenKey = 'citizen-1'): Promise<Partial<Activity>[]> {
        const adapter = this.adapterFor(citizenKey);
        this.citizenMessages++;
        await adapter.receiveActivity(typeof message === 'string' ? { type: ActivityTypes.Message, text: message } : message);
        return adapter.activeQueue.splice(0, adapter.activeQueue.length);
    }

    /** Sends and returns the replies' texts joined, for `include` assertions. */
    async say(message: CitizenMessage, citizenKey = 'citizen-1'): Promise<string> {
        return replyText(await this.send(message, citizenKey));
    }

    async handoffsOf(citizenKey = 'citizen-1'): Promise<StoredHandoffRequest[]> {
        return this.handoffs.listByCitizen(citizenKey);
    }

    async reportsOf(citizenKey = 'citizen-1'): Promise<EmergencyReport[]> {
        return this.reports.listByCitizen(citizenKey);
    }

    /** Once: a second call does not empty a file another harness may hold by then. */
    async stop(): Promise<void> {
        this.stopped ??= returnStoreFile(this.file);
        await this.stopped;
    }

    private stopped: Promise<void> | undefined;

    private adapterFor(citizenKey: string): TestAdapter {
        let adapter = this.adapters.get(citizenKey);
        if (!adapter) {
            const bot = this.reportBot.bot;
            adapter = new TestAdapter((context) => bot.run(context), { channelId: 'whatsapp', from: { id: citizenKey, name: citizenKey } });
            // One conversation per citizen, as on WhatsApp (the default test conversation id is shared).
            adapter.conversation.conversation = { id: `conversation-${citizenKey}`, isGroup: false, name: '', conversationType: 'personal' };
            this.adapters.set(citizenKey, adapter);
        }
        return adapter;
    }
}

export function replyText(replies: Partial<Activity>[]): string {
    return replies.map((r) => r.text ?? '').join('\n');
}

/** The titles of the reply buttons (suggested actions) of a reply. */
export function buttonTitles(reply: Partial<Activity> | undefined): string[] {
    return (reply?.suggestedActions?.actions ?? []).map((a) => a.title ?? String(a.value));
}

/** Activities as the WhatsApp adapter will deliver them. */
export const whatsapp = {
    location(latitude: number, longitude: number, name?: string): Partial<Activity> {
        return {
            type: ActivityTypes.Message,
            attachments: [{ contentType: 'application/vnd.whatsapp.location', content: { latitude, longitude, ...(name ? { name } : {}) } }],
            entities: [{ type: 'GeoCoordinates', latitude, longitude, name }]
        };
    },
    image(contentUrl = 'https://media.test.invalid/photo-1.jpg'): Partial<Activity> {
        return {
            type: ActivityTypes.Message,
            attachments: [{ contentType: 'image/jpeg', contentUrl }],
            channelData: { whatsapp: { message: { type: 'image' } } }
        };
    },
    voiceNote(): Partial<Activity> {
        return {
            type: ActivityTypes.Message,
            attachments: [{ contentType: 'audio/ogg', contentUrl: 'https://media.test.invalid/voice-1.ogg' }],
            channelData: { whatsapp: { message: { type: 'audio', audio: { voice: true } } } }
        };
    },
    sticker(): Partial<Activity> {
        return {
            type: ActivityTypes.Message,
            attachments: [{ contentType: 'image/webp', contentUrl: 'https://media.test.invalid/sticker.webp' }],
            channelData: { whatsapp: { message: { type: 'sticker' } } }
        };
    },
    reactionMessage(): Partial<Activity> {
        return { type: ActivityTypes.Message, channelData: { whatsapp: { message: { type: 'reaction', reaction: { emoji: '👍' } } } } };
    },
    buttonReply(id: string, title: string): Partial<Activity> {
        return { type: ActivityTypes.Message, text: id, value: { id, title } };
    }
};
