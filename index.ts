/**
 * The composition root: read the configuration, build the line, start it, stop it cleanly on a signal.
 */
import { ConfigError, loadConfig, type AppConfig } from './config';
import { createLogger, type Logger } from './common/logger';
import { startApplication } from './server/application';
import { mountFeatures } from './server/features';

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

    const logger = createLogger({ level: config.logLevel });
    const app = await startApplication(config, logger, { mountFeatures });
    installSignalHandlers(logger, app.stop);
}

function installSignalHandlers(logger: Logger, stop: () => Promise<void>): void {
    let signalled = false;
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.on(signal, () => {
            if (signalled) {
                logger.warn({ signal }, 'second signal: exiting now');
                process.exit(1);
            }
            signalled = true;
            logger.info({ signal }, 'signal received');
            stop().then(
                () => process.exit(0),
                (error: Error) => {
                    logger.error({ err: error }, 'stop failed');
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

main().catch((error: Error) => {
    process.stderr.write(`The line could not start: ${error.message}\n`);
    process.exit(1);
});
