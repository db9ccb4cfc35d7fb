import type { ConversationReference } from 'botbuilder';
import { loadConfig } from '../../../config';
import { createSilentLogger } from '../../../common/logger';
import { Clock, systemClock } from '../../../common/clock';
import { startApplication, RunningApplication } from '../../../server/application';
import { SqliteDocumentStore } from '../../../storage/sqlite/sqliteDocumentStore';
import { FileMediaStore } from '../../../storage/fileMediaStore';
import type { DocumentStore } from '../../../storage/documentStore';
import { createHandoff, Handoff, HandoffDeps } from '../../../handoff';
import type { CitizenMessenger, SendResult } from '../../../handoff/service/citizenMessenger';
import type { HandoffRequest } from '../../../dialogs/handoffRequester';
import type { Priority } from '../../../dialogs/domainData';
import { makeTempDir } from '../../support/tempDir';
import { SlowReadsStore } from './slowReadsStore';
import * as path from 'path';

/** A clock the test moves by hand. */
export class MovableClock {
    private current: number;
    constructor(iso = '2026-11-28T17:00:00.000Z') {
        this.current = Date.parse(iso);
    }
    readonly now = (): Date => new Date(this.current);
    /** This clock as the line's components take it (common/clock.ts); timers are real ones. */
    readonly asClock: Clock = { ...systemClock, now: () => this.current };
    advanceMinutes(minutes: number): void {
        this.current += minutes * 60_000;
    }
    advanceMs(ms: number): void {
        this.current += ms;
    }
}

/** The citizen's side: every text the handoff sent, per citizen; can be told to fail like WhatsApp 131047. */
export class RecordingMessenger implements CitizenMessenger {
    readonly sent: { citizenKey: string; text: string; messageId?: string }[] = [];
    failWith: string | undefined;

    async sendText(
        citizenKey: string,
        _reference: Partial<ConversationReference> | undefined,
        text: string,
        messageId?: string
    ): Promise<SendResult> {
        if (this.failWith) return { ok: false, error: this.failWith };
        this.sent.push({ citizenKey, text, ...(messageId !== undefined ? { messageId } : {}) });
        return { ok: true, deliveryId: `wamid.${this.sent.length}` };
    }

    textsTo(citizenKey: string): string[] {
        return this.sent.filter((s) => s.citizenKey === citizenKey).map((s) => s.text);
    }
}

/** Cheap argon2id settings: the tests create many accounts; production keeps the library's defaults. */
export const TEST_HASHING = { memoryCost: 1024, timeCost: 1 };

export function handoffRequest(citizenKey: string, priority: Priority = 'normal', extra: Partial<HandoffRequest> = {}): HandoffRequest {
    return {
        citizenKey,
        conversationReference: {
            channelId: 'whatsapp',
            conversation: { id: citizenKey, isGroup: false, conversationType: 'personal', name: '' },
            user: { id: citizenKey, name: '' }
        },
        reason: priority === 'critical' ? 'urgent' : 'report_complete',
        priority,
        report: { name: 'Ana', departmentId: 'capital', departmentName: 'Capital' },
        requestedAt: '2026-11-28T17:00:00.000Z',
        ...extra
    };
}

/** The handoff on a real SQLite file, without HTTP. */
export function openHandoff(
    file: string,
    clock: MovableClock,
    messenger: RecordingMessenger,
    extra: Partial<HandoffDeps> = {}
): { store: SqliteDocumentStore; handoff: Handoff } {
    const store = SqliteDocumentStore.open({ file });
    const handoff = createHandoff({
        store: new SlowReadsStore(store, 1),
        logger: createSilentLogger(),
        messenger,
        clock: clock.asClock,
        passwordHashing: TEST_HASHING,
        ...extra
    });
    return { store, handoff };
}

/** {@link openHandoff} with the handoff's store wrapped by `wrap` (e.g. one that fails a given write once). */
export function openHandoffOver(
    file: string,
    clock: MovableClock,
    messenger: RecordingMessenger,
    wrap: (store: DocumentStore) => DocumentStore,
    extra: Partial<HandoffDeps> = {}
): { store: SqliteDocumentStore; handoff: Handoff } {
    const store = SqliteDocumentStore.open({ file });
    const handoff = createHandoff({
        store: wrap(new SlowReadsStore(store, 1)),
        logger: createSilentLogger(),
        messenger,
        clock: clock.asClock,
        passwordHashing: TEST_HASHING,
        ...extra
    });
    return { store, handoff };
}

export interface ApiHarness {
    app: RunningApplication;
    handoff: Handoff;
    store: DocumentStore;
    clock: MovableClock;
    messenger: RecordingMessenger;
    media: FileMediaStore;
    dir: string;
    close(): Promise<void>;
}

/**
 * The whole line's HTTP server (the lead's startApplication) with the handoff mounted, on 127.0.0.1:0. `wrap`: what
 * the handoff's store passes through (e.g. a FailingWriteStore); the line's own store is left as it is.
 */
export async function startApiHarness(
    extra: Partial<HandoffDeps> = {},
    logger = createSilentLogger(),
    env: Record<string, string> = {},
    wrap: (store: DocumentStore) => DocumentStore = (store) => store
): Promise<ApiHarness> {
    const temp = makeTempDir('handoff');
    const clock = new MovableClock();
    const messenger = new RecordingMessenger();
    const media = new FileMediaStore({ folder: path.join(temp.dir, 'media') });
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: temp.dir, ...env });
    let handoff: Handoff | undefined;
    const app = await startApplication(config, logger, {
        async mountFeatures({ server, store, logger }) {
            // Reads answer a moment later, as on Cosmos DB, so concurrent requests really race.
            handoff = createHandoff({
                store: wrap(new SlowReadsStore(store)),
                logger,
                messenger,
                clock: clock.asClock,
                mediaStore: media,
                passwordHashing: TEST_HASHING,
                maxBodyBytes: config.maxBodyBytes,
                admin: { username: 'jefa', password: 'supervisora-123' },
                ...extra
            });
            handoff.mountRoutes(server);
            await handoff.start();
            return [handoff];
        }
    });
    return {
        app,
        handoff: handoff!,
        store: app.store,
        clock,
        messenger,
        media,
        dir: temp.dir,
        async close() {
            await app.stop();
            temp.remove();
        }
    };
}

export interface Session {
    token: string;
    csrfToken: string;
    cookie: string;
}

export async function login(url: string, username: string, password: string): Promise<Session> {
    const response = await fetch(`${url}/api/operator/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password })
    });
    if (response.status !== 200) throw new Error(`login(${username}) answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { token: string; csrfToken: string };
    const setCookie = response.headers.get('set-cookie') ?? '';
    return { token: body.token, csrfToken: body.csrfToken, cookie: setCookie.split(';')[0] };
}

export interface CallOptions {
    bearer?: string;
    cookie?: string;
    csrf?: string;
    body?: unknown;
}

export async function call(url: string, method: string, route: string, options: CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
    if (options.cookie) headers.cookie = options.cookie;
    if (options.csrf) headers['x-csrf-token'] = options.csrf;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${url}${route}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
}

/**
 * A fresh operator API before each test of the suite, with the bootstrap supervisor "jefa" logged in, closed after
 * each: `use` receives both for the suite's own variables.
 */
export function eachTestWithSupervisor(use: (harness: ApiHarness, jefa: Session) => void): void {
    let harness: ApiHarness | undefined;
    beforeEach(async () => {
        harness = await startApiHarness();
        use(harness, await login(harness.app.url, 'jefa', 'supervisora-123'));
    });
    afterEach(async () => {
        await harness?.close();
        harness = undefined;
    });
}
