import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { consoleOnFreshLine, createOperator, Credentials, logInThroughPage, screenshotPath, SUPERVISOR, waitForCaseOf } from './consoleBrowser';

/**
 * Who takes which case, in Chromium: operator A holds a case and hands it to B with a note; B's console (another
 * browser) raises the alert, lists the case as theirs and shows the note in the transcript. A's availability, changed
 * with one click in the header, is what a supervisor's Operadores screen shows, live.
 */
describe('console: availability and transferring a case', function () {
    this.timeout(60_000);
    const PHONE = '5493834555401';
    const ANA: Credentials = { username: 'ana', password: 'ana-turno-de-la-tarde' };
    const BETO: Credentials = { username: 'beto', password: 'beto-turno-de-la-tarde' };
    const NOTE = 'Salgo a un operativo. La señora ya dio la dirección; <b>confirmar</b> si llegaron los bomberos.';
    const shared = consoleOnFreshLine({ width: 1280, height: 900 });

    async function inNewContext(who: Credentials): Promise<Page> {
        const context = await shared.context.browser()!.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        await logInThroughPage(page, shared.line, who);
        return page;
    }

    it('hands a held case to an available colleague who is alerted, and shows availability to the supervisor', async () => {
        const { line, page } = shared;
        await createOperator(line, ANA);
        await createOperator(line, BETO);
        const before = line.sentTo(PHONE).length;
        expect(await line.citizenSays(PHONE, 'Rosa', 'auxilio se nos inunda la casa y no podemos salir')).to.equal(200);
        await line.waitForMessages(PHONE, 3, before);
        const caseId = await waitForCaseOf(line, PHONE);

        await logInThroughPage(page, line, ANA);
        const beto = await inNewContext(BETO);
        const jefa = await inNewContext(SUPERVISOR);
        try {
            // The header: three choices, "Disponible" pressed.
            expect(await page.locator('#availability button').allTextContents()).to.deep.equal(['Disponible', 'En pausa', 'Fuera de turno']);
            expect(await page.locator('#availability [aria-pressed="true"]').textContent()).to.equal('Disponible');

            // The supervisor's Operadores screen: Ana available, no cases yet.
            await jefa.locator('#nav-users').click();
            const anaRow = jefa.locator('#users-list tr[data-username="ana"]');
            await anaRow.locator('[data-column="availability"]', { hasText: 'Disponible' }).waitFor();

            // Ana takes the case: no transfer button before, one after.
            await page.locator(`[data-case-id="${caseId}"]`).first().click();
            await page.locator('#case-view').waitFor({ state: 'visible' });
            expect(await page.locator('#action-transfer').isHidden()).to.equal(true);
            await page.locator('#action-claim').click();
            await page.locator('#case-holder', { hasText: 'Usted atiende este caso' }).waitFor();
            await anaRow.locator('[data-column="open-cases"]', { hasText: '1' }).waitFor({ timeout: 10_000 });

            await page.locator('#action-transfer').click();
            await page.locator('#transfer-dialog').waitFor({ state: 'visible' });
            const offered = await page.locator('#transfer-to option').evaluateAll((options) => options.map((o) => o.getAttribute('value')));
            expect(offered, 'available colleagues, never the holder').to.include('beto').and.not.include('ana');
            await page.locator('#transfer-to').selectOption('beto');
            await page.locator('#transfer-note').fill(NOTE);
            await page.locator('#transfer-confirm').click();
            await page.locator('#case-holder', { hasText: 'Lo atiende beto' }).waitFor();

            // Beto's console: the alert with the note (as text, not markup), the case as his, the note in the transcript.
            const banner = beto.locator('#transfer-banner');
            await banner.waitFor({ state: 'visible', timeout: 10_000 });
            expect(await beto.locator('#transfer-banner-text').textContent())
                .to.include('Nota de ana')
                .and.include(NOTE);
            expect(await banner.getAttribute('role')).to.equal('alert');
            expect(await beto.locator('#transfer-banner b').count()).to.equal(0);
            await beto.locator(`#assigned-list [data-case-id="${caseId}"]`, { hasText: 'Lo atiende usted' }).waitFor({ timeout: 10_000 });
            await beto.screenshot({ path: screenshotPath('case-transferred.png') });
            await beto.locator('#transfer-banner-open').click();
            await beto.locator('#case-holder', { hasText: 'Usted atiende este caso' }).waitFor();
            await beto.locator('#transcript .msg--note', { hasText: 'Salgo a un operativo' }).waitFor();
            expect(await beto.locator('#action-transfer').isVisible()).to.equal(true);
            expect(await banner.isHidden()).to.equal(true);

            // Ana goes on a break with one click: the supervisor's screen follows; Beto now holds one case.
            await page.locator('#availability button', { hasText: 'En pausa' }).click();
            await page.locator('#availability [aria-pressed="true"]', { hasText: 'En pausa' }).waitFor();
            await anaRow.locator('[data-column="availability"]', { hasText: 'En pausa' }).waitFor({ timeout: 10_000 });
            expect(await anaRow.locator('[data-column="open-cases"]').textContent()).to.equal('0');
            await jefa.locator('#users-list tr[data-username="beto"] [data-column="open-cases"]', { hasText: '1' }).waitFor({ timeout: 10_000 });
            await jefa.screenshot({ path: screenshotPath('team-availability.png') });

            // Beto cannot hand it back to Ana while she is on a break: she is not offered.
            await beto.locator('#action-transfer').click();
            await beto.locator('#transfer-dialog').waitFor({ state: 'visible' });
            const nowOffered = await beto.locator('#transfer-to option').evaluateAll((options) => options.map((o) => o.getAttribute('value')));
            expect(nowOffered).to.not.include('ana').and.not.include('beto');
            await beto.locator('#transfer-cancel').click();
            await beto.locator('#transfer-dialog').waitFor({ state: 'hidden' });
        } finally {
            await beto.context().close();
            await jefa.context().close();
        }
    });
});
