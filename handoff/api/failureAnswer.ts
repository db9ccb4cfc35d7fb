import type * as restify from 'restify';
import type { Logger } from '../../common/logger';
import { isStorageUnavailable } from '../../storage';

/**
 * What a client is told to wait after a storage outage: the ones the line rides out (a writer thread restarting, a
 * Cosmos DB failover, a throttled burst) last seconds, and an operator waiting longer loses time on a case.
 */
export const STORAGE_RETRY_AFTER_SECONDS = 5;

/**
 * Answers a request whose work failed with something the route did not map: a storage outage is 503 with
 * `Retry-After` and {code: 'StorageUnavailable'} ("retry in a moment", logged at warn: nothing to fix in the code);
 * anything else is a 500 whose details stay in the log (a bug). `where` names the part answering, for the log.
 * The outage is logged by its message only (it names the store call that failed): the whole error would carry its
 * cause, e.g. a Cosmos DB response, into the log.
 */
export function answerFailure(req: restify.Request, res: restify.Response, logger: Logger, error: unknown, where: string): void {
    const route = req.getRoute()?.path;
    if (isStorageUnavailable(error)) {
        logger.warn(
            { method: req.method, route, failure: error instanceof Error ? error.message : String(error) },
            `${where}: storage unavailable; answered 503, the client retries`
        );
        if (res.headersSent) return;
        res.header('Retry-After', String(STORAGE_RETRY_AFTER_SECONDS));
        res.send(503, {
            code: 'StorageUnavailable',
            message: `storage is unavailable for a moment; retry in ${STORAGE_RETRY_AFTER_SECONDS} seconds`
        });
        return;
    }
    logger.error({ err: error, method: req.method, route }, `${where}: request failed`);
    if (!res.headersSent) res.send(500, { code: 'InternalError', message: 'the request failed; see the server log' });
}
