import * as restify from 'restify';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './jsonNesting';

/**
 * A JSON body parser with the configured size limit (413 above it, 400 for malformed JSON, 415 for a body that is
 * not JSON). Only JSON: restify's general bodyParser also takes multipart forms, which it streams to temporary files
 * past any size limit and never deletes, and form posts would let another site log a browser in.
 */
export function jsonBody(maxBodyBytes: number): restify.RequestHandler[] {
    const [readBody, parseJson] = restify.plugins.jsonBodyParser({
        maxBodySize: maxBodyBytes,
        mapParams: false
    } as restify.plugins.JsonBodyParserOptions);
    return [requireJsonContent, readBody, refuseDeepNesting, parseJson];
}

/** 400 for a body nested deeper than any the line takes, before JSON.parse spends the event loop on it. */
function refuseDeepNesting(req: restify.Request, res: restify.Response, next: restify.Next): void {
    const body: unknown = req.body;
    const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : '';
    if (jsonDepthExceeds(text)) {
        res.send(400, { code: 'BadRequest', message: `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels` });
        next(false);
        return;
    }
    next();
}

const JSON_CONTENT_TYPE = /^application\/([a-z0-9.+-]+\+)?json$/i;

function requireJsonContent(req: restify.Request, res: restify.Response, next: restify.Next): void {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim();
    if (hasBody && !JSON_CONTENT_TYPE.test(contentType)) {
        // The body is never read: the connection closes after this answer instead.
        res.header('Connection', 'close');
        res.send(415, { code: 'UnsupportedMediaType', message: 'the body must be JSON (Content-Type: application/json)' });
        next(false);
        return;
    }
    next();
}
