import { expect } from 'chai';
import { spawn } from 'child_process';
import * as path from 'path';
import { loadConfig, type AppConfig } from '../../config';
import { createSilentLogger } from '../../common/logger';
import { projectRoot } from '../../common/projectRoot';
import { runCreateSupervisor } from '../../handoff/auth/createSupervisorCommand';
import { PasswordHasher } from '../../handoff/auth/passwordHasher';
import { inlinePasswordStrength } from '../../handoff/auth/passwordStrength';
import { SessionService } from '../../handoff/auth/sessionService';
import { SessionRepository } from '../../handoff/repository/sessionRepository';
import { UserRepository } from '../../handoff/repository/userRepository';
import { startApplication, type RunningApplication } from '../../server/application';
import { mountFeatures } from '../../server/features';
import { CosmosDocumentStore } from '../../storage/cosmos/cosmosDocumentStore';
import { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { LocalCosmosServer } from '../storage/storageTestSupport';
import { makeTempDir } from '../support/tempDir';
import { call } from './support/handoffHarness';

const ADMIN = { username: 'supervisora', password: 'clave-de-prueba-larga' };
const PRINTED_PASSWORD = /^Password \(shown only now; it must be changed at first login\): (\S+)$/m;

interface CommandResult {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** `node scripts/create-supervisor.js …`, as `npm run create-supervisor -- …` runs it after its build. */
function runCommand(args: string[], env: Record<string, string>): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(projectRoot(), 'scripts', 'create-supervisor.js'), ...args], {
            cwd: projectRoot(),
            env: { PATH: process.env.PATH ?? '', ...env },
            stdio: ['ignore', 'pipe', 'pipe']
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
}

/**
 * `npm run create-supervisor`: the way back for a line with no supervisor who can log in. Run with the line's own
 * environment, on its store; the supervisor it makes logs in over HTTP and must change the password first.
 */
describe('handoff: npm run create-supervisor restores a supervisor', function () {
    let temp: ReturnType<typeof makeTempDir>;
    let app: RunningApplication | undefined;
    let env: Record<string, string>;

    beforeEach(() => {
        temp = makeTempDir('create-supervisor');
        // The line's environment, as the command gets it too (simulator mode: no WhatsApp token needed).
        env = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: temp.dir, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password };
    });

    afterEach(async () => {
        await app?.stop();
        app = undefined;
        temp.remove();
    });

    async function startLine(): Promise<RunningApplication> {
        app = await startApplication(loadConfig(env), createSilentLogger(), { mountFeatures });
        return app;
    }

    async function stopLine(): Promise<void> {
        await app?.stop();
        app = undefined;
    }

    /** What an install hit by the old self-demotion bug looks like: no active supervisor left. */
    async function leaveNoActiveSupervisor(): Promise<void> {
        const store = SqliteDocumentStore.open({ file: path.join(temp.dir, 'linea.sqlite') });
        try {
            const users = new UserRepository(store);
            const doc = (await users.get(ADMIN.username))!;
            await users.update({ ...doc.value, active: false }, doc.etag);
            expect(await users.listActiveSupervisors()).to.deep.equal([]);
        } finally {
            await store.close();
        }
    }

    async function loginStatus(
        line: RunningApplication,
        username: string,
        password: string
    ): Promise<{ status: number; token?: string; mustChangePassword?: boolean }> {
        const response = await call(line.url, 'POST', '/api/operator/login', { body: { username, password } });
        if (response.status !== 200) return { status: response.status };
        const json = (await response.json()) as { token: string; user: { mustChangePassword: boolean } };
        return { status: 200, token: json.token, mustChangePassword: json.user.mustChangePassword };
    }

    it('creates a supervisor on a stopped line left without one; it logs in with the printed password and must change it', async () => {
        await startLine();
        await stopLine();
        await leaveNoActiveSupervisor();

        const result = await runCommand(['Rescate', '--name', 'Guardia de rescate'], { DATA_DIR: temp.dir });
        expect(result.code, result.stderr).to.equal(0);
        expect(result.stdout).to.include('Created the supervisor "rescate" (storage: sqlite).');
        const password = PRINTED_PASSWORD.exec(result.stdout)![1];

        const line = await startLine();
        const first = await loginStatus(line, 'rescate', password);
        expect(first).to.include({ status: 200, mustChangePassword: true });
        expect((await call(line.url, 'GET', '/api/operator/users', { bearer: first.token })).status).to.equal(403);
        const changed = await call(line.url, 'POST', '/api/operator/password', {
            bearer: first.token,
            body: { currentPassword: password, newPassword: 'rescate-en-la-cuesta-del-portezuelo' }
        });
        expect(changed.status).to.equal(200);
        const listed = await call(line.url, 'GET', '/api/operator/users', { bearer: first.token });
        expect(listed.status).to.equal(200);
        const users = ((await listed.json()) as { users: { username: string; role: string; active: boolean; displayName: string }[] }).users;
        expect(users.find((user) => user.username === 'rescate')).to.include({ role: 'supervisor', active: true, displayName: 'Guardia de rescate' });
        // The new supervisor brings the old one back.
        expect(
            (await call(line.url, 'PATCH', `/api/operator/users/${ADMIN.username}`, { bearer: first.token, body: { active: true } })).status
        ).to.equal(200);
        expect((await loginStatus(line, ADMIN.username, ADMIN.password)).status).to.equal(200);
    });

    it('re-activates and promotes an existing account with the password in SUPERVISOR_PASSWORD, beside a running line', async () => {
        const line = await startLine();
        const jefa = (await loginStatus(line, ADMIN.username, ADMIN.password)).token!;
        await call(line.url, 'POST', '/api/operator/users', { bearer: jefa, body: { username: 'luis', password: 'clave-inicial-del-valle' } });
        expect((await call(line.url, 'PATCH', '/api/operator/users/luis', { bearer: jefa, body: { active: false } })).status).to.equal(200);

        const result = await runCommand(['luis'], { DATA_DIR: temp.dir, SUPERVISOR_PASSWORD: 'ventarron-en-el-puesto-de-la-sierra' });
        expect(result.code, result.stderr).to.equal(0);
        expect(result.stdout).to.include('Re-activated the supervisor "luis"');
        expect(result.stdout, 'a password from the environment is not printed').to.not.include('ventarron');

        const luis = await loginStatus(line, 'luis', 'ventarron-en-el-puesto-de-la-sierra');
        expect(luis).to.include({ status: 200, mustChangePassword: true });
        expect((await loginStatus(line, 'luis', 'clave-inicial-del-valle')).status).to.equal(401);
        const users = (
            (await (await call(line.url, 'GET', '/api/operator/users', { bearer: jefa })).json()) as {
                users: { username: string; role: string; active: boolean }[];
            }
        ).users;
        expect(users.find((user) => user.username === 'luis')).to.include({ role: 'supervisor', active: true });
    });

    it('refuses a weak SUPERVISOR_PASSWORD, saying why in Spanish, and changes nothing', async () => {
        await startLine();
        await stopLine();
        for (const weak of ['aaaaaaaaaaaa', 'rescate2024', 'defensacivil1']) {
            const result = await runCommand(['rescate'], { DATA_DIR: temp.dir, SUPERVISOR_PASSWORD: weak });
            expect(result.code, `${weak}: ${result.stdout}`).to.equal(1);
            expect(result.stderr).to.match(/^create-supervisor: SUPERVISOR_PASSWORD refused: La contraseña es demasiado fácil de adivinar\. /);
            expect(result.stderr).to.not.include(weak);
        }
        const line = await startLine();
        expect((await loginStatus(line, 'rescate', 'aaaaaaaaaaaa')).status).to.equal(401);
    });

    it('says how to use it, and whether Cosmos DB works, in --help; a missing username is a usage error', async () => {
        const help = await runCommand(['--help'], { DATA_DIR: temp.dir });
        expect(help.code).to.equal(0);
        expect(help.stdout).to.include('Usage: npm run create-supervisor -- <username>');
        expect(help.stdout).to.include('Cosmos DB (STORAGE=cosmos): works the same way');
        expect(help.stdout).to.include('SUPERVISOR_PASSWORD');
        const missing = await runCommand([], { DATA_DIR: temp.dir });
        expect(missing.code).to.equal(2);
        expect(missing.stderr).to.include('create-supervisor: the username is missing');
        const badConfig = await runCommand(['rescate'], { DATA_DIR: temp.dir, STORAGE: 'cosmos' });
        expect(badConfig.code).to.equal(2);
        expect(badConfig.stderr).to.include('Configuration error: COSMOS_ENDPOINT');
    });
});

