import { randomBytes } from 'crypto';
import { ConfigError, loadConfig, type AppConfig } from '../../config';
import { createSilentLogger } from '../../common/logger';
import { createDocumentStore } from '../../storage';
import { isStorageUnavailable, type DocumentStore } from '../../storage';
import { SessionRepository } from '../repository/sessionRepository';
import { ConflictError } from '../service/errors';
import { UserRepository } from '../repository/userRepository';
import { AccountRuleError } from './accountErrors';
import { PasswordHasher } from './passwordHasher';
import { inlinePasswordStrength } from './passwordStrength';
import { SessionService, USERNAME_PATTERN, normalizeUsername } from './sessionService';

/** The variable the recovery command takes a password from; without it, one is made up and printed. */
export const SUPERVISOR_PASSWORD_VARIABLE = 'SUPERVISOR_PASSWORD';

export const CREATE_SUPERVISOR_HELP = `Usage: npm run create-supervisor -- <username> [--name "Display Name"]

Makes <username> an active supervisor of the line: creates the account, or re-activates it and gives it the
supervisor role. Use it when no supervisor can log in (all disabled, deleted or demoted, or the password lost).

  - Run it with the same environment as the line (DATA_DIR, STORAGE, COSMOS_*, WHATSAPP_*...): it reads the
    configuration exactly as the server does and writes to the same store.
  - SQLite (STORAGE=sqlite, the default): works with the line stopped, and also beside a running line, which reads
    accounts from the database on every request. Cosmos DB (STORAGE=cosmos): works the same way, through the same
    store code (tested against a local Cosmos DB server).
  - The password is taken from ${SUPERVISOR_PASSWORD_VARIABLE} when set, otherwise made up and printed once.
    It must pass the line's password rule (strength 3 of 4), and the supervisor must change it at first login.
  - The account's open sessions end.

Exit codes: 0 done; 1 refused (weak password, or the account changed at the same moment); 2 usage or
configuration error; 3 storage did not answer.`;

export interface CommandOutput {
    out(line: string): void;
    err(line: string): void;
}

export interface CreateSupervisorOptions {
    args: string[];
    env: Record<string, string | undefined>;
    io: CommandOutput;
    /** Opens the configured store (tests hand a local Cosmos DB server's client options through here). */
    openStore?: (config: AppConfig) => Promise<DocumentStore>;
}

/**
 * `npm run create-supervisor`: the way back when the line has no supervisor who can log in. Goes through
 * SessionService like the API, so the account rules are the same (password strength, forced change at first login).
 * @returns the process exit code.
 */
export async function runCreateSupervisor(options: CreateSupervisorOptions): Promise<number> {
    const { io } = options;
    const parsed = parseArgs(options.args);
    if (parsed === 'help') {
        io.out(CREATE_SUPERVISOR_HELP);
        return 0;
    }
    if (typeof parsed === 'string') {
        io.err(`create-supervisor: ${parsed}`);
        io.err(CREATE_SUPERVISOR_HELP);
        return 2;
    }
    let config: AppConfig;
    try {
        config = loadConfig(options.env);
    } catch (error) {
        if (error instanceof ConfigError) {
            io.err(error.message);
            return 2;
        }
        throw error;
    }
    const given = options.env[SUPERVISOR_PASSWORD_VARIABLE];
    const password = given && given.length > 0 ? given : randomBytes(18).toString('base64url');
    let store: DocumentStore | undefined;
    try {
        store = await (options.openStore ?? ((c) => createDocumentStore(c.storage, createSilentLogger())))(config);
        const sessions = new SessionService({
            users: new UserRepository(store),
            sessions: new SessionRepository(store),
            hasher: new PasswordHasher(),
            logger: createSilentLogger(),
            passwordStrength: inlinePasswordStrength
        });
        const { user, created } = await sessions.restoreSupervisor({
            username: parsed.username,
            password,
            ...(parsed.displayName ? { displayName: parsed.displayName } : {})
        });
        io.out(`${created ? 'Created' : 'Re-activated'} the supervisor "${user.username}" (storage: ${config.storage.engine}).`);
        if (given) io.out(`Password: the one in ${SUPERVISOR_PASSWORD_VARIABLE}. It must be changed at first login.`);
        else io.out(`Password (shown only now; it must be changed at first login): ${password}`);
        return 0;
    } catch (error) {
        if (error instanceof AccountRuleError) {
            io.err(`create-supervisor: ${given ? `${SUPERVISOR_PASSWORD_VARIABLE} refused` : 'refused'}: ${error.text}`);
            return 1;
        }
        if (isStorageUnavailable(error)) {
            io.err(`create-supervisor: the store did not answer (${(error as Error).message}). Running the command again is safe.`);
            return 3;
        }
        if (error instanceof ConflictError) {
            io.err(`create-supervisor: ${error.message}`);
            return 1;
        }
        throw error;
    } finally {
        await store?.close();
    }
}

function parseArgs(args: string[]): { username: string; displayName?: string } | 'help' | string {
    let username: string | undefined;
    let displayName: string | undefined;
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === '--help' || arg === '-h') return 'help';
        if (arg === '--name') {
            displayName = args[++i]?.trim();
            if (!displayName || displayName.length > 100) return '--name needs a display name of 1 to 100 characters';
        } else if (arg.startsWith('--name=')) {
            displayName = arg.slice('--name='.length).trim();
            if (!displayName || displayName.length > 100) return '--name needs a display name of 1 to 100 characters';
        } else if (arg.startsWith('-')) {
            return `unknown option ${arg}`;
        } else if (username === undefined) {
            username = normalizeUsername(arg);
        } else {
            return `one username only (got "${username}" and "${arg}")`;
        }
    }
    if (username === undefined) return 'the username is missing';
    if (!USERNAME_PATTERN.test(username)) return `the username "${username}" is not valid: 2-40 lowercase letters, digits, ".", "_" or "-"`;
    return { username, ...(displayName ? { displayName } : {}) };
}
