/**
 * The composition root: read the configuration, build the line, start it, stop it cleanly on a signal.
 */
import { ConfigError, loadConfig, type AppConfig } from './config';
import { createLogger, type Logger } from './common/logger';
import { startApplication } from './server';
import { mountFeatures } from './server';

async function main(): Promise<void> {
    // Everything the line writes (database, media, first-login file) is for its own user only.
    process.umask(0o077);
    let config: AppConfig;
    try {
        config = loadConfig();
    } catch (error) {
        if (error instanceof ConfigError) {
            // One clear line, no stack trace: the person starting the server reads it.
            process.stderr.write(`${error.message}\n`);
            process.exit(2);
        }
        throw error;
    }

    keepRunningWithoutLogReader();
    const logger = createLogger({ level: config.logLevel });
    const app = await startApplication(config, logger, { mountFeatures });
    installSignalHandlers(logger, () => app.stop(), config.shutdownTimeoutMs);
}

/** What a clean stop may take beyond SHUTDOWN_TIMEOUT_MS (closing storage, the last log lines) before it is cut short. */
const STOP_GRACE_MS = 1_500;

/**
 * SIGTERM or SIGINT stops the line cleanly: no new requests, those in flight finish within SHUTDOWN_TIMEOUT_MS. A
 * hard deadline ends the process if the clean stop hangs. A repeated signal changes nothing: Ctrl+C under `npm start`
 * reaches node twice (from the terminal and forwarded by npm), and must not turn a clean stop into an abrupt one.
 */
function installSignalHandlers(logger: Logger, stop: () => Promise<void>, shutdownTimeoutMs: number): void {
    let signalled = false;
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.on(signal, () => {
            if (signalled) {
                quietly(() => logger.info({ signal }, 'already stopping'));
                return;
            }
            signalled = true;
            setTimeout(() => {
                quietly(() => logger.error({ shutdownTimeoutMs }, 'the clean stop did not finish in time: exiting now'));
                process.exit(1);
            }, shutdownTimeoutMs + STOP_GRACE_MS).unref();
            quietly(() => logger.info({ signal }, 'signal received'));
            stop().then(
                () => process.exit(0),
                (error: Error) => {
                    quietly(() => logger.error({ err: error }, 'stop failed'));
                    process.exit(1);
                }
            );
        });
    }
    process.on('unhandledRejection', (reason) => {
        // Logged, not fatal: one citizen's failed turn must not take the line down for everyone.
        logger.error({ err: reason }, 'unhandled promise rejection');
    });
}

/** A log line that cannot be written (the reader of stdout is gone) must not stop what the line was doing. */
function quietly(log: () => void): void {
    try {
        log();
    } catch {
        // the log destination failed; the line goes on without it
    }
}

/**
 * When whoever reads the logs goes away (stdout or stderr a closed pipe), writing to it fails with EPIPE. Unhandled,
 * that error would end the process mid-request; the line keeps serving citizens, without logs, and still stops on a
 * signal.
 */
function keepRunningWithoutLogReader(): void {
    for (const stream of [process.stdout, process.stderr]) {
        stream.on('error', (error: NodeJS.ErrnoException) => {
            if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
        });
    }
}

main().catch((error: Error) => {
    process.stderr.write(`The line could not start: ${error.message}\n`);
    process.exit(1);
});
