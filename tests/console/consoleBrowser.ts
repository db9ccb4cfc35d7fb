import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { projectRoot } from '../../common/projectRoot';
import { launchChromium } from '../support/browser';
import { ADMIN, LineHarness } from '../support/lineHarness';

export { launchChromium };

/**
 * Waits until a text box holds `expected`. A send's answer may arrive after the live stream already showed its
 * message, so the box is read when it changes, not at one moment; it fails (by timeout) when it never does.
 */
export async function waitForBoxValue(page: Page, selector: string, expected: string, why: string): Promise<void> {
    try {
        await page.waitForFunction(([sel, value]) => (globalThis as any).document.querySelector(sel)?.value === value, [selector, expected], {
            timeout: 10_000
        });
    } catch {
        const actual = await page
            .locator(selector)
            .inputValue()
            .catch(() => '<missing>');
        throw new Error(`${why}: expected ${JSON.stringify(expected)}, the box holds ${JSON.stringify(actual)}`);
    }
}

/** What each test of a suite gets from {@link consoleOnFreshLine}. */
export interface ConsoleOnLine {
    readonly line: LineHarness;
    readonly context: BrowserContext;
    readonly page: Page;
}

/**
 * Registers the suite's hooks: Chromium for the suite, and for each test a fresh line (LineHarness) and a new page in
 * its own browser context, closed after it. Call it inside `describe`; read the fields inside the tests.
 */
export function consoleOnFreshLine(viewport: { width: number; height: number }): ConsoleOnLine {
    let browser: Browser;
    let current: { line: LineHarness; context: BrowserContext; page: Page } | undefined;
    before(async () => (browser = await launchChromium()));
    after(async () => browser?.close());
    beforeEach(async () => {
        const line = await LineHarness.start();
        const context = await browser.newContext({ viewport });
        current = { line, context, page: await context.newPage() };
    });
    afterEach(async () => {
        await current?.context.close();
        await current?.line.stop();
        current = undefined;
    });
    const now = (): { line: LineHarness; context: BrowserContext; page: Page } => {
        if (!current) throw new Error('consoleOnFreshLine(): read inside a test');
        return current;
    };
    return {
        get line() {
            return now().line;
        },
        get context() {
            return now().context;
        },
        get page() {
            return now().page;
        }
    };
}

/** What the helpers need of a line: its address (a LineHarness, or a test's own line). */
export type LineAddress = Pick<LineHarness, 'url'>;

export interface Credentials {
    username: string;
    password: string;
}

export const SUPERVISOR: Credentials = ADMIN;

/** Logs in through the console's form and waits for the app screen. */
export async function logInThroughPage(page: Page, line: LineAddress, who: Credentials): Promise<void> {
    await page.goto(`${line.url}/console/`);
    await page.locator('#login-username').fill(who.username);
    await page.locator('#login-password').fill(who.password);
    await page.locator('#login-submit').click();
    await page.locator('#app-screen').waitFor({ state: 'visible' });
    await page.locator('#connection.connection--live').waitFor();
}

/** A Bearer session for API calls made by the test itself (not the browser). */
export async function apiToken(line: LineAddress, who: Credentials): Promise<string> {
    const response = await fetch(`${line.url}/api/operator/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(who)
    });
    if (response.status !== 200) throw new Error(`apiToken(): login of ${who.username} answered ${response.status}`);
    return ((await response.json()) as { token: string }).token;
}

export async function apiCall(
    line: LineAddress,
    token: string,
    method: string,
    route: string,
    body?: unknown
): Promise<{ status: number; json: any }> {
    const response = await fetch(`${line.url}${route}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    return { status: response.status, json: await response.json().catch(() => undefined) };
}

/**
 * Creates an account as the supervisor, through the API, ready to work with `who.password`: a password a supervisor
 * sets must be changed at first login, so the account gets a temporary one and its owner then picks `who.password`.
 */
export async function createOperator(line: LineAddress, who: Credentials, role: 'operator' | 'supervisor' = 'operator'): Promise<void> {
    const token = await apiToken(line, SUPERVISOR);
    // Words, not a random string: the estimate of a long random one takes a second or more.
    const temporary = 'clave-provisoria-de-la-quebrada';
    const { status } = await apiCall(line, token, 'POST', '/api/operator/users', {
        username: who.username,
        password: temporary,
        role,
        displayName: who.username
    });
    if (status !== 201) throw new Error(`createOperator(): ${who.username} answered ${status}`);
    const own = await apiToken(line, { username: who.username, password: temporary });
    const changed = await apiCall(line, own, 'POST', '/api/operator/password', { currentPassword: temporary, newPassword: who.password });
    if (changed.status !== 200) throw new Error(`createOperator(): the password change of ${who.username} answered ${changed.status}`);
}

/** The id of the citizen's case, once the line has queued it. */
export async function waitForCaseOf(line: LineAddress, phone: string, timeoutMs = 10_000): Promise<string> {
    const token = await apiToken(line, SUPERVISOR);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        for (const status of ['queued', 'assigned']) {
            const { json } = await apiCall(line, token, 'GET', `/api/operator/cases?status=${status}`);
            const found = (json.cases as { id: string; citizenKey: string }[]).find((c) => c.citizenKey === phone);
            if (found) return found.id;
        }
        if (Date.now() > deadline) throw new Error(`waitForCaseOf(): no case for ${phone}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

/** Where the suite leaves its screenshots for a person to look at. */
export function screenshotPath(name: string): string {
    const folder = path.join(projectRoot(), '.tmp', 'console');
    fs.mkdirSync(folder, { recursive: true });
    return path.join(folder, name);
}

/** A small real PNG (a sky-to-water gradient with a dark band), so a photo is visible in screenshots. */
export function samplePng(width = 160, height = 120): Buffer {
    const raw = Buffer.alloc((width * 3 + 1) * height);
    for (let y = 0; y < height; y++) {
        const row = y * (width * 3 + 1);
        raw[row] = 0;
        for (let x = 0; x < width; x++) {
            const water = y > height * 0.55;
            const band = y > height * 0.45 && y <= height * 0.55;
            const offset = row + 1 + x * 3;
            raw[offset] = band ? 90 : water ? 40 + (x % 40) : 120 + Math.floor((y / height) * 80);
            raw[offset + 1] = band ? 70 : water ? 90 + Math.floor((x / width) * 60) : 170 + Math.floor((y / height) * 40);
            raw[offset + 2] = band ? 50 : water ? 150 : 230;
        }
    }
    const chunk = (type: string, data: Buffer): Buffer => {
        const length = Buffer.alloc(4);
        length.writeUInt32BE(data.length);
        const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
        const crc = Buffer.alloc(4);
        crc.writeUInt32BE(zlib.crc32(body) >>> 0);
        return Buffer.concat([length, body, crc]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0);
    header.writeUInt32BE(height, 4);
    header[8] = 8; // bit depth
    header[9] = 2; // truecolour RGB
    return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', header),
        chunk('IDAT', zlib.deflateSync(raw)),
        chunk('IEND', Buffer.alloc(0))
    ]);
}
