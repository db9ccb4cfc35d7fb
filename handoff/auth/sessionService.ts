import { randomBytes, randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Logger } from '../../common/logger';
import { isPreconditionFailed, StoredDocument } from '../../storage';
import { ConflictError, NotFoundError } from '../service/errors';
import { OperatorSession, SessionRepository, hashToken } from '../repository/sessionRepository';
import { availabilityOf, isActiveSupervisor, OperatorUser, PublicUser, UserRepository, publicUser } from '../repository/userRepository';
import { ACCOUNT_TEXTS } from '../texts';
import { Availability, Clock, OperatorRole, systemClock } from '../types';
import { AccountRuleError, lastSupervisor, ownAccount, weakPassword } from './accountErrors';
import { PasswordHasher } from './passwordHasher';
import { passwordUserInputs } from './passwordPolicy';
import { PasswordStrength, sharedPasswordStrength } from './passwordStrength';

/** Where a first login made for the simulator is written (never to the logs); deleted when its password changes. */
export const FIRST_LOGIN_FILE = 'first-login.txt';

export interface SessionServiceOptions {
    users: UserRepository;
    sessions: SessionRepository;
    hasher: PasswordHasher;
    logger: Logger;
    clock?: Clock;
    /** Absolute session lifetime: one shift (default 8 h). */
    sessionHours?: number;
    /** Judges every new password (default: the process's worker thread, off the event loop; see passwordStrength.ts). */
    passwordStrength?: PasswordStrength;
    /** Sessions one account may hold at once (default {@link DEFAULT_MAX_SESSIONS_PER_USER}). */
    maxSessionsPerUser?: number;
}

/** The first supervisor: ADMIN_USERNAME / ADMIN_PASSWORD, or made up at the first start in simulator mode. */
export interface FirstSupervisorLogin {
    username: string;
    password: string;
    /**
     * Where the made-up password was written (DATA_DIR/first-login.txt). Set: the supervisor must change the
     * password at first login, and the file is removed when they do.
     */
    loginFile?: string;
}

/** One console per workstation and a few spares; see {@link SessionService.endSessionsBeyondLimit} for why the oldest go. */
export const DEFAULT_MAX_SESSIONS_PER_USER = 20;

/** How long a change that may take away a supervisor holds the supervisor-change lock at most (a dead server's runs out). */
const SUPERVISOR_LOCK_MS = 30_000;
/** Tries to take that lock before answering 409 SupervisorChangeBusy (about 3.6 s of waiting in all). */
const SUPERVISOR_LOCK_TRIES = 20;

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
    /** The password was set by someone else: only the session, logout and the password change are open. */
    mustChangePassword: boolean;
    /** Read from the account with the role, at each request. */
    availability: Availability;
}

/** What a supervisor may change in an account (PATCH /users/:username). */
export interface AccountChanges {
    password?: string;
    displayName?: string;
    role?: OperatorRole;
    active?: boolean;
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
    private readonly strength: PasswordStrength;
    private readonly maxSessionsPerUser: number;

