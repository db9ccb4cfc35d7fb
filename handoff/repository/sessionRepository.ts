import { createHash } from 'crypto';
import { DocumentStore } from '../../storage';
import { OperatorRole } from '../types';

/**
 * An operator session (collection 'sessions', partition = id = SHA-256 of the token). The raw token exists
 * only in the operator's cookie or header: a copy of the database does not let anyone log in.
 */
export interface OperatorSession {
    tokenHash: string;
    username: string;
    role: OperatorRole;
    /** Sent back in `X-CSRF-Token` on cookie-authenticated changes. */
    csrfToken: string;
    createdAt: string;
    expiresAt: string;
}

export function hashToken(token: string): string {
    return createHash('sha256').update(token, 'utf8').digest('hex');
}

export class SessionRepository {
    constructor(private readonly store: DocumentStore) {}

    async create(session: OperatorSession): Promise<void> {
        await this.store.put('sessions', { partitionKey: session.tokenHash, id: session.tokenHash, value: session }, { ifNoneMatch: '*' });
    }

    async findByToken(token: string): Promise<OperatorSession | undefined> {
        const tokenHash = hashToken(token);
        return (await this.store.get<OperatorSession>('sessions', tokenHash, tokenHash))?.value;
    }

    async findByHash(tokenHash: string): Promise<OperatorSession | undefined> {
        return (await this.store.get<OperatorSession>('sessions', tokenHash, tokenHash))?.value;
    }

    async deleteByToken(token: string): Promise<void> {
        const tokenHash = hashToken(token);
        await this.store.delete('sessions', tokenHash, tokenHash);
    }

    async deleteByHash(tokenHash: string): Promise<void> {
        await this.store.delete('sessions', tokenHash, tokenHash);
    }

    /** Every session of one user (to end them when the user is removed or their password changes). */
    async listByUser(username: string): Promise<OperatorSession[]> {
        const docs = await this.store.query<OperatorSession>('sessions', { where: [{ field: 'username', op: '=', value: username }] });
        return docs.map((d) => d.value);
    }

    /** The sessions of one user that have not expired at `nowIso` (to keep each account under its limit). */
    async listLiveByUser(username: string, nowIso: string): Promise<OperatorSession[]> {
        const docs = await this.store.query<OperatorSession>('sessions', {
            where: [
                { field: 'username', op: '=', value: username },
                { field: 'expiresAt', op: '>', value: nowIso }
            ]
        });
        return docs.map((d) => d.value);
    }

    /** Removes expired sessions; returns how many. */
    async deleteExpired(nowIso: string): Promise<number> {
        const docs = await this.store.query<OperatorSession>('sessions', { where: [{ field: 'expiresAt', op: '<=', value: nowIso }], limit: 500 });
        for (const doc of docs) await this.store.delete('sessions', doc.partitionKey, doc.id);
        return docs.length;
    }
}
