import * as crypto from 'crypto';
import { performance } from 'perf_hooks';
import { Activity, BotAdapter, ConversationReference, MemoryStorage, ResourceResponse, TurnContext } from 'botbuilder';
import { createReportBot } from '../bots/createReportBot';
import { createSilentLogger } from '../common/logger';
import { SqliteDocumentStore } from '../storage/sqlite/sqliteDocumentStore';
import { CITIZEN_SCRIPT } from './citizenScript';

export interface DialogsAloneResult {
    perSecond: number;
    turns: number;
    /** CPU of this process (every thread) per turn. */
    cpuMicrosEach: number;
}

/**
 * An adapter with no transport at all: replies are counted and dropped. What a turn costs here is what the
 * report dialogs themselves cost, the part both stacks of the "Full turns" comparison run identically.
 */
class InMemoryAdapter extends BotAdapter {
    replies = 0;

    async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
        this.replies += activities.length;
        return activities.map(() => ({ id: crypto.randomUUID() }));
    }

    async updateActivity(): Promise<void> {
        throw new Error('InMemoryAdapter.updateActivity(): not used by the report dialogs');
    }

    async deleteActivity(): Promise<void> {
        throw new Error('InMemoryAdapter.deleteActivity(): not used by the report dialogs');
    }

    async continueConversation(_reference: Partial<ConversationReference>, _logic: (context: TurnContext) => Promise<void>): Promise<void> {
        throw new Error('InMemoryAdapter.continueConversation(): not used by the report dialogs');
    }

    turn(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
        return this.runMiddleware(new TurnContext(this, activity), logic);
    }
}

/**
 * The citizen script through the same report dialogs as the Bot Framework stack (state in MemoryStorage, the
 * bot's documents in an in-memory SQLite database), called in this process: no HTTP, no signature, no JSON.
 * `citizens` conversations run side by side for `durationSeconds`.
 */
export async function measureDialogsAlone(options: { citizens: number; durationSeconds: number }): Promise<DialogsAloneResult> {
    const store = SqliteDocumentStore.open({ file: ':memory:' });
    const { bot } = createReportBot({ store, storage: new MemoryStorage(), logger: createSilentLogger() });
    const adapter = new InMemoryAdapter();
    let conversations = 0;
    let turns = 0;
    const converse = async (): Promise<void> => {
        const user = `user-${++conversations}`;
        for (const text of CITIZEN_SCRIPT) {
            await adapter.turn(
                {
                    type: 'message',
                    id: crypto.randomUUID(),
                    timestamp: new Date(),
                    channelId: 'webchat',
                    serviceUrl: 'http://127.0.0.1:9',
                    from: { id: user, name: 'Vecina', role: 'user' },
                    recipient: { id: 'bot', name: 'Línea', role: 'bot' },
                    conversation: { id: `conv-${user}`, isGroup: false, conversationType: 'personal', name: '' },
                    text
                },
                (context) => bot.run(context)
            );
            turns++;
        }
    };
    try {
        // Warm-up: the first turns compile the dialogs' code paths.
        await Promise.all(Array.from({ length: options.citizens }, converse));
        turns = 0;
        adapter.replies = 0;
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        const deadline = started + options.durationSeconds * 1000;
        await Promise.all(
            Array.from({ length: options.citizens }, async () => {
                while (performance.now() < deadline) await converse();
            })
        );
        const elapsed = (performance.now() - started) / 1000;
        const cpu = process.cpuUsage(cpuBefore);
        // Every step of the script answers at least once: fewer replies than turns means turns that did nothing.
        if (turns === 0 || adapter.replies < turns) throw new Error(`measureDialogsAlone(): ${adapter.replies} replies to ${turns} turns`);
        return { perSecond: turns / elapsed, turns, cpuMicrosEach: (cpu.user + cpu.system) / Math.max(1, turns) };
    } finally {
        await store.close();
    }
}
