import { expect } from 'chai';
import { apiCall, apiToken, SUPERVISOR, waitForCaseOf } from '../console/consoleBrowser';
import { LineHarness } from '../support/lineHarness';

/**
 * Through WhatsApp (signed webhooks, the Graph peer): what the citizen told the bot before a person was asked for
 * reaches the operator, in the case's transcript from the first message; and the case card holds what the messages
 * carried (department, locality, type, people at risk), each with the words it was read from.
 */
describe('a case carries the conversation with the bot and a filled card, through WhatsApp', function () {
    this.timeout(30_000);
    let line: LineHarness;
    beforeEach(async () => (line = await LineHarness.start()));
    afterEach(async () => line.stop());

    const PHONE = '5493834555001';

    async function says(text: string, replies: number): Promise<void> {
        const before = line.sentTo(PHONE).length;
        expect(await line.citizenSays(PHONE, 'Rosa', text)).to.equal(200);
        await line.waitForMessages(PHONE, replies, before);
    }

    async function caseDetails(): Promise<{ case: any; transcript: any[]; audit: any[] }> {
        const caseId = await waitForCaseOf(line, PHONE);
        const { status, json } = await apiCall(line, await apiToken(line, SUPERVISOR), 'GET', `/api/operator/cases/${caseId}`);
        expect(status).to.equal(200);
        return json;
    }

    it("the transcript holds the bot's questions and every citizen answer from the first message, in order", async () => {
        await says('hola', 2);
        await says('Rosa Quiroga', 1);
        await says('Valle Viejo', 1);
        await says('estoy con mi abuelo que no camina y el agua ya entra a la casa', 1);
        const details = await caseDetails();
        const citizen = details.transcript.filter((e) => e.author === 'citizen').map((e) => e.text);
        expect(citizen).to.deep.equal(['hola', 'Rosa Quiroga', 'Valle Viejo', 'estoy con mi abuelo que no camina y el agua ya entra a la casa']);
        const bot = details.transcript
            .filter((e) => e.author === 'bot')
            .map((e) => e.text)
            .join('\n');
        expect(bot).to.include('¿Cuál es su nombre?').and.include('departamento');
        expect(details.transcript.map((e) => e.sequence)).to.deep.equal(details.transcript.map((_, i) => i + 1));
        expect(details.transcript[0]).to.include({ author: 'citizen', text: 'hola' });
        expect(details.audit.map((a) => a.action)).to.include('conversation_attached');
    });

    it('an urgent first message opens a critical case whose card has the department, locality, type and who is at risk', async () => {
        await says('auxilio se nos inunda la casa en Fiambalá, mi abuela no puede caminar y somos 4', 1);
        const details = await caseDetails();
        expect(details.case.priority).to.equal('critical');
        expect(details.case.report).to.include({ departmentName: 'Tinogasta', locality: 'Fiambalá', emergencyTypeId: 'flood' });
        expect(details.case.report.people).to.deep.equal({ count: 4, vulnerable: ['anciano', 'discapacitado'] });
        expect(details.case.report.evidence).to.include({ locality: 'Fiambalá' });
        expect(details.transcript.filter((e) => e.author === 'citizen')).to.have.length(1);
    });
});
