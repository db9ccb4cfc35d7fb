import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PeerSentMessage } from '../../adapters/simulator/graphPeer';
import { SubscriptionRepository } from '../../alerts/subscriptionRepository';
import { projectRoot } from '../../common/projectRoot';
import { capDocument, SENDER } from '../alerts/fixtures/capDocuments';
import { LineHarness, textOf } from '../support/lineHarness';
import { apiToken, createOperator, launchChromium, logInThroughPage, SUPERVISOR } from './consoleBrowser';

const BELEN = '10035';
const CAPITAL = '10049';
const KNOWN_DEPARTMENTS = (
    JSON.parse(fs.readFileSync(path.join(projectRoot(), 'dialogs', 'data', 'catamarca-departments.json'), 'utf8')) as {
        departments: { id: string; name: string }[];
    }
).departments;
const DEPARTMENT_NAMES = new Map(KNOWN_DEPARTMENTS.map((d) => [d.id, d.name]));

/** Where this suite leaves its screenshots for a person to look at. */
function shot(name: string): string {
    const folder = path.join(projectRoot(), '.tmp', 'console-alerts');
    fs.mkdirSync(folder, { recursive: true });
    return path.join(folder, name);
}

function templatesTo(line: LineHarness, phone: string): PeerSentMessage[] {
    return line.sentTo(phone).filter((message) => (message.body as { type?: string }).type === 'template');
}

function templateParameters(message: PeerSentMessage): string[] {
    const body = message.body as { template: { components: { parameters: { text: string }[] }[] } };
    return body.template.components[0].parameters.map((p) => p.text);
}

