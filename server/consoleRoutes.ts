import * as path from 'path';
import * as restify from 'restify';
import { projectRoot } from '../common/projectRoot';

/**
 * What the console's pages may do: only their own scripts, styles and API, images from the API (the
 * citizen's photos), no inline script. A citizen's words rendered by mistake as HTML would still run nothing.
 */
const CONTENT_SECURITY_POLICY = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'"
].join('; ');

/** Serves the operator console (`console/`: static pages and their assets) under `/console`. */
export function mountConsole(server: restify.Server): void {
    const folder = path.join(projectRoot(), 'console');
    const files = restify.plugins.serveStaticFiles(folder, {
        maxAge: 0,
        setHeaders(res: { setHeader(name: string, value: string): void }) {
            res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
            res.setHeader('X-Content-Type-Options', 'nosniff');
            res.setHeader('Referrer-Policy', 'no-referrer');
            res.setHeader('Cache-Control', 'no-cache');
        }
    });
    server.get('/console', (_req: restify.Request, res: restify.Response, next: restify.Next) => {
        res.redirect(302, '/console/', next);
    });
    server.get('/console/*', files);
}
