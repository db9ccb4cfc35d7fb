/**
 * Waits for an event a test cannot subscribe to (a row written by a child process, a request a peer received) by
 * checking for it every 20 ms, and fails naming what it waited for once `timeoutMs` has passed. `refresh` runs before
 * each check (reading a file again, polling a store). Returns what the check found.
 */
export async function waitFor<T>(
    what: string,
    check: () => Promise<T> | T,
    timeoutMs = 8000,
    refresh?: () => Promise<unknown>
): Promise<NonNullable<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        await refresh?.();
        const value = await check();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}
