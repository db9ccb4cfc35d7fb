import { DocumentStore, isPreconditionFailed, StoredDocument } from '../../storage';
import { Availability, OperatorRole } from '../types';

/** An operator or supervisor (collection 'users', partition = id = username). */
export interface OperatorUser {
    username: string;
    displayName: string;
    role: OperatorRole;
    /** argon2id PHC string; never leaves the server. */
    passwordHash: string;
    active: boolean;
    createdAt: string;
    updatedAt: string;
    /**
     * The password was made up or set by someone else (a supervisor, the first start, the recovery command): every
     * route but the session, logout and the password change answers 403 PasswordChangeRequired until the user picks
     * their own. Absent on accounts stored before this existed: false.
     */
    mustChangePassword?: boolean;
    /**
     * Where the first start wrote this account's generated password (DATA_DIR/first-login.txt, simulator mode):
     * removed with this field when the password changes or the account is deleted. Never leaves the server.
     */
    firstLoginFile?: string;
    /** Whether the operator takes cases now (set by the operator). Absent on accounts stored before this: available. */
    availability?: Availability;
}

/** What the API shows of a user: everything but the hash and the server's own paths. */
export type PublicUser = Omit<OperatorUser, 'passwordHash' | 'firstLoginFile' | 'mustChangePassword' | 'availability'> & {
    mustChangePassword: boolean;
    availability: Availability;
};

export function publicUser(user: OperatorUser): PublicUser {
    const { passwordHash: _hash, firstLoginFile: _file, mustChangePassword, ...rest } = user;
    return { ...rest, mustChangePassword: mustChangePassword === true, availability: availabilityOf(user) };
}

export function availabilityOf(user: OperatorUser): Availability {
    return user.availability ?? 'available';
}

export function isActiveSupervisor(user: OperatorUser | undefined): boolean {
    return user?.role === 'supervisor' && user.active;
}

/**
 * The lock every change that can take away an active supervisor holds ('meta' collection): those changes touch
 * different documents (one per account), so without it two supervisors demoting each other at once would both see
 * the other still there, and both succeed.
 */
interface SupervisorChangeLock {
    holder: string;
    until: string;
}

const LOCK_ID = 'supervisor-change-lock';

export class UserRepository {
    constructor(private readonly store: DocumentStore) {}

    async get(username: string): Promise<StoredDocument<OperatorUser> | undefined> {
        return this.store.get<OperatorUser>('users', username, username);
    }

    /** @throws PreconditionFailedError when the username is taken. */
    async create(user: OperatorUser): Promise<StoredDocument<OperatorUser>> {
        return this.store.put('users', { partitionKey: user.username, id: user.username, value: user }, { ifNoneMatch: '*' });
    }

    /** @throws PreconditionFailedError when the user changed since read. */
    async update(user: OperatorUser, etag: string): Promise<StoredDocument<OperatorUser>> {
        return this.store.put('users', { partitionKey: user.username, id: user.username, value: user }, { ifMatch: etag });
    }

    /**
     * Deletes the account; with `etag`, only if it did not change since read.
     * @throws PreconditionFailedError when `etag` is given and the account changed.
     */
    async delete(username: string, etag?: string): Promise<boolean> {
        return this.store.delete('users', username, username, etag ? { ifMatch: etag } : undefined);
    }

    async list(): Promise<OperatorUser[]> {
        const docs = await this.store.query<OperatorUser>('users', { orderBy: [{ field: 'username', direction: 'asc' }] });
        return docs.map((d) => d.value);
    }

    async count(): Promise<number> {
        return this.store.count('users', {});
    }

    /** The supervisors who can log in. */
    async listActiveSupervisors(): Promise<OperatorUser[]> {
        const docs = await this.store.query<OperatorUser>('users', {
            where: [
                { field: 'role', op: '=', value: 'supervisor' },
                { field: 'active', op: '=', value: true }
            ],
            orderBy: [{ field: 'username', direction: 'asc' }]
        });
        return docs.map((d) => d.value);
    }

    /**
     * Takes the supervisor-change lock for `holder` until `untilIso`, if nobody holds it or the holder's time ran out
     * at `nowIso` (a server that died holding it). Conditional writes decide between two takers.
     * @returns the lock's etag, to give back to {@link unlockSupervisorChanges}; undefined when someone else holds it.
     */
    async lockSupervisorChanges(holder: string, nowIso: string, untilIso: string): Promise<string | undefined> {
        const lock = { partitionKey: 'meta', id: LOCK_ID, value: { holder, until: untilIso } };
        const current = await this.store.get<SupervisorChangeLock>('meta', 'meta', LOCK_ID);
        if (current && current.value.until > nowIso) return undefined;
        try {
            const taken = await this.store.put<SupervisorChangeLock>('meta', lock, current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
            return taken.etag;
        } catch (error) {
            if (isPreconditionFailed(error)) return undefined;
            throw error;
        }
    }

    /** Gives the lock back; nothing happens when it is no longer ours (it ran out and someone else took it). */
    async unlockSupervisorChanges(etag: string): Promise<void> {
        try {
            await this.store.delete('meta', 'meta', LOCK_ID, { ifMatch: etag });
        } catch (error) {
            if (!isPreconditionFailed(error)) throw error;
        }
    }
}
