import type { SqlParameter, SqlQuerySpec } from '@azure/cosmos';
import { DocumentQuery, FieldFilter, FieldValue } from '../documentStore';

/**
 * `c["value"]["a"]["b"]`: bracket notation, because `value` (and possibly a field name) is a reserved
 * word in Cosmos SQL. Paths were validated by assertFieldPath, so they are plain identifiers.
 */
export function valuePath(field: string): string {
    return `c["value"]${field
        .split('.')
        .map((segment) => `["${segment}"]`)
        .join('')}`;
}

const TYPE_CHECK = { string: 'IS_STRING', number: 'IS_NUMBER', boolean: 'IS_BOOL' } as const;

class ParameterList {
    readonly parameters: SqlParameter[] = [];
    add(value: FieldValue | number): string {
        const name = `@p${this.parameters.length}`;
        this.parameters.push({ name, value });
        return name;
    }
}

/**
 * One comparison, guarded by the value's type. Real Cosmos DB already treats comparisons across types as
 * undefined (no match); the guard states it explicitly so every server, the test server included, agrees
 * with the SQLite engine.
 */
function comparison(path: string, op: '=' | '!=' | '<' | '<=' | '>' | '>=', value: FieldValue, params: ParameterList): string {
    if (value === null) return op === '=' || op === '<=' || op === '>=' ? `IS_NULL(${path})` : 'false';
    const check = TYPE_CHECK[typeof value as 'string' | 'number' | 'boolean'];
    return `(${check}(${path}) AND ${path} ${op} ${params.add(value)})`;
}

function filterSql(filter: FieldFilter, params: ParameterList): string {
    const path = valuePath(filter.field);
    switch (filter.op) {
        case 'in':
            if (filter.value.length === 0) return 'false';
            return `(${filter.value.map((value) => comparison(path, '=', value, params)).join(' OR ')})`;
        case 'contains':
            return `ARRAY_CONTAINS(${path}, ${params.add(filter.value)})`;
        default:
            return comparison(path, filter.op, filter.value, params);
    }
}

/**
 * The SQL for a query. Cosmos DB serves ORDER BY on several fields only from a composite index declared
 * per container; queries here are free-form, so with more than one order field the caller sorts in
 * memory (`sortInMemory`) and the SQL carries no ORDER BY and no TOP.
 */
export function buildQuery(query: DocumentQuery, shape: 'documents' | 'count'): { spec: SqlQuerySpec; sortInMemory: boolean } {
    const params = new ParameterList();
    const conditions = (query.where ?? []).map((filter) => filterSql(filter, params));
    // The store also passes the partition key as a request option (which routes the query to one
    // partition); the filter repeats it for servers that ignore that option (cosmosdb-server 1.0.1 does).
    if (query.partitionKey !== undefined) conditions.unshift(`c["pk"] = ${params.add(query.partitionKey)}`);
    const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    if (shape === 'count') {
        return { spec: { query: `SELECT VALUE COUNT(1) FROM c${where}`, parameters: params.parameters }, sortInMemory: false };
    }
    const orderBy = query.orderBy ?? [];
    const sortInMemory = orderBy.length > 1;
    let order = '';
    if (orderBy.length === 1) {
        order = ` ORDER BY ${valuePath(orderBy[0].field)} ${orderBy[0].direction === 'desc' ? 'DESC' : 'ASC'}`;
    }
    const top = query.limit !== undefined && !sortInMemory ? `TOP ${params.add(query.limit)} ` : '';
    return { spec: { query: `SELECT ${top}* FROM c${where}${order}`, parameters: params.parameters }, sortInMemory };
}

/** Cosmos DB's order across types: undefined < null < booleans < numbers < strings < arrays < objects. */
function typeRank(value: unknown): number {
    if (value === undefined) return 0;
    if (value === null) return 1;
    if (typeof value === 'boolean') return 2;
    if (typeof value === 'number') return 3;
    if (typeof value === 'string') return 4;
    if (Array.isArray(value)) return 5;
    return 6;
}

function fieldOf(value: unknown, field: string): unknown {
    let current: unknown = value;
    for (const segment of field.split('.')) {
        if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
        current = (current as Record<string, unknown>)[segment];
    }
    return current;
}

/** A comparator for `orderBy` applied in memory, matching the order the SQLite engine produces. */
export function compareByOrder(orderBy: NonNullable<DocumentQuery['orderBy']>): (a: unknown, b: unknown) => number {
    return (a, b) => {
        for (const order of orderBy) {
            const left = fieldOf(a, order.field);
            const right = fieldOf(b, order.field);
            let result = typeRank(left) - typeRank(right);
            if (result === 0 && (typeof left === 'number' || typeof left === 'boolean')) {
                result = Number(left) - Number(right);
            } else if (result === 0 && typeof left === 'string') {
                result = left < (right as string) ? -1 : left > (right as string) ? 1 : 0;
            }
            if (result !== 0) return order.direction === 'desc' ? -result : result;
        }
        return 0;
    };
}
