import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../config';
import { createSilentLogger } from '../../common/logger';
import { startApplication, type RunningApplication } from '../../server/application';
import { mountFeatures } from '../../server/features';
import { makeTempDir } from '../support/tempDir';
import { ApiHarness, call, handoffRequest, login, Session, eachTestWithSupervisor } from './support/handoffHarness';

interface Answer {
    status: number;
    code?: string;
    message?: string;
}

async function answer(url: string, method: string, route: string, who: Session, body?: unknown): Promise<Answer> {
    const response = await call(url, method, route, { bearer: who.token, body });
    const json = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
    return { status: response.status, ...(json.code ? { code: json.code } : {}), ...(json.message ? { message: json.message } : {}) };
}

const REQUIRED = {
    status: 403,
    code: 'PasswordChangeRequired',
    message: 'Antes de seguir, cambie la contraseña que le dieron por una que solo usted conozca.'
};

/**
 * The first start in simulator mode writes the made-up supervisor's password to DATA_DIR/first-login.txt. That
 * supervisor must replace it before using the console, and the file goes away when they do, restarts or not.
 */
describe('handoff: the first supervisor made up at the first start changes its password, and its file goes away', function () {
    let temp: ReturnType<typeof makeTempDir>;
    let app: RunningApplication | undefined;

    beforeEach(() => {
        temp = makeTempDir('first-login');
    });

    afterEach(async () => {
        await app?.stop();
        app = undefined;
        temp.remove();
    });

    async function startLine(): Promise<RunningApplication> {
        // Simulator mode, no ADMIN_*: as `npm start` runs on a fresh machine.
        app = await startApplication(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: temp.dir }), createSilentLogger(), { mountFeatures });
        return app;
    }

    function firstLogin(): { username: string; password: string } {
        const text = fs.readFileSync(path.join(temp.dir, 'first-login.txt'), 'utf8');
        return { username: /^usuario: (.+)$/m.exec(text)![1], password: /^contraseña: (.+)$/m.exec(text)![1] };
    }

    it('logs in, is kept to the password change (403 PasswordChangeRequired elsewhere), and after the change the file is gone', async () => {
        let line = await startLine();
        const first = firstLogin();
        // A restart before the change: the file and the duty to change stay.
        await line.stop();
        line = await startLine();
        expect(firstLogin(), 'no second supervisor, no new file').to.deep.equal(first);

        const loginAnswer = await call(line.url, 'POST', '/api/operator/login', { body: first });
        expect(loginAnswer.status).to.equal(200);
        const loggedIn = (await loginAnswer.json()) as { token: string; csrfToken: string; user: { mustChangePassword: boolean; role: string } };
        expect(loggedIn.user).to.include({ mustChangePassword: true, role: 'supervisor' });
        const session: Session = { token: loggedIn.token, csrfToken: loggedIn.csrfToken, cookie: '' };

        for (const [method, route] of [
            ['GET', '/api/operator/cases'],
            ['GET', '/api/operator/users'],
            ['GET', '/api/operator/events'],
            ['GET', '/api/alerts']
        ]) {
            expect(await answer(line.url, method, route, session), `${method} ${route}`).to.deep.equal(REQUIRED);
        }
        const own = await answer(line.url, 'GET', '/api/operator/session', session);
        expect(own.status).to.equal(200);
        const sessionBody = (await (await call(line.url, 'GET', '/api/operator/session', { bearer: session.token })).json()) as {
            user: { mustChangePassword: boolean };
        };
        expect(sessionBody.user.mustChangePassword).to.equal(true);

        expect(
            await answer(line.url, 'POST', '/api/operator/password', session, {
                currentPassword: 'no-es-la-actual',
                newPassword: 'granizo-sobre-los-olivares'
            })
        ).to.deep.equal({ status: 403, code: 'WrongPassword', message: 'La contraseña actual no es correcta.' });
        expect(
            await answer(line.url, 'POST', '/api/operator/password', session, { currentPassword: first.password, newPassword: first.password })
        ).to.deep.equal({ status: 400, code: 'SamePassword', message: 'La contraseña nueva tiene que ser distinta de la actual.' });
        expect(fs.existsSync(path.join(temp.dir, 'first-login.txt')), 'refused changes leave the file').to.equal(true);

        const changed = await answer(line.url, 'POST', '/api/operator/password', session, {
            currentPassword: first.password,
            newPassword: 'granizo-sobre-los-olivares'
        });
        expect(changed.status).to.equal(200);
        expect(fs.existsSync(path.join(temp.dir, 'first-login.txt')), 'the generated password is no longer on disk').to.equal(false);
        // The same session goes on, now everywhere.
        expect((await answer(line.url, 'GET', '/api/operator/cases', session)).status).to.equal(200);
        expect((await answer(line.url, 'GET', '/api/operator/users', session)).status).to.equal(200);
        expect((await call(line.url, 'POST', '/api/operator/login', { body: first })).status, 'the generated password no longer works').to.equal(401);

        // Nothing comes back at the next start.
        await line.stop();
        line = await startLine();
        expect(fs.existsSync(path.join(temp.dir, 'first-login.txt'))).to.equal(false);
        expect(
            (await call(line.url, 'POST', '/api/operator/login', { body: { username: first.username, password: 'granizo-sobre-los-olivares' } }))
                .status
        ).to.equal(200);
    });
});

