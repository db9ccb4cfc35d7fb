import {
    BulkOperationType,
    Container,
    CosmosClient,
    CosmosClientOptions,
    Database,
    ErrorResponse,
    JSONObject,
    OperationInput,
    OperationResponse,
    SqlQuerySpec
} from '@azure/cosmos';
import type { Logger } from '../../common/logger';
import {
    BatchWrite,
    COLLECTIONS,
    CollectionName,
    DocumentQuery,
    DocumentStore,
    NewDocument,
    PreconditionFailedError,
    StorageEngineName,
    StorageUnavailableError,
    StoredDocument,
    WriteCondition
} from '../documentStore';
import { assertCondition, validateBatch, validateQuery } from '../queryValidation';
import { decodeCosmosId, encodeCosmosId } from './cosmosIds';
import { buildQuery, compareByOrder } from './cosmosQuery';

export interface CosmosDocumentStoreOptions {
    endpoint: string;
    key: string;
    databaseId: string;
    logger?: Logger;
    /**
     * Merged over the defaults. Tests pass an `agent` that trusts the local test server's self-signed
     * certificate; production passes nothing here and keeps TLS verification.
     */
    clientOptions?: Partial<CosmosClientOptions>;
    /**
     * RU/s shared by all containers, set when the database is created. Leave unset on serverless accounts.
     * On provisioned accounts, unset means each container gets its own minimum throughput.
     */
    databaseThroughput?: number;
    /**
     * Set ONLY for a server that does not roll back a failed transactional batch (@vercel/cosmosdb-server
     * 1.0.1 applies the operations before the failing one and keeps them). The store then checks every
     * batch condition with point reads before sending the batch, which makes a failing batch write nothing
     * unless another writer changes a document between the check and the batch. Real Cosmos DB never needs it.
     */
    nonAtomicBatchServer?: boolean;
}

/** What the container holds: the caller's id escaped (see cosmosIds.ts), the partition key, the value. */
interface CosmosItem {
    id: string;
    pk: string;
    value: unknown;
    _etag?: string;
}

type Operation = 'open' | 'get' | 'put' | 'putBatch' | 'delete' | 'query' | 'count' | 'ping';

/**
 * The Azure Cosmos DB for NoSQL engine (@azure/cosmos 4): one database, one container per collection,
 * partitioned on `/pk`; items are `{ id, pk, value }`. Every write's etag is Cosmos DB's `_etag`;
 * conditional writes use `IfMatch` and create-only; a batch is a transactional batch in one partition.
 *
 * Request units: every response's charge is added to {@link requestCharge}, so a benchmark can report
 * RUs per turn (read it before and after).
 *
 * @example
 * const store = await CosmosDocumentStore.open({ endpoint, key, databaseId: 'emergencias', logger });
 */
export class CosmosDocumentStore implements DocumentStore {
    readonly engine: StorageEngineName = 'cosmos';
    private totalRequestCharge = 0;
    private operationCount = 0;

    protected constructor(
        private readonly client: CosmosClient,
        private readonly database: Database,
        private readonly containers: ReadonlyMap<CollectionName, Container>,
        private readonly options: CosmosDocumentStoreOptions
    ) {}

    /** Connects, then creates the database and every collection's container when missing. */
    static async open(options: CosmosDocumentStoreOptions): Promise<CosmosDocumentStore> {
        const client = CosmosDocumentStore.createClient(options);
        let charge = 0;
        try {
            const databaseResponse = await client.databases.createIfNotExists({
                id: options.databaseId,
                ...(options.databaseThroughput ? { throughput: options.databaseThroughput } : {})
            });
            charge += databaseResponse.requestCharge ?? 0;
            const containers = new Map<CollectionName, Container>();
            // One after another: container creation is a control-plane call that real accounts throttle.
            for (const collection of COLLECTIONS) {
                const response = await databaseResponse.database.containers.createIfNotExists({ id: collection, partitionKey: { paths: ['/pk'] } });
                charge += response.requestCharge ?? 0;
                containers.set(collection, response.container);
            }
            const store = new CosmosDocumentStore(client, databaseResponse.database, containers, options);
            store.totalRequestCharge = charge;
            options.logger?.info(
                { engine: 'cosmos', databaseId: options.databaseId, containers: containers.size, requestCharge: charge },
                'cosmos document store open'
            );
            return store;
        } catch (error) {
            client.dispose();
            throw new StorageUnavailableError('CosmosDocumentStore.open()', error);
        }
    }

    /**
     * The seam to the outside world: the SDK client. 429 (throttled) responses are retried by the SDK
     * itself, honouring the server's retry-after, up to the limits below.
     */
    protected static createClient(options: CosmosDocumentStoreOptions): CosmosClient {
        const overrides = options.clientOptions ?? {};
        return new CosmosClient({
            ...overrides,
            endpoint: options.endpoint,
            key: options.key,
            userAgentSuffix: 'linea-emergencia',
            connectionPolicy: {
                ...overrides.connectionPolicy,
                retryOptions: {
                    maxRetryAttemptCount: 9,
                    maxWaitTimeInSeconds: 30,
                    fixedRetryIntervalInMilliseconds: 0,
                    ...overrides.connectionPolicy?.retryOptions
                }
            }
        });
    }

