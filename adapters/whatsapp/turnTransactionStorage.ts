import * as crypto from 'crypto';
import { ConversationState, Storage, StoreItems, TurnContext, UserState } from 'botbuilder-core';
import { TurnTransaction } from './turnTransaction';

/** Where the WhatsApp adapter leaves a turn's transaction on the turn's context. */
const TURN_TRANSACTION = Symbol('WhatsAppAdapter.turn');

/** A storage key made inside a WhatsApp turn: `<turn token><SEPARATOR><Bot Framework key>`. */
const SEPARATOR = '\u0000';

/**
 * The turns of this process that are running now, by token. A state key carries its turn's token (see
 * {@link TurnScopedConversationState}) rather than the turn being looked up from the async context: an
 * AsyncLocalStorage makes Node 20 run a hook on every promise of the process, webhooks and sends included.
 */
const openTurns = new Map<string, TurnTransaction>();

/** Runs `work` (the middleware and the bot) as `turn`, whose context state keys then name it. */
export async function runInTurn<T>(turn: TurnTransaction, context: TurnContext, work: () => Promise<T>): Promise<T> {
    // Unguessable: a key is routed by the token it carries, and keys can be built from what a client sends.
    const token = crypto.randomUUID();
    openTurns.set(token, turn);
    context.turnState.set(TURN_TRANSACTION, { turn, token });
    try {
        return await work();
    } finally {
        openTurns.delete(token);
    }
}

/** The transaction `context` belongs to, if it is a WhatsApp turn. */
export function turnOf(context: TurnContext): TurnTransaction | undefined {
    return context.turnState.get<{ turn: TurnTransaction } | undefined>(TURN_TRANSACTION)?.turn;
}

/** A Bot Framework state key as made inside `context`: naming its turn when it is a WhatsApp turn. */
function scopedKey(context: TurnContext, key: string | undefined): string | undefined {
    const open = context.turnState.get<{ token: string } | undefined>(TURN_TRANSACTION);
    return open && key !== undefined ? `${open.token}${SEPARATOR}${key}` : key;
}

/** ConversationState whose keys, inside a WhatsApp turn, name the turn: build it on a {@link TurnScopedStorage}. */
export class TurnScopedConversationState extends ConversationState {
    override getStorageKey(context: TurnContext): string | undefined {
        return scopedKey(context, super.getStorageKey(context));
    }
}

/** UserState whose keys, inside a WhatsApp turn, name the turn: build it on a {@link TurnScopedStorage}. */
export class TurnScopedUserState extends UserState {
    override getStorageKey(context: TurnContext): string | undefined {
        return scopedKey(context, super.getStorageKey(context));
    }
}

/**
 * The Bot Framework `Storage` to build the bot's conversation and user state on. A key made inside a WhatsApp
 * turn (by {@link TurnScopedConversationState} or {@link TurnScopedUserState}) is read from and written into that
 * turn's transaction, so state commits atomically with the replies and the inbox entry; any other key (Web Chat,
 * Emulator turns of the same bot) passes through to `fallback`.
 *
 * @example
 * const storage = new TurnScopedStorage(new DocumentStorage(store));
 * const conversationState = new TurnScopedConversationState(storage);
 * const userState = new TurnScopedUserState(storage);
 */
export class TurnScopedStorage implements Storage {
    constructor(private readonly fallback?: Storage) {}

    async read(keys: string[]): Promise<StoreItems> {
        const { turn, plain, others } = this.split(keys, 'read');
        const items = turn ? await turn.read(plain) : {};
        if (others.length > 0) Object.assign(items, await this.fallbackOrThrow('read', others).read(others));
        return Object.fromEntries(keys.map((key) => [key, items[unscoped(key)]]).filter(([, item]) => item !== undefined));
    }

    async write(changes: StoreItems): Promise<void> {
        const keys = Object.keys(changes);
        const { turn, others } = this.split(keys, 'write');
        if (turn) await turn.write(Object.fromEntries(keys.filter(isScoped).map((key) => [unscoped(key), changes[key]])));
        if (others.length > 0) await this.fallbackOrThrow('write', others).write(Object.fromEntries(others.map((key) => [key, changes[key]])));
    }

    async delete(keys: string[]): Promise<void> {
        const { turn, plain, others } = this.split(keys, 'delete');
        if (turn) await turn.delete(plain);
        if (others.length > 0) await this.fallbackOrThrow('delete', others).delete(others);
    }

    /** The turn the scoped keys name (one call serves one turn), their plain keys, and the unscoped keys. */
    private split(keys: string[], method: string): { turn?: TurnTransaction; plain: string[]; others: string[] } {
        let turn: TurnTransaction | undefined;
        const plain: string[] = [];
        const others: string[] = [];
        for (const key of keys) {
            if (!isScoped(key)) {
                others.push(key);
                continue;
            }
            const token = key.slice(0, key.indexOf(SEPARATOR));
            const owner = openTurns.get(token);
            if (!owner)
                throw new Error(
                    `TurnScopedStorage.${method}(): the turn ${token} has ended; its state can no longer be ${method === 'read' ? 'read' : 'changed'}`
                );
            if (turn && owner !== turn) throw new Error(`TurnScopedStorage.${method}(): one call names two turns`);
            turn = owner;
            plain.push(unscoped(key));
        }
        return { turn, plain, others };
    }

    private fallbackOrThrow(method: string, keys: string[]): Storage {
        if (!this.fallback) {
            throw new Error(
                `TurnScopedStorage.${method}(): ${keys.join(', ')} belongs to no WhatsApp turn and no fallback storage was given ` +
                    '(inside a WhatsApp turn, state must be a TurnScopedConversationState or TurnScopedUserState)'
            );
        }
        return this.fallback;
    }
}

function isScoped(key: string): boolean {
    return key.includes(SEPARATOR);
}

function unscoped(key: string): string {
    const at = key.indexOf(SEPARATOR);
    return at < 0 ? key : key.slice(at + 1);
}
