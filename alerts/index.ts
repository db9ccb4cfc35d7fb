import * as crypto from 'crypto';
import * as os from 'os';
import type * as restify from 'restify';
import type { Logger } from '../common/logger';
import { nowIso } from '../common/time';
import { Clock, systemClock } from '../common/clock';
import { ConversationLeases } from '../adapters/whatsapp';
import { DeliveryStateDoc, updateDeliveryState } from '../adapters/whatsapp';
import { TokenBucket } from '../adapters/whatsapp';
import { StatusUpdate } from '../adapters/whatsapp';
import type { SessionService } from '../handoff';
import type { DocumentStore } from '../storage';
import { mountAlertRoutes } from './api/alertRoutes';
import { AlertGraph } from './broadcastFanOut';
import { BroadcastRepository } from './broadcastRepository';
import { BroadcastService } from './broadcastService';
import { CapFeedPoller } from './cap/capFeedPoller';
import { CapIngest } from './cap/capIngest';
import { AlertSettings, DEFAULT_SEVERITY_LEVELS } from './settings';
import { AlertSubscriptionService } from './subscriptionCommands';
import { SubscriptionRepository } from './subscriptionRepository';
import { parseDeliveryRef, Subscription } from './types';

export interface AlertsDeps {
    store: DocumentStore;
    /** The Graph client (GraphClient satisfies it). */
    graph: AlertGraph;
    logger: Logger;
    /** The handoff's sessions (`handoff.sessions`): the alert API is for logged-in supervisors. */
    auth: { sessions: SessionService };
    settings: Partial<AlertSettings> & Pick<AlertSettings, 'ratePerSecond' | 'templateName' | 'templateLanguage'>;
    clock?: Clock;
    /** Largest request body of the alert API (default 1 MB). */
    maxBodyBytes?: number;
    /** This instance's stable name among those sharing the store (INSTANCE_ID): it owns the broadcasts it sends. */
    instanceId?: string;
    /**
     * The phone number's whole send budget, shared with the bot's and operators' replies (the WhatsApp adapter's
     * `rateLimiter`): alerts use what conversations leave. Without it, alerts count only against their own rate.
     */
    numberBucket?: TokenBucket;
}

export interface Alerts {
    /** For createReportBot({ alertCommands }): ALERTAS (a dialog), MIS ALERTAS, BAJA/STOP. */
    commands: AlertSubscriptionService;
    service: BroadcastService;
    cap: CapIngest;
    mountRoutes(server: restify.Server): void;
    /** The citizen's subscription, if they ever had one (what "¿hay alertas?" answers for when no place is named). */
    subscriptionOf(citizenKey: string): Promise<Subscription | undefined>;
    /** For the WhatsApp webhook's onStatus. */
    onStatus(update: StatusUpdate, state: DeliveryStateDoc): Promise<void>;
    /** Resumes interrupted broadcasts; starts the CAP feed poller when configured. */
    start(): Promise<void>;
    /** Stops fan-outs (resumable) and the poller. */
    stop(): Promise<void>;
}

/** Wires the weather alerts: subscriptions, broadcasts, CAP ingest, the API. */
export function createAlerts(deps: AlertsDeps): Alerts {
    const clock = deps.clock ?? systemClock;
    const settings = deps.settings;
    const rate = settings.ratePerSecond;
    const subscriptions = new SubscriptionRepository(deps.store);
    const broadcasts = new BroadcastRepository(deps.store);
    const service = new BroadcastService(
        broadcasts,
        subscriptions,
        {
            store: deps.store,
            graph: deps.graph,
            broadcasts,
            subscriptions,
            bucket: new TokenBucket({ ratePerSecond: rate, clock }),
            ...(deps.numberBucket ? { numberBucket: deps.numberBucket } : {}),
            clock,
            logger: deps.logger,
            tuning: {
                templateName: settings.templateName,
                templateLanguage: settings.templateLanguage,
                concurrency: settings.concurrency ?? Math.min(400, Math.max(50, Math.ceil(rate / 5))),
                retryForMs: settings.retryForMs ?? 10 * 60_000,
                retryBaseMs: settings.retryBaseMs ?? 500,
                retryMaxMs: settings.retryMaxMs ?? 30_000,
                pairBackoffUnitMs: settings.pairBackoffUnitMs ?? 1000,
                reconcileWindowMs: settings.reconcileWindowMs ?? 120_000,
                reconcilePollMs: settings.reconcilePollMs ?? 1000
            }
        },
        clock,
        deps.logger,
        {
            relaunchBaseMs: settings.relaunchBaseMs ?? 5000,
            leases: new ConversationLeases({
                store: deps.store,
                logger: deps.logger,
                clock,
                idleReleaseMs: 0,
                owner: deps.instanceId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`,
                ...(settings.leaseTtlMs !== undefined ? { ttlMs: settings.leaseTtlMs } : {})
            }),
            ...(settings.leaseCheckMs !== undefined ? { leaseCheckMs: settings.leaseCheckMs } : {})
        }
    );
    const cap = new CapIngest(
        service,
        {
            capAutoApprove: settings.capAutoApprove ?? false,
            severityLevels: settings.severityLevels ?? DEFAULT_SEVERITY_LEVELS
        },
        clock,
        deps.logger
    );
    const poller = settings.capFeedUrl
        ? new CapFeedPoller({
              url: settings.capFeedUrl,
              intervalMs: settings.capFeedIntervalMs ?? 5 * 60_000,
              ingest: cap,
              clock,
              logger: deps.logger
          })
        : undefined;
    const commands = new AlertSubscriptionService(subscriptions, () => (deps.clock ? new Date(clock.now()).toISOString() : nowIso()));

    return {
        commands,
        service,
        cap,
        subscriptionOf: (citizenKey) => subscriptions.get(citizenKey),
        mountRoutes(server) {
            mountAlertRoutes(server, {
                service,
                cap,
                sessions: deps.auth.sessions,
                logger: deps.logger,
                ...(deps.maxBodyBytes ? { maxBodyBytes: deps.maxBodyBytes } : {})
            });
        },
        async onStatus(update, state) {
            // Counts come from the 'messages' docs the webhook already moved forward. Here: a status of a send whose
            // answer was lost (crash, timeout) names its delivery in biz_opaque_callback_data when the parser passes it on.
            if (state.origin !== undefined) return;
            const named = parseDeliveryRef((update as StatusUpdate & { bizOpaqueCallbackData?: string }).bizOpaqueCallbackData);
            if (!named) return;
            await updateDeliveryState(deps.store, update.wamid, (current) =>
                current && current.origin === undefined
                    ? {
                          ...current,
                          citizenKey: named.citizenKey,
                          outboxId: `alert:${named.broadcastId}:${named.citizenKey}`,
                          origin: 'alert',
                          originRef: named.broadcastId
                      }
                    : undefined
            );
        },
        async start() {
            await service.resumeInterrupted();
            poller?.start();
        },
        async stop() {
            poller?.stop();
            await service.stop();
        }
    };
}

export { AlertSettings, DEFAULT_ALERT_SETTINGS, DEFAULT_SEVERITY_LEVELS, parseSeverityLevels } from './settings';
export { AlertSubscriptionService } from './subscriptionCommands';
export { BroadcastService, AlertRequest, AlertRequestError } from './broadcastService';
export { CapIngest, CapOutcome, capBroadcastId } from './cap/capIngest';
export { CapFormatError, parseCap } from './cap/capParser';
export * from './types';
export { templateParameter } from './alertTemplate';
