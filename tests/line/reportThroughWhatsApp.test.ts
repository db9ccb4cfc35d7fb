import { expect } from 'chai';
import { LineHarness, choicesOf, textOf } from '../support/lineHarness';

/** The whole production path: signed webhook -> inbox -> dialog turn on stored state -> outbox -> Graph peer. */
describe('a report from "hola" to the saved report, through WhatsApp', function () {
    this.timeout(30000);
    let line: LineHarness;

    beforeEach(async () => (line = await LineHarness.start()));
    afterEach(async () => line.stop());

    const PHONE = '5493834123456';
    const NAME = 'María';

    /** The citizen writes; returns what the line answered until it went quiet. */
    async function exchange(input: Parameters<LineHarness['citizenSays']>[2], expected: number): Promise<string[]> {
        const before = line.sentTo(PHONE).length;
        expect(await line.citizenSays(PHONE, NAME, input)).to.equal(200);
        return (await line.waitForMessages(PHONE, expected, before)).map(textOf);
    }

    it('collects the report, saves it with a short id, and queues it for an operator', async () => {
        expect((await exchange('hola', 2)).join('\n')).to.include('¿Cuál es su nombre?');
        expect((await exchange('María Pérez', 1)).join('\n')).to.include('departamento');
        const location = line.sentTo(PHONE).length;
        expect((await exchange('valle viejo', 1)).join('\n')).to.include('¿Dónde es exactamente?');
        const locationPrompt = line.sentTo(PHONE)[location];
        expect((locationPrompt.body as { interactive?: { type: string } }).interactive?.type, 'asks for a pin').to.equal('location_request_message');

        const typeReplies = await exchange({ kind: 'location', latitude: -28.6001, longitude: -65.7079, name: 'Casa' }, 1);
        expect(typeReplies.join('\n')).to.include('¿Qué tipo de emergencia es?');
        const typeChoices = choicesOf(line.sentTo(PHONE).at(-1)!);
        expect(typeChoices.length, 'a WhatsApp list holds at most 10 rows').to.be.at.most(10);
        const flood = typeChoices.find((choice) => choice.title === 'Inundación')!;
        expect(flood, 'Inundación is offered').to.not.equal(undefined);

        expect((await exchange({ kind: 'list_reply', id: flood.id, title: flood.title }, 1)).join('\n')).to.include('foto');
        const summary = (await exchange('no tengo', 1)).join('\n');
        expect(summary).to.include('María Pérez').and.include('Valle Viejo').and.include('Inundación');
        const confirm = choicesOf(line.sentTo(PHONE).at(-1)!).find((choice) => choice.title === 'Sí, enviar')!;

        const saved = (await exchange({ kind: 'button_reply', id: confirm.id, title: confirm.title }, 2)).join('\n');
        expect(saved, 'the place in the queue comes after the confirmation').to.match(/Su reporte fue registrado[\s\S]*número 1 en la fila/);
        const reportId = /DC-[A-Z2-9]{4}/.exec(saved)?.[0];
        expect(reportId, saved).to.be.a('string');

        const report = (
            await line.app.store.query<{ id: string; name: string; departmentName: string; createdAt: string }>('reports', { partitionKey: PHONE })
        )[0];
        expect(report.value).to.include({ id: reportId, name: 'María Pérez', departmentName: 'Valle Viejo' });

        const login = await fetch(`${line.url}/api/operator/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: 'supervisora', password: 'clave-de-prueba-larga' })
        });
        const { token } = (await login.json()) as { token: string };
        const queued = await fetch(`${line.url}/api/operator/cases?status=queued`, { headers: { authorization: `Bearer ${token}` } });
        const { cases } = (await queued.json()) as { cases: { citizenKey: string; reasons: string[]; reportId: string }[] };
        expect(cases.map((c) => [c.citizenKey, c.reasons, c.reportId])).to.deep.equal([[PHONE, ['report_complete'], reportId]]);
        expect(line.peer.reads().length, 'the citizen messages were marked read').to.be.at.least(7);
    });

    it('a first message with name, place, address and what happened gives a saved report in 3 citizen messages', async () => {
        const first = (await exchange('hola soy Ramón Díaz de Fiambalá, calle Moreno 45, el viento tiró un poste de luz sobre la calle', 3)).join(
            '\n'
        );
        expect(first).to.include('Entendí: Ramón Díaz, Fiambalá, calle Moreno 45').and.include('foto').and.not.include('¿Cuál es su nombre?');
        const summary = (await exchange('no tengo', 1)).join('\n');
        expect(summary).to.include('Ramón Díaz').and.include('Tinogasta').and.include('calle Moreno 45');
        const confirm = choicesOf(line.sentTo(PHONE).at(-1)!).find((choice) => choice.title === 'Sí, enviar')!;
        expect((await exchange({ kind: 'button_reply', id: confirm.id, title: confirm.title }, 2)).join('\n')).to.include(
            'Su reporte fue registrado'
        );
        const [report] = await line.app.store.query<{ name: string; departmentName: string; emergencyTypeId: string }>('reports', {
            partitionKey: PHONE
        });
        expect(report.value).to.include({ name: 'Ramón Díaz', departmentName: 'Tinogasta' });
    });
});
