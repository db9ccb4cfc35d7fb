import { randomUUID } from 'crypto';
import { DocumentStore } from '../storage';
import { HandoffRequest, HandoffRequester } from './handoffRequester';

/** A stored handoff request (collection 'handoffs', partition = citizen key). */
export interface StoredHandoffRequest extends HandoffRequest {
    kind: 'handoff_request';
    id: string;
}

/** Handoff requests as documents: the seam's stand-in until the handoff work's case queue lands. */
export class HandoffRequestRepository implements HandoffRequester {
    constructor(
        private readonly store: DocumentStore,
        private readonly newId: () => string = randomUUID
    ) {}

    async requestHandoff(request: HandoffRequest): Promise<void> {
        await this.add(request);
    }

    async add(request: HandoffRequest): Promise<StoredHandoffRequest> {
        const id = `request-${this.newId()}`;
        const value: StoredHandoffRequest = { kind: 'handoff_request', id, ...request };
        await this.store.put('handoffs', { partitionKey: request.citizenKey, id, value });
        return value;
    }

    /** A citizen's handoff requests, oldest first. */
    async listByCitizen(citizenKey: string): Promise<StoredHandoffRequest[]> {
        const docs = await this.store.query<StoredHandoffRequest>('handoffs', {
            partitionKey: citizenKey,
            where: [{ field: 'kind', op: '=', value: 'handoff_request' }],
            orderBy: [{ field: 'requestedAt', direction: 'asc' }]
        });
        return docs.map((d) => d.value);
    }
}
