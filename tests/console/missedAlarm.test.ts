import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { createSilentLogger } from '../../common/logger';
import { createHandoff } from '../../handoff';
import type { LineHarness } from '../support/lineHarness';
import { handoffRequest } from '../handoff/support/handoffHarness';
import { consoleOnFreshLine, logInThroughPage, SUPERVISOR } from './consoleBrowser';

/**
 * The live stream is how a critical case reaches the operators at once; when its event never came (the stream was
 * down, another instance's change was late), the queue itself must still sound the alarm when it shows the case.
 */
describe('console: a critical case whose live event never came', function () {
    this.timeout(40_000);
    const ui = consoleOnFreshLine({ width: 1366, height: 800 });
    let line: LineHarness;
    let page: Page;
    beforeEach(() => ({ line, page } = ui));

    it("raises the alarm when the queue is refreshed and shows it, and shows the citizen's own words for an unlisted emergency", async () => {
        await logInThroughPage(page, line, SUPERVISOR);
        // Connected, and the queue loaded after the connection: from now on only an event or a refresh changes it.
        await page.locator('#connection', { hasText: 'En vivo' }).waitFor({ timeout: 10_000 });
        await page.waitForTimeout(300);
        expect(await page.locator('#urgent-banner').isVisible()).to.equal(false);

        // Written by a handoff whose events reach no console here: as another instance's, with no feed.
        const elsewhere = createHandoff({
            store: line.app.store,
            logger: createSilentLogger(),
            messenger: { sendText: async () => ({ ok: true }) }
        });
        await elsewhere.caseService.open(
            handoffRequest('5493834044001', 'critical', {
                report: {
                    name: 'Rita Luna',
                    departmentId: 'capital',
                    departmentName: 'Capital',
                    emergencyDescription: 'el agua tapó el puente y hay un auto adentro'
                }
            })
        );
        await page.waitForTimeout(500);
        expect(await page.locator('#urgent-banner').isVisible(), 'no event came').to.equal(false);

        await page.locator('#refresh').click();
        await page.locator('#urgent-banner').waitFor({ state: 'visible', timeout: 5_000 });
        expect(await page.locator('#urgent-banner-text').textContent()).to.contain('Rita Luna · Capital');

        await page.locator('#urgent-banner-open').click();
        const description = page.locator('.facts__row').filter({ hasText: 'Descripción del ciudadano' });
        await description.waitFor({ timeout: 5_000 });
        expect(await description.locator('dd').textContent()).to.equal('el agua tapó el puente y hay un auto adentro');
    });
});
