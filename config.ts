import * as crypto from 'crypto';
import * as os from 'os';
import * as path from 'path';
import { z } from 'zod';
import { mediaHostsProblem } from './adapters/whatsapp/mediaHosts';
import { OUTBOX_GIVE_UP_AFTER_MS, OUTBOX_RETRY } from './adapters/whatsapp/outbox';
import { parseSeverityLevels } from './alerts/settings';
import { judgePassword, MIN_PASSWORD_SCORE, passwordUserInputs } from './handoff/auth/passwordPolicy';
import type { AlertLevel, CapSeverity } from './alerts/types';
import { compileProxyTrust } from './common/http/trustedProxies';

/**
 * Every setting of the line, read from the environment once at start. A wrong or missing value stops the
 * start with one line naming the variable and what it expects (see {@link ConfigError}); nothing else in the
 * project reads `process.env`.
 */
export interface AppConfig {
    port: number;
    host: string;
    /**
     * This server among the instances sharing one store. Stable across restarts, so a restarted server takes back
     * at once the conversations it was serving when it died; two instances on one host need different ids.
     */
    instanceId: string;
    logLevel: string;
    dataDir: string;
    /** Largest JSON body the operator and bot endpoints accept (the WhatsApp webhook has its own 3 MB). */
    maxBodyBytes: number;
    shutdownTimeoutMs: number;
    /**
     * TRUST_PROXY: the reverse proxies (addresses, CIDR ranges, `loopback`, `linklocal`, `uniquelocal`, as
     * `proxy-addr` reads them) whose X-Forwarded-For is believed. Empty: none.
     */
    trustProxy: string[];
    storage: StorageConfig;
    whatsapp: WhatsAppConfig;
    botFramework: BotFrameworkConfig;
    admin?: { username: string; password: string };
    handoff: HandoffConfig;
    reports: ReportsConfig;
    alerts: AlertsConfig;
    /** The approved WhatsApp templates for messages outside the 24-hour window other than alerts. */
    templates: TemplatesConfig;
    metrics: MetricsConfig;
}

/** Where `/metrics` is served and who may read it (server/metricsEndpoint.ts says why). */
export interface MetricsConfig {
    /** METRICS_HOST, METRICS_PORT: a listener of its own for `/metrics`; absent with METRICS_PORT=off. */
    listener?: { host: string; port: number };
    /** METRICS_TOKEN: every scrape needs `Authorization: Bearer <token>`, and the main port serves `/metrics` too. */
    token?: string;
}

export interface ReportsConfig {
    /** Hours of silence after which an unfinished report is dropped and the next message starts afresh. */
    staleAfterHours: number;
}

export interface AlertsConfig {
    /** Template sends per second, all broadcasts together. */
    ratePerSecond: number;
    templateName: string;
    templateLanguage: string;
    /** A CAP document or an Atom/RSS index of CAP documents to poll; off when absent. */
    capFeedUrl?: string;
    capFeedIntervalSeconds: number;
    /** Send ingested CAP alerts without a supervisor's approval. */
    capAutoApprove: boolean;
    /** CAP severity to public colour, e.g. `severe=naranja,extreme=rojo` (over the usual mapping). */
    severityLevels: Record<CapSeverity, AlertLevel | 'none'>;
    /** How long to wait for statuses of a send whose fate a crash left unknown before sending it again. */
    reconcileWindowSeconds: number;
}

export interface TemplatesConfig {
    /** WHATSAPP_REQUEST_UPDATE_TEMPLATE: a request's new state, told more than 24 h after the citizen's last message. */
    requestUpdate: string;
    /** WHATSAPP_CASE_FOLLOW_UP_TEMPLATE: what an operator sends to a case whose citizen last wrote more than 24 h ago. */
    caseFollowUp: string;
    /** WHATSAPP_TEMPLATE_LANGUAGE: the language code both are approved in. */
    language: string;
}

export interface HandoffConfig {
    /** Minutes a citizen waits for an operator before being given the emergency numbers and the case flagged. */
    waitMinutes: number;
    /**
     * Seconds between this instance's looks at what other instances changed in the cases, for its operators' live
     * view (0: off, for a line that runs as one instance).
     */
    liveEventsPollSeconds: number;
    /** LIVE_EVENTS_STREAMS_PER_USER: live-view streams one operator account may hold open at once (more: 429). */
    liveStreamsPerUser: number;
    /** HANDOFF_ASSIGNMENT: operators take cases themselves ('manual'), or waiting cases are offered to them ('auto'). */
    assignment: 'manual' | 'auto';
    /** OPERATOR_MAX_OPEN_CASES: in auto assignment, no more cases are offered to an operator holding this many. */
    maxOpenCases: number;
    /** HANDOFF_OFFER_SECONDS: in auto assignment, how long an offered case waits for its operator to accept it. */
    offerSeconds: number;
}

