import { expect } from 'chai';
import { textOf } from '../support/lineHarness';
import { consoleOnFreshLine, createOperator, Credentials, logInThroughPage, screenshotPath, waitForBoxValue, waitForCaseOf } from './consoleBrowser';

/**
 * "Consultas" in the cases screen, in Chromium: a question the bot could not answer is listed in its own section,
 * not in "En espera" nor counted there, and raises no alarm; an operator opens it in the usual case view, takes it,
 * answers the citizen (who gets the answer by WhatsApp) and resolves it.
 */
describe('console: consultas in the queue', function () {
    this.timeout(90_000);
    const PHONE = '5493834600305';
    const QUESTION = '¿los voluntarios cobran por ayudar a mudar muebles?';
    const ANA: Credentials = { username: 'ana', password: 'ana-turno-de-la-mañana' };
    const shared = consoleOnFreshLine({ width: 1280, height: 900 });

    it('lists a consulta apart from the emergency queue; an operator claims, answers and resolves it', async () => {
        const { line, page } = shared;
        await createOperator(line, ANA);
        await logInThroughPage(page, line, ANA);

        const before = line.sentTo(PHONE).length;
        expect(await line.citizenSays(PHONE, 'Pedro', QUESTION)).to.equal(200);
        await line.waitForText(PHONE, 'Su consulta quedó registrada');
        const caseId = await waitForCaseOf(line, PHONE);

        // Its own section, live; "En espera" neither lists nor counts it; no alarm.
        const row = page.locator(`#consultas-list [data-case-id="${caseId}"]`);
        await row.waitFor();
        expect(await row.locator('.badge').textContent()).to.equal('Consulta');
        expect(await row.locator('.row__preview').textContent()).to.include('voluntarios cobran');
        expect(await page.locator('#consultas-count').textContent()).to.equal('1');
        expect(await page.locator(`#queued-list [data-case-id="${caseId}"]`).count()).to.equal(0);
        expect(await page.locator('#queued-count').textContent()).to.equal('0');
        expect(await page.locator('#queued-empty').isVisible()).to.equal(true);
        expect(await page.locator('#consultas-empty').isVisible()).to.equal(false);
        expect(await page.locator('#urgent-banner').isHidden(), 'a consulta raises no critical alarm').to.equal(true);
        await page.screenshot({ path: screenshotPath('consultas-queue.png') });

        // The usual case view: "Consulta" instead of a priority; claim, and it stays in "Consultas" as hers.
        await row.click();
        await page.locator('#case-view').waitFor({ state: 'visible' });
        expect(await page.locator('#case-priority').textContent()).to.equal('Consulta');
        await page.locator('#action-claim').click();
        await page.locator('#case-holder', { hasText: 'Usted atiende este caso' }).waitFor();
        await row.locator('.tag', { hasText: 'La atiende usted' }).waitFor();
        expect(await page.locator(`#assigned-list [data-case-id="${caseId}"]`).count()).to.equal(0);
        expect(await page.locator('#assigned-count').textContent()).to.equal('0');
        expect(await page.locator('#consultas-count').textContent()).to.equal('1');

        // The answer reaches the citizen through WhatsApp.
        const reply = 'No, la ayuda de los voluntarios de Defensa Civil es gratuita, pero no incluye mudanzas.';
        await page.locator('#composer-text').fill(reply);
        await page.locator('#composer-send').click();
        await waitForBoxValue(page, '#composer-text', '', 'the box is emptied after sending');
        await line.waitForText(PHONE, reply);
        expect(line.sentTo(PHONE).slice(before).map(textOf)).to.include(reply);

        // Resolved: it leaves the list.
        await page.locator('#action-resolve').click();
        await page.locator('#resolve-dialog[open]').waitFor();
        await page.locator('#resolve-outcome').fill('Consulta respondida');
        await page.locator('#resolve-confirm').click();
        await page.locator('#case-status.status--resolved').waitFor();
        await row.waitFor({ state: 'detached' });
        expect(await page.locator('#consultas-count').textContent()).to.equal('0');
        await page.locator('#consultas-empty').waitFor({ state: 'visible' });
    });
});
