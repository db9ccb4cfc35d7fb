import { randomBytes } from 'crypto';
import type { Logger } from '../../common/logger';
import { isPreconditionFailed } from '../../storage/documentStore';
import { ConflictError } from '../service/errors';
import { OperatorSession, SessionRepository, hashToken } from '../repository/sessionRepository';
import { OperatorUser, PublicUser, UserRepository, publicUser } from '../repository/userRepository';
import { Clock, OperatorRole, systemClock } from '../types';
import { PasswordHasher } from './passwordHasher';

export interface SessionServiceOptions {
    users: UserRepository;
    sessions: SessionRepository;
    hasher: PasswordHasher;
    logger: Logger;
    clock?: Clock;
    /** Absolute session lifetime: one shift (default 8 h). */
    sessionHours?: number;
}

export interface LoginResult {
    token: string;
    csrfToken: string;
    expiresAt: string;
    user: PublicUser;
}

/** Who is calling, once authenticated. */
export interface AuthenticatedOperator {
    username: string;
    role: OperatorRole;
    displayName: string;
    csrfToken: string;
    expiresAt: string;
    tokenHash: string;
}

/** Username rules: short, lowercase, no spaces, so it is safe in ids, logs and URLs. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,39}$/;

export function normalizeUsername(username: string): string {
    return username.trim().toLowerCase();
}

/** Logins, sessions and operator accounts. */
export class SessionService {
    readonly clock: Clock;
    private readonly sessionMs: number;
    /** Verified against when the username does not exist, so both failures take the same time. */
    private dummyHash: Promise<string> | undefined;
    private readonly endedListeners: ((tokenHash: string) => void)[] = [];

    constructor(private readonly options: SessionServiceOptions) {
        this.clock = options.clock ?? systemClock;
        this.sessionMs = (options.sessionHours ?? 8) * 3_600_000;
    }

    /** A session for the right password of an active user; undefined otherwise (which part was wrong is not said). */
    async login(username: string, password: string): Promise<LoginResult | undefined> {
        const doc = await this.options.users.get(normalizeUsername(username));
        if (!doc || !doc.value.active) {
            this.dummyHash ??= this.options.hasher.hash(randomBytes(16).toString('hex'));
            await this.options.hasher.verify(await this.dummyHash, password);
            return undefined;
        }
        if (!(await this.options.hasher.verify(doc.value.passwordHash, password))) return undefined;
        const token = randomBytes(32).toString('base64url');
        const now = this.clock();
        const session: OperatorSession = {
            tokenHash: hashToken(token),
            username: doc.value.username,
            role: doc.value.role,
            csrfToken: randomBytes(24).toString('base64url'),
            createdAt: now.toISOString(),
            expiresAt: new Date(now.getTime() + this.sessionMs).toISOString()
        };
        await this.options.sessions.create(session);
        this.options.logger.info({ username: session.username, role: session.role }, 'operator logged in');
        return { token, csrfToken: session.csrfToken, expiresAt: session.expiresAt, user: publicUser(doc.value) };
    }

    /**
     * The operator behind a token, if the session exists, has not expired and the user is still active.
     * The role is read from the user each time, so a change or removal takes effect at once.
     */
    async authenticate(token: string): Promise<AuthenticatedOperator | undefined> {
        const session = await this.options.sessions.findByToken(token);
        if (!session) return undefined;
        if (session.expiresAt <= this.clock().toISOString()) {
            await this.end(session.tokenHash);
            return undefined;
        }
        const user = (await this.options.users.get(session.username))?.value;
        if (!user || !user.active) return undefined;
        return {
            username: user.username, role: user.role, displayName: user.displayName,
            csrfToken: session.csrfToken, expiresAt: session.expiresAt, tokenHash: session.tokenHash
        };
    }

    async logout(tokenHash: string): Promise<void> {
        await this.end(tokenHash);
    }