export type StorageConfig = { engine: 'sqlite'; file: string } | { engine: 'cosmos'; endpoint: string; key: string; databaseId: string };

export interface WhatsAppConfig {
    /** `simulator`: no access token is set, so a local Graph API peer and the /simulator page stand in for Meta. */
    mode: 'meta' | 'simulator';
    accessToken: string;
    appSecret: string;
    verifyToken: string;
    phoneNumberId: string;
    /** Base URL including the version; unset in simulator mode, where the server points it at itself. */
    graphUrl?: string;
    ratePerSecond: number;
    /** A Graph API request that takes longer is abandoned and retried. */
    graphTimeoutMs: number;
    /** Waits between retries of a reply Graph refused with a retryable error: full jitter, doubling from base to max. */
    retry: { baseDelayMs: number; maxDelayMs: number };
    /** How long a reply is retried before it is given up as failed. */
    retryForMs: number;
    /** How often the outbox looks for replies no signal announced (another instance died, a commit reported failed). */
    outboxSweepMs: number;
    /**
     * WHATSAPP_MEDIA_HOSTS: the hosts a media url from Graph may name. Unset: Meta's media CDN, or in simulator mode
     * the simulator's own Graph peer.
     */
    mediaHosts?: string[];
}

/** Credentials of the standard Bot Framework endpoint (`/api/messages`); all empty means anonymous (Emulator). */
export interface BotFrameworkConfig {
    appId: string;
    appPassword: string;
    appType: string;
    tenantId: string;
}

/** A setting is missing or wrong. The message is the one line the operator of the server reads. */
export class ConfigError extends Error {
    constructor(
        readonly variable: string,
        expected: string
    ) {
        super(`Configuration error: ${variable} ${expected}`);
        this.name = 'ConfigError';
    }
}

type Env = Record<string, string | undefined>;

const DEFAULT_GRAPH_URL = 'https://graph.facebook.com/v24.0';

/** Reads and validates every setting. Throws {@link ConfigError} on the first mistake found. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
    const read = new EnvReader(env);
    const whatsappMode = read.optionalString('WHATSAPP_ACCESS_TOKEN') ? 'meta' : 'simulator';
    const dataDir = path.resolve(cwd, read.optionalString('DATA_DIR') ?? './data');

    return {
        port: read.integer('PORT', 3978, { min: 0, max: 65535 }),
        instanceId: read.optionalString('INSTANCE_ID') ?? os.hostname(),
        // The simulator has a development login and an unauthenticated phone page: keep it on this machine unless asked.
        host: read.optionalString('HOST') ?? (whatsappMode === 'simulator' ? '127.0.0.1' : '0.0.0.0'),
        logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
        dataDir,
        maxBodyBytes: read.integer('MAX_BODY_BYTES', 1024 * 1024, { min: 1024, max: 50 * 1024 * 1024 }),
        shutdownTimeoutMs: read.integer('SHUTDOWN_TIMEOUT_MS', 10_000, { min: 0, max: 600_000 }),
        trustProxy: readTrustProxy(read),
        storage: readStorage(read, dataDir),
        whatsapp: readWhatsApp(read, whatsappMode),
        botFramework: {
            appId: read.optionalString('MicrosoftAppId') ?? '',
            appPassword: read.optionalString('MicrosoftAppPassword') ?? '',
            appType: read.oneOf('MicrosoftAppType', ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], 'MultiTenant'),
            tenantId: read.optionalString('MicrosoftAppTenantId') ?? ''
        },
        admin: readAdmin(read),
        handoff: readHandoff(read, engineOf(read)),
        // At least half an hour: a typo like 0.05 (3 minutes) would drop the report of a citizen still typing an address.
        reports: { staleAfterHours: read.decimal('REPORT_STALE_AFTER_HOURS', 6, { min: 0.5, max: 720 }) },
        alerts: readAlerts(read),
        templates: {
            requestUpdate: read.optionalString('WHATSAPP_REQUEST_UPDATE_TEMPLATE') ?? 'actualizacion_solicitud',
            caseFollowUp: read.optionalString('WHATSAPP_CASE_FOLLOW_UP_TEMPLATE') ?? 'seguimiento_caso',
            language: read.optionalString('WHATSAPP_TEMPLATE_LANGUAGE') ?? 'es_AR'
        },
        metrics: readMetrics(read)
    };
}

function engineOf(read: EnvReader): StorageConfig['engine'] {
    return read.oneOf('STORAGE', ['sqlite', 'cosmos'], 'sqlite');
}

function readHandoff(read: EnvReader, engine: StorageConfig['engine']): HandoffConfig {
    // Cosmos DB is how the line runs as several instances: their operators must see each other's changes live. One
    // SQLite file is one instance, unless its admin says otherwise.
    const name = 'LIVE_EVENTS_POLL_SECONDS';
    const liveEventsPollSeconds = read.decimal(name, engine === 'cosmos' ? 2 : 0, { min: 0, max: 60 });
    // Storage asked ten times a second per instance would be load for a view that a second's delay does not hurt.
    if (liveEventsPollSeconds > 0 && liveEventsPollSeconds < 0.5)
        throw new ConfigError(name, `must be 0 (off) or from 0.5 to 60 (got "${liveEventsPollSeconds}")`);
    return {
        waitMinutes: read.integer('HANDOFF_WAIT_MINUTES', 3, { min: 1, max: 120 }),
        liveEventsPollSeconds,
        // A console tab holds one stream: 20 is more tabs and screens than one operator uses, few enough that one account
        // (a stolen session, a script gone wrong) cannot hold the server's sockets.
        liveStreamsPerUser: read.integer('LIVE_EVENTS_STREAMS_PER_USER', 20, { min: 1, max: 1000 }),
        assignment: read.oneOf('HANDOFF_ASSIGNMENT', ['manual', 'auto'], 'manual'),
        maxOpenCases: read.integer('OPERATOR_MAX_OPEN_CASES', 3, { min: 1, max: 50 }),
        // Long enough to read a case and press "Aceptar", short enough that a critical case never waits on an empty desk.
        offerSeconds: read.integer('HANDOFF_OFFER_SECONDS', 30, { min: 5, max: 300 })
    };
}

/**
 * METRICS_HOST / METRICS_PORT / METRICS_TOKEN. By default a listener on 127.0.0.1:9464 (OpenTelemetry's Prometheus
 * exporter port; any free port when PORT=0, as tests start the line) and no token.
 */
