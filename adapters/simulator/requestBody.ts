import * as restify from 'restify';

/**
 * A request's JSON object body, whether a body parser on the shared server already read it or not.
 * Undefined when it is not a JSON object; throws RangeError past `maxBytes`.
 */
export async function readJsonBody(req: restify.Request, maxBytes = 1024 * 1024): Promise<Record<string, unknown> | undefined> {
    let parsed: unknown = (req as { body?: unknown }).body;
    if (parsed === undefined) {
        const chunks: Buffer[] = [];
        let total = 0;
        for await (const chunk of req) {
            total += (chunk as Buffer).length;
            if (total > maxBytes) throw new RangeError(`readJsonBody(): the body is over ${maxBytes} bytes`);
            chunks.push(chunk as Buffer);
        }
        parsed = Buffer.concat(chunks);
    }
    if (Buffer.isBuffer(parsed) || typeof parsed === 'string') {
        try {
            parsed = JSON.parse(parsed.toString());
        } catch {
            return undefined;
        }
    }
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}
