import { randomBytes } from 'crypto';

/** Random per process: two processes writing the same file never hand out the same etag. */
const processPrefix = randomBytes(6).toString('hex');
let sequence = 0;

/**
 * A fresh etag for an engine that does not make its own (SQLite): this process's random prefix, the time and
 * a counter. Unique without drawing random bytes per write (that showed up in the webhook's profile).
 */
export function newEtag(): string {
    sequence = (sequence + 1) % Number.MAX_SAFE_INTEGER;
    return `${Date.now().toString(36)}-${sequence.toString(36)}-${processPrefix}`;
}
