import type * as restify from 'restify';
import type { Logger } from '../../common/logger';
import { jsonBody } from '../../common/http/jsonBody';
import { clientAddress } from '../../common/http/trustedProxies';
import { isStorageUnavailable } from '../../storage';
import { isMediaId, MediaStore } from '../../storage';
import { MEDIA_SECURITY_HEADERS, presentMedia } from './mediaResponse';
import { AccountRuleError } from '../auth/accountErrors';
import { actorOf, authenticate, authOf, requireSupervisor, sessionCookie } from '../auth/authenticate';
import { LoginThrottle } from '../auth/loginThrottle';
import { PasswordCheckUnavailableError } from '../auth/passwordStrength';
import { normalizeUsername, SessionService } from '../auth/sessionService';
import { CaseDetails, CaseService } from '../service/caseService';
import type { OperatorTeam } from '../service/operatorTeam';
import { ACCOUNT_TEXTS } from '../texts';
import { TranscriptEntry } from '../types';
import {
    availabilityBody,
    cardEditBody,
    caseListQuery,
    changePasswordBody,
    createUserBody,
    loginBody,
    citizenReplyBody,
    operatorMessageBody,
    resolveBody,
    transferBody,
    updateUserBody
} from '../validation/apiSchemas';
import { departmentById, emergencyTypeById } from '../../dialogs';
import { EventStreams } from './eventStream';
import { HttpError, parse, route } from './httpErrors';

export interface OperatorApiDeps {
    caseService: CaseService;
    sessions: SessionService;
    throttle: LoginThrottle;
    streams: EventStreams;
    team: OperatorTeam;
    logger: Logger;
    maxBodyBytes: number;
    mediaStore?: MediaStore;
}

const LOGIN_MAX_BODY_BYTES = 16 * 1024;
const BASE = '/api/operator';

/**
 * Mounts the operator API. Every route but login checks the session; user management is for supervisors.
 * Bodies are JSON, validated with zod (400 naming the problem); unknown cases are 404; a lost race is 409;
 * storage that does not answer is 503 with Retry-After, the login included.
 */
