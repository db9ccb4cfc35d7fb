/** SQLite error codes that mean "try again later", not "your request is wrong". */
const UNAVAILABLE_CODES = ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR', 'SQLITE_FULL', 'SQLITE_CANTOPEN', 'SQLITE_READONLY'];

/** "The file is locked/full/unwritable" (extended codes such as SQLITE_IOERR_FSYNC included), not "your request is wrong". */
export function isEngineFailure(error: unknown): boolean {
    const code = (error as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' && UNAVAILABLE_CODES.some((prefix) => code.startsWith(prefix));
}
