import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import type { LineHarness } from '../support/lineHarness';
import { apiCall, apiToken, consoleOnFreshLine, logInThroughPage, screenshotPath, SUPERVISOR, waitForCaseOf } from './consoleBrowser';

/** Who gets in, what each role sees, and what happens when the session ends. */
describe('console: login, roles and session expiry', function () {
    this.timeout(30_000);
    const ui = consoleOnFreshLine({ width: 1024, height: 768 });
    let line: LineHarness;
    let page: Page;
    let context: BrowserContext;
    beforeEach(() => ({ line, page, context } = ui));

    it('a wrong password keeps the login screen and says so', async () => {
        await page.goto(`${line.url}/console/`);
        await page.locator('#login-username').fill(SUPERVISOR.username);
        await page.locator('#login-password').fill('no-es-la-clave');
        await page.locator('#login-submit').click();
        await page.locator('#login-message').waitFor({ state: 'visible' });
        expect(await page.locator('#login-message').textContent()).to.equal('Usuario o contraseña incorrectos.');
        expect(await page.locator('#app-screen').isVisible()).to.equal(false);
        expect(await page.locator('#login-password').inputValue(), 'the wrong password is cleared').to.equal('');
    });

    it('a supervisor creates an operator from the console; the operator sees no user screen and cannot act on a case held by another', async () => {
        await logInThroughPage(page, line, SUPERVISOR);
        expect(await page.locator('#user-role').textContent()).to.equal('Supervisor');
        await page.locator('#nav-users').click();
        await page.locator('#users-list tr[data-username="supervisora"]').waitFor();
        await page.locator('#new-username').fill('operador.luis');
        await page.locator('#new-display-name').fill('Luis Herrera');
        await page.locator('#new-password').fill('clave-luis-segura-1');
        await page.locator('#user-create').click();
        const created = page.locator('#users-list tr[data-username="operador.luis"]');
        await created.waitFor();
        expect(await created.textContent())
            .to.include('Luis Herrera')
            .and.include('Operador')
            .and.include('Activo');
        await page.screenshot({ path: screenshotPath('users.png') });

        await page.locator('#logout').click();
        await page.locator('#login-screen').waitFor({ state: 'visible' });
        expect(await page.locator('#login-message').textContent()).to.equal('Sesión cerrada.');

        // A case the supervisor holds.
        const phone = '5493834555101';
        expect(await line.citizenSays(phone, 'Rosa', 'quiero hablar con un operador')).to.equal(200);
        const caseId = await waitForCaseOf(line, phone);
        const token = await apiToken(line, SUPERVISOR);
        expect((await apiCall(line, token, 'POST', `/api/operator/cases/${caseId}/claim`)).status).to.equal(200);

        // The password the supervisor set is theirs: Luis picks his own before anything else.
        await page.locator('#login-username').fill('operador.luis');
        await page.locator('#login-password').fill('clave-luis-segura-1');
        await page.locator('#login-submit').click();
        await page.locator('#password-screen').waitFor({ state: 'visible' });
        await page.locator('#password-current').fill('clave-luis-segura-1');
        await page.locator('#password-new').fill('mate-cocido-en-la-sierra');
        await page.locator('#password-repeat').fill('mate-cocido-en-la-sierra');
        await page.locator('#password-submit').click();
        await page.locator('#app-screen').waitFor({ state: 'visible' });
        await page.locator('#connection.connection--live').waitFor();
        expect(await page.locator('#user-name').textContent()).to.equal('Luis Herrera');
        expect(await page.locator('#nav-users').isVisible(), 'the users screen is for supervisors').to.equal(false);
        const row = page.locator(`#assigned-list .row[data-case-id="${caseId}"]`);
        await row.waitFor();
        expect(await row.textContent()).to.include('Atiende: supervisora');
        await row.click();
        await page.locator('#case-status.status--assigned').waitFor();
        expect(await page.locator('#case-holder').textContent()).to.equal('Lo atiende supervisora.');
        for (const action of ['#action-claim', '#action-release', '#action-resolve', '#action-return']) {
            expect(await page.locator(action).isDisabled(), action).to.equal(true);
        }
        expect(await page.locator('#composer-text').isDisabled(), 'no reply to a case held by another').to.equal(true);
        await page.locator('input[name="mode"][value="note"]').check();
        expect(await page.locator('#composer-text').isDisabled(), 'a note is always possible').to.equal(false);

        // The supervisor disables the account: the operator can no longer log in.
        expect((await apiCall(line, token, 'PATCH', '/api/operator/users/operador.luis', { active: false })).status).to.equal(200);
        // The console notices on its next request; the live stream may notice first and leave no button to click.
        await page
            .locator('#refresh')
            .click({ timeout: 2000 })
            .catch(() => undefined);
        await page.locator('#login-screen').waitFor({ state: 'visible' });
        expect(await page.locator('#login-message').textContent()).to.include('Su sesión expiró');
    });

    it('survives a reload, and an ended session returns to the login screen with a message', async () => {
        await logInThroughPage(page, line, SUPERVISOR);
        await page.reload();
        await page.locator('#app-screen').waitFor({ state: 'visible' });
        expect(await page.locator('#user-name').textContent(), 'the cookie session resumes without a new login').to.equal('supervisora');

        const cookie = (await context.cookies()).find((c) => c.name === 'linea_session');
        expect(cookie?.httpOnly, 'the session cookie is HttpOnly').to.equal(true);
        expect(await page.evaluate('document.cookie')).to.not.include('linea_session');
        // The session ends on the server (as at the end of a shift).
        expect((await apiCall(line, cookie!.value, 'POST', '/api/operator/logout')).status).to.equal(200);

        // The console notices on its next request; the live stream may notice first and leave no button to click.
        await page
            .locator('#refresh')
            .click({ timeout: 2000 })
            .catch(() => undefined);
        await page.locator('#login-screen').waitFor({ state: 'visible' });
        expect(await page.locator('#login-message').textContent()).to.equal('Su sesión expiró. Ingrese de nuevo para seguir atendiendo.');
        expect(await page.locator('#app-screen').isVisible()).to.equal(false);
    });
});