describe('handoff: an account whose password a supervisor set must change it before anything else', function () {
    let h: ApiHarness;
    let jefa: Session;

    eachTestWithSupervisor((harness, supervisor) => {
        h = harness;
        jefa = supervisor;
    });

    it('answers every other operator route 403 PasswordChangeRequired until the change, then serves it', async () => {
        for (const role of ['operator', 'supervisor'] as const) {
            const username = role === 'operator' ? 'luis' : 'marta';
            const created = await call(h.app.url, 'POST', '/api/operator/users', {
                bearer: jefa.token,
                body: { username, password: 'clave-inicial-del-valle', role }
            });
            expect(created.status).to.equal(201);
            expect(((await created.json()) as { user: { mustChangePassword: boolean } }).user.mustChangePassword).to.equal(true);
            const fresh = await login(h.app.url, username, 'clave-inicial-del-valle');
            const opened = await h.handoff.caseService.open(handoffRequest(`54938351${role === 'operator' ? '00001' : '00002'}`));
            const media = await h.media.save(Buffer.from('foto'), { mimeType: 'image/jpeg' });
            const routes: [string, string, unknown?][] = [
                ['GET', '/api/operator/cases?status=queued'],
                ['GET', `/api/operator/cases/${opened.id}`],
                ['POST', `/api/operator/cases/${opened.id}/claim`],
                ['POST', `/api/operator/cases/${opened.id}/messages`, { text: 'Vamos en camino.' }],
                ['POST', `/api/operator/cases/${opened.id}/notes`, { text: 'Avisar a bomberos' }],
                ['POST', `/api/operator/cases/${opened.id}/release`],
                ['POST', `/api/operator/cases/${opened.id}/resolve`, { outcome: 'asistido' }],
                ['POST', `/api/operator/cases/${opened.id}/return-to-bot`],
                ['GET', '/api/operator/events'],
                ['GET', `/api/operator/media/${media.id}`],
                ['GET', '/api/operator/users'],
                ['POST', '/api/operator/users', { username: 'otra', password: 'zonda-sobre-el-ambato' }],
                ['PATCH', '/api/operator/users/jefa', { displayName: 'X' }],
                ['DELETE', '/api/operator/users/jefa']
            ];
            for (const [method, route, body] of routes) {
                expect(await answer(h.app.url, method, route, fresh, body), `${role}: ${method} ${route}`).to.deep.equal(REQUIRED);
            }
            // Nothing happened: the case still waits, nobody else was touched.
            expect((await h.handoff.caseService.get(opened.id)).case.status).to.equal('queued');
            expect((await h.handoff.sessions.listUsers()).map((user) => user.username)).to.not.include('otra');

            expect(
                (
                    await answer(h.app.url, 'POST', '/api/operator/password', fresh, {
                        currentPassword: 'clave-inicial-del-valle',
                        newPassword: 'quebrada-del-tala-al-alba'
                    })
                ).status
            ).to.equal(200);
            expect((await answer(h.app.url, 'POST', `/api/operator/cases/${opened.id}/claim`, fresh)).status).to.equal(200);
            // Logout was open all along; after it, the session is gone.
            expect((await answer(h.app.url, 'POST', '/api/operator/logout', fresh)).status).to.equal(200);
        }
    });

    it('asks again after a supervisor resets the password, not after the owner changes it themselves', async () => {
        await call(h.app.url, 'POST', '/api/operator/users', { bearer: jefa.token, body: { username: 'luis', password: 'clave-inicial-del-valle' } });
        const first = await login(h.app.url, 'luis', 'clave-inicial-del-valle');
        expect(
            (
                await answer(h.app.url, 'POST', '/api/operator/password', first, {
                    currentPassword: 'clave-inicial-del-valle',
                    newPassword: 'quebrada-del-tala-al-alba'
                })
            ).status
        ).to.equal(200);
        expect((await answer(h.app.url, 'GET', '/api/operator/cases', await login(h.app.url, 'luis', 'quebrada-del-tala-al-alba'))).status).to.equal(
            200
        );

        expect((await answer(h.app.url, 'PATCH', '/api/operator/users/luis', jefa, { password: 'otra-clave-que-le-dieron' })).status).to.equal(200);
        const again = await login(h.app.url, 'luis', 'otra-clave-que-le-dieron');
        expect(await answer(h.app.url, 'GET', '/api/operator/cases', again)).to.deep.equal(REQUIRED);
        // A supervisor changing their own through the users route chose it themselves.
        expect((await answer(h.app.url, 'PATCH', '/api/operator/users/jefa', jefa, { password: 'sierra-de-ancasti-nevada' })).status).to.equal(200);
        expect((await answer(h.app.url, 'GET', '/api/operator/cases', await login(h.app.url, 'jefa', 'sierra-de-ancasti-nevada'))).status).to.equal(
            200
        );
    });

    it('counts wrong current passwords like failed logins: 429 after five', async () => {
        await call(h.app.url, 'POST', '/api/operator/users', { bearer: jefa.token, body: { username: 'luis', password: 'clave-inicial-del-valle' } });
        const luis = await login(h.app.url, 'luis', 'clave-inicial-del-valle');
        for (let i = 0; i < 5; i++) {
            expect(
                (
                    await answer(h.app.url, 'POST', '/api/operator/password', luis, {
                        currentPassword: `adivinanza-${i}`,
                        newPassword: 'quebrada-del-tala-al-alba'
                    })
                ).code
            ).to.equal('WrongPassword');
        }
        const blocked = await call(h.app.url, 'POST', '/api/operator/password', {
            bearer: luis.token,
            body: { currentPassword: 'clave-inicial-del-valle', newPassword: 'quebrada-del-tala-al-alba' }
        });
        expect(blocked.status).to.equal(429);
        expect(Number(blocked.headers.get('retry-after'))).to.be.greaterThan(0);
    });
});
