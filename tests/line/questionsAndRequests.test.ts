import { expect } from 'chai';
import { apiCall, apiToken, SUPERVISOR } from '../console/consoleBrowser';
import { choicesOf, LineHarness, textOf } from '../support/lineHarness';

/**
 * Questions and requests through WhatsApp (signed webhooks, the Graph peer), not only emergencies: "¿hay alerta?" is
 * answered from the alerts the line sent, a question from the agency's knowledge base, an unknown question becomes a
 * "consulta" outside the emergency queue, a request gets its number and every change of its state reaches the citizen.
 */
describe('line: questions and requests through WhatsApp', function () {
    this.timeout(60_000);
    let line: LineHarness;
    let token: string;
    beforeEach(async () => {
        line = await LineHarness.start();
        token = await apiToken(line, SUPERVISOR);
    });
    afterEach(async () => line.stop());

    async function textsAfter(phone: string, name: string, message: string, replies: number): Promise<string[]> {
        const before = line.sentTo(phone).length;
        expect(await line.citizenSays(phone, name, message)).to.equal(200);
        return (await line.waitForMessages(phone, replies, before)).map(textOf);
    }

    async function casesOf(phone: string): Promise<{ id: string; topic?: string; position?: number }[]> {
        const { json } = await apiCall(line, token, 'GET', '/api/operator/cases?status=queued');
        return (json.cases as { id: string; citizenKey: string; topic?: string; position?: number }[]).filter((c) => c.citizenKey === phone);
    }

    it('answers "¿hay alerta en Belén?" from an alert the line sent, and "no hay alertas vigentes" for another department', async () => {
        const validUntil = new Date(Date.now() + 6 * 3_600_000).toISOString();
        const created = await apiCall(line, token, 'POST', '/api/alerts', {
            level: 'naranja',
            phenomenon: 'viento zonda',
            departments: ['10035'],
            validUntil,
            text: 'Asegure techos y objetos sueltos. Evite salir.'
        });
        expect(created.status, JSON.stringify(created.json)).to.equal(201);

        const [greeting, answer, offer] = await textsAfter('5493834600001', 'Carmen', 'hay alerta en belen?', 3);
        expect(greeting).to.include('Defensa Civil Catamarca');
        expect(answer)
            .to.match(/naranja/i)
            .and.match(/zonda/i)
            .and.include('Asegure techos');
        expect(offer).to.include('ALERTAS');

        const other = await textsAfter('5493834600002', 'Hugo', 'hay alguna alerta para tinogasta', 3);
        expect(other.join('\n')).to.include('No hay alertas vigentes para Tinogasta');
        // A question is no report: nothing was asked of them, and no case was opened.
        expect(other.join('\n')).to.not.include('¿Cuál es su nombre?');
        expect(await casesOf('5493834600002')).to.deep.equal([]);
    });

    it('answers a question of the knowledge base in one message', async () => {
        const [greeting, answer] = await textsAfter('5493834600003', 'Nora', 'que numero tengo que llamar si hay una emergencia?', 2);
        expect(greeting).to.include('Defensa Civil Catamarca');
        expect(answer).to.include('103').and.include('911').and.include('107').and.include('100');
        expect(await casesOf('5493834600003')).to.deep.equal([]);
    });

    it('gives a question it cannot answer to a person as a "consulta", outside the emergency queue', async () => {
        const texts = await textsAfter('5493834600005', 'Pedro', '¿los voluntarios de defensa civil cobran algo por ayudar a mudar los muebles?', 2);
        expect(texts.join('\n')).to.include('Su consulta quedó registrada');
        const [consulta] = await casesOf('5493834600005');
        expect(consulta).to.include({ topic: 'consulta' });
        // It has no place in the emergency queue, and no emergency numbers after minutes of waiting.
        expect(consulta.position).to.equal(undefined);
        expect(texts.join('\n')).to.not.match(/número \d+ en la fila|lugar \d+/i);
    });

    it("takes a request from the greeting's button to its number, and tells the citizen each change of its state", async () => {
        const phone = '5493834600006';
        const before = line.sentTo(phone).length;
        expect(await line.citizenSays(phone, 'Julia', 'hola')).to.equal(200);
        const [greeting] = await line.waitForMessages(phone, 2, before);
        expect(choicesOf(greeting).map((c) => c.title)).to.deep.equal(['Reportar emergencia', 'Consultar alertas', 'Consulta o pedido']);

        await textsAfter(phone, 'Julia', 'Consulta o pedido', 1);
        const intro = await textsAfter(phone, 'Julia', 'necesito que poden un arbol que esta tocando los cables', 2);
        expect(intro.join('\n')).to.include('Vamos a registrar su solicitud').and.include('¿Cuál es su nombre?');
        await textsAfter(phone, 'Julia', 'Julia Ríos', 1);
        await textsAfter(phone, 'Julia', 'Capital', 1);
        await textsAfter(phone, 'Julia', 'Av. Belgrano 1500', 1);
        const [summary] = await textsAfter(phone, 'Julia', 'Sin foto', 1);
        expect(summary).to.include('Pedido: Poda');
        const [saved] = await textsAfter(phone, 'Julia', 'Enviar', 1);
        const number = /SOL-[A-Z2-9]{4}/.exec(saved)?.[0];
        expect(number, saved).to.be.a('string');

        const listed = await apiCall(line, token, 'GET', '/api/supervisor/requests?state=recibida');
        expect(listed.json.requests.map((r: { id: string }) => r.id)).to.include(number);
        for (const [state, label] of [
            ['en_evaluacion', 'En evaluación'],
            ['programada', 'Programada']
        ] as const) {
            const sentBefore = line.sentTo(phone).length;
            const moved = await apiCall(line, token, 'POST', `/api/supervisor/requests/${number}/state`, {
                state,
                note: 'La cuadrilla pasa el jueves.'
            });
            expect(moved.status, JSON.stringify(moved.json)).to.equal(200);
            const [notice] = await line.waitForMessages(phone, 1, sentBefore);
            expect(textOf(notice)).to.include(number!).and.include(label);
        }
        // None of it reached the emergency queue.
        expect(await casesOf(phone)).to.deep.equal([]);
    });
});
