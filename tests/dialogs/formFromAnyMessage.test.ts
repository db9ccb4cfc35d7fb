import { expect } from 'chai';
import { buttonTitles, replyText, ReportBotHarness, whatsapp } from './support/reportBotHarness';

/**
 * The report is a form that fills from any message: what the citizen already said is never asked again, a
 * correction in words changes the field it names, and a question about a question gets an answer.
 */
describe('dialogs: the report fills from any message', () => {
    let h: ReportBotHarness;
    beforeEach(async () => {
        h = await ReportBotHarness.start();
    });
    afterEach(async () => {
        await h.stop();
    });

    it('a first message with name, place, address and what happened gives a saved report in 3 messages', async () => {
        const first = await h.say('hola soy Ramón Díaz de Fiambalá, calle Moreno 45, el viento tiró un poste de luz sobre la calle');
        expect(first).to.include('Entendí: Ramón Díaz, Fiambalá, calle Moreno 45').and.include('¿Puede enviar una foto?');
        expect(first).to.not.include('¿Cuál es su nombre?').and.not.include('¿en qué departamento');
        const summary = await h.say('no tengo');
        expect(summary).to.include('Nombre: Ramón Díaz').and.include('Departamento: Tinogasta').and.include('Ubicación: calle Moreno 45, Fiambalá');
        expect(await h.say('Sí, enviar')).to.include('Su reporte fue registrado');
        expect(h.citizenMessages).to.equal(3);
        const [report] = await h.reportsOf();
        expect(report).to.include({ name: 'Ramón Díaz', departmentName: 'Tinogasta' });
    });

    it('a first message with what happened and where asks only for the name and the exact place', async () => {
        const first = await h.say('se cayó un árbol en la calle en Valle Viejo');
        expect(first).to.include('Entendí: Valle Viejo').and.include('¿Cuál es su nombre?');
        expect(await h.say('Ana Díaz')).to.include('¿Dónde es exactamente?');
        expect(await h.say('Av. Presidente Castillo 1200')).to.include('¿Puede enviar una foto?');
    });

    it('a place named by what is there or whose it is is not asked again', async () => {
        const first = await h.say('buenas, soy Marta Reinoso, el viento tiró el tanque de la escuela de La Majada');
        expect(first).to.include('la escuela').and.include('¿Puede enviar una foto?');
        expect(first).to.not.include('¿Dónde es exactamente?');
        const summary = await h.say('no tengo');
        expect(summary).to.include('Ubicación: la escuela, La Majada');
    });

    it('a place said with the name is not asked again', async () => {
        await h.send('hola');
        expect(await h.say('Ana Díaz, vivo en Valle Viejo, calle Sarmiento 450')).to.include('¿Qué tipo de emergencia es?');
    });

    it('a place said earlier that lies in two departments is asked with its two departments, and kept in the summary', async () => {
        const first = await h.send('hola soy Marta Quiroga de Saujil, se cayó el tapial del fondo con la lluvia, estamos bien');
        expect(replyText(first)).to.include('Entendí: Marta Quiroga, Saujil').and.include('Saujil queda en más de un departamento');
        expect(buttonTitles(first.at(-1))).to.deep.equal(['Pomán', 'Tinogasta']);
        expect(await h.say('Pomán')).to.include('¿Dónde es exactamente?');
        await h.say('al lado de la escuela');
        const summary = await h.say('no tengo');
        expect(summary).to.include('Departamento: Pomán').and.include('Ubicación: al lado de la escuela, Saujil');
        expect(await h.say('sí')).to.include('Su reporte fue registrado');
        const [report] = await h.reportsOf();
        expect(report).to.include({ departmentName: 'Pomán' });
        expect(report.location).to.deep.equal({ kind: 'text', text: 'al lado de la escuela, Saujil' });
    });

    it('the two departments are asked again for a number, and a pin answers them', async () => {
        await h.say('hola soy Marta Quiroga de Saujil, se cayó el tapial del fondo con la lluvia, estamos bien');
        expect(await h.say('1')).to.include('Toque el departamento donde está Saujil');
        const afterPin = replyText(await h.send(whatsapp.location(-28.47, -65.78, 'Mi casa')));
        expect(afterPin).to.not.include('Toque el departamento').and.not.include('¿Dónde es exactamente?');
        expect(await h.say('no tengo')).to.include('Departamento: Capital');
    });

    it('a pin outside the province at the two departments says so and asks again', async () => {
        await h.say('hola soy Marta Quiroga de Saujil, se cayó el tapial del fondo con la lluvia, estamos bien');
        const outside = replyText(await h.send(whatsapp.location(-34.6, -58.38, 'Buenos Aires')));
        expect(outside).to.include('fuera de Catamarca');
        expect(await h.say('Pomán')).to.include('¿Dónde es exactamente?');
    });

    it('a later address that names its own place gets no other locality added', async () => {
        await h.say('hola soy Ana Díaz de Fiambalá, se cayó un poste con el viento');
        await h.say('en Tinogasta, frente al hospital');
        const summary = await h.say('no tengo');
        expect(summary).to.include('Ubicación: en Tinogasta, frente al hospital');
        expect(summary).to.not.include('hospital, Fiambalá');
    });

    it('an address corrected at the summary keeps the locality said earlier, unless it names its own place', async () => {
        await h.say('hola soy Ana Díaz de Fiambalá, se cayó un poste con el viento');
        await h.say('frente al hospital');
        expect(await h.say('no tengo')).to.include('Ubicación: frente al hospital, Fiambalá');
        expect(await h.say('perdón, la dirección está mal, es frente a la plaza')).to.include('Ubicación: frente a la plaza, Fiambalá');
        expect(await h.say('perdón, la dirección está mal, es en Tinogasta, calle Moreno 45'))
            .to.include('Ubicación: calle Moreno 45, Tinogasta')
            .and.not.include('Fiambalá');
    });

    it('a name that is a place (Belén) is the name, and the department is still asked', async () => {
        await h.send('hola');
        expect(await h.say('Belén')).to.include('Belén, ¿en qué departamento');
    });

    it('a correction in words at the summary changes the field it names, and says so', async () => {
        for (const message of ['hola', 'Ana Díaz', 'Capital', 'Sarmiento 450', 'Inundación']) await h.send(message);
        expect(await h.say('no tengo')).to.include('Departamento: Capital');
        const reply = await h.say('perdón, me equivoqué, es Valle Viejo, no Capital');
        expect(reply).to.include('corregí el departamento: Valle Viejo').and.include('Departamento: Valle Viejo').and.include('¿Está todo bien?');
    });

    it('a correction of the address keeps the place said, not the one denied, and may change the number alone', async () => {
        for (const message of ['hola', 'Ana Díaz', 'Capital', 'a la altura de la estación de servicio', 'Inundación']) await h.send(message);
        expect(await h.say('no tengo')).to.include('Ubicación: a la altura de la estación de servicio');
        const moved = await h.say('perdón, no es a la altura de la estación de servicio, es frente al hotel');
        expect(moved).to.include('Ubicación: frente al hotel').and.not.include('Ubicación: a la altura');
        await h.send('no, la dirección es Sarmiento 1250');
        const renumbered = await h.say('perdón, el número es 1520, no 1250');
        expect(renumbered).to.include('Ubicación: Sarmiento 1520');
        // a street named after a date keeps its date
        await h.send('no, la dirección es 25 de Mayo 300');
        expect(await h.say('el número está mal, es 350')).to.include('Ubicación: 25 de Mayo 350');
    });

    it('a correction at the photo question that names the photo but gives an address changes the address', async () => {
        for (const message of ['hola', 'Ana Díaz', 'Capital', 'Sarmiento 450', 'Inundación']) await h.send(message);
        const reply = await h.say('antes de la foto: la calle está mal, es Rivadavia 300');
        expect(reply).to.include('corregí la ubicación: Rivadavia 300');
        expect(await h.say('no tengo')).to.include('Ubicación: Rivadavia 300');
    });

    it('a correction of the name denies the saved one or changes the surname alone', async () => {
        for (const message of ['hola', 'Ana Díaz', 'Capital', 'Sarmiento 450', 'Inundación']) await h.send(message);
        expect(await h.say('no tengo')).to.include('Nombre: Ana Díaz');
        expect(await h.say('no es Ana Díaz, es Ana Ruiz')).to.include('Nombre: Ana Ruiz');
        expect(await h.say('perdón, el apellido es Ruíz con tilde, Ana Ruíz')).to.include('Nombre: Ana Ruíz');
        expect(await h.say('el apellido es Ortiz, no Ruíz')).to.include('Nombre: Ana Ortiz');
        // a name said beside another field's correction changes that field, not the name
        const typed = await h.say('soy Ana Ortiz, me equivoqué, no es inundación, es granizo');
        expect(typed).to.include('Nombre: Ana Ortiz').and.include('Granizo');
    });

    it('a correction of the department at the location question is no address', async () => {
        for (const message of ['hola', 'Ana Díaz', 'Belén']) await h.send(message);
        const reply = await h.say('uy no, perdón, es Andalgalá, no Belén');
        expect(reply).to.include('corregí el departamento: Andalgalá').and.include('¿Dónde es exactamente?');
        for (const message of ['frente a la plaza', 'Derrumbe']) await h.send(message);
        const summary = await h.say('no tengo');
        expect(summary).to.include('Departamento: Andalgalá').and.include('Ubicación: frente a la plaza');
    });

    it('a question instead of the answer is answered, then the question comes again', async () => {
        for (const message of ['hola', 'Ana Díaz', 'Capital']) await h.send(message);
        const reply = await h.say('¿para qué quieren mi dirección?');
        expect(reply).to.include('para mandar ayuda al lugar exacto').and.include('¿Dónde es exactamente?');
        expect(await h.say('Sarmiento 450')).to.include('¿Qué tipo de emergencia es?');
    });

    it('a question about another field than the one asked is answered about that field', async () => {
        for (const message of ['hola', 'Ana Díaz']) await h.send(message);
        const reply = await h.say('y para qué quieren mi nombre?');
        expect(reply).to.include('con quién hablar').and.include('¿en qué departamento').and.not.include('qué equipo de Defensa Civil');
        await h.send('Capital');
        expect(await h.say('para que es la foto?'))
            .to.include('Una foto ayuda')
            .and.include('¿Dónde es exactamente?');
        // a field's word in another kind of question is no question about that field
        expect(await h.say('y para q la necesitan?')).to.include('para mandar ayuda al lugar exacto');
    });

    it('commands said in other words are understood at any question', async () => {
        for (const message of ['hola', 'Ana Díaz', 'Capital']) await h.send(message);
        const help = await h.say('no entiendo qué tengo que poner');
        expect(help).to.include('Le hago unas preguntas cortas').and.include('¿Dónde es exactamente?');
        expect(await h.say('me pasás con alguien de carne y hueso?')).to.not.include('¿Dónde es exactamente?');
        expect((await h.handoffsOf())[0]).to.include({ reason: 'citizen_request' });
    });

    it('"ya fue, olvidate, se solucionó" cancels the report', async () => {
        for (const message of ['hola', 'Ana Díaz']) await h.send(message);
        await h.send('ya fue, olvidate, se solucionó');
        expect(await h.say('hola')).to.include('¿Cuál es su nombre?');
    });
});
