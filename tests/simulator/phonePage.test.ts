import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../config';
import { createSilentLogger } from '../../common/logger';
import { startApplication, type RunningApplication } from '../../server/application';
import { mountFeatures } from '../../server/features';
import { launchChromium } from '../support/browser';
import { makeTempDir } from '../support/tempDir';

/** The /simulator phone page in real Chromium, on the line as `npm start` runs it (no access token). */
describe('the simulator phone page (Chromium)', function () {
    this.timeout(60000);
    let temp: ReturnType<typeof makeTempDir>;
    let app: RunningApplication;
    let browser: Browser;
    let page: Page;

    before(async () => {
        temp = makeTempDir('simulator-page');
        app = await startApplication(loadConfig({ PORT: '0', DATA_DIR: temp.dir }), createSilentLogger(), { mountFeatures });
        browser = await launchChromium();
    });
    after(async () => {
        await browser?.close();
        await app?.stop();
        temp?.remove();
    });
    beforeEach(async () => {
        page = await browser.newPage({ viewport: { width: 420, height: 800 } });
    });
    afterEach(async () => page.close());

    it('asks for the citizen first: the message box appears only after connecting', async () => {
        await page.goto(`${app.url}/simulator`);
        expect(await page.isVisible('#identity')).to.equal(true);
        expect(await page.isVisible('#composer'), 'no message box before a number is chosen').to.equal(false);
        await page.click('#identity button[type=submit]');
        expect(await page.isVisible('#composer')).to.equal(true);
        expect(await page.isVisible('#identity')).to.equal(false);
    });

    it("sends a signed webhook to the line and shows the bot's answer and its choices", async () => {
        await page.goto(`${app.url}/simulator`);
        await page.fill('#phone', '+54 9 383 455-0001');
        await page.click('#identity button[type=submit]');
        await page.fill('#text', 'hola');
        await page.press('#text', 'Enter');
        await page.waitForSelector('text=¿Cuál es su nombre?', { timeout: 10000 });
        expect(await page.textContent('#chat')).to.include('Defensa Civil Catamarca');

        await page.fill('#text', 'Ana');
        await page.press('#text', 'Enter');
        await page.waitForSelector('text=Valle Viejo', { timeout: 10000 });
    });
});
