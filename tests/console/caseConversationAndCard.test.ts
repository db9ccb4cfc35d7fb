import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../../common/projectRoot';
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

    it("shows the citizen's messages, folds the bot's questions, and the card says who is at risk in their words", async () => {
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
        expect(await citizen.allTextContents()).to.deep.equal([
            'hola',
            'Rosa Quiroga',
            'se inunda la casa en Fiambalá, estoy con mi abuela que no puede caminar, somos 3'
        ]);
        const bot = page.locator('#transcript .msg--bot');
        expect(await bot.count()).to.be.at.least(2);
        expect(await bot.first().isVisible(), "the bot's questions start folded").to.equal(false);
        const toggle = page.locator('#toggle-bot-part');
        expect(await toggle.getAttribute('aria-expanded')).to.equal('false');
        await toggle.click();
        await bot.first().waitFor({ state: 'visible' });
        expect(await page.locator('#transcript').textContent()).to.include('¿Cuál es su nombre?');
        expect(await page.locator('#toggle-bot-part').getAttribute('aria-expanded')).to.equal('true');

        const card = page.locator('#report-card');
        expect(await card.textContent())
            .to.include('Fiambalá')
            .and.include('Tinogasta')
            .and.include('persona mayor')
            .and.include('3');
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

    it("an operator's edit of the card is audited and seen live in a second console", async () => {
        const { line, page, context } = shared;
        await says('auxilio se inunda la casa en Fiambalá', 3);
        const caseId = await waitForCaseOf(line, PHONE);
        const other = await context.browser()!.newContext({ viewport: { width: 1280, height: 900 } });
        try {
            const watcher = await other.newPage();
            for (const p of [page, watcher]) {
                await logInThroughPage(p, line, SUPERVISOR);
                await p.locator(`[data-case-id="${caseId}"]`).first().click();
                await p.locator('#case-view').waitFor({ state: 'visible' });
            }
            await page.locator('#card-edit-open').click();
            await page.locator('#edit-department').selectOption({ label: 'Belén' });
            await page.locator('#edit-locality').fill('Londres');
            await page.locator('#edit-people').fill('2');
            await page.locator('#card-edit input[value="bebe"]').check();
            await page.locator('#card-edit-save').click();
            await page.locator('#report-card', { hasText: 'Londres' }).waitFor();
            // The second console, untouched, shows the new card and the trail line.
            await watcher.locator('#report-card', { hasText: 'Londres' }).waitFor({ timeout: 10_000 });
            const card = await watcher.locator('#report-card').textContent();
            expect(card).to.include('Belén').and.include('2 · bebé');
            await watcher.locator('#audit-list li', { hasText: 'Departamento: Tinogasta → Belén' }).waitFor({ state: 'attached', timeout: 10_000 });
            await page.screenshot({ path: screenshotPath('case-card-edited.png') });
        } finally {
            await other.close();
        }
    });

    it('offers the same emergency types as the report (the console keeps a copy it can import)', () => {
        const copy = fs.readFileSync(path.join(projectRoot(), 'console', 'js', 'emergencyTypes.js'), 'utf8');
        const offered = [...copy.matchAll(/\{ id: '([a-z_]+)', label: '([^']+)' \}/g)].map((m) => [m[1], m[2]]);
        const known = (
            JSON.parse(fs.readFileSync(path.join(projectRoot(), 'dialogs', 'data', 'emergency-types.json'), 'utf8')) as {
                types: { id: string; label: string }[];
            }
        ).types.map((t) => [t.id, t.label]);
        expect(offered).to.deep.equal(known);
    });
});
