import { expect } from 'chai';
import type { HandoffCase } from '../../handoff';
import { consoleOnFreshLine, createOperator, Credentials, logInThroughPage, waitForCaseOf } from './consoleBrowser';

/**
 * An operator answering a case more than 24 h after the citizen's last message, in Chromium: the console asks before
 * sending the text inside the approved follow-up template, WhatsApp gets the template, and the transcript says so.
 */
describe('console: a reply after the 24-hour window', function () {
    this.timeout(60_000);
    const PHONE = '5493834700101';
    const ANA: Credentials = { username: 'ana', password: 'ana-turno-de-la-siesta' };
    const shared = consoleOnFreshLine({ width: 1280, height: 900 });

    it('offers the follow-up template instead of a free reply WhatsApp would refuse', async () => {
        const { line, page } = shared;
        await createOperator(line, ANA);
        expect(await line.citizenSays(PHONE, 'Elsa', 'operador')).to.equal(200);
        const caseId = await waitForCaseOf(line, PHONE);
        await logInThroughPage(page, line, ANA);
        await page.locator(`[data-case-id="${caseId}"]`).first().click();
        await page.locator('#action-claim').click();
        await page.locator('#case-holder', { hasText: 'Usted atiende este caso' }).waitFor();

        // The citizen last wrote yesterday.
        const [doc] = await line.app.store.query<HandoffCase>('handoffs', {
            where: [
                { field: 'kind', op: '=', value: 'case' },
                { field: 'id', op: '=', value: caseId }
            ]
        });
        await line.app.store.put(
            'handoffs',
            {
                id: doc.id,
                partitionKey: doc.partitionKey,
                value: { ...doc.value, lastCitizenMessageAt: new Date(Date.now() - 25 * 3_600_000).toISOString() }
            },
            { ifMatch: doc.etag }
        );

        await page.locator('#composer-text').fill('Buenas tardes Elsa, ¿necesita algo más?');
        await page.locator('#composer-send').click();
        await page.locator('#confirm-dialog', { hasText: 'Pasaron más de 24 horas' }).waitFor();
        expect(await page.locator('#confirm-details').textContent()).to.include('¿necesita algo más?');
        await page.locator('#confirm-ok').click();
        await page.locator('#transcript .msg--operator', { hasText: 'Enviado dentro de la plantilla de seguimiento' }).waitFor();
        await line.waitForText(PHONE, 'template:seguimiento_caso Buenas tardes Elsa');
        // The live event can show the message before the POST's answer empties the composer: wait for that answer.
        await page.waitForFunction(() => (globalThis as any).document.getElementById('composer-text').value === '', undefined, { timeout: 5000 });
        expect(await page.locator('#composer-text').inputValue()).to.equal('');
    });
});
