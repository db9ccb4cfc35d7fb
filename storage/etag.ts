import { randomBytes } from 'crypto';

let sequence = 0;

/**
 * A fresh etag for an engine that does not make its own (SQLite): a process-unique counter plus random
 * bytes, so two processes writing the same file never hand out the same etag.
 */
export function newEtag(): string {
    sequence = (sequence + 1) % Number.MAX_SAFE_INTEGER;
    return `${Date.now().toString(36)}-${sequence.toString(36)}-${randomBytes(6).toString('hex')}`;
}