export function mountOperatorApi(server: restify.Server, deps: OperatorApiDeps): void {
    const { caseService, sessions, throttle, logger, team } = deps;
    const body = jsonBody(deps.maxBodyBytes);
    const auth = authenticate(sessions, logger);
    // The session, logout and the password change: open to a user who must still replace a password someone else set.
    const authDuringPasswordChange = authenticate(sessions, logger, { duringPasswordChange: true });
    const on = (fn: (req: restify.Request, res: restify.Response) => Promise<void>): restify.RequestHandler => route(logger, fn);
    const onAccount = (fn: (req: restify.Request, res: restify.Response) => Promise<void>): restify.RequestHandler => on(accountAnswers(fn));

    // Anyone may call login: its body (a name and a password) is small, and so is what it may make the server read.
    server.post(
        `${BASE}/login`,
        ...jsonBody(Math.min(deps.maxBodyBytes, LOGIN_MAX_BODY_BYTES)),
        on(async (req, res) => {
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
            const maxAge = (Date.parse(login.expiresAt) - sessions.clock.now()) / 1000;
            res.header('Set-Cookie', sessionCookie(req, login.token, maxAge));
            res.header('Cache-Control', 'no-store');
            res.send(200, { token: login.token, csrfToken: login.csrfToken, expiresAt: login.expiresAt, user: login.user });
        })
    );

    server.post(
        `${BASE}/logout`,
        authDuringPasswordChange,
        on(async (req, res) => {
            await sessions.logout(authOf(req).operator.tokenHash);
            res.header('Set-Cookie', sessionCookie(req, '', 0));
            res.send(200, { loggedOut: true });
        })
    );

    server.get(
        `${BASE}/session`,
        authDuringPasswordChange,
        on(async (req, res) => {
            const { operator } = authOf(req);
            res.header('Cache-Control', 'no-store');
            res.send(200, {
                user: {
                    username: operator.username,
                    displayName: operator.displayName,
                    role: operator.role,
                    mustChangePassword: operator.mustChangePassword,
                    availability: operator.availability
                },
                csrfToken: operator.csrfToken,
                expiresAt: operator.expiresAt
            });
        })
    );

    // The operator's own password, knowing the current one; guesses of it count as failed logins (same limit).
    server.post(
        `${BASE}/password`,
        authDuringPasswordChange,
        ...body,
        onAccount(async (req, res) => {
            const { currentPassword, newPassword } = parse(changePasswordBody, req.body);
            const operator = authOf(req).operator;
            const ip = clientAddress(req);
            const wait = throttle.begin(operator.username, ip);
            if (wait > 0) throw new HttpError(429, 'TooManyRequests', 'too many failed attempts; try again later', { 'Retry-After': String(wait) });
            try {
                const user = await sessions.changeOwnPassword(operator, currentPassword, newPassword);
                throttle.recordSuccess(operator.username, ip);
                res.send(200, { user, message: ACCOUNT_TEXTS.passwordChanged });
            } catch (error) {
                // Only a wrong current password counts against the limit.
                if (!(error instanceof AccountRuleError && error.code === 'WrongPassword')) throttle.forget(operator.username, ip);
                else logger.warn({ ip, username: operator.username }, 'password change with a wrong current password');
                throw error;
            }
        })
    );

    // One's own availability only: a supervisor sees the others' but does not set it for them.
    server.put(
        `${BASE}/availability`,
        auth,
        ...body,
        on(async (req, res) => {
            const { availability } = parse(availabilityBody, req.body);
            res.send(200, { availability: await team.setAvailability(authOf(req).operator.username, availability) });
        })
    );

    // Supervisors: every active account with availability and cases held. Operators: only whom they may hand a case
    // to (available colleagues' usernames and names), which is what the transfer form needs and nothing more.
    server.get(
        `${BASE}/team`,
        auth,
        on(async (req, res) => {
            res.header('Cache-Control', 'no-store');
            if (authOf(req).operator.role === 'supervisor') res.send(200, { members: await team.members() });
            else res.send(200, { members: await team.transferTargets() });
        })
    );

    server.get(
        `${BASE}/cases`,
        auth,
        on(async (req, res) => {
            const { status } = parse(caseListQuery, req.query);
            res.send(200, { cases: await caseService.list(status) });
        })
    );

    server.get(
        `${BASE}/cases/:id`,
        auth,
        on(async (req, res) => {
            res.send(200, withMediaAndLocation(await caseService.get(caseIdOf(req))));
        })
    );

    server.post(
        `${BASE}/cases/:id/claim`,
        auth,
        on(async (req, res) => {
            res.send(200, { case: await caseService.claim(caseIdOf(req), actorOf(req)) });
        })
    );

    server.post(
        `${BASE}/cases/:id/messages`,
        auth,
        ...body,
        on(async (req, res) => {
            const { text, clientMessageId, asTemplate } = parse(citizenReplyBody, req.body);
            res.send(200, {
                message: await caseService.addOperatorMessage(caseIdOf(req), actorOf(req), text, clientMessageId, { asTemplate: asTemplate === true })
            });
        })
    );

    server.post(
        `${BASE}/cases/:id/notes`,
        auth,
        ...body,
        on(async (req, res) => {
            const { text, clientMessageId } = parse(operatorMessageBody, req.body);
            res.send(200, { note: await caseService.addNote(caseIdOf(req), actorOf(req), text, clientMessageId) });
        })
    );

    server.patch(
        `${BASE}/cases/:id/card`,
        auth,
        ...body,
        on(async (req, res) => {
            const edit = parse(cardEditBody, req.body);
            if (edit.departmentId && !departmentById(edit.departmentId))
                throw new HttpError(400, 'BadRequest', `departmentId: no department ${edit.departmentId}`);
            if (edit.emergencyTypeId && !emergencyTypeById(edit.emergencyTypeId))
                throw new HttpError(400, 'BadRequest', `emergencyTypeId: no type ${edit.emergencyTypeId}`);
            res.send(200, { case: await caseService.editCard(caseIdOf(req), actorOf(req), edit) });
        })
    );

    // The receiver must be an active account available now (404 / 409 saying so); who may transfer is the table's.
    server.post(
        `${BASE}/cases/:id/transfer`,
        auth,
        ...body,
        on(async (req, res) => {
            const { to, note } = parse(transferBody, req.body);
            const caseId = caseIdOf(req);
            const state = await team.receiverState(to);
            if (state === 'missing') throw new HttpError(404, 'NotFound', `no operator ${to}`);
            if (state !== 'available') {
                throw new HttpError(
                    409,
                    'NotAvailable',
                    `${to} ${state === 'break' ? 'está en pausa' : 'está fuera de turno'} y no puede recibir casos.`
                );
            }
            res.send(200, { case: await caseService.transfer(caseId, actorOf(req), to, note) });
        })
    );

    server.post(
        `${BASE}/cases/:id/release`,
        auth,
        on(async (req, res) => {
            res.send(200, { case: await caseService.release(caseIdOf(req), actorOf(req)) });
        })
    );

    server.post(
        `${BASE}/cases/:id/resolve`,
        auth,
        ...body,
        on(async (req, res) => {
            const { outcome } = parse(resolveBody, req.body);
            res.send(200, { case: await caseService.resolve(caseIdOf(req), actorOf(req), outcome) });
        })
    );

    server.post(
        `${BASE}/cases/:id/return-to-bot`,
        auth,
        on(async (req, res) => {
            res.send(200, { case: await caseService.returnToBot(caseIdOf(req), actorOf(req)) });
        })
    );

    server.get(`${BASE}/events`, auth, deps.streams.handler());

    server.get(
        `${BASE}/media/:id`,
        auth,
        on(async (req, res) => {
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
        })
    );

    server.get(
        `${BASE}/users`,
        auth,
        requireSupervisor,
        on(async (_req, res) => {
            res.send(200, { users: await sessions.listUsers() });
        })
    );

    // A password a supervisor sets is theirs, not the user's: the user must replace it at first login.
    server.post(
        `${BASE}/users`,
        auth,
        requireSupervisor,
        ...body,
        onAccount(async (req, res) => {
            const input = parse(createUserBody, req.body);
            const user = await sessions.createUser({ ...input, mustChangePassword: true });
            if (!user) throw new HttpError(409, 'Conflict', `the username ${input.username} is taken`);
            res.send(201, { user });
        })
    );

    // The account is named as it is stored (trimmed, lowercase): "JEFA" or " jefa" is jefa, for the rules too.
    server.patch(
        `${BASE}/users/:username`,
        auth,
        requireSupervisor,
        ...body,
        onAccount(async (req, res) => {
            const changes = parse(updateUserBody, req.body);
            const username = normalizeUsername(String(req.params.username));
            const user = await sessions.updateUser(username, changes, authOf(req).operator.username);
            if (!user) throw new HttpError(404, 'NotFound', `no user ${username}`);
            res.send(200, { user });
        })
    );

    server.del(
        `${BASE}/users/:username`,
        auth,
        requireSupervisor,
        onAccount(async (req, res) => {
            const username = normalizeUsername(String(req.params.username));
            if (!(await sessions.deleteUser(username, authOf(req).operator.username))) throw new HttpError(404, 'NotFound', `no user ${username}`);
            res.send(200, { deleted: username });
        })
    );
}

/**
 * The account rules' refusals as answers: their code, their status and their Spanish text (the console shows it as
 * it comes); a password that could not be judged is 503, like storage that does not answer.
 */
function accountAnswers(
    fn: (req: restify.Request, res: restify.Response) => Promise<void>
): (req: restify.Request, res: restify.Response) => Promise<void> {
    return async (req, res) => {
        try {
            await fn(req, res);
        } catch (error) {
            if (error instanceof AccountRuleError) throw new HttpError(error.status, error.code, error.text);
            if (error instanceof PasswordCheckUnavailableError) {
                throw new HttpError(503, 'PasswordCheckUnavailable', ACCOUNT_TEXTS.passwordCheckUnavailable, { 'Retry-After': '5' });
            }
            throw error;
        }
    };
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
    return { ...details, media, location: shared ? { kind: 'pin', ...shared } : (reported ?? null) };
}
