import { createHash } from 'crypto';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LineHarness, choicesOf } from '../support/lineHarness';
import { launchChromium, logInThroughPage, samplePng, screenshotPath, SUPERVISOR, waitForCaseOf } from './consoleBrowser';

/**
 * A complete report (name, department, pin, type, photo) handed to the console: the report card, the photo
 * served from the media route with the session cookie, the coordinates and the map link. Screenshots of the
 * queue and the case view are left in .tmp/console/ for a person to judge.
 */
describe('console: a reported case with photo and location', function () {
    this.timeout(40_000);
    const PHONE = '5493834555201';
    const LAT = -28.469581;
    const LON = -65.779544;

    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let line: LineHarness;

    before(async () => (browser = await launchChromium()));
    after(async () => browser?.close());
    beforeEach(async () => (line = await LineHarness.start()));
    afterEach(async () => {
        await context?.close();
        await line?.stop();
    });

    /** The citizen writes and waits for the line's answers. */
    async function say(phone: string, name: string, input: Parameters<LineHarness['citizenSays']>[2], answers = 1): Promise<void> {
        const before = line.sentTo(phone).length;
        expect(await line.citizenSays(phone, name, input)).to.equal(200);
        await line.waitForMessages(phone, answers, before);
    }

    function choice(phone: string, title: string): { id: string; title: string } {
        const found = choicesOf(line.sentTo(phone).at(-1)!).find((c) => c.title === title);
        if (!found) throw new Error(`no choice "${title}" offered to ${phone}`);
        return found;
    }

    /** The report protocol through WhatsApp, with a photo at the photo step. */
    async function reportWithPhoto(photo: Buffer): Promise<void> {
        await say(PHONE, 'María', 'hola', 2);
        await say(PHONE, 'María', 'María Pérez');
        await say(PHONE, 'María', 'valle viejo');
        await say(PHONE, 'María', { kind: 'location', latitude: LAT, longitude: LON, name: 'Puente sobre el río del Valle' });
        const flood = choice(PHONE, 'Inundación');
        await say(PHONE, 'María', { kind: 'list_reply', id: flood.id, title: flood.title });
        const mediaId = line.peer.addMedia(photo, 'image/png');
        await say(PHONE, 'María', { kind: 'image', mediaId, mimeType: 'image/png', sha256: createHash('sha256').update(photo).digest('hex') });
        const confirm = choice(PHONE, 'Sí, enviar');
        await say(PHONE, 'María', { kind: 'button_reply', id: confirm.id, title: confirm.title });
    }

    it('shows the report card, the photo and the location with a map link', async () => {
        await reportWithPhoto(samplePng());
        const caseId = await waitForCaseOf(line, PHONE);
        // More of a shift's queue, for the screenshots: a critical and a plain request.
        await line.citizenSays('5493834555202', 'Jorge Díaz', 'Auxilio, hay fuego en la casa y chicos adentro');
        await line.citizenSays('5493834555203', 'Carla', 'Quiero hablar con un operador');
        await waitForCaseOf(line, '5493834555202');
        await waitForCaseOf(line, '5493834555203');

        context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
        page = await context.newPage();
        await logInThroughPage(page, line, SUPERVISOR);
        await page.locator('#queued-list .row').nth(2).waitFor();
        const rows = await page.locator('#queued-list .row .badge').allTextContents();
        expect(rows, 'critical first, then the rest').to.have.length(3);
        expect(rows[0]).to.equal('Crítica');
        const reported = page.locator(`#queued-list .row[data-case-id="${caseId}"]`);
        expect(await reported.locator('.row__department').textContent()).to.equal('Valle Viejo');
        expect(await reported.locator('.row__type').textContent()).to.equal('Inundación');
        await page.screenshot({ path: screenshotPath('queue.png') });

        // Keyboard: a queue row is a button.
        await reported.focus();
        await page.keyboard.press('Enter');
        await page.locator('#case-view').waitFor({ state: 'visible' });
        const card = await page.locator('#report-card').textContent();
        expect(card)
            .to.include('María Pérez')
            .and.include('Valle Viejo')
            .and.include('Inundación')
            .and.match(/DC-[A-Z2-9]{4}/);

        // The photo comes from the media route, with the session cookie (same-origin image request).
        const photo = page.locator('#photo-body img.photo--main');
        await photo.waitFor();
        expect(await photo.getAttribute('src')).to.match(/^\/api\/operator\/media\/[0-9a-f]{64}$/);
        await page.waitForFunction(() => {
            const img = (globalThis as any).document.querySelector('#photo-body img.photo--main');
            return Boolean(img && img.complete && img.naturalWidth === 160);
        });

        expect(await page.locator('#location-body .coords').textContent()).to.equal('-28.46958, -65.77954');
        expect(await page.locator('#location-body').textContent()).to.include('Puente sobre el río del Valle');
        const map = page.locator('#location-body a.map-link');
        expect(await map.getAttribute('href')).to.equal(
            'https://www.openstreetmap.org/?mlat=-28.469581&mlon=-65.779544#map=16/-28.469581/-65.779544'
        );
        expect(await map.getAttribute('target')).to.equal('_blank');
        expect(await map.getAttribute('rel')).to.equal('noopener noreferrer');
        await page.screenshot({ path: screenshotPath('case-photo-location.png') });

        // The tablet the operators also use.
        await page.setViewportSize({ width: 1024, height: 768 });
        await page.screenshot({ path: screenshotPath('case-tablet-1024.png') });

        // Buttons follow the status: claim, release back to the queue, then return the case to the bot.
        // The new status shows while the action is still finishing (its buttons busy): wait for them to come back.
        await page.locator('#action-claim').click();
        await page.locator('#case-status.status--assigned').waitFor();
        await page.locator('#action-release:enabled').waitFor();
        expect(await page.locator('#action-claim').isDisabled(), 'no second claim').to.equal(true);
        await page.locator('#action-release').click();
        await page.locator('#case-status.status--queued').waitFor();
        await page.locator('#action-claim:enabled').waitFor();
        expect(await page.locator('#action-release').isDisabled(), 'nothing to release').to.equal(true);
        await page.locator(`#queued-list .row[data-case-id="${caseId}"]`).waitFor();
        await page.locator('#action-return').click();
        await page.locator('#case-status.status--returned_to_bot').waitFor();
        await page.locator(`#queued-list .row[data-case-id="${caseId}"]`).waitFor({ state: 'detached' });
        for (const action of ['#action-claim', '#action-release', '#action-resolve', '#action-return']) {
            expect(await page.locator(action).isDisabled(), action).to.equal(true);
        }
    });
});
