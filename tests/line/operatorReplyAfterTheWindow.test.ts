import { expect } from 'chai';
import type { HandoffCase } from '../../handoff';
import { apiCall, apiToken, createOperator, Credentials, waitForCaseOf } from '../console/consoleBrowser';
import { LineHarness } from '../support/lineHarness';

/**
 * WhatsApp refuses free text more than 24 h after the citizen's last message (131047): an operator answering a case
 * then is told so before anything is sent, and may send the approved follow-up template with their text inside.
 */
describe('line: an operator reply after the 24-hour window', function () {
    this.timeout(60_000);
    const PHONE = '5493834700001';
    const ANA: Credentials = { username: 'ana', password: 'ana-turno-de-la-manana' };
    let line: LineHarness;
    beforeEach(async () => (line = await LineHarness.start({ WHATSAPP_CASE_FOLLOW_UP_TEMPLATE: 'seguimiento_caso' })));
    afterEach(async () => line.stop());

    /** The citizen's last message moved 25 hours back, as if they had written yesterday. */
    async function lastWroteYesterday(caseId: string): Promise<void> {
        const [doc] = await line.app.store.query<HandoffCase>('handoffs', {
            where: [
                { field: 'kind', op: '=', value: 'case' },
                { field: 'id', op: '=', value: caseId }
            ]
        });
        const yesterday = new Date(Date.now() - 25 * 3_600_000).toISOString();
        await line.app.store.put(
            'handoffs',
            { id: doc.id, partitionKey: doc.partitionKey, value: { ...doc.value, lastCitizenMessageAt: yesterday } },
            { ifMatch: doc.etag }
        );
    }

    it('refuses free text with WindowClosed and sends the follow-up template when asked', async () => {
        await createOperator(line, ANA);
        const token = await apiToken(line, ANA);
        expect(await line.citizenSays(PHONE, 'Elsa', 'operador')).to.equal(200);
        const caseId = await waitForCaseOf(line, PHONE);
        expect((await apiCall(line, token, 'POST', `/api/operator/cases/${caseId}/claim`, {})).status).to.equal(200);

        // Within the window: free text, as always.
        const within = await apiCall(line, token, 'POST', `/api/operator/cases/${caseId}/messages`, { text: 'Hola Elsa, soy Ana de Defensa Civil.' });
        expect(within.status).to.equal(200);
        expect(within.json.message.viaTemplate).to.equal(undefined);
        await line.waitForText(PHONE, 'soy Ana de Defensa Civil');

        await lastWroteYesterday(caseId);
        const sentBefore = line.sentTo(PHONE).length;
        const refused = await apiCall(line, token, 'POST', `/api/operator/cases/${caseId}/messages`, { text: '¿Pudieron arreglar el techo?' });
        expect(refused.status).to.equal(409);
        expect(refused.json.code).to.equal('WindowClosed');

        const asTemplate = await apiCall(line, token, 'POST', `/api/operator/cases/${caseId}/messages`, {
            text: '¿Pudieron arreglar el techo?',
            asTemplate: true
        });
        expect(asTemplate.status, JSON.stringify(asTemplate.json)).to.equal(200);
        expect(asTemplate.json.message).to.include({ viaTemplate: true, text: '¿Pudieron arreglar el techo?' });
        await line.waitForText(PHONE, '¿Pudieron arreglar el techo?');
        const sent = line
            .sentTo(PHONE)
            .slice(sentBefore)
            .find((m) => m.body.type === 'template')!;
        // The refused text never went out: the template is the only message carrying it.
        expect(line.sentTo(PHONE).filter((m) => JSON.stringify(m.body).includes('arreglar el techo'))).to.have.length(1);
        expect(sent.body.template).to.deep.equal({
            name: 'seguimiento_caso',
            language: { code: 'es_AR' },
            components: [{ type: 'body', parameters: [{ type: 'text', text: '¿Pudieron arreglar el techo?' }] }]
        });
    });
});
