import { randomBytes } from 'crypto';
import * as os from 'os';
import type * as restify from 'restify';
import type { Logger } from '../common/logger';
import type { AlertSubscriptionCommands } from '../dialogs';
import type { DocumentStore } from '../storage';
import type { MediaStore } from '../storage';
import { EventStreams } from './api/eventStream';
import { mountOperatorApi } from './api/operatorRoutes';
import { LoginThrottle } from './auth/loginThrottle';
import { PasswordHasher, PasswordHasherOptions } from './auth/passwordHasher';
import { SessionService } from './auth/sessionService';
import { OperatorTeam } from './service/operatorTeam';
import { CaseQueue } from './service/caseQueue';
import { HandoffMiddleware } from './middleware/handoffMiddleware';
import { AuditRepository } from './repository/auditRepository';
import { CaseChangeWriter } from './repository/caseChangeWriter';
import { CaseRepository } from './repository/caseRepository';
import { SessionRepository } from './repository/sessionRepository';
import { TranscriptRepository } from './repository/transcriptRepository';
import { UserRepository } from './repository/userRepository';
import { CaseChangeFeed } from './service/caseChangeFeed';
import { CaseEvents } from './service/caseEvents';
import { CaseService } from './service/caseService';
import { CitizenMessenger } from './service/citizenMessenger';
import { DeadlineService } from './service/deadlineService';
import { AssignmentSettings, CaseAssigner, DEFAULT_ASSIGNMENT } from './service/caseAssigner';
import { CaseLiveEvents } from './service/caseLiveEvents';
import { AssignerLease } from './repository/assignerLease';
import { DeadlineSettings } from './service/deadlinePolicy';
import { Clock, systemClock } from './types';

export interface HandoffDeps {
    store: DocumentStore;
    logger: Logger;
    /** How operator messages and queue notices reach the citizen (the composition root wraps the adapter). */
    messenger: CitizenMessenger;
    mediaStore?: MediaStore;
    clock?: Clock;
    /** HANDOFF_WAIT_MINUTES and the operator-silence settings (defaults 3 / 5 / 2 minutes). */
    deadlines?: Partial<DeadlineSettings>;
    deadlinePollMs?: number;
    /** Answers the alert commands of a citizen whose case is open (the alerts service is built after the handoff). */
    alertCommands?: Pick<AlertSubscriptionCommands, 'handle'>;
    /** How often to publish the case changes other instances made (LIVE_EVENTS_POLL_SECONDS); 0 or unset: off. */
    liveEventsPollMs?: number;
    /** Absolute session lifetime in hours (default 8). */
    sessionHours?: number;
    login?: { maxFailures?: number; windowMinutes?: number };
    passwordHashing?: PasswordHasherOptions;
    /** Largest JSON body of the operator API (config.maxBodyBytes). */
    maxBodyBytes?: number;
    sseHeartbeatMs?: number;
    /** Live-view streams one account may hold open at once (LIVE_EVENTS_STREAMS_PER_USER; default 20). */
    liveStreamsPerUser?: number;
    /** How often expired operator sessions are removed (default hourly). */
    sessionSweepMs?: number;
    /** WHATSAPP_CASE_FOLLOW_UP_TEMPLATE: what operators send when the citizen's 24-hour window has closed. */
    followUpTemplate?: { name: string; language: string };
    /** HANDOFF_ASSIGNMENT, OPERATOR_MAX_OPEN_CASES, HANDOFF_OFFER_SECONDS (default: manual). */
    assignment?: Partial<AssignmentSettings>;
    /** How often auto assignment looks at the offers when nothing happens (default 1 s). */
    assignmentPollMs?: number;
    /** This instance's name among those sharing the store (INSTANCE_ID): who holds the assigner lease. */
    instanceId?: string;
    /** ADMIN_USERNAME / ADMIN_PASSWORD: the first supervisor, created at start when no user exists. */
    admin?: { username: string; password: string };
}

export interface Handoff {
    caseService: CaseService;
    sessions: SessionService;
    events: CaseEvents;
    deadlines: DeadlineService;
    /** Auto assignment's offers (runs only when HANDOFF_ASSIGNMENT=auto). */
    assigner: CaseAssigner;
    middleware: HandoffMiddleware;
    mountRoutes(server: restify.Server): void;
    /** Creates the first supervisor if needed and starts the deadline poller and the change feed. */
    start(): Promise<void>;
    /** Ends the live streams at once (they would hold the stop's wait for requests in flight). */
    beginStop(): void;
    /** Stops the pollers and ends the live streams. */
    stop(): Promise<void>;
}

