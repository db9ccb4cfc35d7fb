import { assertFieldPath, BatchWrite, DocumentQuery, FieldValue, InvalidBatchError, WriteCondition } from './documentStore';

/**
 * The most documents one `putBatch` may write. Cosmos DB refuses transactional batches above 100
 * operations; SQLite enforces the same limit so code that works on the embedded engine works on Cosmos.
 */
export const MAX_BATCH_SIZE = 100;

/** Checks a query before an engine turns it into query text: field paths, operators, values, limit. */
export function validateQuery(where: string, query: DocumentQuery): void {
    for (const filter of query.where ?? []) {
        assertFieldPath(where, filter.field);
        if (filter.op === 'in') {
            if (!Array.isArray(filter.value)) throw new Error(`${where}: 'in' needs an array of values for ${filter.field}`);
            filter.value.forEach((value) => assertScalar(where, filter.field, value));
        } else if (['=', '!=', '<', '<=', '>', '>=', 'contains'].includes(filter.op)) {
            assertScalar(where, filter.field, filter.value);
        } else {
            throw new Error(`${where}: unknown operator ${JSON.stringify((filter as { op: unknown }).op)}`);
        }
    }
    for (const order of query.orderBy ?? []) {
        assertFieldPath(where, order.field);
        if (order.direction !== undefined && order.direction !== 'asc' && order.direction !== 'desc') {
            throw new Error(`${where}: invalid order direction ${JSON.stringify(order.direction)}`);
        }
    }
    if (query.limit !== undefined && (!Number.isSafeInteger(query.limit) || query.limit < 0)) {
        throw new Error(`${where}: limit must be a non-negative integer, got ${String(query.limit)}`);
    }
}

function assertScalar(where: string, field: string, value: unknown): asserts value is FieldValue {
    const ok = value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!ok) throw new Error(`${where}: ${field} can only be compared with a string, finite number, boolean or null`);
}

/** `ifMatch` and `ifNoneMatch: '*'` contradict each other: one demands a document, the other its absence. */
export function assertCondition(where: string, condition: WriteCondition | undefined): void {
    if (!condition) return;
    if (condition.ifMatch !== undefined && condition.ifNoneMatch !== undefined) {
        throw new Error(`${where}: ifMatch and ifNoneMatch cannot be combined`);
    }
    if (condition.ifNoneMatch !== undefined && condition.ifNoneMatch !== '*') {
        throw new Error(`${where}: ifNoneMatch only accepts '*'`);
    }
}

/**
 * Every write of a batch must name the batch's partition and no id twice (one transaction, one partition), and
 * there may be at most {@link MAX_BATCH_SIZE}. Throws InvalidBatchError: such a batch fails the same way every time.
 */
export function validateBatch<T>(where: string, partitionKey: string, docs: BatchWrite<T>[]): void {
    if (docs.length > MAX_BATCH_SIZE) {
        throw new InvalidBatchError(where, `at most ${MAX_BATCH_SIZE} documents per batch, got ${docs.length}`);
    }
    const ids = new Set<string>();
    for (const doc of docs) {
        if (doc.partitionKey !== partitionKey) {
            throw new InvalidBatchError(where, `document ${JSON.stringify(doc.id)} is not in partition ${JSON.stringify(partitionKey)}`);
        }
        if (ids.has(doc.id)) throw new InvalidBatchError(where, `document ${JSON.stringify(doc.id)} appears twice in one batch`);
        ids.add(doc.id);
        try {
            assertCondition(where, doc.condition);
        } catch (error) {
            throw new InvalidBatchError(where, `document ${JSON.stringify(doc.id)}: ${(error as Error).message.replace(`${where}: `, '')}`);
        }
    }
}