    constructor(private readonly options: SessionServiceOptions) {
        this.clock = options.clock ?? systemClock;
        this.sessionMs = (options.sessionHours ?? 8) * 3_600_000;
        this.strength = options.passwordStrength ?? sharedPasswordStrength();
        this.maxSessionsPerUser = options.maxSessionsPerUser ?? DEFAULT_MAX_SESSIONS_PER_USER;
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
        const now = new Date(this.clock.now());
        const session: OperatorSession = {
            tokenHash: hashToken(token),
            username: doc.value.username,
            role: doc.value.role,
            csrfToken: randomBytes(24).toString('base64url'),
            createdAt: now.toISOString(),
            expiresAt: new Date(now.getTime() + this.sessionMs).toISOString()
        };
        await this.options.sessions.create(session);
        // The login stands once its session is written; keeping the account under its limit is tidying up after it.
        await this.endSessionsBeyondLimit(session).catch((error: unknown) =>
            this.options.logger.warn(
                { err: error, username: session.username },
                'older sessions past the limit could not be ended; the next login tries again'
            )
        );
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
        if (session.expiresAt <= new Date(this.clock.now()).toISOString()) {
            await this.end(session.tokenHash);
            return undefined;
        }
        const user = (await this.options.users.get(session.username))?.value;
        if (!user || !user.active) return undefined;
        return {
            username: user.username,
            role: user.role,
            displayName: user.displayName,
            csrfToken: session.csrfToken,
            expiresAt: session.expiresAt,
            tokenHash: session.tokenHash,
            mustChangePassword: user.mustChangePassword === true,
            availability: availabilityOf(user)
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
        if (!session || session.expiresAt <= new Date(this.clock.now()).toISOString()) return false;
        return (await this.options.users.get(session.username))?.value.active === true;
    }

    /** Told the hash of every session this instance ends (logout, expiry, an account disabled or deleted). */
    onSessionEnded(listener: (tokenHash: string) => void): void {
        this.endedListeners.push(listener);
    }

    async listUsers(): Promise<PublicUser[]> {
        return (await this.options.users.list()).map(publicUser);
    }

    /**
     * A new account. `mustChangePassword`: the password is someone else's choice (a supervisor's), so the user must
     * replace it at first login; the API always sets it.
     * @returns undefined when the username is taken.
     * @throws AccountRuleError WeakPassword.
     */
    async createUser(input: {
        username: string;
        password: string;
        displayName?: string;
        role: OperatorRole;
        mustChangePassword?: boolean;
    }): Promise<PublicUser | undefined> {
        return this.createAccount(input);
    }

    /**
     * Changes an account as the supervisor `by` asks (undefined: the line itself). A password set here is someone
     * else's choice, so its owner must change it at first login, unless `by` is the owner. A change that takes away
     * an active supervisor (role operator, active false) is refused for one's own account, and for the last active
     * supervisor whoever asks.
     * @returns undefined when there is no such user. Ends the user's sessions when the password or access changes.
     * @throws AccountRuleError WeakPassword, OwnAccount, LastSupervisor, SupervisorChangeBusy; ConflictError.
     */
    async updateUser(username: string, changes: AccountChanges, by?: string): Promise<PublicUser | undefined> {
        const where = 'SessionService.updateUser()';
        const name = normalizeUsername(username);
        const takesAway = changes.role === 'operator' || changes.active === false;
        if (takesAway && by !== undefined && normalizeUsername(by) === name) throw await this.refusalOfOwn(where, name);
        let passwordHash: string | undefined;
        if (changes.password !== undefined) {
            const before = await this.options.users.get(name);
            if (!before) return undefined;
            await this.requireStrong(where, changes.password, { username: name, displayName: changes.displayName ?? before.value.displayName });
            passwordHash = await this.options.hasher.hash(changes.password);
        }
        const updated = await this.changeAccount(where, name, takesAway, async (doc) => {
            const next: OperatorUser = { ...doc.value, updatedAt: new Date(this.clock.now()).toISOString() };
            if (changes.displayName !== undefined) next.displayName = changes.displayName;
            if (changes.role !== undefined) next.role = changes.role;
            if (changes.active !== undefined) next.active = changes.active;
            if (passwordHash !== undefined) {
                next.passwordHash = passwordHash;
                next.mustChangePassword = by === undefined || normalizeUsername(by) !== name;
                delete next.firstLoginFile;
            }
            await this.write(where, next, doc.etag);
            return { before: doc.value, next };
        });
        if (!updated) return undefined;
        if (changes.password !== undefined || changes.active === false) await this.endSessionsOf(name);
        if (passwordHash !== undefined) await this.removeFirstLoginFile(updated.before);
        this.options.logger.info({ username: name, changed: Object.keys(changes), by }, 'operator account updated');
        return publicUser(updated.next);
    }

    /**
     * Deletes an account as the supervisor `by` asks: not one's own, and not the last active supervisor.
     * @throws AccountRuleError OwnAccount, LastSupervisor, SupervisorChangeBusy; ConflictError.
     */
    async deleteUser(username: string, by?: string): Promise<boolean> {
        const where = 'SessionService.deleteUser()';
        const name = normalizeUsername(username);
        if (by !== undefined && normalizeUsername(by) === name) throw await this.refusalOfOwn(where, name);
        const deleted = await this.changeAccount(where, name, true, async (doc) => {
            try {
                return (await this.options.users.delete(name, doc.etag)) ? doc.value : undefined;
            } catch (error) {
                if (isPreconditionFailed(error))
                    throw new ConflictError(where, `the account ${name} was changed by someone else at the same time; reload and try again`);
                throw error;
            }
        });
        if (!deleted) return false;
        await this.endSessionsOf(name);
        await this.removeFirstLoginFile(deleted);
        this.options.logger.info({ username: name, by }, 'operator account deleted');
        return true;
    }

    /**
     * The signed-in operator replaces their own password, knowing the current one: this is how a password someone
     * else set (`mustChangePassword`) is replaced. The operator's other sessions end; this one goes on.
     * @throws AccountRuleError WrongPassword, SamePassword, WeakPassword; ConflictError; NotFoundError.
     */
    async changeOwnPassword(
        operator: Pick<AuthenticatedOperator, 'username' | 'tokenHash'>,
        currentPassword: string,
        newPassword: string
    ): Promise<PublicUser> {
        const where = 'SessionService.changeOwnPassword()';
        const doc = await this.options.users.get(operator.username);
        if (!doc || !doc.value.active) throw new NotFoundError(where, `no active user ${operator.username}`);
        if (!(await this.options.hasher.verify(doc.value.passwordHash, currentPassword))) {
            throw new AccountRuleError(where, 'WrongPassword', 403, ACCOUNT_TEXTS.wrongCurrentPassword);
        }
        if (newPassword === currentPassword) throw new AccountRuleError(where, 'SamePassword', 400, ACCOUNT_TEXTS.samePassword);
        await this.requireStrong(where, newPassword, doc.value);
        const next: OperatorUser = {
            ...doc.value,
            passwordHash: await this.options.hasher.hash(newPassword),
            mustChangePassword: false,
            updatedAt: new Date(this.clock.now()).toISOString()
        };
        delete next.firstLoginFile;
        await this.write(where, next, doc.etag);
        for (const session of await this.options.sessions.listByUser(next.username)) {
            if (session.tokenHash !== operator.tokenHash) await this.end(session.tokenHash);
        }
        await this.removeFirstLoginFile(doc.value);
        this.options.logger.info({ username: next.username }, 'operator changed their own password');
        return publicUser(next);
    }

    /**
     * The recovery command (`npm run create-supervisor`): makes `username` an active supervisor with this password,
     * creating the account or re-activating and promoting it. The password is handed over by whoever ran the command,
     * so it must be changed at first login. The account's sessions end.
     * @throws AccountRuleError WeakPassword; ConflictError when the account changed at the same moment.
     */
    async restoreSupervisor(input: { username: string; password: string; displayName?: string }): Promise<{ user: PublicUser; created: boolean }> {
        const where = 'SessionService.restoreSupervisor()';
        const name = normalizeUsername(input.username);
        const existing = await this.options.users.get(name);
        await this.requireStrong(where, input.password, { username: name, displayName: input.displayName ?? existing?.value.displayName });
        if (!existing) {
            const user = await this.createAccount({ ...input, username: name, role: 'supervisor', mustChangePassword: true });
            if (!user) throw new ConflictError(where, `the account ${name} was created by someone else at the same time; run the command again`);
            return { user, created: true };
        }
        const next: OperatorUser = {
            ...existing.value,
            role: 'supervisor',
            active: true,
            mustChangePassword: true,
            passwordHash: await this.options.hasher.hash(input.password),
            updatedAt: new Date(this.clock.now()).toISOString(),
            ...(input.displayName ? { displayName: input.displayName } : {})
        };
        delete next.firstLoginFile;
        await this.write(where, next, existing.etag);
        await this.endSessionsOf(name);
        await this.removeFirstLoginFile(existing.value);
        this.options.logger.info({ username: name }, 'supervisor restored by the recovery command');
        return { user: publicUser(next), created: false };
    }

    /** Removes sessions past their expiry (an operator who never logs out leaves one per shift). */
    async sweepExpired(): Promise<number> {
        let removed = 0;
        for (;;) {
            const batch = await this.options.sessions.deleteExpired(new Date(this.clock.now()).toISOString());
            removed += batch;
            if (batch === 0) return removed;
        }
    }

    /**
     * Creates the first supervisor when no user exists yet: from ADMIN_USERNAME / ADMIN_PASSWORD (their installer's
     * own choice, already judged by config.ts), or the one made up in simulator mode, which must change its password
     * at first login (its file is removed then).
     */
    async ensureFirstSupervisor(admin: FirstSupervisorLogin | undefined): Promise<boolean> {
        if (!admin || (await this.options.users.count()) > 0) return false;
        const created = await this.createAccount({
            username: admin.username,
            password: admin.password,
            role: 'supervisor',
            mustChangePassword: admin.loginFile !== undefined,
            ...(admin.loginFile !== undefined ? { firstLoginFile: admin.loginFile } : {})
        });
        return created !== undefined;
    }

    private async createAccount(input: {
        username: string;
        password: string;
        displayName?: string;
        role: OperatorRole;
        mustChangePassword?: boolean;
        firstLoginFile?: string;
    }): Promise<PublicUser | undefined> {
        const where = 'SessionService.createUser()';
        const now = new Date(this.clock.now()).toISOString();
        const username = normalizeUsername(input.username);
        await this.requireStrong(where, input.password, { username, displayName: input.displayName });
        const user: OperatorUser = {
            username,
            displayName: input.displayName ?? username,
            role: input.role,
            passwordHash: await this.options.hasher.hash(input.password),
            active: true,
            createdAt: now,
            updatedAt: now,
            mustChangePassword: input.mustChangePassword === true,
            ...(input.firstLoginFile !== undefined ? { firstLoginFile: input.firstLoginFile } : {})
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

    /** Why a supervisor may not take away their own account: the last one is told so, the others to ask a colleague. */
    private async refusalOfOwn(where: string, name: string): Promise<AccountRuleError> {
        const others = (await this.options.users.listActiveSupervisors()).filter((user) => user.username !== name);
        return others.length === 0 ? lastSupervisor(where) : ownAccount(where);
    }

    /** @throws AccountRuleError WeakPassword, saying why in Spanish. */
    private async requireStrong(where: string, password: string, account: { username: string; displayName?: string | undefined }): Promise<void> {
        const verdict = await this.strength.judge(password, passwordUserInputs(account));
        if (!verdict.acceptable) throw weakPassword(where, verdict.reason ?? ACCOUNT_TEXTS.weakPassword);
    }

    private async write(where: string, next: OperatorUser, etag: string): Promise<void> {
        try {
            await this.options.users.update(next, etag);
        } catch (error) {
            if (isPreconditionFailed(error))
                throw new ConflictError(where, `the account ${next.username} was changed by someone else at the same time; reload and try again`);
            throw error;
        }
    }

    /**
     * Runs `change` on the account as stored. When it may take away an active supervisor (`takesAway`) and the account
     * is one, it runs under the supervisor-change lock, after checking that another active supervisor remains: two
     * such changes on two accounts (two supervisors demoting each other) then run one after the other, and the second
     * finds the first done. Every write names the etag read, so a change made meanwhile without the lock (a promotion,
     * a new name) makes this one a 409 rather than being overwritten.
     *
     * What is left: the lock runs out after 30 s, so a server stalled longer than that between taking it and writing
     * (storage hanging mid-change) can overlap with the next holder. On Cosmos DB the count of supervisors is a
     * cross-partition query; with the account's default Session consistency, an instance could in principle read a
     * replica a moment behind another instance's change (Strong consistency closes that). Either way the recovery
     * command (`npm run create-supervisor`) restores a supervisor.
     * @returns undefined when there is no such account.
     */
    private async changeAccount<T>(
        where: string,
        name: string,
        takesAway: boolean,
        change: (doc: StoredDocument<OperatorUser>) => Promise<T>
    ): Promise<T | undefined> {
        const doc = await this.options.users.get(name);
        if (!doc) return undefined;
        if (!takesAway || !isActiveSupervisor(doc.value)) return change(doc);
        return this.withSupervisorLock(where, async () => {
            const current = await this.options.users.get(name);
            if (!current) return undefined;
            if (isActiveSupervisor(current.value)) {
                const others = (await this.options.users.listActiveSupervisors()).filter((user) => user.username !== name);
                if (others.length === 0) throw lastSupervisor(where);
            }
            return change(current);
        });
    }

    private async withSupervisorLock<T>(where: string, work: () => Promise<T>): Promise<T> {
        const holder = randomUUID();
        let etag: string | undefined;
        for (let attempt = 0; attempt < SUPERVISOR_LOCK_TRIES && etag === undefined; attempt++) {
            if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(25 * attempt, 250)));
            const now = new Date(this.clock.now());
            etag = await this.options.users.lockSupervisorChanges(
                holder,
                now.toISOString(),
                new Date(now.getTime() + SUPERVISOR_LOCK_MS).toISOString()
            );
        }
        if (etag === undefined) throw new AccountRuleError(where, 'SupervisorChangeBusy', 409, ACCOUNT_TEXTS.supervisorChangeBusy);
        try {
            return await work();
        } finally {
            await this.options.users
                .unlockSupervisorChanges(etag)
                .catch((error: unknown) =>
                    this.options.logger.warn({ err: error }, 'the supervisor-change lock could not be given back; it runs out by itself within 30 s')
                );
        }
    }

    /**
     * Keeps an account at {@link DEFAULT_MAX_SESSIONS_PER_USER} sessions (or as configured): a login past the limit
     * ends that account's oldest sessions. Refusing the login instead would keep the operator at the keyboard out of
     * an emergency line because of sessions left open elsewhere (a shared computer, a lost phone), which nobody can end
     * without logging in; and whoever learned the password could fill the slots to keep its owner out. Ending the
     * oldest does not ping-pong: a console whose session ended shows the login screen and does not log in by itself.
     * Two logins at the same instant may each count the other's session and end one too many or too few; the next
     * login corrects it.
     */
    private async endSessionsBeyondLimit(latest: OperatorSession): Promise<void> {
        const live = await this.options.sessions.listLiveByUser(latest.username, new Date(this.clock.now()).toISOString());
        if (live.length <= this.maxSessionsPerUser) return;
        const newestFirst = [...live].sort(
            (a, b) =>
                (a.tokenHash === latest.tokenHash ? -1 : 0) - (b.tokenHash === latest.tokenHash ? -1 : 0) ||
                b.createdAt.localeCompare(a.createdAt) ||
                a.tokenHash.localeCompare(b.tokenHash)
        );
        const ended = newestFirst.slice(this.maxSessionsPerUser);
        for (const session of ended) await this.end(session.tokenHash);
        this.options.logger.info(
            { username: latest.username, ended: ended.length, limit: this.maxSessionsPerUser },
            'oldest sessions ended: too many open for one account'
        );
    }

    /** The first start's login file, once the password in it no longer works (never anything else: the name is checked). */
    private async removeFirstLoginFile(user: OperatorUser): Promise<void> {
        const file = user.firstLoginFile;
        if (!file || path.basename(file) !== FIRST_LOGIN_FILE) return;
        try {
            await fs.promises.rm(file, { force: true });
            this.options.logger.info({ file, username: user.username }, 'first login file removed: its password was changed');
        } catch (error) {
            this.options.logger.warn({ err: error, file }, 'the first login file could not be removed; remove it by hand');
        }
    }

    private async endSessionsOf(username: string): Promise<void> {
        for (const session of await this.options.sessions.listByUser(username)) await this.end(session.tokenHash);
    }

    private async end(tokenHash: string): Promise<void> {
        await this.options.sessions.deleteByHash(tokenHash);
        for (const listener of this.endedListeners) listener(tokenHash);
    }
}
