import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { systemClock, type Clock } from '../../common/clock';
import { launchChromium } from '../support/browser';
import { LineHarness } from '../support/lineHarness';
import { createOperator, Credentials, logInThroughPage, screenshotPath, waitForCaseOf } from './consoleBrowser';

/** The real clock, put forward by the test: an offer runs out at the step the test chooses, never between two others. */
class ClockAhead implements Clock {
    private aheadMs = 0;
    readonly now = (): number => Date.now() + this.aheadMs;
    readonly setTimer = systemClock.setTimer;
    readonly clearTimer = systemClock.clearTimer;

    putForward(ms: number): void {
        this.aheadMs += ms;
    }
}

/**
 * Auto assignment in Chromium, on a line started with HANDOFF_ASSIGNMENT=auto: an urgent message becomes a case
 * offered to one operator, whose console shows it with the time left and takes it with "Aceptar"; a colleague's queue
 * says whom it is offered to. An offer left unanswered goes to the next operator, and the one who let it lapse is told
 * they were put on a break.
 */
describe('console: cases offered by auto assignment', function () {
    this.timeout(90_000);
    const ANA: Credentials = { username: 'ana', password: 'ana-turno-de-la-noche' };
    const BETO: Credentials = { username: 'beto', password: 'beto-turno-de-la-noche' };
    /**
     * Longer than the test may run: no offer runs out while the test is still acting on it (with 5 s, on a loaded
     * machine, the first one could lapse before ana pressed "Aceptar"). The test makes an offer run out by putting the
     * line's clock forward by this much, which passes no other deadline (the 3-minute wait, the 5-minute silence).
     */
    const OFFER_SECONDS = 120;
    let browser: Browser;
    let line: LineHarness;
    let clock: ClockAhead;

    before(async () => (browser = await launchChromium()));
    after(async () => browser?.close());
    beforeEach(async () => {
        clock = new ClockAhead();
        line = await LineHarness.start(
            { HANDOFF_ASSIGNMENT: 'auto', HANDOFF_OFFER_SECONDS: String(OFFER_SECONDS), OPERATOR_MAX_OPEN_CASES: '3' },
            undefined,
            { clock }
        );
    });
    afterEach(async () => line?.stop());

    async function consoleOf(who: Credentials): Promise<Page> {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        await logInThroughPage(page, line, who);
        return page;
    }

    it('offers an urgent case to one operator, who accepts it; an unanswered offer moves on', async () => {
        await createOperator(line, ANA);
        await createOperator(line, BETO);
        const ana = await consoleOf(ANA);
        const beto = await consoleOf(BETO);

        // Both free: the first case goes to ana (fewest open cases, then by name), and beto sees it is hers.
        expect(await line.citizenSays('5493834777101', 'Rosa', 'auxilio mi papa no respira')).to.equal(200);
        const first = await waitForCaseOf(line, '5493834777101');
        await ana.locator('#offer-banner').waitFor({ state: 'visible', timeout: 10_000 });
        const offerText = await ana.locator('#offer-banner-text').textContent();
        expect(offerText, offerText ?? '').to.match(/Se le ofrece un caso crítico: .+ Tiene \d+ s para aceptarlo\./);
        await beto.locator(`#queued-list [data-case-id="${first}"]`, { hasText: 'Ofrecido a: ana' }).waitFor({ timeout: 10_000 });
        expect(await beto.locator('#offer-banner').isHidden()).to.equal(true);
        // Beto opens it: he may not take a case offered to a colleague.
        await beto.locator(`#queued-list [data-case-id="${first}"]`).click();
        await beto.locator('#case-holder', { hasText: 'Ofrecido a ana' }).waitFor();
        expect(await beto.locator('#action-claim').isDisabled()).to.equal(true);
        await ana.screenshot({ path: screenshotPath('case-offered.png') });
        await ana.locator('#offer-banner-accept').click();
        await ana.locator('#case-holder', { hasText: 'Usted atiende este caso' }).waitFor();
        await ana.locator('#offer-banner').waitFor({ state: 'hidden' });

        // The next case goes to beto (ana holds one); he does not answer: when its time is up it moves to ana, and beto
        // is put on a break and told why.
        expect(await line.citizenSays('5493834777102', 'Luis', 'socorro se cayo mi abuelo y no se puede mover')).to.equal(200);
        const second = await waitForCaseOf(line, '5493834777102');
        await beto.locator('#offer-banner').waitFor({ state: 'visible', timeout: 10_000 });
        clock.putForward(OFFER_SECONDS * 1000);
        await beto.locator('#app-error', { hasText: 'No aceptó a tiempo' }).waitFor({ timeout: 10_000 });
        await beto.locator('#availability [aria-pressed="true"]', { hasText: 'En pausa' }).waitFor({ timeout: 10_000 });
        await beto.locator('#offer-banner').waitFor({ state: 'hidden' });
        await ana.locator('#offer-banner').waitFor({ state: 'visible', timeout: 10_000 });
        expect(await ana.locator(`#queued-list [data-case-id="${second}"]`).textContent()).to.include('Ofrecido a usted');
    });
});
