import * as path from 'path';

/**
 * Runs the alerts engineer's bench/broadcastBench.ts `runBroadcastBenchmark(options)` in a process of its own,
 * so its peak memory is the broadcast's alone, and hands the result to the runner.
 */
async function main(): Promise<void> {
    const options = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only in the child process
    const { runBroadcastBenchmark } = require(path.join(__dirname, '..', 'broadcastBench')) as {
        runBroadcastBenchmark(options: Record<string, unknown>): Promise<Record<string, unknown>>;
    };
    const result = await runBroadcastBenchmark(options);
    process.send?.({ type: 'result', result }, () => process.exit(0));
}

main().catch((error: Error) => {
    process.send?.({ type: 'error', message: error.stack ?? error.message }, () => process.exit(1));
});
