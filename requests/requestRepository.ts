import { conversationPartition } from '../adapters/whatsapp';
import { departmentById } from '../dialogs';
import { BatchWrite, DocumentStore, FieldFilter, StoredDocument, isPreconditionFailed } from '../storage';
import { newRequestNumber } from './requestNumber';
import { INITIAL_REQUEST_STATE } from './stateMachine';
import { NewServiceRequest, RequestPage, RequestState, SERVICE_REQUEST_KIND, ServiceRequest } from './types';

/** Reserved request numbers: collection 'meta', partition = id = the number, so a number is issued once. */
interface RequestNumberReservation {
    kind: 'request_number';
    citizenKey: string;
}

/** The collection requests live in: the citizen's conversation partition, next to the outbox (see ServiceRequest). */
export const REQUESTS_COLLECTION = 'conversations' as const;

const MAX_NUMBER_ATTEMPTS = 8;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

export function requestDocId(number: string): string {
    return `request:${number}`;
}

/**
 * Service requests on the DocumentStore contract. A number is reserved first in 'meta' (conditional create; a taken
 * number is drawn again), then the request is created in the citizen's conversation partition. Changes of state are
 * committed with {@link commitChange}: the request under the etag it was read with, plus whatever must land with it
 * (the outbox entry telling the citizen), as one batch.
 */
export class RequestRepository {
    constructor(
        private readonly store: DocumentStore,
        private readonly generateNumber: () => string = newRequestNumber
    ) {}

    /**
     * Creates a request under a fresh number. A turn that runs again (its replies were never committed) creates
     * nothing new: the request made from the same citizen message (`sourceMessageId`) is returned.
     */
    async create(input: NewServiceRequest, now: Date): Promise<ServiceRequest> {
        const partitionKey = conversationPartition(input.citizenKey);
        if (input.sourceMessageId !== undefined) {
            const [existing] = await this.store.query<ServiceRequest>(REQUESTS_COLLECTION, {
                partitionKey,
                where: [
                    { field: 'kind', op: '=', value: SERVICE_REQUEST_KIND },
                    { field: 'sourceMessageId', op: '=', value: input.sourceMessageId }
                ],
                limit: 1
            });
            if (existing) return existing.value;
        }
        const department = departmentById(input.departmentId);
        if (!department) throw new Error(`RequestRepository.create(): no department ${JSON.stringify(input.departmentId)}`);
        const at = now.toISOString();
        for (let attempt = 0; attempt < MAX_NUMBER_ATTEMPTS; attempt++) {
            const number = this.generateNumber();
            try {
                await this.store.put<RequestNumberReservation>(
                    'meta',
                    { partitionKey: number, id: number, value: { kind: 'request_number', citizenKey: input.citizenKey } },
                    { ifNoneMatch: '*' }
                );
            } catch (error) {
                if (isPreconditionFailed(error)) continue;
                throw error;
            }
            const request: ServiceRequest = {
                kind: SERVICE_REQUEST_KIND,
                id: number,
                citizenKey: input.citizenKey,
                channelId: input.channelId,
                ...(input.conversationReference ? { conversationReference: input.conversationReference } : {}),
                name: input.name,
                departmentId: department.id,
                departmentName: department.name,
                address: input.address,
                requestKind: input.requestKind,
                description: input.description,
                ...(input.photo ? { photo: input.photo } : {}),
                state: INITIAL_REQUEST_STATE,
                revision: 0,
                history: [{ from: null, to: INITIAL_REQUEST_STATE, by: 'citizen', at }],
                createdAt: at,
                updatedAt: at,
                sortKey: `${at}|${number}`,
                ...(input.sourceMessageId !== undefined ? { sourceMessageId: input.sourceMessageId } : {})
            };
            await this.store.put(REQUESTS_COLLECTION, { partitionKey, id: requestDocId(number), value: request }, { ifNoneMatch: '*' });
            return request;
        }
        throw new Error(`RequestRepository.create(): no free request number after ${MAX_NUMBER_ATTEMPTS} attempts`);
    }

    /** A request by its number, with the etag to change it under; undefined when there is none. */
    async get(number: string): Promise<StoredDocument<ServiceRequest> | undefined> {
        const reservation = await this.store.get<RequestNumberReservation>('meta', number, number);
        if (!reservation || reservation.value.kind !== 'request_number') return undefined;
        return this.store.get<ServiceRequest>(REQUESTS_COLLECTION, conversationPartition(reservation.value.citizenKey), requestDocId(number));
    }

    /** A citizen's requests, newest first (one partition). */
    async listByCitizen(citizenKey: string): Promise<ServiceRequest[]> {
        const docs = await this.store.query<ServiceRequest>(REQUESTS_COLLECTION, {
            partitionKey: conversationPartition(citizenKey),
            where: [{ field: 'kind', op: '=', value: SERVICE_REQUEST_KIND }],
            orderBy: [{ field: 'sortKey', direction: 'desc' }]
        });
        return docs.map((doc) => doc.value);
    }

    /**
     * The supervisors' list: requests in `state` (every state when absent), newest first, `limit` at a time; `before`
     * is the previous page's `nextCursor` (keyset paging: a request created meanwhile never shifts a page).
     */
    async list(options: { state?: RequestState; limit?: number; before?: string } = {}): Promise<RequestPage> {
        const limit = Math.min(Math.max(1, options.limit ?? DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
        const where: FieldFilter[] = [{ field: 'kind', op: '=', value: SERVICE_REQUEST_KIND }];
        if (options.state) where.push({ field: 'state', op: '=', value: options.state });
        if (options.before) where.push({ field: 'sortKey', op: '<', value: options.before });
        const docs = await this.store.query<ServiceRequest>(REQUESTS_COLLECTION, {
            where,
            orderBy: [{ field: 'sortKey', direction: 'desc' }],
            limit: limit + 1
        });
        const requests = docs.slice(0, limit).map((doc) => doc.value);
        return docs.length > limit ? { requests, nextCursor: requests[requests.length - 1].sortKey } : { requests };
    }

    /**
     * Writes `next` over the request read as `current` (its etag), together with `alongside` (documents of the same
     * partition, e.g. the outbox entry of the notice), atomically.
     * @throws PreconditionFailedError when the request changed since it was read (then nothing was written).
     */
    async commitChange(
        current: StoredDocument<ServiceRequest>,
        next: ServiceRequest,
        alongside: BatchWrite<unknown>[] = []
    ): Promise<StoredDocument<ServiceRequest>> {
        const writes: BatchWrite<unknown>[] = [
            { partitionKey: current.partitionKey, id: current.id, value: next, condition: { ifMatch: current.etag } },
            ...alongside
        ];
        const [written] = await this.store.putBatch<unknown>(REQUESTS_COLLECTION, current.partitionKey, writes);
        return written as StoredDocument<ServiceRequest>;
    }
}
