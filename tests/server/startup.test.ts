import { expect } from 'chai';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { entryPoint, startChildServer } from '../support/childServer';
import { makeTempDir } from '../support/tempDir';

describe('npm start (the compiled composition root as a child process)', function () {
    // a safety net: a loaded machine may also have to train the language models at this start
    this.timeout(120_000);
    let temp: ReturnType<typeof makeTempDir>;

    beforeEach(() => (temp = makeTempDir('startup')));
    afterEach(() => temp.remove());

    // How fast it starts (an issue's bound: ready within 15 s) is measured by `npm run bench`, not here: a loaded
    // machine is not a slow line.
    it('starts with no configuration, answers /healthz and /readyz, and stops cleanly on SIGTERM', async () => {
        const server = await startChildServer({ cwd: temp.dir, env: { PORT: '0' } });
        try {
            expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
            const health = await fetch(`${server.url}/healthz`);
            expect(health.status).to.equal(200);
            const ready = await fetch(`${server.url}/readyz`);
            expect(ready.status).to.equal(200);
            expect(await ready.json()).to.deep.equal({ status: 'ready', storage: 'sqlite' });
            expect(fs.existsSync(path.join(temp.dir, 'data', 'linea.sqlite')), 'sqlite file under ./data').to.equal(true);
        } finally {
            server.child.kill('SIGTERM');
        }
        expect(await server.exited).to.equal(0);
        expect(server.logLines.map((line) => line.msg)).to.include('stopped');
    });

    it('refuses to start on a wrong setting with one line naming the variable, and no stack trace', async () => {
        const child = spawn(process.execPath, [entryPoint()], {
            cwd: temp.dir,
            env: { PATH: process.env.PATH ?? '', PORT: '0', STORAGE: 'cosmos' }
        });
        let stderr = '';
        let stdout = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
        expect(code).to.equal(2);
        expect(stderr).to.equal('Configuration error: COSMOS_ENDPOINT is required when STORAGE=cosmos\n');
        expect(stdout).to.equal('');
    });

    it('never writes a secret from the environment to its logs', async () => {
        const secrets = { WHATSAPP_APP_SECRET: 'app-secret-4f1d9a', ADMIN_USERNAME: 'supervisora', ADMIN_PASSWORD: 'clave-de-prueba-9c2e' };
        const server = await startChildServer({ cwd: temp.dir, env: { PORT: '0', LOG_LEVEL: 'trace', ...secrets } });
        await fetch(`${server.url}/healthz`);
        server.child.kill('SIGTERM');
        await server.exited;
        const logs = JSON.stringify(server.logLines);
        expect(logs).to.not.include(secrets.WHATSAPP_APP_SECRET);
        expect(logs).to.not.include(secrets.ADMIN_PASSWORD);
    });
});
