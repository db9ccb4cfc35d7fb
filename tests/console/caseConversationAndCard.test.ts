import { expect } from 'chai';
import { consoleOnFreshLine, logInThroughPage, screenshotPath, SUPERVISOR, waitForCaseOf } from './consoleBrowser';

/**
 * An urgent case opened after a conversation with the bot, seen in Chromium: every citizen message is in view from the
 * first one, the bot's questions are folded behind one click, and the card shows the locality and who is at risk with
 * the citizen's own words.
 */
describe('console: the conversation with the bot and the filled card', function () {
    this.timeout(40_000);
    const PHONE = '5493834555301';
    const shared = consoleOnFreshLine({ width: 1280, height: 900 });

    async function says(text: Parameters<typeof shared.line.citizenSays>[2], replies: number): Promise<void> {
        const { line } = shared;
        const before = line.sentTo(PHONE).length;
        expect(await line.citizenSays(PHONE, 'Rosa', text)).to.equal(200);
        await line.waitForMessages(PHONE, replies, before);
    }

    it('shows the citizen\'s messages, folds the bot\'s questions, and the card says who is at risk in their words', async () => {
        const { line, page } = shared;
        await says('hola', 2);
        await says('Rosa Quiroga', 1);
        await says('se inunda la casa en Fiambalá, estoy con mi abuela que no puede caminar, somos 3', 1);
        const caseId = await waitForCaseOf(line, PHONE);
        await logInThroughPage(page, line, SUPERVISOR);
        await page.locator(`[data-case-id="${caseId}"]`).first().click();
        await page.locator('#case-view').waitFor({ state: 'visible' });

        const citizen = page.locator('#transcript .msg--citizen .msg__text');
        await citizen.first().waitFor();
        expect(await citizen.allTextContents()).to.deep.equal(['hola', 'Rosa Quiroga', 'se inunda la casa en Fiambalá, estoy con mi abuela que no puede caminar, somos 3']);
        const bot = page.locator('#transcript .msg--bot');
        expect(await bot.count()).to.be.at.least(2);
        expect(await bot.first().isVisible(), 'the bot\'s questions start folded').to.equal(false);
        const toggle = page.locator('#toggle-bot-part');
        expect(await toggle.getAttribute('aria-expanded')).to.equal('false');
        await toggle.click();
        await bot.first().waitFor({ state: 'visible' });
        expect(await page.locator('#transcript').textContent()).to.include('¿Cuál es su nombre?');
        expect(await page.locator('#toggle-bot-part').getAttribute('aria-expanded')).to.equal('true');

        const card = page.locator('#report-card');
        expect(await card.textContent()).to.include('Fiambalá').and.include('Tinogasta').and.include('persona mayor').and.include('3');
        expect(await card.textContent(), 'the words each fact was read from').to.include('«Fiambalá»');
        await page.screenshot({ path: screenshotPath('case-conversation.png') });
    });

    it('a pin the citizen sends while the case waits (asked for by the bot) appears on the open case live', async () => {
        const { line, page } = shared;
        await says('auxilio se nos inunda la casa y no podemos salir', 3);
        const caseId = await waitForCaseOf(line, PHONE);
        await logInThroughPage(page, line, SUPERVISOR);
        await page.locator(`[data-case-id="${caseId}"]`).first().click();
        await page.locator('#case-view').waitFor({ state: 'visible' });
        expect(await page.locator('#location-card .coords').count(), 'no pin yet').to.equal(0);

        await says({ kind: 'location', latitude: -28.4696, longitude: -65.7852, name: 'Casa de Rosa' } as never, 1);
        await page.locator('#location-card .coords', { hasText: '-28.46960, -65.78520' }).waitFor({ timeout: 10_000 });
        await says('somos 5', 1);
        await page.locator('#report-card', { hasText: 'Personas en riesgo' }).waitFor({ timeout: 10_000 });
        expect(await page.locator('#report-card').textContent()).to.include('5');
    });
});
