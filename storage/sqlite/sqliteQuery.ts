import { DocumentQuery, FieldFilter, FieldValue, assertFieldPath } from '../documentStore';

/**
 * A piece of SQL and the parameters it binds, in order. Values are always bound; the only caller text in `sql` is
 * a field path, validated as a dotted identifier (see jsonPath).
 */
export interface SqlFragment {
    sql: string;
    params: (string | number | null)[];
}

/**
 * The JSON path of a field as an SQL literal. Written into the SQL text (not bound) so that SQLite can match it
 * with an index on that expression (migration 3 indexes the conversations' kind and status); safe because every
 * field passed assertFieldPath (dotted identifiers only: letters, digits, underscores and dots), checked again here.
 */
function jsonPath(field: string): string {
    assertFieldPath('sqliteQuery.jsonPath()', field);
    return `'$.${field}'`;
}

const COMPARISON_SQL: Record<'=' | '!=' | '<' | '<=' | '>' | '>=', string> = {
    '=': '=',
    '!=': '<>',
    '<': '<',
    '<=': '<=',
    '>': '>',
    '>=': '>='
};

/**
 * Compares one JSON value (its `json_type` and its SQL value) with a scalar the way Cosmos DB does:
 * values of different types never compare (a number is not "less than" a string), a missing field
 * never matches, booleans compare with booleans only (false < true).
 */
function typedComparison(typeSql: string, valueSql: string, op: keyof typeof COMPARISON_SQL, value: FieldValue): SqlFragment {
    if (value === null) {
        // null equals only null; nothing is less or greater than it.
        const sql = op === '=' || op === '<=' || op === '>=' ? `${typeSql} = 'null'` : '0';
        return { sql, params: [] };
    }
    const sqlOp = COMPARISON_SQL[op];
    if (typeof value === 'boolean') {
        return {
            sql: `(${typeSql} IN ('true', 'false') AND ${valueSql} ${sqlOp} ?)`,
            params: [value ? 1 : 0]
        };
    }
    if (typeof value === 'number') {
        return { sql: `(${typeSql} IN ('integer', 'real') AND ${valueSql} ${sqlOp} ?)`, params: [value] };
    }
    return { sql: `(${typeSql} = 'text' AND ${valueSql} ${sqlOp} ?)`, params: [value] };
}

function filterSql(filter: FieldFilter): SqlFragment {
    const path = jsonPath(filter.field);
    switch (filter.op) {
        case 'in': {
            if (filter.value.length === 0) return { sql: '0', params: [] };
            const parts = filter.value.map((value) => typedComparison(`json_type(body, ${path})`, `json_extract(body, ${path})`, '=', value));
            return { sql: `(${parts.map((p) => p.sql).join(' OR ')})`, params: parts.flatMap((p) => p.params) };
        }
        case 'contains': {
            // json_each over a scalar yields the scalar itself, so insist on an array first.
            const inner = typedComparison('element.type', 'element.value', '=', filter.value);
            return {
                sql: `(json_type(body, ${path}) = 'array' AND EXISTS (SELECT 1 FROM json_each(body, ${path}) AS element WHERE ${inner.sql}))`,
                params: [...inner.params]
            };
        }
        default:
            return typedComparison(`json_type(body, ${path})`, `json_extract(body, ${path})`, filter.op, filter.value);
    }
}

/** `WHERE ...` for a query's partition and filters (empty when there is nothing to filter). */
export function whereSql(query: DocumentQuery): SqlFragment {
    const parts: SqlFragment[] = [];
    if (query.partitionKey !== undefined) parts.push({ sql: 'pk = ?', params: [query.partitionKey] });
    for (const filter of query.where ?? []) parts.push(filterSql(filter));
    if (parts.length === 0) return { sql: '', params: [] };
    return { sql: `WHERE ${parts.map((p) => p.sql).join(' AND ')}`, params: parts.flatMap((p) => p.params) };
}

/**
 * `ORDER BY ...` following Cosmos DB's order across types (missing < null < false < true < numbers <
 * strings), then by value; partition and id break ties so results are deterministic.
 */
export function orderBySql(query: DocumentQuery): SqlFragment {
    const parts: SqlFragment[] = [];
    for (const order of query.orderBy ?? []) {
        const direction = order.direction === 'desc' ? 'DESC' : 'ASC';
        const path = jsonPath(order.field);
        parts.push({
            sql:
                `CASE json_type(body, ${path}) WHEN 'null' THEN 1 WHEN 'false' THEN 2 WHEN 'true' THEN 2 ` +
                `WHEN 'integer' THEN 3 WHEN 'real' THEN 3 WHEN 'text' THEN 4 WHEN 'array' THEN 5 WHEN 'object' THEN 6 ELSE 0 END ${direction}, ` +
                `json_extract(body, ${path}) ${direction}`,
            params: []
        });
    }
    parts.push({ sql: 'pk ASC, id ASC', params: [] });
    return { sql: `ORDER BY ${parts.map((p) => p.sql).join(', ')}`, params: parts.flatMap((p) => p.params) };
}
