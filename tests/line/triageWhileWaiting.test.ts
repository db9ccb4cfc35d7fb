import { expect } from 'chai';
import { apiCall, apiToken, SUPERVISOR, waitForCaseOf } from '../console/consoleBrowser';
import { LineHarness, textOf } from '../support/lineHarness';

type PeerSentMessage = ReturnType<LineHarness['sentTo']>[number];

/**
 * Through WhatsApp (signed webhooks, the Graph peer): from an urgent handover until an operator takes the case, the bot
 * keeps working for the operator. It asks where the citizen is with WhatsApp's location request, then how many people
 * and whether someone is hurt or cannot get out, one question per answer, never what it knows; each answer lands on
 * the case card; it stops the moment an operator claims.
 */
describe('triage while an urgent case waits, through WhatsApp', function () {
    this.timeout(30_000);
    let line: LineHarness;
    beforeEach(async () => (line = await LineHarness.start()));
    afterEach(async () => line.stop());

    const PHONE = '5493834555401';

    async function says(input: Parameters<LineHarness['citizenSays']>[2], replies: number): Promise<PeerSentMessage[]> {
        const before = line.sentTo(PHONE).length;
        expect(await line.citizenSays(PHONE, 'Rosa', input)).to.equal(200);
        return line.waitForMessages(PHONE, replies, before);
    }

    async function card(): Promise<{ report: any; location: any; audit: string[] }> {
        const caseId = await waitForCaseOf(line, PHONE);
        const { json } = await apiCall(line, await apiToken(line, SUPERVISOR), 'GET', `/api/operator/cases/${caseId}`);
        return { report: json.case.report, location: json.location, audit: (json.audit as { action: string }[]).map((a) => a.action) };
    }

    const isLocationRequest = (message: PeerSentMessage): boolean =>
        (message.body as { interactive?: { type?: string } }).interactive?.type === 'location_request_message';

    it('asks for a pin, then how many people, then whether someone is hurt, each answer reaching the card', async () => {
        const opening = await says('auxilio se inunda la casa y no podemos salir', 3);
        expect(opening.map(textOf).join('\n')).to.include('Entiendo que es urgente').and.include('en la fila');
        expect(isLocationRequest(opening.at(-1)!), 'the last reply asks for the location with the WhatsApp button').to.equal(true);

        const afterPin = await says({ kind: 'location', latitude: -28.4696, longitude: -65.7852, name: 'Casa' }, 1);
        expect(textOf(afterPin[0])).to.include('¿Cuántas personas');
        expect((await card()).location).to.include({ kind: 'pin', latitude: -28.4696, longitude: -65.7852 });

        const afterCount = await says('3', 1);
        expect(textOf(afterCount[0])).to.include('herido');
        expect((await card()).report.people).to.deep.equal({ vulnerable: [], count: 3 });

        const before = line.sentTo(PHONE).length;
        const thanked = await says('sí, mi papá está postrado y no puede salir', 1);
        expect(textOf(thanked[0])).to.include('El operador ya tiene estos datos');
        const { report, audit } = await card();
        expect(report.hurt).to.equal('sí, mi papá está postrado y no puede salir');
        expect(audit).to.include('card_updated').and.include('triage_asked');
        // The questions are the case's too, each before the answer it got.
        const caseId = await waitForCaseOf(line, PHONE);
        const { json } = await apiCall(line, await apiToken(line, SUPERVISOR), 'GET', `/api/operator/cases/${caseId}`);
        const said = (json.transcript as { author: string; text?: string }[]).map((e) => `${e.author}: ${e.text ?? '(ubicación)'}`);
        const asked = (start: string): number => said.findIndex((line) => line.startsWith('bot: ') && line.includes(start));
        expect(asked('ubicación')).to.be.below(said.indexOf('citizen: (ubicación)'));
        expect(asked('¿Cuántas personas')).to.be.below(said.indexOf('citizen: 3'));
        expect(asked('herido')).to.be.below(said.indexOf('citizen: sí, mi papá está postrado y no puede salir'));
        const replies = line.sentTo(PHONE).slice(before).map(textOf).join('\n');
        expect(replies, 'no more questions once the card has the answers').to.not.include('¿Cuántas personas').and.not.include('herido');
    });

    it('never asks what the citizen already said', async () => {
        const opening = await says('auxilio somos 4 y el agua nos llega a la cintura', 3);
        expect(isLocationRequest(opening.at(-1)!)).to.equal(true);
        const afterPin = await says({ kind: 'location', latitude: -28.4696, longitude: -65.7852 }, 1);
        expect(textOf(afterPin[0]), 'how many was said: the next question is the other one').to.include('herido').and.not.include('¿Cuántas');
    });

    it('stops asking the moment an operator takes the case', async () => {
        await says('auxilio hay un incendio y mi abuela está adentro', 3);
        const caseId = await waitForCaseOf(line, PHONE);
        const token = await apiToken(line, SUPERVISOR);
        expect((await apiCall(line, token, 'POST', `/api/operator/cases/${caseId}/claim`)).status).to.equal(200);
        await line.waitForText(PHONE, 'Un operador de Defensa Civil ya está con usted.');
        const before = line.sentTo(PHONE).length;
        expect(await line.citizenSays(PHONE, 'Rosa', { kind: 'location', latitude: -28.47, longitude: -65.78 })).to.equal(200);
        await (async () => {
            // The pin still reaches the card, and the bot says nothing over the operator.
            for (;;) {
                const { location } = await card();
                if (location?.kind === 'pin' && location.latitude === -28.47) return;
                await new Promise((resolve) => setTimeout(resolve, 50));
            }
        })();
        expect(line.sentTo(PHONE).slice(before).map(textOf).join('\n')).to.not.include('¿Cuántas personas');
    });
});