function readMetrics(read: EnvReader): MetricsConfig {
    const token = read.optionalString('METRICS_TOKEN');
    if (token !== undefined && !/^[\x21-\x7e]{16,512}$/.test(token)) {
        // The value is never repeated: it is a secret, and this line goes to the terminal and the logs of the start.
        throw new ConfigError('METRICS_TOKEN', 'must be 16 to 512 visible ASCII characters, no spaces (e.g. openssl rand -hex 32)');
    }
    const rawPort = read.optionalString('METRICS_PORT');
    const port = read.integer('PORT', 3978, { min: 0, max: 65535 });
    const host = read.optionalString('METRICS_HOST') ?? '127.0.0.1';
    if (rawPort?.toLowerCase() === 'off') return { ...(token !== undefined ? { token } : {}) };
    if (rawPort !== undefined && !(/^\d+$/.test(rawPort) && Number(rawPort) <= 65535)) {
        throw new ConfigError('METRICS_PORT', `must be a port from 0 to 65535, or off (got "${rawPort}")`);
    }
    const metricsPort = rawPort !== undefined ? Number(rawPort) : port === 0 ? 0 : 9464;
    if (metricsPort !== 0 && metricsPort === port) throw new ConfigError('METRICS_PORT', `must differ from PORT (${port}), or be off`);
    return { listener: { host, port: metricsPort }, ...(token !== undefined ? { token } : {}) };
}

function readStorage(read: EnvReader, dataDir: string): StorageConfig {
    const engine = engineOf(read);
    if (engine === 'sqlite') {
        return { engine, file: path.join(dataDir, 'linea.sqlite') };
    }
    const why = 'is required when STORAGE=cosmos';
    return {
        engine,
        endpoint: read.url('COSMOS_ENDPOINT', why),
        key: read.requiredString('COSMOS_KEY', why),
        databaseId: read.optionalString('COSMOS_DATABASE') ?? 'linea-emergencia'
    };
}

