import * as http from 'http';
import * as path from 'path';
import * as restify from 'restify';
import { TurnContext } from 'botbuilder-core';
import { createSilentLogger } from '../../common/logger';
import { GraphApiPeer, PeerStatus } from '../../adapters/simulator/graphPeer';
import { GraphClient } from '../../adapters/whatsapp/graphClient';
import { WhatsAppAdapter, WhatsAppAdapterOptions } from '../../adapters/whatsapp/whatsAppAdapter';
import { WhatsAppWebhook, mountWhatsAppWebhook } from '../../adapters/whatsapp/whatsAppWebhook';
import { signBody } from '../../adapters/whatsapp/webhookSignature';
import { BatchWrite, CollectionName, DocumentStore, StorageUnavailableError } from '../../storage/documentStore';
import { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { makeTempDir } from '../support/tempDir';
import { Clock, TimerHandle } from '../../common/clock';

export const APP_SECRET = 'test-app-secret';
export const VERIFY_TOKEN = 'test-verify-token';
export const ACCESS_TOKEN = 'test-access-token';
export const PHONE_NUMBER_ID = '1098765432';
export const logger = createSilentLogger();

/** A temp folder with a real SQLite file; `reopen()` opens a second store on the same file. */
export function sqliteStore(prefix: string): { store: SqliteDocumentStore; file: string; reopen(): SqliteDocumentStore; remove(): void } {
    const temp = makeTempDir(prefix);
    const file = path.join(temp.dir, 'line.sqlite');
    return { store: SqliteDocumentStore.open({ file }), file, reopen: () => SqliteDocumentStore.open({ file }), remove: temp.remove };
}

export async function graphPeer(
    options: { statusCallback?: (status: PeerStatus) => void | Promise<void>; statusDelayMs?: number; random?: () => number } = {}
) {
    const listening = await GraphApiPeer.listen({ accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID, ...options });
    const graph = new GraphClient({
        baseUrl: listening.url,
        accessToken: ACCESS_TOKEN,
        phoneNumberId: PHONE_NUMBER_ID,
        timeoutMs: 2000,
        mediaHosts: ['127.0.0.1']
    });
    return { ...listening, graph };
}

/** The line's webhook on a real restify server on 127.0.0.1 (port chosen by the OS). */
export async function webhookServer(webhook: WhatsAppWebhook): Promise<{ url: string; close(): Promise<void> }> {
    const server = restify.createServer({ name: 'whatsapp-delivery-test', handleUncaughtExceptions: false });
    mountWhatsAppWebhook(server, webhook, { path: '/api/whatsapp', maxBodyBytes: 3 * 1024 * 1024 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address();
    return {
        url: `http://127.0.0.1:${port}/api/whatsapp`,
        close: async () => {
            server.server.closeAllConnections?.();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        }
    };
}

export interface HttpAnswer {
    status: number;
    body: string;
}

/** POSTs raw bytes; `signature: undefined` sends no signature header, default signs correctly. */
export function post(url: string, body: Buffer | string, options: { signature?: string | null } = {}): Promise<HttpAnswer> {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': bytes.length };
    const signature = options.signature === undefined ? signBody(bytes, APP_SECRET) : options.signature;
    if (signature !== null) headers['x-hub-signature-256'] = signature;
    return new Promise((resolve, reject) => {
        const req = http.request(url, { method: 'POST', headers }, (res) => {
            let text = '';
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        // The server may answer (413) and close before it read everything: the answer is what counts.
        req.on('error', (error) => reject(error));
        req.end(bytes);
    });
}

export function get(url: string): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
        http.get(url, (res) => {
            let text = '';
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        }).on('error', reject);
    });
}

export interface TextMessageSpec {
    from: string;
    id: string;
    text: string;
    timestamp?: number;
}

/** A webhook body as Meta sends it: one entry per element of `entries`, one change each. */
export function webhookBody(entries: TextMessageSpec[][], statuses: object[] = []): string {
    return JSON.stringify({
        object: 'whatsapp_business_account',
        entry: entries.map((messages, index) => ({
            id: `waba-${index}`,
            changes: [
                {
                    field: 'messages',
                    value: {
                        messaging_product: 'whatsapp',
                        metadata: { display_phone_number: '543834090909', phone_number_id: PHONE_NUMBER_ID },
                        contacts: [...new Set(messages.map((m) => m.from))].map((from) => ({ profile: { name: 'Vecino' }, wa_id: from })),
                        messages: messages.map((m) => ({
                            from: m.from,
                            id: m.id,
                            timestamp: String(m.timestamp ?? 1764331200),
                            type: 'text',
                            text: { body: m.text }
                        })),
                        ...(index === 0 && statuses.length > 0 ? { statuses } : {})
                    }
                }
            ]
        }))
    });
}

export function statusBody(statuses: { id: string; status: string; timestamp?: number; errors?: object[] }[]): string {
    return JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
            {
                id: 'waba-0',
                changes: [
                    {
                        field: 'messages',
                        value: {
                            messaging_product: 'whatsapp',
                            metadata: { display_phone_number: '543834090909', phone_number_id: PHONE_NUMBER_ID },
                            statuses: statuses.map((s) => ({
                                id: s.id,
                                status: s.status,
                                timestamp: String(s.timestamp ?? 1764331300),
                                recipient_id: '5493834000001',
                                ...(s.errors ? { errors: s.errors } : {})
                            }))
                        }
                    }
                ]
            }
        ]
    });
}

/** Polls `check` until it is truthy (or fails the test after `timeoutMs`). */
export { waitFor } from '../support/waitFor';

/** A tiny echo bot that records every turn: who, what, and whether two turns of one citizen overlapped. */
export class EchoBot {
    readonly turns: { citizenKey: string; text: string }[] = [];
    readonly overlaps: string[] = [];
    maxParallel = 0;
    private readonly running = new Map<string, number>();
    private parallel = 0;

