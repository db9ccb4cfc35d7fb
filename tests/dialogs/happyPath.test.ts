import { expect } from 'chai';
import { EmergencyReport } from '../../dialogs/report';
import { ReportRepository } from '../../dialogs/reportRepository';
import { ReportBotHarness, buttonTitles, replyText, whatsapp } from './support/reportBotHarness';

describe('dialogs: the happy path', () => {
    let h: ReportBotHarness;
    beforeEach(async () => {
        h = await ReportBotHarness.start();
    });
    afterEach(async () => {
        await h.stop();
    });

    it('collects a report in at most 7 citizen messages, saves it and asks for a person', async () => {
        const rows: [string | ReturnType<typeof whatsapp.image>, string[]][] = [
            ['hola', ['Defensa Civil Catamarca', '103', '911', 'operador', '¿Cuál es su nombre?']],
            ['María Pérez', ['María, ¿en qué departamento', '16. Valle Viejo']],
            ['valle viejo', ['¿Dónde es exactamente?']],
            ['Calle Güemes 123, frente a la plaza', ['¿Qué tipo de emergencia es?']],
            ['Inundación', ['¿Puede enviar una foto?']],
            [
                'No tengo foto',
                [
                    'Nombre: María Pérez',
                    'Departamento: Valle Viejo',
                    'Ubicación: Calle Güemes 123, frente a la plaza',
                    'Emergencia: Inundación',
                    'Foto: no',
                    '¿Está todo bien?'
                ]
            ],
            ['Sí, enviar', ['Su reporte fue registrado', 'Número: DC-', 'Hora: 14:05', 'mencione ese número']]
        ];
        for (const [message, expected] of rows) {
            const text = replyText(await h.send(message));
            for (const fragment of expected) expect(text, `after "${String(message)}"`).to.include(fragment);
        }
        expect(h.citizenMessages).to.be.at.most(7);

        const [report] = await h.reportsOf();
        expect(report).to.include({
            citizenKey: 'citizen-1',
            name: 'María Pérez',
            departmentId: '10112',
            departmentName: 'Valle Viejo',
            emergencyTypeId: 'flood',
            emergencyTypeLabel: 'Inundación',
            priority: 'high',
            status: 'submitted',
            createdAt: '2026-11-28T17:05:00.000Z',
            createdAtLocal: '28/11/2026 14:05'
        });
        expect(report.id).to.match(/^DC-[2-9A-HJ-NP-Z]{4}$/);
        expect(report.location).to.deep.equal({ kind: 'text', text: 'Calle Güemes 123, frente a la plaza' });
        expect(report.photo).to.equal(undefined);

        const [handoff] = await h.handoffsOf();
        expect(handoff).to.include({ reason: 'report_complete', priority: 'high', reportId: report.id, citizenKey: 'citizen-1' });
        expect(handoff.report).to.include({ name: 'María Pérez', departmentName: 'Valle Viejo', emergencyTypeId: 'flood' });
        expect(handoff.conversationReference?.conversation?.id).to.equal('conversation-citizen-1');
        expect(await h.profiles.get('citizen-1')).to.include({ name: 'María Pérez', departmentId: '10112' });
    });

    it('takes a pin that answers department and location in one message, and a photo', async () => {
        await h.send('hola');
        await h.send('Juan');
        const afterPin = await h.send(whatsapp.location(-28.47, -65.78, 'Mi casa'));
        expect(replyText(afterPin)).to.include('¿Qué tipo de emergencia es?');
        expect(buttonTitles(afterPin[0])).to.include('Inundación');
        expect(replyText(await h.send('se me inundó la casa'))).to.include('foto');
        const summary = replyText(await h.send(whatsapp.image()));
        expect(summary).to.include('Departamento: Capital').and.include('Ubicación: Mi casa').and.include('Foto: sí');
        await h.send('si');
        expect(h.citizenMessages).to.equal(6);
        const [report] = await h.reportsOf();
        expect(report.location).to.deep.include({ kind: 'pin', latitude: -28.47, longitude: -65.78 });
        expect(report.photo).to.deep.include({ contentType: 'image/jpeg', contentUrl: 'https://media.test.invalid/photo-1.jpg' });
    });

    it('saves one report when the turn that saved it runs again after a crash, and tells the same number', async () => {
        for (const message of ['hola', 'María Pérez', 'valle viejo', 'Calle Güemes 123', 'Inundación', 'No tengo foto']) await h.send(message);
        // The crash: the report was written, but the turn's state (and replies) never committed; the same WhatsApp
        // message is processed again from the state before it.
        const stateBefore = await h.store.query<unknown>('botstate', {});
        const first = replyText(await h.send({ type: 'message', id: 'wamid.confirm-1', text: 'Sí, enviar' }));
        for (const doc of await h.store.query<unknown>('botstate', {})) await h.store.delete('botstate', doc.partitionKey, doc.id);
        for (const doc of stateBefore) await h.store.put('botstate', { partitionKey: doc.partitionKey, id: doc.id, value: doc.value });
        const again = replyText(await h.send({ type: 'message', id: 'wamid.confirm-1', text: 'Sí, enviar' }));

        const reports = await h.reportsOf();
        expect(reports).to.have.length(1);
        expect(first).to.include(`Número: ${reports[0].id}`);
        expect(again).to.include(`Número: ${reports[0].id}`);
    });
});

describe('dialogs: when the report cannot be saved', () => {
    class BrokenReports extends ReportRepository {
        override async create(): Promise<EmergencyReport> {
            throw new Error('storage down');
        }
    }
    const TO_SUMMARY = ['hola', 'María Pérez', 'valle viejo', 'Calle Güemes 123', 'Inundación', 'No tengo foto'];

    it('tells the citizen that a person will take the report, and hands it over with what was collected', async () => {
        const h = await ReportBotHarness.start({ reports: (store) => new BrokenReports(store) });
        try {
            for (const message of TO_SUMMARY) await h.send(message);
            const text = replyText(await h.send('Sí, enviar'));
            expect(text).to.include('no quedó registrado').and.include('Una persona de Defensa Civil').and.include('103');
            expect(text).to.not.include('Su reporte fue registrado');
            const [handoff] = await h.handoffsOf();
            expect(handoff).to.include({ reason: 'report_complete' });
            expect(handoff.report).to.include({ name: 'María Pérez', departmentName: 'Valle Viejo', emergencyTypeId: 'flood' });
        } finally {
            await h.stop();
        }
    });

    it('when the handoff cannot be raised either, the citizen gets the emergency numbers', async () => {
        const h = await ReportBotHarness.start({
            reports: (store) => new BrokenReports(store),
            handoffRequester: {
                requestHandoff: async () => {
                    throw new Error('queue down');
                }
            }
        });
        try {
            for (const message of TO_SUMMARY) await h.send(message);
            const text = replyText(await h.send('Sí, enviar'));
            expect(text).to.include('tuvimos un problema técnico').and.include('103').and.include('911');
            expect(text).to.not.include('Una persona de Defensa Civil');
        } finally {
            await h.stop();
        }
    });
});
