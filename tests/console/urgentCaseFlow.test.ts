import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { HANDOFF_TEXTS } from '../../handoff/texts';
import { type LineHarness, textOf } from '../support/lineHarness';
import { consoleOnFreshLine, createOperator, logInThroughPage, screenshotPath, SUPERVISOR, waitForBoxValue } from './consoleBrowser';

/**
 * The end-to-end path in real Chromium: a citizen's urgent WhatsApp message appears live in the
 * console, an operator claims it and replies, the reply reaches the Graph peer, the citizen's answer
 * appears live, and the resolved case leaves the queue. The citizen's name is markup and must stay text.
 */
describe('console: an urgent case from WhatsApp to resolved, live', function () {
    this.timeout(40_000);
    const PHONE = '5493834555001';
    const XSS_NAME = '<img src=x onerror=alert(1)>';
    const URGENT = 'Socorro, hay una persona atrapada en el agua';
    const OPERATOR = { username: 'operadora.ana', password: 'clave-ana-segura-123' };

    const ui = consoleOnFreshLine({ width: 1366, height: 800 });
    let line: LineHarness;
    let page: Page;
    let dialogs: string[];
    let navigations: number;

    beforeEach(() => {
        ({ line, page } = ui);
        dialogs = [];
        navigations = 0;
        page.on('dialog', (dialog) => {
            dialogs.push(`${dialog.type()}: ${dialog.message()}`);
            void dialog.dismiss();
        });
        page.on('framenavigated', (frame) => {
            if (frame === page.mainFrame()) navigations++;
        });
    });

    it('shows the case live, lets the operator claim, reply, read the answer and resolve; the name stays text', async () => {
        await createOperator(line, OPERATOR);
        await logInThroughPage(page, line, OPERATOR);
        expect(await page.locator('#nav-users').isVisible(), 'operators do not manage users').to.equal(false);

        expect(await line.citizenSays(PHONE, XSS_NAME, URGENT)).to.equal(200);

        // The row arrives over the live stream: no reload, no navigation since the login page loaded.
        const row = page.locator('#queued-list .row').filter({ hasText: URGENT });
        await row.waitFor({ timeout: 10_000 });
        expect(navigations, 'the page was not reloaded').to.equal(1);
        expect(await row.locator('.row__name').textContent()).to.equal(XSS_NAME);
        expect(await row.locator('img').count(), 'no element was made from the name').to.equal(0);
        expect(await row.locator('.badge').textContent()).to.equal('Crítica');
        expect(await row.locator('.row__department').textContent()).to.equal('Departamento sin indicar');
        // The message says what is happening: the card shows it, not "Urgencia detectada".
        expect(await row.locator('.row__type').textContent()).to.equal('Personas atrapadas');
        expect(await row.getAttribute('class')).to.include('row--critical');

        // A new critical case: the title flashes and the sound played (the login was the user gesture).
        await page.waitForFunction(() => (globalThis as any).document.title.startsWith('(1) '));
        await page.waitForFunction(() => (globalThis as any).document.title.includes('¡URGENTE!'), undefined, { timeout: 3000 });
        expect(await page.locator('#urgent-banner').isVisible()).to.equal(true);
        expect(await page.evaluate('document.documentElement.dataset.urgentSounds')).to.equal('1');
        expect(await page.locator('#urgent-announcer').textContent()).to.include('Caso crítico nuevo');

        // The waiting time counts up by itself.
        const clock = row.locator('.row__clock');
        const first = await clock.textContent();
        expect(first).to.match(/^\d+:\d{2}$/);
        await page.waitForFunction(
            (before) => (globalThis as any).document.querySelector('#queued-list .row__clock')?.textContent !== before,
            first,
            { timeout: 3000 }
        );

        await page.screenshot({ path: screenshotPath('queue-urgent.png') });

        // Open and claim.
        await row.click();
        await page.locator('#case-view').waitFor({ state: 'visible' });
        expect(await page.locator('#case-title').textContent()).to.equal(XSS_NAME);
        expect(await page.locator('#case-view img').count()).to.equal(0);
        await page.waitForFunction(() => !(globalThis as any).document.title.includes('URGENTE'));
        expect(await page.locator('#urgent-banner').isVisible(), 'opening the case calms the alarm').to.equal(false);
        expect(await page.locator('#transcript').textContent()).to.include(URGENT);
        expect(await page.locator('#action-release').isDisabled()).to.equal(true);
        expect(await page.locator('#composer-text').isDisabled(), 'no reply before claiming').to.equal(true);

        const sentBeforeClaim = line.sentTo(PHONE).length;
        await page.locator('#action-claim').click();
        await page.locator('#case-status.status--assigned').waitFor();
        expect(await page.locator('#case-holder').textContent()).to.include('Usted atiende este caso');
        expect(await page.locator('#action-claim').isDisabled()).to.equal(true);
        await page.locator('#assigned-list .row').filter({ hasText: 'Lo atiende usted' }).waitFor();
        const joined = await line.waitForMessages(PHONE, 1, sentBeforeClaim);
        expect(joined.map(textOf).join('\n')).to.include('Un operador de Defensa Civil ya está con usted.');

        // Reply: Enter sends; the Graph peer receives exactly that text for that phone.
        const reply = 'Ya enviamos una dotación. ¿Puede decirnos dónde están exactamente?';
        const sentBeforeReply = line.sentTo(PHONE).length;
        await page.locator('#composer-text').fill(reply);
        await page.locator('#composer-text').press('Enter');
        const replies = await line.waitForMessages(PHONE, 1, sentBeforeReply);
        expect(replies.map(textOf)).to.deep.equal([reply]);
        await page.locator('#transcript .msg--operator').filter({ hasText: reply }).waitFor();
        await waitForBoxValue(page, '#composer-text', '', 'the box is emptied after sending');

        // The citizen answers (with markup again): the operator sees it live, as text.
        const answer = 'Estamos en el techo, somos dos <script>window.__xss = 1</script><img src=x onerror="window.__xss=2">';
        expect(await line.citizenSays(PHONE, XSS_NAME, answer)).to.equal(200);
        const citizenLine = page.locator('#transcript .msg--citizen .msg__text').filter({ hasText: 'Estamos en el techo' });
        await citizenLine.waitFor({ timeout: 10_000 });
        expect(await citizenLine.textContent()).to.equal(answer);

        // An internal note is marked as such and never reaches the citizen.
        const sentBeforeNote = line.sentTo(PHONE).length;
        await page.locator('input[name="mode"][value="note"]').check();
        await page.locator('#composer-text').fill('Avisado a bomberos de Valle Viejo');
        await page.locator('#composer-send').click();
        await page.locator('#transcript .msg--note').filter({ hasText: 'Avisado a bomberos' }).waitFor();
        await page.locator('input[name="mode"][value="reply"]').check();

        await page.screenshot({ path: screenshotPath('case-conversation.png') });

        // Resolve: an outcome is asked for; the case leaves the lists.
        await page.locator('#action-resolve').click();
        await page.locator('#resolve-dialog[open]').waitFor();
        await page.locator('#resolve-outcome').fill('Rescate realizado por bomberos');
        await page.locator('#resolve-confirm').click();
        await page.locator('#case-status.status--resolved').waitFor();
        await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('#queued-list .row, #assigned-list .row').length === 0);
        expect(await page.locator('#case-holder').textContent()).to.include('Rescate realizado por bomberos');
        expect(line.sentTo(PHONE).slice(sentBeforeNote).map(textOf)).to.not.include('Avisado a bomberos de Valle Viejo');
        const closing = await line.waitForMessages(PHONE, 1, sentBeforeNote);
        expect(closing.map(textOf).join('\n')).to.include('El operador cerró la conversación.');

        expect(dialogs, 'no alert, confirm or prompt ever opened').to.deep.equal([]);
        expect(await page.evaluate('window.__xss')).to.equal(undefined);
        expect(await page.locator('img[src="x"]').count()).to.equal(0);
    });

    /** A citizen's urgent message opens a case; the supervisor claims it; every message before the operator's is out. */
    async function supervisorClaimsUrgentCase(phone: string, name: string, text: string): Promise<void> {
        await logInThroughPage(page, line, SUPERVISOR);
        expect(await line.citizenSays(phone, name, text)).to.equal(200);
        await page.locator('#queued-list .row').filter({ hasText: name }).click();
        await page.locator('#action-claim').click();
        await page.locator('#case-status.status--assigned').waitFor();
        await line.waitForText(phone, HANDOFF_TEXTS.operatorJoined);
    }

    it('marks an operator message WhatsApp refused as not delivered, live', async () => {
        const phone = '5493834555002';
        // The fault goes to the next send, whichever it is: the helper waits until the bot's replies and the "operator
        // joined" message are out (a citizen's messages leave in order), so that the next send is the operator's.
        await supervisorClaimsUrgentCase(phone, 'Pedro', 'Auxilio, se inunda la casa');

        // WhatsApp answers 131047: more than 24 h since the citizen last wrote.
        line.peer.injectFaults({ nextErrors: [131047] });
        await page.locator('#composer-text').fill('¿Sigue ahí? Respóndanos si puede.');
        await page.locator('#composer-send').click();
        const failed = page.locator('#transcript .msg--operator .msg__delivery--failed');
        await failed.waitFor({ timeout: 15_000 });
        expect(await failed.textContent()).to.match(/^No entregado: .*131047/);
        expect(dialogs).to.deep.equal([]);
    });

    it('sends an operator message whose answer was lost again with the same id: the citizen gets it once', async () => {
        const phone = '5493834555004';
        await supervisorClaimsUrgentCase(phone, 'Luisa', 'Auxilio, se cayó un árbol sobre la casa');
        const message = 'Ya salió una dotación hacia su casa.';
        const bodies: { text: string; clientMessageId?: string }[] = [];
        // The first send reaches the server, which saves and sends it; its answer is lost on the way back.
        let lost = false;
        await page.route('**/api/operator/cases/*/messages', async (route) => {
            bodies.push(route.request().postDataJSON() as { text: string; clientMessageId?: string });
            if (lost) return route.continue();
            lost = true;
            await route.fetch();
            await route.abort('connectionreset');
        });
        await page.locator('#composer-text').fill(message);
        await page.locator('#composer-send').click();
        await line.waitForText(phone, message);
        await page.locator('#composer-send:not([disabled])').waitFor();
        expect(await page.locator('#composer-text').inputValue(), 'the text stays for the operator to send again').to.equal(message);
        await page.locator('#composer-send').click();
        await page.locator('#transcript .msg--operator').filter({ hasText: message }).waitFor();
        await page.locator('#composer-text').fill('');
        expect(bodies).to.have.length(2);
        expect(bodies[0].clientMessageId).to.match(/^[0-9a-f]{32}$/);
        expect(bodies[1].clientMessageId, 'the same id when the same message is sent again').to.equal(bodies[0].clientMessageId);
        expect(
            line.sentTo(phone).filter((m) => textOf(m) === message),
            'the citizen got it once'
        ).to.have.length(1);
        expect(await page.locator('#transcript .msg--operator').filter({ hasText: message }).count(), 'shown once').to.equal(1);
    });

    it('shows how far each operator message got: read, or not delivered when WhatsApp reports it failed after accepting it', async () => {
        const phone = '5493834555003';
        line.forwardStatuses();
        await supervisorClaimsUrgentCase(phone, 'Rosa', 'Auxilio, el agua entra en la casa');

        await page.locator('#composer-text').fill('Vamos en camino.');
        await page.locator('#composer-send').click();
        const first = page.locator('#transcript .msg--operator').filter({ hasText: 'Vamos en camino.' });
        await first.locator('.msg__delivery--read').waitFor({ timeout: 15_000 });
        expect(await first.locator('.msg__delivery').textContent()).to.equal('Leído ✓✓');

        // Meta accepts the next send (200, a wamid) and reports it failed later: more than 24 h since the citizen wrote.
        await line.waitForText(phone, 'Vamos en camino.');
        line.peer.injectFaults({ nextFailedStatuses: [{ recipient: phone, code: 131047 }] });
        await page.locator('#composer-text').fill('Confirme su dirección, por favor.');
        await page.locator('#composer-send').click();
        const second = page.locator('#transcript .msg--operator').filter({ hasText: 'Confirme su dirección' });
        await second.locator('.msg__delivery--failed').waitFor({ timeout: 15_000 });
        expect(await second.locator('.msg__delivery--failed').textContent()).to.match(/^No entregado: pasaron más de 24 h.*131047/);
        expect(await first.locator('.msg__delivery').textContent(), 'the first message keeps its own status').to.equal('Leído ✓✓');
        expect(dialogs).to.deep.equal([]);
    });
});
