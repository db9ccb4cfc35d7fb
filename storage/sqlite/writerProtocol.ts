/**
 * The messages between SqliteDocumentStore (main thread) and its writer thread. Values travel as the JSON text
 * stored in the row, etags and times are made on the main thread: the writer only runs statements and commits.
 */

/** One document write under its condition. */
export interface RowWrite {
    table: string;
    pk: string;
    id: string;
    etag: string;
    body: string;
    now: string;
    ifMatch?: string;
    ifNoneMatch?: '*';
}

export type WriteCall =
    | { op: 'put'; write: RowWrite }
    /** All or nothing: a SAVEPOINT inside the group's transaction. */
    | { op: 'batch'; writes: RowWrite[] }
    | { op: 'delete'; table: string; pk: string; id: string; ifMatch?: string }
    /** Answers once the writer runs a statement: readiness checks. */
    | { op: 'ping' };

/** What happened to one call of a committed group. */
export type CallOutcome =
    { ok: true; deleted?: boolean } | { ok: false; precondition: { where: string; detail: string } } | { ok: false; error: TransferredError };

export interface TransferredError {
    name: string;
    message: string;
    code?: string;
}

export type ToWriter = { type: 'group'; groupId: number; calls: WriteCall[] } | { type: 'close' };

export type FromWriter =
    /** The group's transaction committed (fsync done); one outcome per call, in call order. */
    | { type: 'committed'; groupId: number; outcomes: CallOutcome[] }
    /** The engine failed (busy, disk full, I/O): the group's transaction was rolled back, none of its calls happened. */
    | { type: 'failed'; groupId: number; error: TransferredError }
    | { type: 'closed' };

/** Options the writer opens its connection with. */
export interface WriterOptions {
    file: string;
    busyTimeoutMs: number;
    /** Extra `PRAGMA`s for the writer's connection (tests cap `max_page_count` to simulate a full disk). */
    pragmas: string[];
}

export function transferError(error: unknown): TransferredError {
    const code = (error as { code?: unknown } | undefined)?.code;
    return {
        name: error instanceof Error ? error.name : 'Error',
        message: error instanceof Error ? error.message : String(error),
        ...(typeof code === 'string' ? { code } : {})
    };
}

/** The error again on the main thread, its `code` kept (callers classify engine failures by it). */
export function revivedError(transferred: TransferredError): Error & { code?: string } {
    const error = new Error(transferred.message) as Error & { code?: string };
    error.name = transferred.name;
    if (transferred.code !== undefined) error.code = transferred.code;
    return error;
}
