import pino from 'pino';

/** The structured logger every part of the line receives (pino). Components take it, never create it. */
export type Logger = pino.Logger;

/**
 * Paths pino blanks out wherever they appear in a log record: secrets and personal data must never
 * reach the logs, even when a whole request or config object is logged by mistake.
 */
export const REDACTED_PATHS = [
    'password',
    '*.password',
    'token',
    '*.token',
    'accessToken',
    '*.accessToken',
    'appSecret',
    '*.appSecret',
    'key',
    '*.key',
    'cosmosKey',
    '*.cosmosKey',
    'verifyToken',
    '*.verifyToken',
    'secret',
    '*.secret',
    'authorization',
    '*.authorization',
    'cookie',
    '*.cookie',
    'headers.authorization',
    'headers.cookie',
    'req.headers.authorization',
    'req.headers.cookie',
    'req.headers["x-hub-signature-256"]',
    'res.headers["set-cookie"]'
];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
    return pino(
        {
            level: options.level ?? 'info',
            base: { service: 'linea-emergencia' },
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            timestamp: pino.stdTimeFunctions.isoTime
        },
        options.destination
    );
}

/** A logger that writes nothing, for tests and benchmarks that do not read logs. */
export function createSilentLogger(): Logger {
    return pino({ level: 'silent' });
}
