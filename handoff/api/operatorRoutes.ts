import type * as restify from 'restify';
import type { Logger } from '../../common/logger';
import { jsonBody } from '../../server/createServer';
import { clientAddress } from '../../server/trustedProxies';
import { isStorageUnavailable } from '../../storage/documentStore';
import { isMediaId, MediaStore } from '../../storage/mediaStore';
import { MEDIA_SECURITY_HEADERS, presentMedia } from './mediaResponse';
import { actorOf, authenticate, authOf, requireSupervisor, sessionCookie } from '../auth/authenticate';
import { LoginThrottle } from '../auth/loginThrottle';
import { SessionService } from '../auth/sessionService';
import { CaseDetails, CaseService } from '../service/caseService';
import { TranscriptEntry } from '../types';
import { caseListQuery, createUserBody, loginBody, operatorMessageBody, resolveBody, updateUserBody } from '../validation/apiSchemas';
import { EventStreams } from './eventStream';
import { HttpError, parse, route } from './httpErrors';

export interface OperatorApiDeps {
    caseService: CaseService;
    sessions: SessionService;
    throttle: LoginThrottle;
    streams: EventStreams;
    logger: Logger;
    maxBodyBytes: number;
    mediaStore?: MediaStore;
}

const BASE = '/api/operator';

/**
 * Mounts the operator API. Every route but login checks the session; user management is for supervisors.
 * Bodies are JSON, validated with zod (400 naming the problem); unknown cases are 404; a lost race is 409;
 * storage that does not answer is 503 with Retry-After, the login included.
 */
