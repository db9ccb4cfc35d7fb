import { AsyncLocalStorage } from 'async_hooks';
import { Storage, StoreItems } from 'botbuilder-core';
import { TurnTransaction } from './turnTransaction';

/** The transaction of the WhatsApp turn the current async call chain belongs to. */
export const currentTurn = new AsyncLocalStorage<TurnTransaction>();

/**
 * The Bot Framework `Storage` to build the bot's ConversationState and UserState on. Inside a WhatsApp turn it
 * reads from and writes into that turn's transaction (so state commits atomically with the replies and the
 * inbox entry); outside one (Web Chat, Emulator turns of the same bot) it passes through to `fallback`.
 *
 * @example
 * const storage = new TurnScopedStorage(new DocumentStorage(store));
 * const conversationState = new ConversationState(storage);
 */
export class TurnScopedStorage implements Storage {
    constructor(private readonly fallback?: Storage) {}

    read(keys: string[]): Promise<StoreItems> {
        const turn = currentTurn.getStore();
        if (turn) return turn.read(keys);
        return this.fallbackOrThrow('read').read(keys);
    }

    write(changes: StoreItems): Promise<void> {
        const turn = currentTurn.getStore();
        if (turn) return turn.write(changes);
        return this.fallbackOrThrow('write').write(changes);
    }

    delete(keys: string[]): Promise<void> {
        const turn = currentTurn.getStore();
        if (turn) return turn.delete(keys);
        return this.fallbackOrThrow('delete').delete(keys);
    }

    private fallbackOrThrow(method: string): Storage {
        if (!this.fallback) {
            throw new Error(`TurnScopedStorage.${method}(): called outside a WhatsApp turn and no fallback storage was given`);
        }
        return this.fallback;
    }
}
