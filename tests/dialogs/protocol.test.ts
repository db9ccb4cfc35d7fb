import { expect } from 'chai';
import { ReportBotHarness, buttonTitles, replyText, whatsapp } from './support/reportBotHarness';

const TO_SUMMARY = ['hola', 'Ana Díaz', 'capital', 'Av. Belgrano 900', 'Derrumbe', 'no tengo'];

describe('dialogs: returning citizens, corrections, locations', () => {
    let h: ReportBotHarness;
    beforeEach(async () => {
        h = await ReportBotHarness.start();
    });
    afterEach(async () => {
        await h.stop();
    });

    async function reach(messages: (string | object)[]): Promise<void> {
        for (const message of messages) await h.send(message);
    }

    it('offers a returning citizen the name and department they gave before', async () => {
        await reach([...TO_SUMMARY, 'Sí, enviar']);
        const offer = await h.send('hola de nuevo');
        expect(replyText(offer)).to.include('¿Es usted Ana Díaz, de Capital?').and.not.include('¿Cuál es su nombre?');
        expect(buttonTitles(offer[offer.length - 1])).to.deep.equal(['Sí, soy yo', 'No, cambiar']);
        expect(await h.say('Sí, soy yo')).to.include('¿Dónde es exactamente?');
        await reach(['Esquina Sarmiento y Mate de Luna', 'granizo']);
        expect(await h.say('no tengo'))
            .to.include('Nombre: Ana Díaz')
            .and.include('Departamento: Capital');
    });

    it('a returning citizen who confirms who they are and pins another department reports that department', async () => {
        await reach([...TO_SUMMARY, 'Sí, enviar', 'hola']);
        expect(await h.say('Sí, soy yo')).to.include('¿Dónde es exactamente?');
        await reach([whatsapp.location(-27.69, -67.62, 'Plaza de Fiambalá'), 'Crecida']);
        expect(await h.say('no tengo'))
            .to.include('Departamento: Tinogasta')
            .and.include('Ubicación: Plaza de Fiambalá');
        await h.send('Sí, enviar');
        const latest = (await h.reportsOf()).find((r) => r.emergencyTypeId === 'flash_flood');
        expect(latest).to.include({ departmentId: '10105', departmentName: 'Tinogasta' });
        expect(await h.profiles.get('citizen-1')).to.include({ departmentId: '10105' });
    });

    it("a department the citizen named is kept when the pin is near another department's centre", async () => {
        // On the river between Capital and Valle Viejo: its nearest centroid is Capital's.
        await reach(['hola', 'Ana Díaz', 'valle viejo', whatsapp.location(-28.469581, -65.779544, 'Puente sobre el río del Valle'), 'Crecida']);
        expect(await h.say('no tengo')).to.include('Departamento: Valle Viejo');
    });

    it('correcting the department with a pin replaces the location too', async () => {
        await reach([...TO_SUMMARY, 'Corregir', 'Departamento']);
        const summary = await h.say(whatsapp.location(-27.69, -67.62, 'Plaza de Fiambalá'));
        expect(summary).to.include('Departamento: Tinogasta').and.include('Ubicación: Plaza de Fiambalá').and.not.include('Av. Belgrano 900');
    });

    // [the answer to "¿Cuál es su nombre?", how the next question addresses them, the name saved]
    const names: [string, string, string][] = [
        ['Hola, soy Ana', 'Ana, ¿en qué departamento', 'Ana'],
        ['Buenas tardes, me llamo María Pérez', 'María, ¿en qué departamento', 'María Pérez'],
        ['Pérez, María', 'Pérez, ¿en qué departamento', 'Pérez, María']
    ];
    for (const [answer, question, saved] of names) {
        it(`takes the name from "${answer}"`, async () => {
            await h.send('hola');
            const reply = await h.say(answer);
            expect(reply).to.include(question).and.not.include(',,');
            await reach(['capital', 'Calle 2', 'Derrumbe']);
            expect(await h.say('no tengo')).to.include(`Nombre: ${saved}\n`);
        });
    }

    for (const [answer, addressed] of [
        ['María del Socorro Pérez', 'María'],
        ['Socorro Díaz', 'Socorro'],
        ['Me llamo Socorro Díaz', 'Socorro']
    ]) {
        it(`"${answer}" at the name question is a name, not a cry for help`, async () => {
            await h.send('hola');
            expect(await h.say(answer)).to.include(`${addressed}, ¿en qué departamento`);
            expect(await h.handoffsOf()).to.have.length(0);
        });
    }

    for (const cry of ['¡socorro!', 'socorro, se inunda la casa']) {
        it(`"${cry}" at the name question still hands over at once`, async () => {
            await h.send('hola');
            expect(await h.say(cry)).to.include('Entiendo que es urgente');
            expect((await h.handoffsOf())[0]).to.include({ reason: 'urgent', priority: 'critical' });
        });
    }

    it('lets a returning citizen decline the offer and give another name', async () => {
        await reach([...TO_SUMMARY, 'Sí, enviar', 'hola']);
        expect(await h.say('No, cambiar')).to.include('¿Cuál es su nombre?');
        expect(await h.say('Pedro Ruiz')).to.include('Pedro, ¿en qué departamento');
    });

    // [the correction, what is asked, the new answer, what the summary must then show]
    const corrections: [string, string, string | object, string][] = [
        ['Nombre', '¿Cuál es su nombre?', 'Ana María Díaz', 'Nombre: Ana María Díaz'],
        ['Departamento', '¿en qué departamento', 'Valle Viejo', 'Departamento: Valle Viejo'],
        ['Ubicación', '¿Dónde es exactamente?', 'Ruta 38 km 5', 'Ubicación: Ruta 38 km 5'],
        ['Tipo de emergencia', '¿Qué tipo de emergencia es?', 'Incendio forestal', 'Emergencia: Incendio forestal'],
        ['Foto', '¿Puede enviar una foto?', whatsapp.image(), 'Foto: sí']
    ];
    for (const [field, question, answer, shown] of corrections) {
        it(`corrects only the ${field} without starting over`, async () => {
            await reach(TO_SUMMARY);
            expect(await h.say('Corregir')).to.include('¿Qué dato quiere corregir?');
            expect(await h.say(field)).to.include(question);
            const summary = await h.say(answer);
            expect(summary).to.include(shown).and.include('¿Está todo bien?');
            await h.send('Sí, enviar');
            const [report] = await h.reportsOf();
            expect(report).to.exist;
            expect(report.name).to.equal(field === 'Nombre' ? 'Ana María Díaz' : 'Ana Díaz');
        });
    }

    for (const answer of ['Sí, está bien', 'si, todo bien', 'está todo bien', 'perfecto', 'mandalo', 'Sí, perfecto, gracias', 'ok dale']) {
        it(`"${answer}" at the summary sends the report`, async () => {
            await reach(TO_SUMMARY);
            expect(await h.say(answer)).to.include('Su reporte fue registrado');
            expect(await h.reportsOf()).to.have.length(1);
        });
    }

    it('"el nombre está bien" at the summary is not a request to correct the name', async () => {
        await reach(TO_SUMMARY);
        const reply = await h.say('el nombre está bien');
        expect(reply).to.not.include('¿Cuál es su nombre?').and.not.include('¿Qué dato quiere corregir?');
        expect(reply).to.include('Toque "Sí, enviar"');
        expect(await h.say('el nombre está mal')).to.include('¿Cuál es su nombre?');
    });

    it('understands "cambiar el departamento" at the summary in one message', async () => {
        await reach(TO_SUMMARY);
        expect(await h.say('quiero cambiar el departamento')).to.include('¿en qué departamento');
        expect(await h.say('sta maria'))
            .to.include('Departamento: Santa María')
            .and.include('Ubicación: Av. Belgrano 900');
    });

    for (const [answer, department] of [
        ['Belén, Catamarca', 'Belén'],
        ['Tinogasta, Catamarca', 'Tinogasta']
    ]) {
        it(`"${answer}" at the department question is ${department}, not Capital`, async () => {
            await reach(['hola', 'Ana Díaz']);
            expect(await h.say(answer)).to.include('¿Dónde es exactamente?');
            await reach(['Calle 2', 'Derrumbe']);
            expect(await h.say('no tengo')).to.include(`Departamento: ${department}`);
        });
    }

    it('questions a pin outside the province once, then accepts it', async () => {
        await reach(['hola', 'Ana Díaz', 'capital']);
        expect(await h.say(whatsapp.location(-34.6, -58.38))).to.include('fuera de Catamarca');
        expect(await h.say('sí')).to.include('¿Qué tipo de emergencia es?');
        await reach(['Sismo', 'no tengo', 'si']);
        const [report] = await h.reportsOf();
        expect(report.location).to.deep.include({ kind: 'pin', latitude: -34.6, outsideProvince: true });
    });

    it('asks for a location with a WhatsApp location request and accepts the Web Chat / Emulator Place shape', async () => {
        await reach(['hola', 'Ana Díaz']);
        const askLocation = await h.send('capital');
        expect(askLocation[0].channelData).to.deep.equal({ whatsapp: { locationRequest: true } });
        const place = {
            type: 'message',
            entities: [{ type: 'Place', geo: { type: 'GeoCoordinates', latitude: -28.46, longitude: -65.78 }, address: 'Rivadavia 500' }]
        };
        expect(await h.say(place)).to.include('¿Qué tipo de emergencia es?');
    });

    it('takes a WhatsApp button reply (text = id, value = { id, title })', async () => {
        await reach(['hola', 'Ana Díaz', 'capital', 'Av. Belgrano 900']);
        expect(await h.say(whatsapp.buttonReply('Inundación', 'Inundación'))).to.include('foto');
    });

    it('a pin as the very first message answers department and location', async () => {
        expect(await h.say(whatsapp.location(-27.69, -67.62))).to.include('¿Cuál es su nombre?');
        expect(await h.say('Luis')).to.include('¿Qué tipo de emergencia es?');
    });

    it('gives each saved report its own id, findable by the id quoted on the phone', async () => {
        await reach([...TO_SUMMARY, 'Sí, enviar', 'hola', 'sí', 'Calle 2', 'Corte de ruta', 'no tengo', 'si']);
        const reports = await h.reportsOf();
        expect(reports).to.have.length(2);
        expect(reports[0].id).to.not.equal(reports[1].id);
        expect((await h.reports.findById(reports[1].id))?.emergencyTypeId).to.equal(reports[1].emergencyTypeId);
        const handoffs = await h.handoffsOf();
        expect(handoffs.map((r) => r.reason)).to.deep.equal(['report_complete', 'report_complete']);
    });
});
