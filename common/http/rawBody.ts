import type { IncomingMessage } from 'http';

/** The body's bytes, or 'too_large' the moment it is known to exceed `maxBytes` (the rest is discarded unread). */
export function readRawBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too_large'> {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
        req.resume();
        return Promise.resolve('too_large');
    }
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const onData = (chunk: Buffer): void => {
            size += chunk.length;
            if (size > maxBytes) {
                req.off('data', onData);
                chunks.length = 0;
                req.resume();
                resolve('too_large');
                return;
            }
            chunks.push(chunk);
        };
        req.on('data', onData);
        req.once('end', () => resolve(Buffer.concat(chunks)));
        req.once('error', reject);
    });
}
