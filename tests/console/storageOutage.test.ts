import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { HANDOFF_TEXTS } from '../../handoff/texts';
import { createOperator, launchChromium, waitForBoxValue } from './consoleBrowser';
import { OutageStore } from '../handoff/support/outageStore';
import { LineHarness, textOf } from '../support/lineHarness';

/**
 * The worst day in real Chromium: storage stops answering while an operator logs in, and again while they reply to
 * a citizen. The console must say so in words the operator can act on ("retry in a moment", not "error"), keep what
 * they typed, and, once storage is back, go on with one more click: the reply sent once.
 */
describe('console: storage unavailable while an operator replies', function () {
    this.timeout(60_000);
    const PHONE = '5493834555090';
    const OPERATOR = { username: 'operador.raul', password: 'clave-raul-segura-123' };
    const REPLY = 'Quédese en el techo, la lancha de bomberos está a diez minutos.';
    const STORAGE_DOWN = 'No se pudo guardar: el servidor no llega a la base de datos. Reintente en unos segundos.';

    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let line: LineHarness;
    let outage: OutageStore;

    before(async () => (browser = await launchChromium()));
    after(async () => browser?.close());
    beforeEach(async () => {
        line = await LineHarness.start({}, undefined, { wrapStore: (store) => (outage = new OutageStore(store)) });
        context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
        page = await context.newPage();
    });
    afterEach(async () => {
        await context?.close();
        outage?.restore();
        await line?.stop();
    });

    it('says the server cannot reach the database, keeps the password and the typed reply, and sends the reply once when storage is back', async () => {
        await createOperator(line, OPERATOR);
        await page.goto(`${line.url}/console/`);
        await page.locator('#login-username').fill(OPERATOR.username);
        await page.locator('#login-password').fill(OPERATOR.password);
        outage.down();
        await page.locator('#login-submit').click();
        await page
            .locator('#login-message')
            .filter({ hasText: 'No se pudo ingresar: el servidor no llega a la base de datos. Reintente en unos segundos.' })
            .waitFor();
        expect(await page.locator('#login-password').inputValue(), 'the password was not refused: it stays').to.equal(OPERATOR.password);
        outage.restore();
        await page.locator('#login-submit').click();
        await page.locator('#app-screen').waitFor({ state: 'visible' });
        await page.locator('#connection.connection--live').waitFor();

        expect(await line.citizenSays(PHONE, 'Rosa', 'Socorro, el agua entró a la casa y no podemos salir')).to.equal(200);
        await page.locator('#queued-list .row').filter({ hasText: 'Rosa' }).click();
        await page.locator('#action-claim').click();
        await page.locator('#case-status.status--assigned').waitFor();
        await line.waitForText(PHONE, HANDOFF_TEXTS.operatorJoined);
        const posted: { text: string; clientMessageId?: string }[] = [];
        await page.route('**/api/operator/cases/*/messages', async (route) => {
            posted.push(route.request().postDataJSON() as { text: string; clientMessageId?: string });
            await route.continue();
        });

        // A read the console makes meanwhile (a live event's refresh) may show "No se pudo cargar" over the save's
        // message: every message the error line shows is recorded, and the save's must be among them.
        await page.evaluate(() => {
            const box = (globalThis as any).document.querySelector('#app-error');
            const seen: string[] = ((globalThis as any).__appErrors = []);
            new (globalThis as any).MutationObserver(() => seen.push(box.textContent ?? '')).observe(box, {
                childList: true,
                characterData: true,
                subtree: true
            });
        });
        outage.down();
        await page.locator('#composer-text').fill(REPLY);
        await page.locator('#composer-send').click();
        const shown = page.locator('#app-error');
        await page.waitForFunction((text) => ((globalThis as any).__appErrors as string[]).some((seen) => seen.includes(text)), STORAGE_DOWN, {
            timeout: 10_000
        });
        await page.locator('#composer-send:not([disabled])').waitFor();
        expect(await shown.getAttribute('role'), 'read out at once').to.equal('alert');
        expect(await page.locator('#composer-text').inputValue(), 'what the operator typed is still there').to.equal(REPLY);
        expect(line.sentTo(PHONE).map(textOf), 'nothing reached the citizen').to.not.include(REPLY);
        expect(await page.locator('#login-screen').isVisible(), 'the operator is not sent to the login').to.equal(false);
        // A reading says so in the same words.
        await page.locator('#refresh').click();
        await shown.filter({ hasText: 'No se pudo cargar: el servidor no llega a la base de datos. Reintente en unos segundos.' }).waitFor();
        expect(await page.locator('#composer-text').inputValue()).to.equal(REPLY);

        outage.restore();
        await page.locator('#composer-send').click();
        await page.locator('#composer-send:not([disabled])').waitFor();
        await page.locator('#transcript .msg--operator').filter({ hasText: REPLY }).waitFor();
        await line.waitForText(PHONE, REPLY);
        await waitForBoxValue(page, '#composer-text', '', 'emptied once sent');
        expect(posted.map((body) => body.text)).to.deep.equal([REPLY, REPLY]);
        expect(posted[1].clientMessageId, 'the resend is the same message').to.equal(posted[0].clientMessageId);
        expect(
            line
                .sentTo(PHONE)
                .map(textOf)
                .filter((text) => text === REPLY),
            'the citizen got it once'
        ).to.have.length(1);
        expect(await page.locator('#transcript .msg--operator').filter({ hasText: REPLY }).count(), 'shown once').to.equal(1);
    });
});