    /** Request units consumed by this store since it opened (including opening). */
    get requestCharge(): number {
        return this.totalRequestCharge;
    }

    /** Requests this store sent since it opened (data-plane operations, not counting opening). */
    get operations(): number {
        return this.operationCount;
    }

    async get<T>(collection: CollectionName, partitionKey: string, id: string): Promise<StoredDocument<T> | undefined> {
        const response = await this.call('get', () => this.container(collection).item(encodeCosmosId(id), partitionKey).read<CosmosItem>());
        this.charge(response.requestCharge);
        return response.statusCode === 404 || !response.resource ? undefined : toDocument<T>(response.resource);
    }

    async put<T>(collection: CollectionName, doc: NewDocument<T>, condition?: WriteCondition): Promise<StoredDocument<T>> {
        assertCondition('CosmosDocumentStore.put()', condition);
        const item = toItem(doc);
        const container = this.container(collection);
        const response = await this.call(
            'put',
            () => {
                if (condition?.ifNoneMatch === '*') return container.items.create<CosmosItem>(item);
                if (condition?.ifMatch !== undefined) {
                    return container
                        .item(item.id, item.pk)
                        .replace<CosmosItem>(item, { accessCondition: { type: 'IfMatch', condition: condition.ifMatch } });
                }
                return container.items.upsert<CosmosItem>(item);
            },
            `${collection}/${doc.id}`
        );
        this.charge(response.requestCharge);
        const etag = response.etag ?? response.resource?._etag;
        if (!etag) throw new StorageUnavailableError('CosmosDocumentStore.put()', new Error('the response carried no etag'));
        return { id: doc.id, partitionKey: doc.partitionKey, etag, value: (response.resource?.value ?? item.value) as T };
    }

    async putBatch<T>(collection: CollectionName, partitionKey: string, docs: BatchWrite<T>[]): Promise<StoredDocument<T>[]> {
        validateBatch('CosmosDocumentStore.putBatch()', partitionKey, docs);
        if (docs.length === 0) return [];
        if (this.options.nonAtomicBatchServer) await this.checkBatchConditions(collection, partitionKey, docs);
        const operations = docs.map((doc) => toBatchOperation(doc));
        const response = await this.call('putBatch', () => this.container(collection).items.batch(operations, partitionKey));
        this.charge(Number(response.headers?.['x-ms-request-charge'] ?? 0) || sumCharges(response.result));
        const results = response.result ?? [];
        const failedAt = results.findIndex((result) => result.statusCode >= 400 && result.statusCode !== 424);
        if (failedAt >= 0 || results.length !== docs.length) {
            if (results.some((result) => result.statusCode < 400)) {
                this.options.logger?.error(
                    { collection, partitionKey },
                    'CosmosDocumentStore.putBatch(): the server applied part of a failed transactional batch'
                );
            }
            const status = failedAt >= 0 ? results[failedAt].statusCode : response.code;
            const where = failedAt >= 0 ? `${collection}/${docs[failedAt].id}` : collection;
            if (status === 409 || status === 412 || status === 404) {
                throw new PreconditionFailedError('CosmosDocumentStore.putBatch()', `${where} (status ${status}); nothing was written`);
            }
            throw new StorageUnavailableError('CosmosDocumentStore.putBatch()', new Error(`${where}: batch failed with status ${String(status)}`));
        }
        return results.map((result, index) => fromBatchResult<T>(result, docs[index]));
    }

    async delete(collection: CollectionName, partitionKey: string, id: string, condition?: { ifMatch?: string }): Promise<boolean> {
        const item = this.container(collection).item(encodeCosmosId(id), partitionKey);
        const options = condition?.ifMatch !== undefined ? { accessCondition: { type: 'IfMatch', condition: condition.ifMatch } } : undefined;
        try {
            const response = await this.call('delete', () => item.delete(options), `${collection}/${id}`, { notFoundIsError: true });
            this.charge(response.requestCharge);
            return true;
        } catch (error) {
            if (error instanceof NotFound) return false;
            throw error;
        }
    }

    async query<T>(collection: CollectionName, query: DocumentQuery): Promise<StoredDocument<T>[]> {
        validateQuery('CosmosDocumentStore.query()', query);
        const { spec, sortInMemory } = buildQuery(query, 'documents');
        let docs = (await this.fetchAll<CosmosItem>('query', collection, spec, query.partitionKey)).map((item) => toDocument<T>(item));
        if (sortInMemory) {
            const compare = compareByOrder(query.orderBy ?? []);
            // Ties broken by partition then id, as the SQLite engine does.
            docs = docs.sort((a, b) => compare(a.value, b.value) || binaryCompare(a.partitionKey, b.partitionKey) || binaryCompare(a.id, b.id));
            if (query.limit !== undefined) docs = docs.slice(0, query.limit);
        }
        return docs;
    }

