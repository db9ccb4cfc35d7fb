import { createHash } from 'crypto';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildMessageWebhook } from '../../adapters/simulator/webhookBuilder';
import { LineHarness } from '../support/lineHarness';
import { SUPERVISOR, apiCall, apiToken, launchChromium, logInThroughPage, samplePng, waitForCaseOf } from './consoleBrowser';

/**
 * The attack an outside probe made work: a citizen sends a "file" that is a web page with a script; an operator
 * opens it from the console; the script, running in the console's origin with the operator's session, reads the
 * CSRF token and creates a supervisor. Whatever the file is announced as, it must not run there.
 */
const INTRUDER = 'intruso';
const script = `
document.title = 'ran';
fetch('/api/operator/session', { credentials: 'include' })
  .then((r) => r.json())
  .then((s) => fetch('/api/operator/users', { method: 'POST', credentials: 'include',
      headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrfToken || '' },
      body: JSON.stringify({ username: '${INTRUDER}', password: 'Una-clave-muy-larga-9!', displayName: 'x', role: 'supervisor' }) }))
  .then(() => { document.title = 'done'; }, () => { document.title = 'done'; });`;
const PAGES: Array<{ what: string; announced: string; bytes: Buffer }> = [
    {
        what: 'an HTML page announced as text/html',
        announced: 'text/html',
        bytes: Buffer.from(`<!doctype html><html><body><script>${script}</script></body></html>`)
    },
    {
        what: 'an SVG announced as image/svg+xml',
        announced: 'image/svg+xml',
        bytes: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg"><script>${script}</script></svg>`)
    },
    {
        what: 'an XHTML page announced as application/xhtml+xml',
        announced: 'application/xhtml+xml',
        bytes: Buffer.from(`<html xmlns="http://www.w3.org/1999/xhtml"><body><script>//<![CDATA[\n${script}\n//]]></script></body></html>`)
    },
    {
        what: 'an HTML page announced as image/jpeg',
        announced: 'image/jpeg',
        bytes: Buffer.from(`<html><body><script>${script}</script><p>jpeg</p></body></html>`)
    }
];

describe("console: a file a citizen sends never runs in the console's origin", function () {
    this.timeout(60_000);
    let browser: Browser;
    let line: LineHarness;
    let context: BrowserContext;

    before(async () => (browser = await launchChromium()));
    after(async () => browser?.close());
    beforeEach(async () => {
        line = await LineHarness.start();
        context = await browser.newContext({ acceptDownloads: true });
    });
    afterEach(async () => {
        await context?.close();
        await line?.stop();
    });

    /** The citizen asks for a person, then sends the page as a WhatsApp document. */
    async function citizenSendsDocument(phone: string, announced: string, bytes: Buffer): Promise<void> {
        expect(await line.citizenSays(phone, 'Mallory', 'quiero hablar con un operador')).to.equal(200);
        await waitForCaseOf(line, phone);
        const mediaId = line.peer.addMedia(bytes, announced);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const { payload } = buildMessageWebhook(
            line.business,
            { address: phone, name: 'Mallory' },
            { kind: 'image', mediaId, mimeType: announced, sha256 }
        );
        const message = (payload as any).entry[0].changes[0].value.messages[0];
        delete message.image;
        message.type = 'document';
        message.document = { id: mediaId, mime_type: announced, sha256, filename: 'foto.jpg' };
        expect(await line.sendWebhook(payload)).to.equal(200);
    }

    async function usernames(): Promise<string[]> {
        const { json } = await apiCall(line, await apiToken(line, SUPERVISOR), 'GET', '/api/operator/users');
        return (json.users as { username: string }[]).map((u) => u.username);
    }

    /**
     * Opens the case's file link as the operator would, in a tab of the same session (the link's own target is a new
     * tab); resolves once the browser has either rendered it (and any script in it finished) or downloaded it.
     */
    async function operatorOpensFile(page: Page, caseId: string): Promise<'downloaded' | 'rendered'> {
        await page.locator(`#queued-list .row[data-case-id="${caseId}"]`).click();
        // A file announced as an image is shown as a photo (the probe clicked its thumbnail); others get a link.
        const link = page.locator('#transcript a:has-text("Abrir archivo"), #photo-body a.photo__link').first();
        await link.waitFor();
        const href = await link.getAttribute('href');
        const tab = await context.newPage();
        const downloaded = tab.waitForEvent('download');
        try {
            await tab.goto(new URL(href!, line.url).toString(), { waitUntil: 'load' });
        } catch (error) {
            if (!/Download is starting/.test((error as Error).message)) throw error;
            await downloaded;
            return 'downloaded';
        }
        if ((await tab.title()) === 'ran') await tab.waitForFunction(() => (globalThis as any).document.title === 'done');
        return 'rendered';
    }

    for (const [index, file] of PAGES.entries()) {
        it(`${file.what}: opening it downloads it, creates no user and runs nothing`, async () => {
            const phone = `549383400710${index}`;
            await citizenSendsDocument(phone, file.announced, file.bytes);
            const caseId = await waitForCaseOf(line, phone);

            const page = await context.newPage();
            await logInThroughPage(page, line, SUPERVISOR);
            await waitForTranscriptFile(line, caseId);

            const outcome = await operatorOpensFile(page, caseId);
            expect(await usernames(), 'the script created a supervisor').to.not.include(INTRUDER);
            expect(outcome).to.equal('downloaded');
            expect(await page.title(), 'the console page itself').to.not.equal('ran');
        });
    }

    it('serves a real photo inline, typed from its bytes, with the sandbox and no caching', async () => {
        const photo = samplePng();
        const mediaId = line.peer.addMedia(photo, 'text/html');
        const sha256 = createHash('sha256').update(photo).digest('hex');
        const token = await apiToken(line, SUPERVISOR);
        expect(await line.citizenSays('5493834007199', 'Ana', 'quiero hablar con un operador')).to.equal(200);
        await waitForCaseOf(line, '5493834007199');
        expect(await line.citizenSays('5493834007199', 'Ana', { kind: 'image', mediaId, mimeType: 'text/html', sha256 })).to.equal(200);
        const served = await waitForMedia(line, token, sha256);
        expect(served.headers.get('content-type')).to.equal('image/png');
        expect(served.headers.get('content-disposition')).to.equal('inline');
        expect(served.headers.get('content-security-policy')).to.equal("sandbox; default-src 'none'");
        expect(served.headers.get('x-content-type-options')).to.equal('nosniff');
        expect(served.headers.get('cache-control')).to.equal('private, no-store');
    });
});

/** The citizen's file is in the case transcript once the inbox has fetched it. */
async function waitForTranscriptFile(line: LineHarness, caseId: string): Promise<void> {
    const token = await apiToken(line, SUPERVISOR);
    for (;;) {
        const { json } = await apiCall(line, token, 'GET', `/api/operator/cases/${caseId}`);
        const entries = json.transcript as { otherMedia?: unknown[]; images?: unknown[] }[];
        if (entries.some((entry) => (entry.otherMedia ?? []).length + (entry.images ?? []).length > 0)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

async function waitForMedia(line: LineHarness, token: string, sha256: string): Promise<Response> {
    for (;;) {
        const served = await fetch(`${line.url}/api/operator/media/${sha256}`, { headers: { authorization: `Bearer ${token}` } });
        if (served.status === 200) return served;
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}
