import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LineHarness } from '../support/lineHarness';
import { SUPERVISOR, launchChromium, logInThroughPage, waitForCaseOf } from './consoleBrowser';

/**
 * A citizen's WhatsApp name or message carrying a right-to-left override (U+202E) reversed the console's own
 * labels printed after it ("espera", the department, the type). What the console shows carries no bidi controls.
 */
describe('console: bidirectional controls in what a citizen writes do not reorder the console', function () {
    this.timeout(40_000);
    const PHONE = '5493834007301';
    const NAME = 'Rosa \u202Eagima ruS\u202C';
    const TEXT = 'quiero hablar con un operador \u2067\u202Eodagelorp\u2069';
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let line: LineHarness;

    before(async () => (browser = await launchChromium()));
    after(async () => browser?.close());
    beforeEach(async () => {
        line = await LineHarness.start();
        context = await browser.newContext();
        page = await context.newPage();
    });
    afterEach(async () => {
        await context?.close();
        await line?.stop();
    });

    it('shows the name and the message without the controls, in the queue and the case', async () => {
        expect(await line.citizenSays(PHONE, NAME, TEXT)).to.equal(200);
        const caseId = await waitForCaseOf(line, PHONE);
        await logInThroughPage(page, line, SUPERVISOR);
        const row = page.locator(`#queued-list .row[data-case-id="${caseId}"]`);
        await row.waitFor();
        expect(await row.locator('.row__name').textContent()).to.equal('Rosa agima ruS');
        expect(await row.textContent()).to.not.match(/[\u202A-\u202E\u2066-\u2069]/);

        await row.click();
        await page.locator('#transcript li').first().waitFor();
        const shown = await page.locator('#case-view').textContent();
        expect(shown).to.include('odagelorp');
        expect(shown).to.not.match(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
    });
});
