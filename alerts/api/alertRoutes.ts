import * as crypto from 'crypto';
import type * as restify from 'restify';
import type { ZodType, z } from 'zod';
import type { Logger } from '../../common/logger';
import { readRawBody } from '../../common/http/rawBody';
import { answerFailure } from '../../handoff';
import { authenticate, authOf, requireSupervisor } from '../../handoff';
import type { SessionService } from '../../handoff';
import { AlertRequest, AlertRequestError, BroadcastService } from '../broadcastService';
import type { Broadcast } from '../types';
import { CapIngest } from '../cap/capIngest';
import { CapFormatError } from '../cap/capParser';
import { alertBody, describeIssues, previewBody } from './alertSchemas';

export interface AlertRoutesDeps {
    service: BroadcastService;
    cap: CapIngest;
    sessions: SessionService;
    logger: Logger;
    /** Largest JSON or XML body (default 1 MB). */
    maxBodyBytes?: number;
}

class ApiError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string
    ) {
        super(message);
    }
}

const BASE = '/api/alerts';
const XML_TYPES = ['application/xml', 'text/xml', 'application/cap+xml'];

/**
 * The supervisors' alert API: preview the reach, send, list, progress, cancel, approve an ingested CAP alert, and
 * ingest a CAP 1.2 document. Session (cookie + CSRF, or Bearer) and the supervisor role are checked as in the
 * operator API; bodies are validated with zod and a problem is a 400 naming it; storage that does not answer is a
 * 503 with Retry-After, as in the operator API.
 */
export function mountAlertRoutes(server: restify.Server, deps: AlertRoutesDeps): void {
    const { service, logger } = deps;
    const maxBytes = deps.maxBodyBytes ?? 1024 * 1024;
    const guard = [authenticate(deps.sessions, logger), requireSupervisor];
    const on =
        (body: (req: restify.Request, res: restify.Response) => Promise<void>): restify.RequestHandler =>
        (req, res, next) => {
            body(req, res).then(
                () => next(),
                (error: unknown) => {
                    const status =
                        error instanceof ApiError || error instanceof AlertRequestError
                            ? error.status
                            : error instanceof CapFormatError
                              ? 400
                              : undefined;
                    // Storage unreachable is 503 with Retry-After (the supervisor sends again in a moment); anything else 500.
                    if (status === undefined) answerFailure(req, res, logger, error, 'alert API');
                    else res.send(status, { code: error instanceof ApiError ? error.code : codeOf(status), message: (error as Error).message });
                    next(false);
                }
            );
        };
    const json = async <S extends ZodType>(req: restify.Request, schema: S): Promise<z.output<S>> => {
        const raw = await readRawBody(req, maxBytes);
        if (raw === 'too_large') throw new ApiError(413, 'PayloadTooLarge', `body larger than ${maxBytes} bytes`);
        let parsed: unknown;
        try {
            parsed = JSON.parse(raw.toString('utf8') || '{}');
        } catch {
            throw new ApiError(400, 'BadRequest', 'the body is not valid JSON');
        }
        const result = schema.safeParse(parsed);
        if (!result.success) throw new ApiError(400, 'BadRequest', describeIssues(result.error));
        return result.data as z.output<S>;
    };
    const by = (req: restify.Request): string => authOf(req).operator.username;

    server.post(
        `${BASE}/preview`,
        ...guard,
        on(async (req, res) => {
            const { departments } = await json(req, previewBody);
            res.send(200, { recipients: await service.preview(departments) });
        })
    );

    server.post(
        `${BASE}/cap`,
        ...guard,
        on(async (req, res) => {
            const type = (req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
            if (!XML_TYPES.includes(type)) throw new ApiError(415, 'UnsupportedMediaType', 'send the CAP document as application/xml or text/xml');
            const raw = await readRawBody(req, maxBytes);
            if (raw === 'too_large') throw new ApiError(413, 'PayloadTooLarge', `body larger than ${maxBytes} bytes`);
            const outcome = await deps.cap.ingest(raw.toString('utf8'), by(req));
            res.send(outcome.outcome === 'awaiting_approval' || outcome.outcome === 'sending' ? 201 : 200, outcome);
        })
    );

    server.post(
        BASE,
        ...guard,
        on(async (req, res) => {
            const body = await json(req, alertBody);
            const key = idempotencyKeyOf(req);
            const id = key === undefined ? undefined : idempotentBroadcastId(by(req), key);
            const broadcast = await service.create(body, { source: 'api', by: by(req), ...(id ? { id } : {}) });
            if (broadcast || !id) {
                res.send(201, { broadcast });
                return;
            }
            // The same request again (the answer to the first was lost): the alert it created, not a second one.
            const existing = await service.get(id);
            if (!existing || !sameAlert(existing, body, service.resolveDepartments(body.departments).ids))
                throw new ApiError(409, 'Conflict', 'this Idempotency-Key was already used for a different alert');
            res.send(200, { broadcast: existing, replayed: true });
        })
    );

    server.get(
        BASE,
        ...guard,
        on(async (_req, res) => {
            res.send(200, { broadcasts: await service.list() });
        })
    );

    server.get(
        `${BASE}/:id`,
        ...guard,
        on(async (req, res) => {
            res.header('Cache-Control', 'no-store');
            res.send(200, await service.progress(String(req.params.id)));
        })
    );

    server.post(
        `${BASE}/:id/cancel`,
        ...guard,
        on(async (req, res) => {
            res.send(200, { broadcast: await service.cancel(String(req.params.id), by(req)) });
        })
    );

    server.post(
        `${BASE}/:id/approve`,
        ...guard,
        on(async (req, res) => {
            res.send(200, { broadcast: await service.approve(String(req.params.id), by(req)) });
        })
    );
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;

/** `Idempotency-Key`: one per alert composed; a request sent again with it creates nothing new. */
function idempotencyKeyOf(req: restify.Request): string | undefined {
    const key = req.header('idempotency-key');
    if (key === undefined || key === '') return undefined;
    if (!IDEMPOTENCY_KEY.test(key)) throw new ApiError(400, 'BadRequest', 'Idempotency-Key: 8 to 100 letters, digits, "-" or "_"');
    return key;
}

/** One supervisor's key names one broadcast; another supervisor's same key another. */
function idempotentBroadcastId(username: string, key: string): string {
    return `al-k${crypto.createHash('sha256').update(`${username}\u0000${key}`).digest('hex').slice(0, 20)}`;
}

/** `departmentIds` as the service resolved the request's departments. */
function sameAlert(existing: Broadcast, request: AlertRequest, departmentIds: string[]): boolean {
    return (
        existing.source === 'api' &&
        existing.level === request.level &&
        existing.phenomenon === request.phenomenon &&
        existing.text === request.text &&
        [...existing.departments].sort().join(',') === [...departmentIds].sort().join(',')
    );
}

function codeOf(status: number): string {
    return (
        ({ 400: 'BadRequest', 404: 'NotFound', 409: 'Conflict', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType' } as Record<number, string>)[
            status
        ] ?? 'InternalError'
    );
}
