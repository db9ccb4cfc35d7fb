import { DocumentStore, StoredDocument } from '../../storage/documentStore';
import { OperatorRole } from '../types';

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
}

/** What the API shows of a user: everything but the hash. */
export type PublicUser = Omit<OperatorUser, 'passwordHash'>;

export function publicUser(user: OperatorUser): PublicUser {
    const { passwordHash: _hash, ...rest } = user;
    return rest;
}

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

    async delete(username: string): Promise<boolean> {
        return this.store.delete('users', username, username);
    }

    async list(): Promise<OperatorUser[]> {
        const docs = await this.store.query<OperatorUser>('users', { orderBy: [{ field: 'username', direction: 'asc' }] });
        return docs.map((d) => d.value);
    }

    async count(): Promise<number> {
        return this.store.count('users', {});
    }
}
