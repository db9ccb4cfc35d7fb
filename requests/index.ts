/**
 * "Solicitudes" (issue #18 part 4): citizens' service requests (pruning, clearing, inspection, materials after a
 * storm, other) with their own number (SOL-4F2K), their own queue and states that supervisors move; every change is
 * told to the citizen on WhatsApp (free text within 24 h of their last message, the approved template after).
 */
import type * as restify from 'restify';
import type { Logger } from '../common/logger';
import type { SessionService } from '../handoff';
import type { CitizenMessenger } from '../handoff';
import type { ProtocolDependencies } from '../dialogs';
import type { DocumentStore } from '../storage';
import { mountRequestRoutes } from './api/requestRoutes';
import { inboxLastCitizenMessageAt, LastCitizenMessageAt } from './citizenWindow';
import { RequestDialog, RequestDialogDeps } from './requestDialog';
import { RequestNotifier, RequestNotifierSettings } from './requestNotifier';
import { RequestRepository } from './requestRepository';
import { RequestService } from './requestService';
import { Clock, systemClock } from '../common/clock';

export interface RequestsDeps {
    store: DocumentStore;
    logger: Logger;
    /** WHATSAPP_REQUEST_UPDATE_TEMPLATE and WHATSAPP_TEMPLATE_LANGUAGE (config.templates). */
    settings: RequestNotifierSettings;
    /** Operator sessions (Handoff.sessions): the routes check the session and the supervisor role with it. */
    sessions: SessionService;
    clock?: Clock;
    /** WhatsAppAdapter.outbox: woken when a notice is written (else its 30 s sweep finds it). */
    outbox?: { notify(citizenKey: string): void };
    /** When the citizen last wrote; default: the newest entry of their WhatsApp inbox. */
    lastCitizenMessageAt?: LastCitizenMessageAt;
    /** How Web Chat / Emulator citizens are told (e.g. the ChannelCitizenMessenger); WhatsApp goes through the outbox. */
    otherChannels?: CitizenMessenger;
    /** The dialog's optional parts: the citizen profile (name not asked again) and the storage-rerun rule. */
    profiles?: RequestDialogDeps['profiles'];
    rerunsOnStorageFailure?: RequestDialogDeps['rerunsOnStorageFailure'];
    /** Largest JSON body of the routes (config.maxBodyBytes). */
    maxBodyBytes?: number;
    /** Test seam: the number generator (default: random SOL-XXXX). */
    generateNumber?: () => string;
}

export interface Requests {
    repository: RequestRepository;
    notifier: RequestNotifier;
    service: RequestService;
    /** A new RequestDialog, a protocol dialog of the bot (urgency, "operador", "cancelar" interrupt it): begin it with RequestDialogOptions. */
    createDialog(protocol: ProtocolDependencies, dialogId?: string): RequestDialog;
    /** GET /api/supervisor/requests, GET /api/supervisor/requests/:id, POST /api/supervisor/requests/:id/state. */
    mountRoutes(server: restify.Server): void;
}

export function createRequests(deps: RequestsDeps): Requests {
    const clock = deps.clock ?? systemClock;
    const repository = new RequestRepository(deps.store, ...(deps.generateNumber ? [deps.generateNumber] : []));
    const notifier = new RequestNotifier(deps.settings, deps.lastCitizenMessageAt ?? inboxLastCitizenMessageAt(deps.store));
    const service = new RequestService({
        repository,
        notifier,
        logger: deps.logger,
        clock,
        ...(deps.outbox ? { outbox: deps.outbox } : {}),
        ...(deps.otherChannels ? { otherChannels: deps.otherChannels } : {})
    });
    return {
        repository,
        notifier,
        service,
        createDialog(protocol, dialogId) {
            return new RequestDialog(
                {
                    requests: service,
                    logger: deps.logger,
                    ...(deps.profiles ? { profiles: deps.profiles } : {}),
                    ...(deps.rerunsOnStorageFailure ? { rerunsOnStorageFailure: deps.rerunsOnStorageFailure } : {})
                },
                protocol,
                dialogId
            );
        },
        mountRoutes(server) {
            mountRequestRoutes(server, {
                service,
                sessions: deps.sessions,
                logger: deps.logger,
                ...(deps.maxBodyBytes ? { maxBodyBytes: deps.maxBodyBytes } : {})
            });
        }
    };
}

export * from './types';
export { REQUEST_TRANSITIONS, INITIAL_REQUEST_STATE, canMove, isFinal, isRequestState } from './stateMachine';
export { newRequestNumber, parseRequestNumber } from './requestNumber';
export { requestText, requestTexts, stateLabel, kindLabel } from './texts';
export type { RequestTextKey } from './texts';
export { RequestRepository, requestDocId, REQUESTS_COLLECTION } from './requestRepository';
export { RequestNotifier } from './requestNotifier';
export type { RequestNotifierSettings, PlannedNotice } from './requestNotifier';
export { RequestService, RequestNotFoundError, RequestConflictError, InvalidTransitionError } from './requestService';
export type { StateChange, RequestServiceOptions } from './requestService';
export { inboxLastCitizenMessageAt } from './citizenWindow';
export type { LastCitizenMessageAt } from './citizenWindow';
export { RequestDialog, REQUEST_DIALOG } from './requestDialog';
export type { RequestDialogDeps, RequestDialogOptions, RequestDialogOutcome } from './requestDialog';
export { mountRequestRoutes, present as presentRequest, REQUESTS_BASE } from './api/requestRoutes';
export type { RequestRoutesDeps } from './api/requestRoutes';