    constructor(private readonly turnDelayMs = 0) {}

    readonly logic = async (context: TurnContext): Promise<void> => {
        const citizenKey = context.activity.conversation.id;
        const running = (this.running.get(citizenKey) ?? 0) + 1;
        this.running.set(citizenKey, running);
        if (running > 1) this.overlaps.push(citizenKey);
        this.parallel++;
        this.maxParallel = Math.max(this.maxParallel, this.parallel);
        try {
            if (this.turnDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.turnDelayMs));
            this.turns.push({ citizenKey, text: context.activity.text ?? '' });
            await context.sendActivity(`eco: ${context.activity.text ?? ''}`);
        } finally {
            this.running.set(citizenKey, (this.running.get(citizenKey) ?? 1) - 1);
            this.parallel--;
        }
    };

    textsOf(citizenKey: string): string[] {
        return this.turns.filter((t) => t.citizenKey === citizenKey).map((t) => t.text);
    }
}

/** Everything a delivery test needs, wired as the server wires it; `close()` undoes it all. */
export async function deliveryLine(
    options: { store?: DocumentStore; closeStore?: boolean; adapter?: Partial<WhatsAppAdapterOptions>; prefix?: string } = {}
) {
    const db = sqliteStore(options.prefix ?? 'wadelivery');
    const store = options.store ?? db.store;
    const peer = await graphPeer();
    const adapter = new WhatsAppAdapter({
        store,
        graph: peer.graph,
        logger,
        botId: 'linea-bot',
        phoneNumberId: PHONE_NUMBER_ID,
        turnRetryDelayMs: 50,
        ...options.adapter
    });
    const webhook = new WhatsAppWebhook({ store, logger, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, processor: adapter });
    const server = await webhookServer(webhook);
    return {
        db,
        store,
        peer,
        adapter,
        webhook,
        server,
        /** The texts the peer accepted for one phone number, in order. */
        repliesTo(phone: string): string[] {
            return peer.peer
                .sent()
                .filter((m) => m.recipient === phone)
                .map((m) => (m.body.text as { body: string }).body);
        },
        async close() {
            await adapter.stop(5000);
            await server.close();
            await peer.close();
            if (options.store && options.closeStore) await options.store.close();
            await db.store.close();
            db.remove();
        }
    };
}

/** A clock that moves only when told: backoffs of seconds run in no time, and exactly when the test says. */
export class ManualClock implements Clock {
    // Far from the real now on purpose: code that reads the system clock instead of this one shows up as a failure.
    private current = Date.parse('2031-03-01T12:00:00.000Z');
    private timers: { at: number; callback: () => void; id: number }[] = [];
    private nextId = 0;

    now(): number {
        return this.current;
    }
    setTimer(callback: () => void, delayMs: number): TimerHandle {
        const id = this.nextId++;
        this.timers.push({ at: this.current + Math.max(0, delayMs), callback, id });
        return { ref: id };
    }
    clearTimer(handle: TimerHandle): void {
        this.timers = this.timers.filter((t) => t.id !== handle.ref);
    }
    /** Whether a timer is set to fire exactly `ms` from now (a retry the code under test has scheduled). */
    hasTimerIn(ms: number): boolean {
        return this.timers.some((t) => t.at === this.current + ms);
    }
    /** Moves time forward, firing every timer that falls due, in time order. */
    advance(ms: number): void {
        const target = this.current + ms;
        for (;;) {
            const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
            if (!due) break;
            this.timers = this.timers.filter((t) => t !== due);
            this.current = Math.max(this.current, due.at);
            due.callback();
        }
        this.current = target;
    }
}

/** A reproducible random sequence (for the peer's fault injection and the backoff jitter). */
export function seededRandom(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        return state / 2 ** 32;
    };
}

/**
 * A real store whose writes fail as SQLite's do on a full disk (StorageUnavailableError caused by SQLITE_FULL)
 * while `full` is true; reads always work, as they do on a full disk. `only` narrows the failure to some writes.
 * (Capping `max_page_count` fills a real file, but an update that fits in its page still lands: not deterministic.)
 */
export class DiskFullStore implements DocumentStore {
    full = false;
    /** Writes refused so far. */
    refused = 0;
    readonly engine;
    constructor(
        private readonly inner: DocumentStore,
        private readonly only: (collection: CollectionName, values: unknown[]) => boolean = () => true
    ) {
        this.engine = inner.engine;
    }
    get: DocumentStore['get'] = (...args) => this.inner.get(...args);
    query: DocumentStore['query'] = (...args) => this.inner.query(...args);
    count: DocumentStore['count'] = (...args) => this.inner.count(...args);
    ping = () => this.inner.ping();
    close = () => this.inner.close();
    put: DocumentStore['put'] = async (collection, doc, condition) => {
        this.refuse('put', collection, [doc.value]);
        return this.inner.put(collection, doc, condition);
    };
    putBatch = async <T>(collection: CollectionName, partitionKey: string, docs: BatchWrite<T>[]) => {
        this.refuse(
            'putBatch',
            collection,
            docs.map((d) => d.value)
        );
        return this.inner.putBatch(collection, partitionKey, docs);
    };
    delete: DocumentStore['delete'] = async (collection, partitionKey, id, condition) => {
        this.refuse('delete', collection, []);
        return this.inner.delete(collection, partitionKey, id, condition);
    };
    private refuse(operation: string, collection: CollectionName, values: unknown[]): void {
        if (!this.full || !this.only(collection, values)) return;
        this.refused++;
        throw new StorageUnavailableError(
            `SqliteDocumentStore.${operation}()`,
            Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
        );
    }
}
