import type * as restify from 'restify';
import { ZodType, z } from 'zod';
import type { Logger } from '../../common/logger';
import { ConflictError, ForbiddenError, NotFoundError, WindowClosedError } from '../service/errors';
import { describeIssues } from '../validation/apiSchemas';
import { answerFailure } from './failureAnswer';

/** An answer other than success, with the JSON body restify uses for its own errors: {code, message}. */
export class HttpError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
        readonly headers: Record<string, string> = {}
    ) {
        super(message);
        this.name = 'HttpError';
    }
}

export function sendError(res: restify.Response, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
    for (const [name, value] of Object.entries(headers)) res.header(name, value);
    res.send(status, { code, message });
}

/** Parses with a zod schema; a 400 naming every problem otherwise. */
export function parse<S extends ZodType>(schema: S, input: unknown): z.output<S> {
    const result = schema.safeParse(input ?? {});
    if (!result.success) throw new HttpError(400, 'BadRequest', describeIssues(result.error));
    return result.data as z.output<S>;
}

/**
 * Wraps an async route body as a restify handler with `next`, mapping the service's errors to statuses:
 * not found 404, conflict 409, forbidden 403; storage unreachable 503 with Retry-After; anything else is a 500
 * whose details stay in the log.
 */
export function route(logger: Logger, body: (req: restify.Request, res: restify.Response) => Promise<void>): restify.RequestHandler {
    return function operatorRoute(req: restify.Request, res: restify.Response, next: restify.Next): void {
        body(req, res).then(
            () => next(),
            (error: unknown) => {
                if (error instanceof HttpError) sendError(res, error.status, error.code, error.message, error.headers);
                else if (error instanceof NotFoundError) sendError(res, 404, 'NotFound', error.message);
                else if (error instanceof ConflictError) sendError(res, 409, 'Conflict', error.message);
                else if (error instanceof WindowClosedError) sendError(res, 409, 'WindowClosed', error.message);
                else if (error instanceof ForbiddenError) sendError(res, 403, 'Forbidden', error.message);
                else answerFailure(req, res, logger, error, 'operator API');
                next(false);
            }
        );
    };
}