function readWhatsApp(read: EnvReader, mode: 'meta' | 'simulator'): WhatsAppConfig {
    const ratePerSecond = read.integer('WHATSAPP_RATE_PER_SECOND', 80, { min: 1, max: 1000 });
    const graphTimeoutMs = read.integer('WHATSAPP_GRAPH_TIMEOUT_MS', 15_000, { min: 100, max: 120_000 });
    const baseDelayMs = read.integer('WHATSAPP_RETRY_BASE_MS', OUTBOX_RETRY.baseDelayMs, { min: 10, max: 60_000 });
    const maxDelayMs = read.integer('WHATSAPP_RETRY_MAX_MS', Math.max(OUTBOX_RETRY.maxDelayMs, baseDelayMs), { min: baseDelayMs, max: 3_600_000 });
    const retryForMs = read.integer('WHATSAPP_RETRY_FOR_MINUTES', OUTBOX_GIVE_UP_AFTER_MS / 60_000, { min: 1, max: 1440 }) * 60_000;
    // At least 5 s: each sweep signals every citizen with a reply pending, past their retry waits, a lease write each.
    const outboxSweepMs = read.integer('WHATSAPP_OUTBOX_SWEEP_SECONDS', 30, { min: 5, max: 3600 }) * 1000;
    const delivery = {
        ratePerSecond,
        graphTimeoutMs,
        retry: { baseDelayMs, maxDelayMs },
        retryForMs,
        outboxSweepMs,
        mediaHosts: readMediaHosts(read)
    };
    if (mode === 'simulator') {
        // Nothing leaves this machine in simulator mode; the webhook is still signed, with a secret made per start.
        return {
            mode,
            accessToken: 'simulator-access-token',
            appSecret: read.optionalString('WHATSAPP_APP_SECRET') ?? crypto.randomBytes(32).toString('hex'),
            verifyToken: read.optionalString('WHATSAPP_VERIFY_TOKEN') ?? 'simulator-verify-token',
            phoneNumberId: read.optionalString('WHATSAPP_PHONE_NUMBER_ID') ?? '100000000000001',
            graphUrl: read.optionalString('WHATSAPP_GRAPH_URL') ? read.url('WHATSAPP_GRAPH_URL', '') : undefined,
            ...delivery
        };
    }
    const why = 'is required when WHATSAPP_ACCESS_TOKEN is set';
    return {
        mode,
        accessToken: read.requiredString('WHATSAPP_ACCESS_TOKEN', ''),
        appSecret: read.requiredString('WHATSAPP_APP_SECRET', why),
        verifyToken: read.requiredString('WHATSAPP_VERIFY_TOKEN', why),
        phoneNumberId: read.digits('WHATSAPP_PHONE_NUMBER_ID', why),
        graphUrl: read.optionalString('WHATSAPP_GRAPH_URL') ? read.url('WHATSAPP_GRAPH_URL', '') : DEFAULT_GRAPH_URL,
        ...delivery
    };
}

function readMediaHosts(read: EnvReader): string[] | undefined {
    const raw = read.optionalString('WHATSAPP_MEDIA_HOSTS');
    if (raw === undefined) return undefined;
    const entries = raw
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
    const problem = mediaHostsProblem(entries);
    if (problem) throw new ConfigError('WHATSAPP_MEDIA_HOSTS', problem);
    return entries;
}

/** TRUST_PROXY, checked as the server will compile it: a typo must stop the start, not trust the wrong peer. */
function readTrustProxy(read: EnvReader): string[] {
    const raw = read.optionalString('TRUST_PROXY');
    if (raw === undefined) return [];
    const entries = raw
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
    const problem = trustProxyProblem(entries);
    if (problem) {
        throw new ConfigError(
            'TRUST_PROXY',
            `must be addresses, CIDR ranges or loopback, linklocal, uniquelocal, separated by commas (${problem}; got "${raw}")`
        );
    }
    return entries;
}

/**
 * Why these entries cannot be TRUST_PROXY, if they cannot: what proxy-addr refuses, and a bare number, which
 * proxy-addr would take as the address 0.0.0.n where the admin meant Express's count of proxies.
 */
function trustProxyProblem(entries: string[]): string | undefined {
    const count = entries.find((entry) => /^\d+$/.test(entry));
    if (count !== undefined) return `"${count}" is a number, not an address: name the proxies, a count of them is not supported`;
    try {
        compileProxyTrust(entries);
        return undefined;
    } catch (error) {
        return (error as Error).message;
    }
}

