import { REQUEST_STATES, RequestState } from './types';

/**
 * The allowed moves, as data: from each state, where a supervisor may take it. 'resuelta' and 'rechazada' are final.
 * (A request is evaluated before it is scheduled; one solved at once skips the schedule.)
 */
export const REQUEST_TRANSITIONS: Readonly<Record<RequestState, readonly RequestState[]>> = {
    recibida: ['en_evaluacion', 'rechazada'],
    en_evaluacion: ['programada', 'resuelta', 'rechazada'],
    programada: ['resuelta', 'rechazada'],
    resuelta: [],
    rechazada: []
};

/** The state every new request starts in. */
export const INITIAL_REQUEST_STATE: RequestState = 'recibida';

export function canMove(from: RequestState, to: RequestState): boolean {
    return REQUEST_TRANSITIONS[from].includes(to);
}

export function isFinal(state: RequestState): boolean {
    return REQUEST_TRANSITIONS[state].length === 0;
}

export function isRequestState(value: unknown): value is RequestState {
    return typeof value === 'string' && (REQUEST_STATES as readonly string[]).includes(value);
}
