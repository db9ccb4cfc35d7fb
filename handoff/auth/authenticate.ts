import { timingSafeEqual } from 'crypto';
import type * as restify from 'restify';
import type { Logger } from '../../common/logger';
import { answerFailure } from '../api/failureAnswer';
import { sendError } from '../api/httpErrors';
import { ACCOUNT_TEXTS } from '../texts';
import { Actor } from '../types';
import { AuthenticatedOperator, SessionService } from './sessionService';

export const SESSION_COOKIE = 'linea_session';
export const CSRF_HEADER = 'x-csrf-token';

/** How the caller proved who they are: a cookie needs a CSRF header on changes, a Bearer token does not. */
export interface RequestAuth {
    operator: AuthenticatedOperator;
    via: 'cookie' | 'bearer';
}

const authByRequest = new WeakMap<restify.Request, RequestAuth>();

/** The authenticated operator of a request that passed {@link authenticate}. */
export function authOf(req: restify.Request): RequestAuth {
    const auth = authByRequest.get(req);
    if (!auth) throw new Error('authOf(): the route is not behind authenticate()');
    return auth;
}

export function actorOf(req: restify.Request): Actor {
    const { operator } = authOf(req);
    return { kind: 'operator', username: operator.username, role: operator.role };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The code of the 403 a user whose password someone else set gets everywhere but the few routes to change it. */
export const PASSWORD_CHANGE_REQUIRED = 'PasswordChangeRequired';

export interface AuthenticateOptions {
    /**
     * Let in a user who must still change a password someone else set (`mustChangePassword`): only the session,
     * logout and the password change itself. Every other route answers them 403 {@link PASSWORD_CHANGE_REQUIRED}.
     */
    duringPasswordChange?: boolean;
}

/**
 * Restify handler: a valid session (Bearer token or the session cookie) or 401; with the cookie, a change
 * (any method but GET/HEAD/OPTIONS) also needs `X-CSRF-Token` equal to the session's, or 403. A session that
 * could not be checked because storage did not answer is 503 (not 401: the console would log the operator out).
 * A user who must change their password gets 403 {@link PASSWORD_CHANGE_REQUIRED} unless the route allows it.
 */
export function authenticate(sessions: SessionService, logger: Logger, options: AuthenticateOptions = {}): restify.RequestHandler {
    return function authenticateOperator(req: restify.Request, res: restify.Response, next: restify.Next): void {
        const credential = credentialOf(req);
        if (!credential) {
            sendError(res, 401, 'Unauthorized', 'log in first');
            return next(false);
        }
        sessions.authenticate(credential.token).then(
            (operator) => {
                if (!operator) {
                    sendError(res, 401, 'Unauthorized', 'the session expired or is not valid; log in again');
                    return next(false);
                }
                if (credential.via === 'cookie' && !SAFE_METHODS.has(req.method ?? '') && !sameSecret(req.header(CSRF_HEADER), operator.csrfToken)) {
                    sendError(res, 403, 'Forbidden', `missing or wrong ${CSRF_HEADER} header`);
                    return next(false);
                }
                if (operator.mustChangePassword && !options.duringPasswordChange) {
                    sendError(res, 403, PASSWORD_CHANGE_REQUIRED, ACCOUNT_TEXTS.passwordChangeRequired);
                    return next(false);
                }
                authByRequest.set(req, { operator, via: credential.via });
                return next();
            },
            (error: unknown) => {
                answerFailure(req, res, logger, error, 'authenticate(): the session could not be checked');
                next(false);
            }
        );
    };
}

/** Restify handler after {@link authenticate}: supervisors only, 403 otherwise. */
export function requireSupervisor(req: restify.Request, res: restify.Response, next: restify.Next): void {
    if (authOf(req).operator.role !== 'supervisor') {
        sendError(res, 403, 'Forbidden', 'only a supervisor may do this');
        return next(false);
    }
    next();
}

function credentialOf(req: restify.Request): { token: string; via: 'cookie' | 'bearer' } | undefined {
    const authorization = req.header('authorization');
    if (authorization) {
        const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(authorization.trim());
        return match ? { token: match[1], via: 'bearer' } : undefined;
    }
    const token = readCookie(req.header('cookie'), SESSION_COOKIE);
    return token && /^[A-Za-z0-9_-]{20,200}$/.test(token) ? { token, via: 'cookie' } : undefined;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
    for (const part of (header ?? '').split(';')) {
        const index = part.indexOf('=');
        if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
    }
    return undefined;
}

/**
 * The session cookie: HttpOnly, SameSite=Strict, Secure when the request came over HTTPS, to this server or to a
 * proxy that says so in its first `X-Forwarded-Proto` value. That header is believed from anyone, TRUST_PROXY or
 * not: a forged `https` only makes the forger's own cookie stricter, and a TLS-terminating proxy left out of
 * TRUST_PROXY must not make the cookie travel over http://.
 */
export function sessionCookie(req: restify.Request, token: string, maxAgeSeconds: number): string {
    const secure = req.isSecure() || (req.header('x-forwarded-proto') ?? '').split(',')[0].trim() === 'https';
    return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}${secure ? '; Secure' : ''}`;
}

function sameSecret(given: string | undefined, expected: string): boolean {
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
}
