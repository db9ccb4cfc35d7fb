import { expect } from 'chai';
import { detectUrgency } from '../../dialogs/urgencyDetector';
import { ReportBotHarness } from './support/reportBotHarness';

/**
 * How citizens really write that a life is at risk, as a reviewer heard them talking to the bot, and
 * the everyday messages that must not reach an operator as urgent. Adding a phrasing is adding a row.
 */

/** Every one of these hands the conversation to a person at once. */
const URGENT: string[] = [
    // The water: a house that is flooding now, people taken by it or waiting on a roof.
    'se me inunda la casa', 'se nos inunda la casa', 'se está inundando la casa', 'se nos está inundando la casa',
    'la casa se nos inunda', 'se me inunda toda la casa', 'se le inunda la casa a mi vecina',
    'el agua se llevó a mi vecino', 'se llevó a mi hijo la corriente', 'el río se lo llevó', 'se lo llevó el agua',
    'se llevó a un chico', 'se llevó a una señora', 'la corriente se llevó a mi vecino y a su perro',
    'estamos en el techo', 'hay gente en el techo', 'estamos arriba del techo con los chicos', 'nos subimos al techo, el agua sigue subiendo',
    // Fire, explosions, electricity.
    'se quema mi casa', 'se incendia la casa', 'hay fuego en mi casa', 'se quema mi casa, mis hijos están adentro',
    'la casa se está quemando', 'se prendió fuego mi casa', 'explotó una garrafa', 'explotaron las garrafas', 'hubo una explosión',
    'se electrocutó', 'mi vecino se electrocutó con un cable', 'está electrocutado',
    // People inside, under, hurt, not breathing, dead.
    'mis hijos están adentro', 'los chicos siguen adentro', 'mi abuela está adentro todavía',
    'se cayó el techo', 'se me cayó el techo', 'se me cayó el techo encima', 'le cayó un árbol encima',
    'a mi vecino le cayó un árbol encima', 'se les cayó la pared encima', 'se me cae el techo encima',
    'se le cayó la pared encima a mi vecino', 'le cayó una rama arriba del auto a mi hijo',
    // People inside with a reassurance that is denied, or with another danger, or "bien" that is no reassurance.
    'los chicos están adentro, no estamos bien', 'estamos bien pero se quema la casa, los chicos están adentro',
    'mis hijos están adentro, vengan bien rápido', 'mi abuela está adentro y no se siente bien',
    'mi hijo se lastimó', 'me lastimé la pierna', 'está sangrando mucho', 'hay sangre',
    'no sé si respira', 'no sabemos si está vivo', 'no sé si mi papá respira', 'mi papá se cayó y no sé si respira',
    'murió', 'creo que murió', 'se murió mi vecino', 'se está muriendo', 'mi vecino y su perro murieron',
    'se cayó el árbol sobre mi vecino, está atrapado y sangrando, no respira',
    // Negations that are themselves the danger, or that belong to another idea.
    'no respira', 'no sé si hay heridos', 'no sé si se lastimó', 'nadie sabe si respira',
    'heridos no sé cuántos hay', 'atrapados no podemos salir', 'hay un herido no tenemos auto', 'no vi nada, hay heridos',
    'no se ve nada hay heridos', 'no vi nada hay heridos'
];

/** A negation that governs the signal: the citizen says nobody is at risk. */
const NEGATED: string[] = [
    'no estamos heridos, gracias', 'se cayó un poste, no es nada urgente', 'no estoy herido', 'nadie está herido',
    'no hay nada urgente', 'no hay heridos', 'no hay nadie atrapado', 'heridos no', 'no estamos atrapados',
    'nadie se lastimó', 'no se lastimó nadie', 'gracias a dios no murió nadie', 'los chicos no están adentro',
    'no hay gente adentro', 'la garrafa no explotó, ya cerramos la llave', 'la casa no se inunda, solo el patio',
    'no estoy lastimado, solo asustado', 'no hemos tenido heridos',
    // The negation after the signal, or "no vi" / "no creo que" / "nada" before it.
    'heridos no hay', 'atrapados no hay', 'no vi heridos', 'heridos ninguno por ahora', 'nada urgente',
    'no creo que sea urgente', 'heridos no hay, gracias a dios', 'no vimos a nadie atrapado', 'no creo que haya heridos'
];