describe('handoff: npm run create-supervisor on Cosmos DB (local Cosmos DB server)', function () {
    const cosmos = new LocalCosmosServer();
    before(async () => cosmos.start());
    after(async () => cosmos.stop());

    it('creates the supervisor in the configured database; it logs in and must change the password', async () => {
        const env = {
            STORAGE: 'cosmos',
            COSMOS_ENDPOINT: cosmos.endpoint,
            COSMOS_KEY: Buffer.from('test-key').toString('base64'),
            COSMOS_DATABASE: 'rescate-cosmos'
        };
        const open = (config: AppConfig): Promise<CosmosDocumentStore> => {
            if (config.storage.engine !== 'cosmos') throw new Error('expected the cosmos configuration');
            return CosmosDocumentStore.open({
                endpoint: config.storage.endpoint,
                key: config.storage.key,
                databaseId: config.storage.databaseId,
                logger: createSilentLogger(),
                clientOptions: cosmos.clientOptionsForTests(),
                nonAtomicBatchServer: true
            });
        };
        const lines: string[] = [];
        const code = await runCreateSupervisor({
            args: ['rescate'],
            env,
            io: { out: (l) => lines.push(l), err: (l) => lines.push(l) },
            openStore: open
        });
        expect(code, lines.join('\n')).to.equal(0);
        expect(lines[0]).to.equal('Created the supervisor "rescate" (storage: cosmos).');
        const password = PRINTED_PASSWORD.exec(lines.join('\n'))![1];

        const store = await open(loadConfig(env));
        try {
            const sessions = new SessionService({
                users: new UserRepository(store),
                sessions: new SessionRepository(store),
                hasher: new PasswordHasher(),
                logger: createSilentLogger(),
                passwordStrength: inlinePasswordStrength
            });
            const login = await sessions.login('rescate', password);
            expect(login?.user).to.include({ role: 'supervisor', active: true, mustChangePassword: true });
            // The last-supervisor rule holds on Cosmos DB too (its query of supervisors, its lock in 'meta').
            expect((await new UserRepository(store).listActiveSupervisors()).map((user) => user.username)).to.deep.equal(['rescate']);
            await sessions.createUser({ username: 'otra', password: 'granizo-sobre-los-olivares', role: 'supervisor' });
            expect(await sessions.updateUser('rescate', { active: false }, 'otra')).to.include({ active: false });
            let refused: unknown;
            await sessions.updateUser('otra', { role: 'operator' }).catch((error: unknown) => (refused = error));
            expect(refused).to.have.property('code', 'LastSupervisor');
        } finally {
            await store.close();
        }
    });
});