export function mountOperatorApi(server: restify.Server, deps: OperatorApiDeps): void {
    const { caseService, sessions, throttle, logger } = deps;
    const body = jsonBody(deps.maxBodyBytes);
    const auth = authenticate(sessions, logger);
    const on = (fn: (req: restify.Request, res: restify.Response) => Promise<void>): restify.RequestHandler => route(logger, fn);

    server.post(`${BASE}/login`, ...body, on(async (req, res) => {
        const { username, password } = parse(loginBody, req.body);
        // Behind a proxy named in TRUST_PROXY, the address it forwarded: otherwise every operator would share the proxy's.
        const ip = clientAddress(req);
        const wait = throttle.begin(username, ip);
        if (wait > 0) throw new HttpError(429, 'TooManyRequests', 'too many failed logins; try again later', { 'Retry-After': String(wait) });
        const login = await sessions.login(username, password).catch((error: unknown) => {
            if (isStorageUnavailable(error)) throttle.forget(username, ip);
            throw error;
        });
        if (!login) {
            logger.warn({ ip }, 'operator login failed');
            throw new HttpError(401, 'Unauthorized', 'wrong username or password');
        }
        throttle.recordSuccess(username, ip);
        const maxAge = (Date.parse(login.expiresAt) - sessions.clock().getTime()) / 1000;
        res.header('Set-Cookie', sessionCookie(req, login.token, maxAge));
        res.header('Cache-Control', 'no-store');
        res.send(200, { token: login.token, csrfToken: login.csrfToken, expiresAt: login.expiresAt, user: login.user });
    }));

    server.post(`${BASE}/logout`, auth, on(async (req, res) => {
        await sessions.logout(authOf(req).operator.tokenHash);
        res.header('Set-Cookie', sessionCookie(req, '', 0));
        res.send(200, { loggedOut: true });
    }));

    server.get(`${BASE}/session`, auth, on(async (req, res) => {
        const { operator } = authOf(req);
        res.header('Cache-Control', 'no-store');
        res.send(200, {
            user: { username: operator.username, displayName: operator.displayName, role: operator.role },
            csrfToken: operator.csrfToken, expiresAt: operator.expiresAt
        });
    }));

    server.get(`${BASE}/cases`, auth, on(async (req, res) => {
        const { status } = parse(caseListQuery, req.query);
        res.send(200, { cases: await caseService.list(status) });
    }));

    server.get(`${BASE}/cases/:id`, auth, on(async (req, res) => {
        res.send(200, withMediaAndLocation(await caseService.get(caseIdOf(req))));
    }));

    server.post(`${BASE}/cases/:id/claim`, auth, on(async (req, res) => {
        res.send(200, { case: await caseService.claim(caseIdOf(req), actorOf(req)) });
    }));

    server.post(`${BASE}/cases/:id/messages`, auth, ...body, on(async (req, res) => {
        const { text, clientMessageId } = parse(operatorMessageBody, req.body);
        res.send(200, { message: await caseService.addOperatorMessage(caseIdOf(req), actorOf(req), text, clientMessageId) });
    }));

    server.post(`${BASE}/cases/:id/notes`, auth, ...body, on(async (req, res) => {
        const { text, clientMessageId } = parse(operatorMessageBody, req.body);
        res.send(200, { note: await caseService.addNote(caseIdOf(req), actorOf(req), text, clientMessageId) });
    }));

    server.post(`${BASE}/cases/:id/release`, auth, on(async (req, res) => {
        res.send(200, { case: await caseService.release(caseIdOf(req), actorOf(req)) });
    }));

    server.post(`${BASE}/cases/:id/resolve`, auth, ...body, on(async (req, res) => {
        const { outcome } = parse(resolveBody, req.body);
        res.send(200, { case: await caseService.resolve(caseIdOf(req), actorOf(req), outcome) });
    }));

    server.post(`${BASE}/cases/:id/return-to-bot`, auth, on(async (req, res) => {
        res.send(200, { case: await caseService.returnToBot(caseIdOf(req), actorOf(req)) });
    }));

    server.get(`${BASE}/events`, auth, deps.streams.handler());

    server.get(`${BASE}/media/:id`, auth, on(async (req, res) => {
        const id = String(req.params.id ?? '');
        const media = isMediaId(id) && deps.mediaStore ? await deps.mediaStore.get(id) : undefined;
        if (!media) throw new HttpError(404, 'NotFound', 'no such media');
        const shown = await presentMedia(id, media.bytes);
        res.writeHead(200, {
            ...MEDIA_SECURITY_HEADERS,
            'Content-Type': shown.contentType,
            'Content-Length': String(media.bytes.length),
            'Content-Disposition': shown.contentDisposition
        });
        res.end(media.bytes);
    }));

    server.get(`${BASE}/users`, auth, requireSupervisor, on(async (_req, res) => {
        res.send(200, { users: await sessions.listUsers() });
    }));

    server.post(`${BASE}/users`, auth, requireSupervisor, ...body, on(async (req, res) => {
        const input = parse(createUserBody, req.body);
        const user = await sessions.createUser(input);
        if (!user) throw new HttpError(409, 'Conflict', `the username ${input.username} is taken`);
        res.send(201, { user });
    }));

    server.patch(`${BASE}/users/:username`, auth, requireSupervisor, ...body, on(async (req, res) => {
        const changes = parse(updateUserBody, req.body);
        const username = String(req.params.username);
        if (username === authOf(req).operator.username && (changes.role === 'operator' || changes.active === false)) {
            throw new HttpError(409, 'Conflict', 'a supervisor cannot demote or disable their own account');
        }
        const user = await sessions.updateUser(username, changes);
        if (!user) throw new HttpError(404, 'NotFound', `no user ${username}`);
        res.send(200, { user });
    }));

    server.del(`${BASE}/users/:username`, auth, requireSupervisor, on(async (req, res) => {
        const username = String(req.params.username);
        if (username === authOf(req).operator.username) throw new HttpError(409, 'Conflict', 'a supervisor cannot delete their own account');
        if (!(await sessions.deleteUser(username))) throw new HttpError(404, 'NotFound', `no user ${username}`);
        res.send(200, { deleted: username });
    }));
}

function caseIdOf(req: restify.Request): string {
    const id = String(req.params.id ?? '');
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw new HttpError(404, 'NotFound', 'no such case');
    return id;
}

/** The case as the console shows it: plus every media link in one list and the latest known location. */
function withMediaAndLocation(details: CaseDetails): CaseDetails & {
    media: { messageId: string | null; contentType: string; url: string }[];
    location: unknown;
} {
    const media: { messageId: string | null; contentType: string; url: string }[] = [];
    // The report's photos: the first, and the rest of an album sent at once (morePhotos).
    for (const photo of [details.case.report.photo, ...(details.case.report.morePhotos ?? [])]) {
        if (photo?.contentUrl) media.push({ messageId: null, contentType: photo.contentType, url: photo.contentUrl });
    }
    for (const entry of details.transcript) {
        for (const item of [...(entry.images ?? []), ...(entry.otherMedia ?? [])]) {
            if (item.contentUrl) media.push({ messageId: entry.id, contentType: item.contentType, url: item.contentUrl });
        }
    }
    const shared = [...details.transcript].reverse().find((entry: TranscriptEntry) => entry.location)?.location;
    const reported = details.case.report.location;
    return { ...details, media, location: shared ? { kind: 'pin', ...shared } : reported ?? null };
}
