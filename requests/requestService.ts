import type { Logger } from '../common/logger';
import type { CitizenMessenger } from '../handoff';
import { isPreconditionFailed, StoredDocument } from '../storage';
import { RequestNotifier } from './requestNotifier';
import { RequestRepository } from './requestRepository';
import { canMove } from './stateMachine';
import { stateLabel } from './texts';
import { Clock, NewServiceRequest, RequestPage, RequestState, ServiceRequest } from './types';

export interface RequestServiceOptions {
    repository: RequestRepository;
    notifier: RequestNotifier;
    logger: Logger;
    clock: Clock;
    /** Wakes the WhatsApp outbox for a citizen (WhatsAppAdapter.outbox); without it the outbox's sweep finds the notice (30 s). */
    outbox?: { notify(citizenKey: string): void };
    /** How a citizen of another channel (Web Chat, Emulator) is told, after the commit, best effort. */
    otherChannels?: CitizenMessenger;
}

export interface StateChange {
    state: RequestState;
    note?: string;
    /** The supervisor's username. */
    by: string;
    /** The revision the supervisor saw: when given and no longer current, 409 (someone else moved it). */
    revision?: number;
}

/** No request with that number: 404. */
export class RequestNotFoundError extends Error {
    readonly code = 'NotFound';
    constructor(readonly number: string) {
        super(`No existe la solicitud ${number}.`);
        this.name = 'RequestNotFoundError';
    }
}

/** The request is not where the caller thought (another supervisor moved it, a stale revision): 409. */
export class RequestConflictError extends Error {
    readonly code: string = 'Conflict';
    constructor(
        message: string,
        readonly current?: ServiceRequest
    ) {
        super(message);
        this.name = 'RequestConflictError';
    }
}

/** A move the state machine does not allow from the request's state: 409 with code InvalidTransition. */
export class InvalidTransitionError extends RequestConflictError {
    override readonly code = 'InvalidTransition';
    constructor(
        readonly from: RequestState,
        readonly to: RequestState,
        current?: ServiceRequest
    ) {
        super(`La solicitud está ${stateLabel(from)}: no puede pasar a ${stateLabel(to)}.`, current);
        this.name = 'InvalidTransitionError';
    }
}

/**
 * The requests' use cases: create (the dialog), read and list (the supervisors' view), and move a request to another
 * state, telling the citizen. A change is one atomic batch in the citizen's partition: the request under the etag it
 * was read with (two supervisors moving it at once: one wins, the other gets RequestConflictError → 409) and the outbox entry
 * of the notice. A crash after the commit loses nothing: the outbox sends what it holds after a restart.
 */
export class RequestService {
    constructor(private readonly options: RequestServiceOptions) {}

    create(input: NewServiceRequest): Promise<ServiceRequest> {
        return this.options.repository.create(input, new Date(this.options.clock.now()));
    }

    /** @throws RequestNotFoundError */
    async get(number: string): Promise<ServiceRequest> {
        const doc = await this.options.repository.get(number);
        if (!doc) throw new RequestNotFoundError(number);
        return doc.value;
    }

    list(options: { state?: RequestState; limit?: number; before?: string } = {}): Promise<RequestPage> {
        return this.options.repository.list(options);
    }

    /**
     * Moves request `number` to `change.state`, records who/when/note in its history, and tells the citizen.
     * @throws RequestNotFoundError; InvalidTransitionError / RequestConflictError (not allowed from its state, lost race, stale revision).
     */
    async changeState(number: string, change: StateChange): Promise<ServiceRequest> {
        const { repository, notifier, clock, logger } = this.options;
        const current = await repository.get(number);
        if (!current) throw new RequestNotFoundError(number);
        if (change.revision !== undefined && change.revision !== current.value.revision) {
            throw new RequestConflictError(
                `La solicitud ${number} cambió mientras la miraba (ahora: ${stateLabel(current.value.state)}). Actualice la vista.`,
                current.value
            );
        }
        if (!canMove(current.value.state, change.state)) throw new InvalidTransitionError(current.value.state, change.state, current.value);
        const now = new Date(clock.now());
        const at = now.toISOString();
        const note = change.note?.trim() || undefined;
        const moved: ServiceRequest = {
            ...current.value,
            state: change.state,
            revision: current.value.revision + 1,
            updatedAt: at
        };
        const notice = await notifier.plan(moved, note, now);
        const next: ServiceRequest = {
            ...moved,
            history: [
                ...current.value.history,
                { from: current.value.state, to: change.state, by: change.by, at, ...(note ? { note } : {}), notice: notice.record }
            ]
        };
        let written: StoredDocument<ServiceRequest>;
        try {
            written = await repository.commitChange(current, next, notice.outboxWrite ? [notice.outboxWrite] : []);
        } catch (error) {
            if (!isPreconditionFailed(error)) throw error;
            // Our own commit whose answer was lost looks like this too: the request then holds exactly our change.
            const again = await repository.get(number);
            const last = again?.value.history[again.value.history.length - 1];
            if (again && again.value.revision === next.revision && last?.to === change.state && last.by === change.by && last.at === at)
                return again.value;
            throw new RequestConflictError(
                `Otra persona cambió la solicitud ${number} al mismo tiempo (ahora: ${again ? stateLabel(again.value.state) : '?'}). Actualice la vista.`,
                again?.value
            );
        }
        if (notice.outboxWrite) this.options.outbox?.notify(written.value.citizenKey);
        else if (notice.record.reason === 'not_whatsapp' && this.options.otherChannels) {
            const sent = await this.options.otherChannels
                .sendText(written.value.citizenKey, written.value.conversationReference, notice.text)
                .catch((error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }));
            if (!sent.ok) logger.warn({ requestId: number, error: sent.error }, 'RequestService.changeState(): the citizen could not be told');
        } else if (notice.record.mode === 'none') {
            logger.warn({ requestId: number, reason: notice.record.reason }, 'RequestService.changeState(): the citizen was not told of the change');
        }
        return written.value;
    }
}