/** Waits until the line has written something containing `fragment` to the phone (after `since` messages). */
async function waitForText(line: LineHarness, phone: string, fragment: string, since: number): Promise<number> {
    const deadline = Date.now() + 10_000;
    for (;;) {
        const sent = line.sentTo(phone);
        if (sent.slice(since).some((m) => textOf(m).includes(fragment))) return sent.length;
        if (Date.now() > deadline)
            throw new Error(`waitForText(): "${fragment}" never reached ${phone}; got ${JSON.stringify(sent.slice(since).map(textOf))}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}

/** A citizen subscribes the way citizens do: ALERTAS, the department, yes. */
async function subscribeOverWhatsApp(line: LineHarness, phone: string, name: string, department: string): Promise<void> {
    let seen = 0;
    expect(await line.citizenSays(phone, name, 'ALERTAS')).to.equal(200);
    seen = await waitForText(line, phone, '¿De qué departamentos', seen);
    expect(await line.citizenSays(phone, name, department)).to.equal(200);
    seen = await waitForText(line, phone, 'BAJA', seen);
    expect(await line.citizenSays(phone, name, 'Sí, acepto')).to.equal(200);
    await waitForText(line, phone, 'Recibirá las alertas', seen);
}

async function subscribeDirectly(line: LineHarness, phones: string[], department: string): Promise<void> {
    const repository = new SubscriptionRepository(line.app.store);
    for (const phone of phones) {
        await repository.subscribe(phone, { departmentIds: [department], wholeProvince: false }, 'opt-in de prueba', new Date().toISOString());
    }
}

/** A datetime-local value two days ahead at 02:00 in Catamarca (UTC-3 all year), and how the template shows it. */
function twoDaysAheadAt2am(): { input: string; shown: string } {
    const day = new Date(Date.now() - 3 * 3600_000 + 2 * 86_400_000).toISOString().slice(0, 10);
    const [year, month, date] = day.split('-');
    return { input: `${day}T02:00`, shown: `${date}/${month}/${year} 02:00` };
}

/** The supervisor's weather-alert screens, in real Chromium against the whole line. */
describe('console: weather alerts (supervisors)', function () {
    this.timeout(30_000);
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let line: LineHarness | undefined;
    /** What the page complained about: a CSP violation (inline style or script) or an uncaught error. */
    let problems: string[];

    before(async () => {
        browser = await launchChromium();
        // The first line a process starts prepares the language layer and the password estimator (about 1.5 s of CPU,
        // 8-10 s on a loaded machine). The first test paid that inside its 30 s on top of its own work (three citizens
        // subscribing, a login, a broadcast followed to its read statuses) and ran out: it is paid here, once.
        await (await LineHarness.start()).stop();
    });
    after(async () => browser?.close());
    beforeEach(async () => {
        // A supervisor whose browser speaks Spanish and lives far from Catamarca: the screens must not use the browser's zone.
        context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'es-AR', timezoneId: 'Asia/Tokyo' });
        page = await context.newPage();
        watch(page);
    });
    afterEach(async () => {
        await context?.close();
        line?.peer.setStatusCallback(undefined);
        await line?.stop();
        line = undefined;
    });

    function watch(target: Page): void {
        problems = [];
        // A step that never comes fails with its own name, well before the test's timeout.
        target.setDefaultTimeout(8000);
        target.on('pageerror', (error) => problems.push(error.message));
        target.on('console', (message) => {
            // The session probe before login answers 401 by design: network answers are not page problems.
            if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
        });
    }

    async function openAlerts(): Promise<void> {
        await logInThroughPage(page, line!, SUPERVISOR);
        await page.locator('#nav-alerts').click();
        await page.locator('#alerts-screen').waitFor({ state: 'visible' });
        await page.locator('#broadcasts-status:not(:empty)').waitFor();
    }

    it('composes an alert for one department, shows its reach, confirms, and follows it to 100 % while exactly its subscribers get the template', async () => {
        line = await LineHarness.start();
        const belen = ['5493835700001', '5493835700002'];
        const capital = '5493835700003';
        line.forwardStatuses();
        await Promise.all([
            subscribeOverWhatsApp(line, belen[0], 'Ana', 'Belén'),
            subscribeOverWhatsApp(line, belen[1], 'Bruno', 'belen'),
            subscribeOverWhatsApp(line, capital, 'Carla', 'Capital')
        ]);
        await openAlerts();
        expect(await page.locator('#broadcast-empty').isVisible()).to.equal(true);

        // The 16 departments, as the line itself knows them.
        expect(await page.locator('#alert-departments .check span').allTextContents()).to.deep.equal(KNOWN_DEPARTMENTS.map((d) => d.name));
        expect(await page.locator('#alert-departments input').evaluateAll((boxes) => boxes.map((b) => b.getAttribute('value')))).to.deep.equal(
            KNOWN_DEPARTMENTS.map((d) => d.id)
        );

        // The reach follows the choice of departments.
        await page.locator('#alert-all').check();
        await page.locator('#alert-reach[data-recipients="3"]').waitFor();
        await page.locator('#alert-all').uncheck();
        await page.locator('#alert-reach.reach--idle').waitFor();
        await page.locator('#alert-departments label', { hasText: 'Belén' }).click();
        await page.locator('#alert-reach[data-recipients="2"]').waitFor();
        expect(await page.locator('#alert-reach').textContent()).to.equal('Llegará a 2 suscriptores');

        // Nothing is sent without a level: the form says what is missing.
        await page.locator('#alert-review').click();
        expect(await page.locator('#alert-form-message').textContent()).to.equal('Elija el nivel de la alerta.');

        await page.locator('.level--rojo').click();
        expect(await page.locator('.level--rojo').textContent()).to.include('Siga las instrucciones oficiales');
        await page.locator('#alert-phenomenon').selectOption('Viento zonda');
        const text = 'Ráfagas de hasta 90 km/h. Evite circular por rutas de montaña y asegure objetos sueltos.';
        await page.locator('#alert-text').fill(text);
        expect(await page.locator('#alert-text-count').textContent()).to.equal(`${text.length} / 600 caracteres`);
        const until = twoDaysAheadAt2am();
        await page.locator('#alert-valid-until').fill(until.input);
        await page.screenshot({ path: shot('alerts-compose.png') });

        await page.locator('#alert-review').click();
        await page.locator('#confirm-dialog[open]').waitFor();
        expect(await page.locator('#confirm-question').textContent()).to.equal('¿Enviar alerta roja a 2 personas de Belén?');
        expect(await page.locator('#confirm-details').textContent())
            .to.include(until.shown.slice(0, 10))
            .and.include('02:00')
            .and.include(text);
        await page.screenshot({ path: shot('alerts-confirm.png') });
        expect(
            line.peer.sent().filter((m) => (m.body as { type?: string }).type === 'template'),
            'nothing goes out before confirming'
        ).to.have.length(0);

        await page.locator('#confirm-ok').click();
        const item = page.locator('#broadcast-list .broadcast').first();
        await item.locator('[role="progressbar"][aria-valuenow="100"]').waitFor();
        await item.locator('[data-tally="read"] .tally__count', { hasText: '2' }).waitFor();
        // the last statuses may reach the list a refresh before the alert is marked complete: the next refresh shows it
        await page.locator('#broadcast-list .broadcast[data-state="completed"]').first().waitFor();
        expect(await item.getAttribute('data-state')).to.equal('completed');
        const shown = await item.textContent();
        expect(shown).to.include('Alerta roja').and.include('Viento zonda').and.include('Belén').and.include('Completada');
        expect(await item.locator('[data-tally="failed"] .tally__count').textContent()).to.equal('0');
        expect(await item.locator('[role="progressbar"]').getAttribute('aria-valuetext')).to.equal('100 % · 2 de 2 destinatarios');
        expect(await page.locator('#alert-text').inputValue(), 'the form is blank again').to.equal('');
        await page.screenshot({ path: shot('alerts-sent.png') });
        const [sentAlert] = await line.app.store.query<{ id: string }>('broadcasts', {});
        expect(sentAlert.value.id, 'sent with an Idempotency-Key: sent again after a lost answer, it is not sent twice').to.match(
            /^al-k[0-9a-f]{20}$/
        );

        for (const phone of belen) {
            const templates = templatesTo(line, phone);
            expect(templates, phone).to.have.length(1);
            // Valid until, written in Catamarca time: the -03:00 of the form reached the citizen unchanged.
            expect(templateParameters(templates[0])).to.deep.equal([
                'ROJA (siga las instrucciones oficiales)',
                'Viento zonda',
                'Belén',
                text,
                until.shown
            ]);
        }
        expect(templatesTo(line, capital), 'a subscriber of another department gets nothing').to.have.length(0);
        expect(problems, 'no CSP violation, no script error').to.deep.equal([]);
    });

    it('an operator does not see the Alertas section', async () => {
        line = await LineHarness.start();
        const operator = { username: 'operador.ana', password: 'clave-ana-segura-1' };
        await createOperator(line, operator);
        await logInThroughPage(page, line, operator);
        expect(await page.locator('#user-role').textContent()).to.equal('Operador');
        expect(await page.locator('#nav-alerts').isVisible()).to.equal(false);
        expect(await page.locator('#alerts-screen').isVisible()).to.equal(false);
        expect(await page.locator('#nav-cases').isVisible()).to.equal(true);
    });

    it('a CAP alert waits for approval showing its source and departments; Approve sends it', async () => {
        line = await LineHarness.start();
        const phone = '5493835700010';
        await subscribeDirectly(line, [phone], BELEN);
        await subscribeDirectly(line, ['5493835700011'], CAPITAL);
        const identifier = 'urn:oid:2.49.0.1.32.0.2026.11.28.7';
        const token = await apiToken(line, SUPERVISOR);
        const response = await fetch(`${line.url}/api/alerts/cap`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' },
            body: capDocument({ identifier })
        });
        expect(response.status).to.equal(201);
        const outcome = (await response.json()) as { outcome: string; level: string; departments: string[] };
        expect(outcome).to.include({ outcome: 'awaiting_approval', level: 'naranja' });
        const names = outcome.departments.map((id) => DEPARTMENT_NAMES.get(id)!);
        const where = `${names.slice(0, -1).join(', ')} y ${names[names.length - 1]}`;
        expect(names).to.include.members(['Belén', 'Tinogasta']);

        await page.setViewportSize({ width: 1024, height: 768 });
        await openAlerts();
        const waiting = page.locator('#approval-list .broadcast');
        await waiting.waitFor();
        expect(await page.locator('#approval-count').textContent()).to.equal('1');
        const shown = await waiting.textContent();
        expect(shown).to.include(identifier).and.include(SENDER).and.include('Espera aprobación').and.include('Alerta naranja');
        expect(await waiting.locator('.broadcast__departments').textContent(), 'the departments found in the CAP area').to.equal(where);
        expect(await waiting.locator('.broadcast__reach').textContent()).to.equal('Si la aprueba, llegará a 1 suscriptor.');
        expect(await waiting.locator('[role="progressbar"]').count(), 'nothing is going out yet').to.equal(0);
        await page.screenshot({ path: shot('alerts-cap-approval.png') });
        expect(templatesTo(line, phone)).to.have.length(0);

        await waiting.locator('[data-action="approve"]').click();
        await page.locator('#confirm-dialog[open]').waitFor();
        expect(await page.locator('#confirm-question').textContent()).to.equal(`¿Aprobar y enviar alerta naranja a 1 persona de ${where}?`);
        await page.locator('#confirm-ok').click();

        const sent = page.locator('#broadcast-list .broadcast').first();
        await sent.locator('[role="progressbar"][aria-valuenow="100"]').waitFor();
        await page.locator('#approval-section').waitFor({ state: 'hidden' });
        expect(await sent.textContent())
            .to.include('aprobada por supervisora')
            .and.include(identifier);
        await line.waitForMessages(phone, 1);
        expect(templatesTo(line, phone)).to.have.length(1);
        expect(templatesTo(line, '5493835700011')).to.have.length(0);
        expect(problems, 'no CSP violation, no script error').to.deep.equal([]);
    });

    it('cancels a running alert after confirming: the rest never receive it', async () => {
        line = await LineHarness.start({ ALERT_RATE_PER_SECOND: '1' });
        const phones = Array.from({ length: 12 }, (_, i) => `54938357002${String(i).padStart(2, '0')}`);
        await subscribeDirectly(line, phones, CAPITAL);
        await openAlerts();
        await page.locator('.level--amarillo').click();
        await page.locator('#alert-phenomenon').selectOption('Tormenta');
        await page.locator('#alert-departments label', { hasText: 'Capital' }).click();
        await page.locator('#alert-reach[data-recipients="12"]').waitFor();
        await page.locator('#alert-text').fill('Tormentas fuertes con granizo.');
        await page.locator('#alert-review').click();
        await page.locator('#confirm-ok').click();

        const item = page.locator('#broadcast-list .broadcast').first();
        // Cancelled while it goes out (one per second): some have it, the rest must not get it.
        await item.locator('[data-tally="sent"] .tally__count:not(:text-is("0"))').waitFor();
        await item.locator('[data-action="cancel"]').click();
        expect(await page.locator('#confirm-question').textContent()).to.include('¿Cancelar el envío de la alerta amarilla por Tormenta?');
        await page.locator('#confirm-ok').click();
        await item.locator('.state--cancelled').waitFor();
        await item.locator('[data-tally="cancelled"]').waitFor();
        const summary = /^Cancelada · llegó a (\d+) de 12 destinatarios$/.exec(
            String(await item.locator('[role="progressbar"]').getAttribute('aria-valuetext'))
        );
        expect(Number(summary?.[1]), 'the bar says how many it reached').to.be.within(1, 11);
        expect(await item.locator('[data-action="cancel"]').count(), 'nothing left to cancel').to.equal(0);
        const reached = phones.filter((phone) => templatesTo(line!, phone).length > 0).length;
        expect(reached, 'some subscribers were spared').to.be.within(1, phones.length - 1);
        expect(await item.textContent()).to.include('cancelada por supervisora');
        await page.screenshot({ path: shot('alerts-cancelled.png') });
    });
});
