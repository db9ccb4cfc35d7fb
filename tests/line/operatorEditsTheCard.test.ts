import { expect } from 'chai';
import { apiCall, apiToken, createOperator, SUPERVISOR, waitForCaseOf, type Credentials } from '../console/consoleBrowser';
import { LineHarness } from '../support/lineHarness';

/**
 * Operators correct the case card (department, locality, address, type, priority, people at risk): each change is
 * audited with who, before and after; the operator's value wins over what the citizen's later messages are read as;
 * only whoever may act on the case may edit it.
 */
describe('an operator edits the case card', function () {
    this.timeout(30_000);
    let line: LineHarness;
    beforeEach(async () => (line = await LineHarness.start()));
    afterEach(async () => line.stop());

    const PHONE = '5493834555501';
    const ANA: Credentials = { username: 'ana', password: 'Quebrada-del-Tala-1987' };
    const LUIS: Credentials = { username: 'luis', password: 'Puesto-de-Vera-1993' };

    async function says(text: string | Parameters<LineHarness['citizenSays']>[2], replies: number): Promise<void> {
        const before = line.sentTo(PHONE).length;
        expect(await line.citizenSays(PHONE, 'Rosa', text)).to.equal(200);
        await line.waitForMessages(PHONE, replies, before);
    }

    it('audits each field with who, before and after, and later messages do not overwrite it', async () => {
        await says('auxilio se inunda la casa en Fiambalá', 3);
        const caseId = await waitForCaseOf(line, PHONE);
        await createOperator(line, ANA);
        const ana = await apiToken(line, ANA);
        const edited = await apiCall(line, ana, 'PATCH', `/api/operator/cases/${caseId}/card`, {
            departmentId: '10035',
            locality: 'Londres',
            peopleCount: 2,
            vulnerable: ['bebe'],
            priority: 'critical'
        });
        expect(edited.status).to.equal(200);
        expect(edited.json.case.report).to.include({ departmentName: 'Belén', locality: 'Londres' });
        expect(edited.json.case.report.people).to.deep.equal({ vulnerable: ['bebe'], count: 2 });

        const { json } = await apiCall(line, ana, 'GET', `/api/operator/cases/${caseId}`);
        const lines = (json.audit as { action: string; actor: string; detail: { field: string; before: unknown; after: unknown } }[]).filter(
            (a) => a.action === 'card_edited'
        );
        expect(lines.map((l) => [l.actor, l.detail.field])).to.deep.equal([
            ['ana', 'department'],
            ['ana', 'locality'],
            ['ana', 'people']
        ]);
        expect(lines[0].detail).to.include({ before: 'Tinogasta', after: 'Belén' });

        // The citizen names another place afterwards: the operator's value stays.
        await says({ kind: 'location', latitude: -28.47, longitude: -65.78 }, 1);
        await says('somos 7, estamos en Tinogasta', 1);
        const after = (await apiCall(line, ana, 'GET', `/api/operator/cases/${caseId}`)).json.case.report;
        expect(after).to.include({ departmentName: 'Belén', locality: 'Londres' });
        expect(after.people.count).to.equal(2);

        // The same edit again changes nothing and adds no line.
        await apiCall(line, ana, 'PATCH', `/api/operator/cases/${caseId}/card`, { departmentId: '10035' });
        const again = (await apiCall(line, ana, 'GET', `/api/operator/cases/${caseId}`)).json.audit.filter(
            (a: { action: string }) => a.action === 'card_edited'
        );
        expect(again).to.have.length(3);
    });

    it('lets only whoever may act on the case edit it, refuses unknown ids and nameless requests', async () => {
        await says('auxilio se inunda la casa', 3);
        const caseId = await waitForCaseOf(line, PHONE);
        await createOperator(line, ANA);
        await createOperator(line, LUIS);
        const ana = await apiToken(line, ANA);
        const luis = await apiToken(line, LUIS);
        expect((await apiCall(line, ana, 'POST', `/api/operator/cases/${caseId}/claim`)).status).to.equal(200);
        expect((await apiCall(line, luis, 'PATCH', `/api/operator/cases/${caseId}/card`, { locality: 'Saujil' })).status, 'not the holder').to.equal(
            403
        );
        expect(
            (await apiCall(line, await apiToken(line, SUPERVISOR), 'PATCH', `/api/operator/cases/${caseId}/card`, { locality: 'Saujil' })).status,
            'a supervisor'
        ).to.equal(200);
        expect((await apiCall(line, ana, 'PATCH', `/api/operator/cases/${caseId}/card`, { departmentId: '99999' })).status).to.equal(400);
        expect((await apiCall(line, ana, 'PATCH', `/api/operator/cases/${caseId}/card`, { colour: 'red' })).status).to.equal(400);
        const anonymous = await fetch(`${line.url}/api/operator/cases/${caseId}/card`, {
            method: 'PATCH',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ locality: 'X' })
        });
        expect(anonymous.status).to.equal(401);
    });
});
