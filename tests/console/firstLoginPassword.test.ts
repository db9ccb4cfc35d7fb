import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../config';
import { createSilentLogger } from '../../common/logger';
import { startApplication, type RunningApplication } from '../../server/application';
import { mountFeatures } from '../../server/features';
import { makeTempDir } from '../support/tempDir';
import { launchChromium, screenshotPath } from './consoleBrowser';

/**
 * The console at the first start (`npm start`, simulator mode, no ADMIN_*): the supervisor made up then logs in with
 * the password from DATA_DIR/first-login.txt and is asked, in Spanish, for their own before anything else.
 */
describe("console: the first login asks for a password of one's own", function () {
    this.timeout(60_000);
    let browser: Browser;
    let temp: ReturnType<typeof makeTempDir>;
    let app: RunningApplication;
    let page: Page;

    before(async () => (browser = await launchChromium()));
    after(async () => browser?.close());
    beforeEach(async () => {
        temp = makeTempDir('console-first-login');
        app = await startApplication(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: temp.dir }), createSilentLogger(), { mountFeatures });
        page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    });
    afterEach(async () => {
        await page?.context().close();
        await app?.stop();
        temp.remove();
    });

    it('shows the change form in Spanish, says why a weak password is refused, and opens the console after the change', async () => {
        const file = path.join(temp.dir, 'first-login.txt');
        const text = fs.readFileSync(file, 'utf8');
        const username = /^usuario: (.+)$/m.exec(text)![1];
        const generated = /^contraseña: (.+)$/m.exec(text)![1];

        await page.goto(`${app.url}/console/`);
        await page.locator('#login-username').fill(username);
        await page.locator('#login-password').fill(generated);
        await page.locator('#login-submit').click();
        await page.locator('#password-screen').waitFor({ state: 'visible' });
        expect(await page.locator('#app-screen').isVisible(), 'no console before the change').to.equal(false);
        expect(await page.locator('#password-title').textContent()).to.equal('Cambie su contraseña');
        expect(await page.locator('#password-intro').textContent()).to.include('elija una que solo usted conozca');

        // The two new ones differ: said at once, nothing sent.
        await page.locator('#password-current').fill(generated);
        await page.locator('#password-new').fill('granizo-sobre-los-olivares');
        await page.locator('#password-repeat').fill('granizo-sobre-los-olivare');
        await page.locator('#password-submit').click();
        await page.locator('#password-message').waitFor({ state: 'visible' });
        expect(await page.locator('#password-message').textContent()).to.equal('Las dos contraseñas nuevas no coinciden. Escríbalas de nuevo.');

        // Easy to guess: the server's reason, in Spanish (usted).
        await page.locator('#password-new').fill('aaaaaaaaaaaa');
        await page.locator('#password-repeat').fill('aaaaaaaaaaaa');
        await page.locator('#password-submit').click();
        await page
            .locator('#password-message')
            .filter({ hasText: /^La contraseña es demasiado/ })
            .waitFor();
        expect(await page.locator('#password-message').textContent()).to.equal(
            'La contraseña es demasiado fácil de adivinar. Los caracteres repetidos, como "aaa", son fáciles de adivinar. Agregue más palabras, que sean poco comunes. Evite repetir palabras o caracteres.'
        );
        expect(await page.locator('#password-new').inputValue(), 'the refused password is cleared').to.equal('');
        await page.screenshot({ path: screenshotPath('first-login-password.png') });
        expect(fs.existsSync(file), 'nothing changed yet').to.equal(true);

        await page.locator('#password-new').fill('granizo-sobre-los-olivares');
        await page.locator('#password-repeat').fill('granizo-sobre-los-olivares');
        await page.locator('#password-submit').click();
        await page.locator('#app-screen').waitFor({ state: 'visible' });
        await page.locator('#connection.connection--live').waitFor();
        expect(await page.locator('#password-screen').isVisible()).to.equal(false);
        expect(await page.locator('#user-role').textContent()).to.equal('Supervisor');
        expect(fs.existsSync(file), 'the file with the made-up password is gone').to.equal(false);

        // A reload resumes the session straight into the console.
        await page.reload();
        await page.locator('#app-screen').waitFor({ state: 'visible' });
        expect(await page.locator('#password-screen').isVisible()).to.equal(false);
    });

    it('resumes into the change form after a reload, and leaves to the login screen with "Salir sin cambiarla"', async () => {
        const text = fs.readFileSync(path.join(temp.dir, 'first-login.txt'), 'utf8');
        await page.goto(`${app.url}/console/`);
        await page.locator('#login-username').fill(/^usuario: (.+)$/m.exec(text)![1]);
        await page.locator('#login-password').fill(/^contraseña: (.+)$/m.exec(text)![1]);
        await page.locator('#login-submit').click();
        await page.locator('#password-screen').waitFor({ state: 'visible' });
        await page.reload();
        await page.locator('#password-screen').waitFor({ state: 'visible' });
        expect(await page.locator('#app-screen').isVisible()).to.equal(false);
        await page.locator('#password-logout').click();
        await page.locator('#login-screen').waitFor({ state: 'visible' });
        expect(await page.locator('#login-message').textContent()).to.equal('Sesión cerrada.');
        expect(await page.locator('#password-screen').isVisible()).to.equal(false);
    });
});