function readAlerts(read: EnvReader): AlertsConfig {
    const capFeedUrl = read.optionalString('CAP_FEED_URL') ? read.url('CAP_FEED_URL', '') : undefined;
    const levels = read.optionalString('ALERT_SEVERITY_LEVELS');
    let severityLevels: AlertsConfig['severityLevels'];
    try {
        severityLevels = parseSeverityLevels(levels);
    } catch {
        throw new ConfigError(
            'ALERT_SEVERITY_LEVELS',
            `must be pairs like severe=naranja,extreme=rojo (levels verde, amarillo, naranja, rojo, none; got "${levels}")`
        );
    }
    return {
        ratePerSecond: read.integer('ALERT_RATE_PER_SECOND', 80, { min: 1, max: 1000 }),
        templateName: read.optionalString('WHATSAPP_ALERT_TEMPLATE') ?? 'alerta_meteorologica',
        templateLanguage: read.optionalString('WHATSAPP_ALERT_TEMPLATE_LANGUAGE') ?? 'es_AR',
        ...(capFeedUrl ? { capFeedUrl } : {}),
        capFeedIntervalSeconds: read.integer('CAP_FEED_INTERVAL_SECONDS', 300, { min: 30, max: 86_400 }),
        capAutoApprove: read.oneOf('CAP_AUTO_APPROVE', ['true', 'false'], 'false') === 'true',
        severityLevels,
        reconcileWindowSeconds: read.integer('ALERT_RECONCILE_WINDOW_SECONDS', 120, { min: 5, max: 3600 })
    };
}

function readAdmin(read: EnvReader): AppConfig['admin'] {
    const username = read.optionalString('ADMIN_USERNAME');
    const password = read.optionalString('ADMIN_PASSWORD');
    if (!username && !password) return undefined;
    if (!username) throw new ConfigError('ADMIN_USERNAME', 'is required when ADMIN_PASSWORD is set');
    if (!password) throw new ConfigError('ADMIN_PASSWORD', 'is required when ADMIN_USERNAME is set');
    if (!/^[a-z0-9._-]{3,64}$/i.test(username)) {
        throw new ConfigError('ADMIN_USERNAME', 'must be 3 to 64 letters, digits, dots, dashes or underscores');
    }
    if (password.length < 12) throw new ConfigError('ADMIN_PASSWORD', 'must be at least 12 characters long');
    // The same rule as every password of the line (passwordPolicy.ts); the reason is in Spanish and never repeats it.
    const verdict = judgePassword(password, passwordUserInputs({ username }));
    if (!verdict.acceptable) {
        throw new ConfigError(
            'ADMIN_PASSWORD',
            `is too easy to guess (strength ${verdict.score} of 4, at least ${MIN_PASSWORD_SCORE} needed): ${verdict.reason}`
        );
    }
    return { username, password };
}

/** Reads one variable at a time and turns every mistake into a {@link ConfigError} that names it. */
class EnvReader {
    constructor(private readonly env: Env) {}

    optionalString(name: string): string | undefined {
        const value = this.env[name]?.trim();
        return value ? value : undefined;
    }

    requiredString(name: string, why: string): string {
        const value = this.optionalString(name);
        if (!value) throw new ConfigError(name, why || 'is required');
        return value;
    }

    integer(name: string, fallback: number, range: { min: number; max: number }): number {
        const raw = this.optionalString(name);
        if (raw === undefined) return fallback;
        const parsed = z.coerce.number().int().min(range.min).max(range.max).safeParse(raw);
        if (!/^-?\d+$/.test(raw) || !parsed.success) {
            throw new ConfigError(name, `must be a whole number from ${range.min} to ${range.max} (got "${raw}")`);
        }
        return parsed.data;
    }

    /** A number written in plain decimals (fractions allowed, no sign or exponent) from `min` to `max`. */
    decimal(name: string, fallback: number, range: { min: number; max: number }): number {
        const raw = this.optionalString(name);
        if (raw === undefined) return fallback;
        const parsed = z.coerce.number().min(range.min).max(range.max).safeParse(raw);
        if (!/^\d+(\.\d+)?$/.test(raw) || !parsed.success) {
            throw new ConfigError(name, `must be a number from ${range.min} to ${range.max} (got "${raw}")`);
        }
        return parsed.data;
    }

    oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
        const raw = this.optionalString(name);
        if (raw === undefined) return fallback;
        const match = allowed.find((option) => option.toLowerCase() === raw.toLowerCase());
        if (!match) throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
        return match;
    }

    url(name: string, why: string): string {
        const raw = this.requiredString(name, why);
        const parsed = z.string().url().safeParse(raw);
        if (!parsed.success || !/^https?:\/\//i.test(raw)) {
            throw new ConfigError(name, `must be an http(s) URL (got "${raw}")`);
        }
        return raw.replace(/\/+$/, '');
    }

    digits(name: string, why: string): string {
        const raw = this.requiredString(name, why);
        if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be the numeric phone number id from Meta (got "${raw}")`);
        return raw;
    }
}
