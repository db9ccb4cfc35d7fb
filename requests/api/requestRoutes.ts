import type * as restify from 'restify';
import type { ZodType, z } from 'zod';
import type { Logger } from '../../common/logger';
import { answerFailure } from '../../handoff';
import { sendError } from '../../handoff';
import { authenticate, authOf, requireSupervisor } from '../../handoff';
import type { SessionService } from '../../handoff';
import { jsonBody } from '../../common/http/jsonBody';
import { REQUEST_TRANSITIONS } from '../stateMachine';
import { RequestConflictError, RequestNotFoundError, RequestService } from '../requestService';
import { kindLabel, stateLabel } from '../texts';
import { ServiceRequest } from '../types';
import { describeIssues, REQUEST_NUMBER_PATTERN, requestListQuery, stateChangeBody } from './requestSchemas';

export interface RequestRoutesDeps {
    service: RequestService;
    sessions: SessionService;
    logger: Logger;
    /** Largest JSON body (config.maxBodyBytes; default 64 KB: a state and a note). */
    maxBodyBytes?: number;
}

export const REQUESTS_BASE = '/api/supervisor/requests';

class BadRequest extends Error {}

/**
 * The supervisors' "Solicitudes" API. Session (cookie + CSRF, or Bearer) and the supervisor role are checked as in the
 * operator and alert APIs (401 without a session, 403 for an operator); query and body are validated with zod (400
 * naming the problem); an unknown number is 404; a move the state machine refuses, a stale revision or a lost race
 * is 409; storage that does not answer is 503 with Retry-After.
 */
export function mountRequestRoutes(server: restify.Server, deps: RequestRoutesDeps): void {
    const { service, logger } = deps;
    const guard = [authenticate(deps.sessions, logger), requireSupervisor];
    const body = jsonBody(deps.maxBodyBytes ?? 64 * 1024);
    const on =
        (fn: (req: restify.Request, res: restify.Response) => Promise<void>): restify.RequestHandler =>
        (req, res, next) => {
            fn(req, res).then(
                () => next(),
                (error: unknown) => {
                    if (error instanceof BadRequest) sendError(res, 400, 'BadRequest', error.message);
                    else if (error instanceof RequestNotFoundError) sendError(res, 404, 'NotFound', error.message);
                    else if (error instanceof RequestConflictError) {
                        res.send(409, { code: error.code, message: error.message, ...(error.current ? { request: present(error.current) } : {}) });
                    } else answerFailure(req, res, logger, error, 'requests API');
                    next(false);
                }
            );
        };

    server.get(
        REQUESTS_BASE,
        ...guard,
        on(async (req, res) => {
            const query = parse(requestListQuery, req.query);
            const page = await service.list(query);
            res.header('Cache-Control', 'no-store');
            res.send(200, { requests: page.requests.map(present), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
        })
    );

    server.get(
        `${REQUESTS_BASE}/:id`,
        ...guard,
        on(async (req, res) => {
            res.header('Cache-Control', 'no-store');
            res.send(200, { request: present(await service.get(numberOf(req))) });
        })
    );

    server.post(
        `${REQUESTS_BASE}/:id/state`,
        ...guard,
        ...body,
        on(async (req, res) => {
            const number = numberOf(req);
            const change = parse(stateChangeBody, req.body);
            const request = await service.changeState(number, {
                state: change.state,
                by: authOf(req).operator.username,
                ...(change.note ? { note: change.note } : {}),
                ...(change.revision !== undefined ? { revision: change.revision } : {})
            });
            res.send(200, { request: present(request) });
        })
    );
}

function parse<S extends ZodType>(schema: S, input: unknown): z.output<S> {
    const result = schema.safeParse(input ?? {});
    if (!result.success) throw new BadRequest(describeIssues(result.error));
    return result.data as z.output<S>;
}

/** The number in the path, upper-cased; anything that cannot be one is 404 (as the operator API does with case ids). */
function numberOf(req: restify.Request): string {
    const number = String(req.params.id ?? '').toUpperCase();
    if (!REQUEST_NUMBER_PATTERN.test(number)) throw new RequestNotFoundError(number.slice(0, 20));
    return number;
}

/** A request as the supervisors' view shows it: with its Spanish labels and the moves allowed from its state. */
export function present(
    request: ServiceRequest
): Omit<ServiceRequest, 'conversationReference'> & { stateLabel: string; kindLabel: string; allowedStates: string[] } {
    const { conversationReference: _reference, ...shown } = request;
    void _reference;
    return {
        ...shown,
        stateLabel: stateLabel(request.state),
        kindLabel: kindLabel(request.requestKind),
        allowedStates: [...REQUEST_TRANSITIONS[request.state]]
    };
}
