import type Database from 'better-sqlite3';

/**
 * What both connections of a SqliteDocumentStore (this thread's and the writer thread's) are opened with, so the
 * two never disagree on durability.
 * - WAL: readers never wait for the writer.
 * - `synchronous=FULL`: every commit's WAL frames are fsynced before anyone hears "committed", so a confirmed
 *   write survives a killed process, a power cut and a kernel crash.
 * - `busy_timeout`: another process (a second instance, a CLI) may hold the write lock for a moment: wait, do not fail.
 * - `pragmas`: extra settings (tests cap `max_page_count` to simulate a full disk).
 */
export function applyConnectionPragmas(db: Database.Database, options: { busyTimeoutMs: number; pragmas: string[] }): void {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs)}`);
    for (const pragma of options.pragmas) db.pragma(pragma);
}