/** Wires the handoff: repositories, services, middleware, the operator API and the deadline poller. */
export function createHandoff(deps: HandoffDeps): Handoff {
    const clock = deps.clock ?? systemClock;
    const cases = new CaseRepository(deps.store);
    const transcript = new TranscriptRepository(deps.store);
    const events = new CaseEvents();
    const writer = new CaseChangeWriter(deps.store);
    const caseService = new CaseService({
        cases,
        transcript,
        audit: new AuditRepository(deps.store),
        writer,
        events,
        messenger: deps.messenger,
        logger: deps.logger,
        clock,
        ...(deps.deadlines ? { deadlines: deps.deadlines } : {}),
        ...(deps.followUpTemplate ? { followUpTemplate: deps.followUpTemplate } : {})
    });
    const users = new UserRepository(deps.store);
    const team = new OperatorTeam({ users, queue: new CaseQueue(cases), events, logger: deps.logger, clock });
    const sessions = new SessionService({
        users,
        sessions: new SessionRepository(deps.store),
        hasher: new PasswordHasher(deps.passwordHashing),
        logger: deps.logger,
        clock,
        ...(deps.sessionHours !== undefined ? { sessionHours: deps.sessionHours } : {})
    });
    const assignment: AssignmentSettings = { ...DEFAULT_ASSIGNMENT, ...deps.assignment };
    const assigner = new CaseAssigner({
        cases,
        writer,
        live: new CaseLiveEvents(events),
        events,
        users,
        team,
        logger: deps.logger,
        clock,
        settings: assignment,
        lease: new AssignerLease(deps.store, deps.instanceId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`, 10_000),
        intervalMs: deps.assignmentPollMs ?? 1000
    });
    const deadlines = new DeadlineService({ cases, caseService, logger: deps.logger, clock, intervalMs: deps.deadlinePollMs ?? 5000 });
    const streams = new EventStreams(events, deps.sseHeartbeatMs ?? 15_000, sessions, clock, deps.liveStreamsPerUser);
    const middleware = new HandoffMiddleware(caseService, deps.logger, deps.alertCommands);
    const changeFeed = deps.liveEventsPollMs
        ? new CaseChangeFeed({ cases, transcript, events, logger: deps.logger, clock, intervalMs: deps.liveEventsPollMs })
        : undefined;
    let sessionSweep: NodeJS.Timeout | undefined;

    return {
        caseService,
        sessions,
        events,
        deadlines,
        assigner,
        middleware,
        mountRoutes(server) {
            mountOperatorApi(server, {
                caseService,
                sessions,
                streams,
                team,
                logger: deps.logger,
                throttle: new LoginThrottle({ ...deps.login, clock }),
                maxBodyBytes: deps.maxBodyBytes ?? 1024 * 1024,
                ...(deps.mediaStore ? { mediaStore: deps.mediaStore } : {})
            });
        },
        async start() {
            if (await sessions.ensureFirstSupervisor(deps.admin)) {
                deps.logger.info({ username: deps.admin?.username }, 'first supervisor created from ADMIN_USERNAME');
            }
            deadlines.start();
            if (assignment.mode === 'auto') assigner.start();
            changeFeed?.start();
            sessionSweep = setInterval(() => {
                sessions
                    .sweepExpired()
                    .catch((error: Error) => deps.logger.warn({ err: error }, 'expired operator sessions could not be removed; trying again later'));
            }, deps.sessionSweepMs ?? 3_600_000);
            sessionSweep.unref();
        },
        beginStop() {
            streams.closeAll();
        },
        async stop() {
            clearInterval(sessionSweep);
            await deadlines.stop();
            await assigner.stop();
            await changeFeed?.stop();
            streams.closeAll();
        }
    };
}

export { CaseService } from './service/caseService';
export type { AssignmentSettings, AssignmentRound } from './service/caseAssigner';
export type { CitizenMessenger, SendResult } from './service/citizenMessenger';
export { AdapterCitizenMessenger } from './service/citizenMessenger';
export { HandoffMiddleware } from './middleware/handoffMiddleware';
export { ConflictError, NotFoundError, ForbiddenError, WindowClosedError } from './service/errors';
export type { SendOptions } from './service/citizenMessenger';
export type { HandoffCase, TranscriptEntry, AuditEntry, Actor } from './types';
export type { CaseStatus } from './validation/caseTransitions';
export { answerFailure } from './api/failureAnswer';
export { authOf, authenticate, requireSupervisor } from './auth/authenticate';
export type { SessionService } from './auth/sessionService';
export { MIN_PASSWORD_SCORE, judgePassword, passwordUserInputs } from './auth/passwordPolicy';
export { HttpError, parse, route, sendError } from './api/httpErrors';
export { DELIVERY_PROGRESS } from './types';
export type { DeliveryProgress } from './types';
export { FIRST_LOGIN_FILE } from './auth/sessionService';
export type { FirstSupervisorLogin } from './auth/sessionService';