/** Ordinary messages that an operator should not get as urgent. */
const NOT_URGENT: string[] = [
    'se inundó la calle', 'se voló una chapa del techo', 'hay agua en la vereda', 'el río está crecido', 'mi casa está bien',
    '¿vienen a sacar el árbol?', 'se cortó la luz', 'se me inundó la casa', 'se inunda la calle de mi casa cada vez que llueve',
    'se inunda la calle frente a mi casa', 'hay un árbol caído en la calle', 'se cayó un poste de luz', 'hay un cable suelto en la vereda',
    'la calle está anegada', 'se llenó de agua el patio', '¿me pueden llevar agua?', 'necesitamos que nos lleven agua potable',
    'el agua se llevó el alambrado', 'los chicos están bien, gracias', 'mi hijo se cayó de la bici pero está bien',
    'qué lástima', 'se quemó el pasto del baldío', 'hubo un incendio en el cerro la semana pasada',
    'se me voló el techo', 'se cayó la pared del fondo', 'se cayó una rama en el patio', 'hay mucho barro en la calle',
    'se tapó la alcantarilla', '¿a qué hora pasan a retirar los escombros?', 'el badén está cortado', 'gracias por la ayuda',
    'ya está todo bien, no hace falta que vengan', 'el gato está en el techo', 'se rompió un caño y sale agua',
    'se mojaron los colchones', 'me quedé sin luz y sin agua', 'hay un pozo en la calle', 'nos cayó granizo toda la tarde',
    'la explotación minera ensucia el río', 'no sé si vienen hoy o mañana', 'no sé si vivo en Belén o en Pomán',
    'incendio forestal', 'Incendio de vivienda', 'mi casa queda adentro del barrio',
    // People inside, and the citizen says they are fine.
    'Calle Sarmiento 200. Estamos bien, los chicos están adentro', 'Mi familia está adentro, estamos bien',
    'mis hijos están adentro con mi esposo, todo tranquilo', 'los chicos están adentro conmigo',
    'mi familia está adentro a salvo', 'estamos bien, hay chicos adentro', 'la gente está adentro, sin problema',
    // Something fell on an object, not on a person.
    'nos cayó granizo arriba del auto', 'le cayó una rama arriba del techo', 'se nos cayó un árbol encima de la camioneta',
    // Animals and things taken by the water or dead.
    'el río se llevó a las vacas', 'el agua se llevó el auto', 'se llevó a mi perro', 'la corriente se llevó a los caballos',
    'mi mamá se llevó a los chicos a lo de mi tía', 'se murió mi perro', 'se murieron las gallinas por el granizo',
    'mi perro se murió', 'hay un perro muerto en la calle'
];

describe('dialogs: urgency as citizens write it', () => {
    for (const text of URGENT) {
        it(`"${text}" is urgent`, () => expect(detectUrgency(text), text).to.not.equal(undefined));
    }
    for (const text of NEGATED) {
        it(`"${text}" is not urgent (negated)`, () => expect(detectUrgency(text)?.signal, text).to.equal(undefined));
    }
    for (const text of NOT_URGENT) {
        it(`"${text}" is not urgent`, () => expect(detectUrgency(text)?.signal, text).to.equal(undefined));
    }

    it('names the signal found, for the operator', () => {
        expect(detectUrgency('se me inunda la casa')?.signal).to.be.a('string').and.include('inunda');
        expect(detectUrgency('mis hijos están adentro')?.signal).to.be.a('string').and.include('adentro');
    });
});

describe('dialogs: urgent phrasings through the whole report bot', () => {
    let h: ReportBotHarness;
    beforeEach(async () => { h = await ReportBotHarness.start(); });
    afterEach(async () => { await h.stop(); });

    it('"se me inunda la casa" as a first message hands over at once', async () => {
        const text = await h.say('se me inunda la casa');
        expect(text).to.include('Entiendo que es urgente').and.include('911').and.include('103');
        expect(text).to.not.include('¿Cuál es su nombre?');
        const [request] = await h.handoffsOf();
        expect(request).to.include({ reason: 'urgent', priority: 'critical', triggerText: 'se me inunda la casa' });
    });

    it('"se quema mi casa, mis hijos están adentro" at the location step hands over at once, with the report so far', async () => {
        for (const message of ['hola', 'Ana Díaz', 'capital']) await h.send(message);
        const text = await h.say('se quema mi casa, mis hijos están adentro');
        expect(text).to.include('Entiendo que es urgente').and.include('911').and.include('100');
        expect(text).to.not.include('¿Qué tipo de emergencia es?');
        const [request] = await h.handoffsOf();
        expect(request).to.include({ reason: 'urgent', priority: 'critical', triggerText: 'se quema mi casa, mis hijos están adentro' });
        expect(request.report.name).to.equal('Ana Díaz');
        expect(request.report.departmentName).to.equal('Capital');
    });

    it('"no estamos heridos, gracias" at the location step does not hand over', async () => {
        for (const message of ['hola', 'Ana Díaz', 'capital']) await h.send(message);
        await h.send('no estamos heridos, gracias');
        expect(await h.handoffsOf()).to.have.length(0);
    });
});
