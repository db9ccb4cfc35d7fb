import { expect } from 'chai';
import { textOf } from '../support/lineHarness';
import { consoleOnFreshLine, logInThroughPage, screenshotPath, SUPERVISOR } from './consoleBrowser';

/**
 * The supervisors' "Respuestas" screen, in Chromium: an entry's answer edited in the console is what the preview
 * shows for a citizen's question, and what a citizen then gets through WhatsApp; markup written into an entry stays
 * text (nothing in an entry runs in the console's origin); an added entry can be deleted after a confirmation.
 */
describe('console: the knowledge base (Respuestas)', function () {
    this.timeout(90_000);
    const shared = consoleOnFreshLine({ width: 1280, height: 900 });
    const NEW_ANSWER = 'En Catamarca: Defensa Civil 103, emergencias 911, SAME 107, Bomberos 100. Guardia de Defensa Civil: 0800-555-0103.';

    it('edits an answer, previews a question that matches it, and a WhatsApp citizen gets the edited answer', async () => {
        const { line, page } = shared;
        await logInThroughPage(page, line, SUPERVISOR);
        await page.locator('#nav-knowledge').click();
        const item = page.locator('#knowledge-list [data-entry-id="numeros-emergencia"]');
        await item.waitFor();
        expect(await item.locator('.knowledge__origin').textContent()).to.equal('Original');

        await item.click();
        await page.locator('#knowledge-form').waitFor({ state: 'visible' });
        expect(await page.locator('#knowledge-entry-title').inputValue()).to.equal('Números de emergencia en Catamarca');
        expect((await page.locator('#knowledge-asked-as').inputValue()).split('\n')).to.include('a que numero llamo si tengo una emergencia');
        await page.locator('#knowledge-answer').fill(NEW_ANSWER);
        await page.locator('#knowledge-save').click();
        await item.locator('.knowledge__origin', { hasText: 'Editada' }).waitFor();
        expect(await item.locator('.knowledge__changed').textContent()).to.include('Modificada por supervisora');
        await page.locator('#app-error', { hasText: 'guardada' }).waitFor();

        // The preview: which entry would answer, with what, the score and the words that counted.
        await page.locator('#knowledge-preview-text').fill('a que numero tengo que llamar por una emergencia');
        await page.locator('#knowledge-preview-run').click();
        const result = page.locator('#knowledge-preview-result[data-answer-id="numeros-emergencia"]');
        await result.waitFor();
        expect(await result.getAttribute('data-would-answer')).to.equal('true');
        expect(await result.locator('.knowledge__verdict').textContent()).to.equal('Se respondería con «Números de emergencia en Catamarca».');
        expect(await result.locator('#knowledge-preview-answer').textContent()).to.equal(NEW_ANSWER);
        expect(await result.locator('.hint').textContent()).to.match(/^Puntaje \d,\d\d · mínimo para responder \d,\d\d\.$/);
        const chosen = result.locator('tr.knowledge__match--chosen[data-entry-id="numeros-emergencia"] td');
        const [, score, words] = await chosen.allTextContents();
        expect(score).to.match(/^\d,\d\d$/);
        expect(words).to.not.equal('—');
        await page.screenshot({ path: screenshotPath('knowledge-preview.png') });

        // A question it does not know: said so.
        await page.locator('#knowledge-preview-text').fill('¿los voluntarios cobran por ayudar a mudar muebles?');
        await page.locator('#knowledge-preview-run').click();
        await page.locator('#knowledge-preview-result[data-would-answer="false"]').waitFor();
        expect(await page.locator('#knowledge-preview-result .knowledge__verdict').textContent()).to.include('No se respondería');

        // A citizen asks through WhatsApp: the edited answer.
        const phone = '5493834600203';
        const before = line.sentTo(phone).length;
        expect(await line.citizenSays(phone, 'Nora', 'que numero tengo que llamar si hay una emergencia?')).to.equal(200);
        await line.waitForText(phone, '0800-555-0103');
        expect(line.sentTo(phone).slice(before).map(textOf)).to.include(NEW_ANSWER);
    });

    it('shows markup written into an entry as text, and deletes the entry after a confirmation', async () => {
        const { page, line } = shared;
        const title = '<img src=x onerror="window.__pwned=1">Cortes de agua';
        const answer = 'Llame a Aguas de Catamarca <script>window.__pwned=2</script><b>0800-777-2482</b> las 24 horas.';
        await page.addInitScript(() => ((globalThis as any).__pwned = undefined));
        await logInThroughPage(page, line, SUPERVISOR);
        await page.locator('#nav-knowledge').click();
        await page.locator('#knowledge-list li').first().waitFor();
        const count = await page.locator('#knowledge-list li').count();

        // Added through the editor: the form checks the ways of asking first.
        await page.locator('#knowledge-new').click();
        expect(await page.locator('#knowledge-form-title').textContent()).to.equal('Nueva respuesta');
        await page.locator('#knowledge-entry-title').fill(title);
        await page.locator('#knowledge-answer').fill(answer);
        await page.locator('#knowledge-asked-as').fill('no tengo agua en mi casa\n<i>se corto el agua</i>');
        await page.locator('#knowledge-save').click();
        await page.locator('#knowledge-form-message', { hasText: 'al menos 3 formas de preguntar' }).waitFor();
        await page.locator('#knowledge-asked-as').fill('no tengo agua en mi casa\n<i>se corto el agua</i>\ncuando vuelve el agua corriente');
        await page.locator('#knowledge-save').click();
        await page.locator('#knowledge-list li').nth(count).waitFor();

        const added = page.locator('#knowledge-list [data-entry-id="img-src-x-onerror-window-pwned-1-cortes-de-agua"]');
        await added.waitFor();
        expect(await added.locator('.knowledge__item-title').textContent()).to.equal(title);
        expect(await added.locator('.knowledge__origin').textContent()).to.equal('Agregada');
        expect(await page.locator('#knowledge-entry-title').inputValue()).to.equal(title);

        await page.locator('#knowledge-preview-text').fill('no tengo agua en mi casa');
        await page.locator('#knowledge-preview-run').click();
        const result = page.locator('#knowledge-preview-result[data-would-answer="true"]');
        await result.waitFor();
        expect(await result.locator('#knowledge-preview-answer').textContent()).to.equal(answer);
        expect(await result.locator('.knowledge__verdict').textContent()).to.equal(`Se respondería con «${title}».`);

        // Nothing of it became markup, nothing ran.
        expect(await page.locator('#knowledge-screen img, #knowledge-screen script, #knowledge-screen b, #knowledge-screen i').count()).to.equal(0);
        expect(await page.evaluate(() => (globalThis as any).__pwned)).to.equal(undefined);
        await page.screenshot({ path: screenshotPath('knowledge-markup.png') });

        // Delete: "Volver" keeps it, "Borrar" removes it.
        await page.locator('#knowledge-delete').click();
        await page.locator('#confirm-dialog[open]').waitFor();
        expect(await page.locator('#confirm-details dd').textContent()).to.equal(title);
        await page.locator('#confirm-cancel').click();
        await page.locator('#confirm-dialog').waitFor({ state: 'hidden' });
        expect(await added.count()).to.equal(1);
        await page.locator('#knowledge-delete').click();
        await page.locator('#confirm-dialog[open]').waitFor();
        await page.locator('#confirm-ok').click();
        await added.waitFor({ state: 'detached' });
        expect(await page.locator('#knowledge-form').isHidden()).to.equal(true);
        // The preview was run again: the question no longer gets that answer.
        await page.waitForFunction((id) => {
            const result = (globalThis as any).document.querySelector('#knowledge-preview-result');
            return result.dataset.answerId !== id && !result.textContent.includes('0800-777-2482');
        }, 'img-src-x-onerror-window-pwned-1-cortes-de-agua');
        expect(await page.evaluate(() => (globalThis as any).__pwned)).to.equal(undefined);
    });
});