    async count(collection: CollectionName, query: DocumentQuery): Promise<number> {
        validateQuery('CosmosDocumentStore.count()', query);
        const { spec } = buildQuery(query, 'count');
        const counts = await this.fetchAll<number>('count', collection, spec, query.partitionKey);
        return counts.reduce((sum, n) => sum + n, 0);
    }

    async ping(): Promise<void> {
        const response = await this.call('ping', () => this.database.read());
        this.charge(response.requestCharge);
    }

    async close(): Promise<void> {
        this.client.dispose();
        this.options.logger?.info({ engine: 'cosmos', requestCharge: this.totalRequestCharge }, 'cosmos document store closed');
    }

    private async fetchAll<R>(operation: Operation, collection: CollectionName, spec: SqlQuerySpec, partitionKey: string | undefined): Promise<R[]> {
        const response = await this.call(operation, () =>
            this.container(collection)
                .items.query<R>(spec, partitionKey !== undefined ? { partitionKey } : {})
                .fetchAll()
        );
        this.charge(response.requestCharge);
        return response.resources;
    }

    /** Point-reads every conditioned document of a batch first; see `nonAtomicBatchServer`. */
    private async checkBatchConditions<T>(collection: CollectionName, partitionKey: string, docs: BatchWrite<T>[]): Promise<void> {
        for (const doc of docs) {
            if (!doc.condition?.ifMatch && !doc.condition?.ifNoneMatch) continue;
            const current = await this.get(collection, partitionKey, doc.id);
            const holds = doc.condition.ifNoneMatch === '*' ? current === undefined : current?.etag === doc.condition.ifMatch;
            if (!holds) {
                throw new PreconditionFailedError(
                    'CosmosDocumentStore.putBatch()',
                    `${collection}/${doc.id}: condition does not hold; nothing was written`
                );
            }
        }
    }

    private container(collection: CollectionName): Container {
        const container = this.containers.get(collection);
        if (!container) throw new Error(`CosmosDocumentStore: unknown collection ${JSON.stringify(collection)}`);
        return container;
    }

    private charge(requestCharge: number | undefined): void {
        this.totalRequestCharge += Number.isFinite(requestCharge) ? (requestCharge as number) : 0;
    }

    /**
     * Runs one SDK call and maps its failures: 409/412 (and 404 on a conditional write) to
     * PreconditionFailedError, 400 to a plain Error (a bug, not an outage), the rest to StorageUnavailableError.
     */
    private async call<R>(operation: Operation, send: () => Promise<R>, subject?: string, flags: { notFoundIsError?: boolean } = {}): Promise<R> {
        this.operationCount++;
        try {
            return await send();
        } catch (error) {
            const response = error as ErrorResponse;
            this.charge(response.requestCharge ?? Number(response.headers?.['x-ms-request-charge'] ?? 0));
            const where = `CosmosDocumentStore.${operation}()`;
            if (response.code === 404 && flags.notFoundIsError) throw new NotFound();
            if (response.code === 409 || response.code === 412 || (response.code === 404 && operation === 'put')) {
                throw new PreconditionFailedError(where, `${subject ?? ''} (status ${response.code})`);
            }
            if (response.code === 400) throw new Error(`${where}: bad request: ${response.message}`, { cause: error });
            throw new StorageUnavailableError(where, error);
        }
    }
}

/** Internal signal: a delete found nothing to delete. */
class NotFound extends Error {}

function toItem<T>(doc: NewDocument<T>): CosmosItem & JSONObject {
    return { id: encodeCosmosId(doc.id), pk: doc.partitionKey, value: doc.value ?? null };
}

function toDocument<T>(item: CosmosItem): StoredDocument<T> {
    return { id: decodeCosmosId(item.id), partitionKey: item.pk, etag: item._etag ?? '', value: item.value as T };
}

function toBatchOperation<T>(doc: BatchWrite<T>): OperationInput {
    const resourceBody = toItem(doc);
    // The partition key is also given per operation: the SDK supports it, and the test server requires it.
    if (doc.condition?.ifNoneMatch === '*') return { operationType: BulkOperationType.Create, partitionKey: doc.partitionKey, resourceBody };
    if (doc.condition?.ifMatch !== undefined) {
        return {
            operationType: BulkOperationType.Replace,
            partitionKey: doc.partitionKey,
            id: resourceBody.id,
            resourceBody,
            ifMatch: doc.condition.ifMatch
        };
    }
    return { operationType: BulkOperationType.Upsert, partitionKey: doc.partitionKey, resourceBody };
}

function fromBatchResult<T>(result: OperationResponse, doc: BatchWrite<T>): StoredDocument<T> {
    const body = result.resourceBody as CosmosItem | undefined;
    const etag = result.eTag ?? body?._etag;
    if (!etag) throw new StorageUnavailableError('CosmosDocumentStore.putBatch()', new Error(`no etag for ${doc.id}`));
    return { id: doc.id, partitionKey: doc.partitionKey, etag, value: (body?.value ?? doc.value) as T };
}

function binaryCompare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

function sumCharges(results: OperationResponse[] | undefined): number {
    return (results ?? []).reduce((sum, result) => sum + (result.requestCharge ?? 0), 0);
}