    /**
     * Whether a session still stands: it exists (not logged out, not ended by an account change on any instance),
     * has not expired, and its user is still active. Long-lived connections (the live view) ask this as they go.
     */
    async isLive(tokenHash: string): Promise<boolean> {
        const session = await this.options.sessions.findByHash(tokenHash);
        if (!session || session.expiresAt <= this.clock().toISOString()) return false;
        return (await this.options.users.get(session.username))?.value.active === true;
    }

    /** Told the hash of every session this instance ends (logout, expiry, an account disabled or deleted). */
    onSessionEnded(listener: (tokenHash: string) => void): void {
        this.endedListeners.push(listener);
    }

    async listUsers(): Promise<PublicUser[]> {
        return (await this.options.users.list()).map(publicUser);
    }

    /** @returns undefined when the username is taken. */
    async createUser(input: { username: string; password: string; displayName?: string; role: OperatorRole }): Promise<PublicUser | undefined> {
        const now = this.clock().toISOString();
        const username = normalizeUsername(input.username);
        const user: OperatorUser = {
            username,
            displayName: input.displayName ?? username,
            role: input.role,
            passwordHash: await this.options.hasher.hash(input.password),
            active: true,
            createdAt: now,
            updatedAt: now
        };
        try {
            await this.options.users.create(user);
        } catch (error) {
            if (isPreconditionFailed(error)) return undefined;
            throw error;
        }
        this.options.logger.info({ username, role: user.role }, 'operator account created');
        return publicUser(user);
    }

    /** @returns undefined when there is no such user. Ends the user's sessions when the password or access changes. */
    async updateUser(
        username: string, changes: { password?: string; displayName?: string; role?: OperatorRole; active?: boolean }
    ): Promise<PublicUser | undefined> {
        const doc = await this.options.users.get(normalizeUsername(username));
        if (!doc) return undefined;
        const next: OperatorUser = { ...doc.value, updatedAt: this.clock().toISOString() };
        if (changes.displayName !== undefined) next.displayName = changes.displayName;
        if (changes.role !== undefined) next.role = changes.role;
        if (changes.active !== undefined) next.active = changes.active;
        if (changes.password !== undefined) next.passwordHash = await this.options.hasher.hash(changes.password);
        try {
            await this.options.users.update(next, doc.etag);
        } catch (error) {
            if (isPreconditionFailed(error)) throw new ConflictError('SessionService.updateUser()', `the account ${next.username} was changed by someone else at the same time; reload and try again`);
            throw error;
        }
        if (changes.password !== undefined || changes.active === false) await this.endSessionsOf(next.username);
        this.options.logger.info({ username: next.username, changed: Object.keys(changes) }, 'operator account updated');
        return publicUser(next);
    }

    async deleteUser(username: string): Promise<boolean> {
        const name = normalizeUsername(username);
        const deleted = await this.options.users.delete(name);
        if (deleted) {
            await this.endSessionsOf(name);
            this.options.logger.info({ username: name }, 'operator account deleted');
        }
        return deleted;
    }

    /** Removes sessions past their expiry (an operator who never logs out leaves one per shift). */
    async sweepExpired(): Promise<number> {
        let removed = 0;
        for (;;) {
            const batch = await this.options.sessions.deleteExpired(this.clock().toISOString());
            removed += batch;
            if (batch === 0) return removed;
        }
    }

    /** Creates the first supervisor from ADMIN_USERNAME / ADMIN_PASSWORD when no user exists yet. */
    async ensureFirstSupervisor(admin: { username: string; password: string } | undefined): Promise<boolean> {
        if (!admin || (await this.options.users.count()) > 0) return false;
        const created = await this.createUser({ username: admin.username, password: admin.password, role: 'supervisor' });
        return created !== undefined;
    }

    private async endSessionsOf(username: string): Promise<void> {
        for (const session of await this.options.sessions.listByUser(username)) await this.end(session.tokenHash);
    }

    private async end(tokenHash: string): Promise<void> {
        await this.options.sessions.deleteByHash(tokenHash);
        for (const listener of this.endedListeners) listener(tokenHash);
    }
}
