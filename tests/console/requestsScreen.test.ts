import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { textOf } from '../support/lineHarness';
import { consoleOnFreshLine, createOperator, Credentials, logInThroughPage, screenshotPath, SUPERVISOR } from './consoleBrowser';

/**
 * The supervisors' "Solicitudes" screen, in Chromium: a request a citizen made through WhatsApp is listed under
 * "Recibida"; a supervisor moves it to "En evaluación" and then to "Programada" with a note, and the citizen receives
 * each change; a second supervisor who still sees it as "Recibida" is told, in Spanish, that someone moved it first.
 */
describe('console: service requests (Solicitudes)', function () {
    this.timeout(90_000);
    const PHONE = '5493834600106';
    const SECOND: Credentials = { username: 'marta', password: 'marta-supervisa-el-turno-noche' };
    const NOTE = 'La cuadrilla pasa el jueves a la mañana.';
    const shared = consoleOnFreshLine({ width: 1280, height: 900 });

    async function inNewContext(who: Credentials): Promise<Page> {
        const context = await shared.context.browser()!.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        await logInThroughPage(page, shared.line, who);
        return page;
    }

    /** The citizen writes and the line answers `replies` messages: their texts. */
    async function says(text: string, replies: number, phone = PHONE): Promise<string[]> {
        const before = shared.line.sentTo(phone).length;
        expect(await shared.line.citizenSays(phone, 'Julia', text)).to.equal(200);
        return (await shared.line.waitForMessages(phone, replies, before)).map(textOf);
    }

    async function requestThroughWhatsApp(phone = PHONE, name = 'Julia Ríos'): Promise<string> {
        // The greeting, "Vamos a registrar su solicitud", and the first question.
        const intro = await says('necesito que poden un arbol que toca los cables', 3, phone);
        expect(intro.join('\n')).to.include('Vamos a registrar su solicitud').and.include('¿Cuál es su nombre?');
        await says(name, 1, phone);
        await says('Capital', 1, phone);
        await says('Av. Belgrano 1500', 1, phone);
        const [summary] = await says('Sin foto', 1, phone);
        expect(summary).to.include('Pedido: Poda');
        const [saved] = await says('Enviar', 1, phone);
        const number = /SOL-[A-Z2-9]{4}/.exec(saved)?.[0];
        expect(number, saved).to.be.a('string');
        return number!;
    }

    /** Waits for the next message to the citizen after `since` and returns its text. */
    async function nextNotice(since: number): Promise<string> {
        const [notice] = await shared.line.waitForMessages(PHONE, 1, since);
        return textOf(notice);
    }

    it('lists a WhatsApp request, moves it twice telling the citizen, and refuses a stale move in Spanish', async () => {
        const { line, page } = shared;
        await createOperator(line, SECOND, 'supervisor');
        const number = await requestThroughWhatsApp();

        await logInThroughPage(page, line, SUPERVISOR);
        const marta = await inNewContext(SECOND);
        try {
            // Listed under "Recibida" (the default), with its kind, department, name and state.
            await page.locator('#nav-requests').click();
            expect(await page.locator('#requests-state').inputValue()).to.equal('recibida');
            const row = page.locator(`#requests-list tr[data-request-id="${number}"]`);
            await row.waitFor();
            const cells = await row.locator('td').allTextContents();
            expect(cells[0]).to.equal(number);
            expect(cells.slice(1, 4)).to.deep.equal(['Poda', 'Capital', 'Julia Ríos']);
            expect(cells[4]).to.match(/^\d{2}\/\d{2}\/\d{4},? \d{2}:\d{2}$/);
            expect(cells[5]).to.equal('Recibida');

            // The second supervisor opens it too, and leaves the screen as it is.
            await marta.locator('#nav-requests').click();
            await marta.locator(`#requests-list tr[data-request-id="${number}"] button`).click();
            await marta.locator('#request-body .request__number', { hasText: number }).waitFor();

            // Detail: description, address, no photo, the creation in the history; only the allowed moves.
            await row.locator('button').click();
            const body = page.locator('#request-body');
            await body.locator('.request__number', { hasText: number }).waitFor();
            expect(await body.locator('.request__description').textContent()).to.include('arbol');
            expect(await body.locator('.request__address').textContent()).to.equal('Av. Belgrano 1500');
            expect(await body.locator('.request__photo').textContent()).to.equal('Sin foto.');
            expect(await body.locator('#request-history li').first().textContent())
                .to.include('Creada como «Recibida»')
                .and.include('por el ciudadano');
            expect(
                await body.locator('.request__actions button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-state')))
            ).to.deep.equal(['en_evaluacion', 'rechazada']);

            // "En evaluación", without a note: the citizen is told, the list of "Recibida" no longer has it.
            let since = line.sentTo(PHONE).length;
            await body.locator('.request__actions [data-state="en_evaluacion"]').click();
            await body.locator('.request__heading [data-state="en_evaluacion"]').waitFor();
            expect(await nextNotice(since))
                .to.include(number)
                .and.include('En evaluación');
            await row.waitFor({ state: 'detached' });
            await page.locator('#requests-state').selectOption('en_evaluacion');
            await page.locator(`#requests-list tr[data-request-id="${number}"]`, { hasText: 'En evaluación' }).waitFor();

            // "Programada", with a note the citizen reads; the history says who, and the note.
            since = line.sentTo(PHONE).length;
            await body.locator('#request-note').fill(NOTE);
            await body.locator('.request__actions [data-state="programada"]').click();
            await body.locator('.request__heading [data-state="programada"]').waitFor();
            const notice = await nextNotice(since);
            expect(notice).to.include(number).and.include('Programada').and.include(NOTE);
            const last = await body.locator('#request-history li').last().textContent();
            expect(last).to.include('En evaluación → Programada').and.include('por supervisora').and.include(`Nota: ${NOTE}`);
            expect(await body.locator('#request-note').inputValue(), 'the note box is emptied after the move').to.equal('');
            await page.screenshot({ path: screenshotPath('requests-detail.png') });

            // The second supervisor still sees "Recibida": their move is refused, explained, and the view reloaded.
            const sentBefore = line.sentTo(PHONE).length;
            const martaBody = marta.locator('#request-body');
            expect(await martaBody.locator('.request__heading [data-state]').getAttribute('data-state')).to.equal('recibida');
            await martaBody.locator('.request__actions [data-state="en_evaluacion"]').click();
            const message = martaBody.locator('#request-message');
            await message.waitFor();
            expect(await message.textContent())
                .to.include('Otro supervisor cambió la solicitud')
                .and.include('Ahora está «Programada»');
            await martaBody.locator('.request__heading [data-state="programada"]').waitFor();
            expect(
                await martaBody.locator('.request__actions button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-state')))
            ).to.deep.equal(['resuelta', 'rechazada']);
            await marta.locator('#app-error', { hasText: 'Otro supervisor cambió la solicitud' }).waitFor();
            await marta.screenshot({ path: screenshotPath('requests-conflict.png') });
            expect(line.sentTo(PHONE).length, 'a refused move tells the citizen nothing').to.equal(sentBefore);
        } finally {
            await marta.context().close();
        }
    });

    it('pages the list with "Ver más"', async () => {
        const { line, page } = shared;
        const older = await requestThroughWhatsApp('5493834600107', 'Ramón Ocampo');
        const newer = await requestThroughWhatsApp('5493834600108', 'Elsa Barros');
        // Pages of one, so that two requests make two pages (the server's own cursor, not a copy of it).
        await page.route('**/api/supervisor/requests?*', (route) =>
            route.continue({
                url: route
                    .request()
                    .url()
                    .replace(/limit=\d+/, 'limit=1')
            })
        );
        await logInThroughPage(page, line, SUPERVISOR);
        await page.locator('#nav-requests').click();
        await page.locator(`#requests-list tr[data-request-id="${newer}"]`).waitFor();
        expect(await page.locator('#requests-list tr').count()).to.equal(1);
        await page.locator('#requests-more').click();
        await page.locator(`#requests-list tr[data-request-id="${older}"]`).waitFor();
        expect(await page.locator('#requests-list tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-request-id')))).to.deep.equal([
            newer,
            older
        ]);
        await page.locator('#requests-more').waitFor({ state: 'hidden' });
    });

    it('is a supervisors\' screen: an operator has no "Solicitudes" nor "Respuestas" tab', async () => {
        const { line, page } = shared;
        const ANA: Credentials = { username: 'ana', password: 'ana-turno-de-la-siesta' };
        await createOperator(line, ANA);
        await logInThroughPage(page, line, ANA);
        expect(await page.locator('#nav-requests').isVisible()).to.equal(false);
        expect(await page.locator('#nav-knowledge').isVisible()).to.equal(false);
        expect(await page.locator('#nav-cases').isVisible()).to.equal(true);
    });
});
