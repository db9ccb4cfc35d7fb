import { expect } from 'chai';
import { readNameAnswer } from '../../language';
import { ReportBotHarness } from './support/reportBotHarness';

/** The name kept from an answer to the name question, or undefined when it is none. */
function recognizeName(text: string): string | undefined {
    const answer = readNameAnswer(text);
    return 'name' in answer ? answer.name : undefined;
}

/**
 * the name question took any sentence as a name and the bot then addressed the citizen by its
 * first word ("ayuda, ¿en qué departamento…", "se, ¿en qué…"). A name is now a few words that can be a name;
 * an introduced one ("me llamo …", "soy …") ends where the sentence goes on ("y vivo en Belén").
 */
describe('dialogs: what counts as an answer to "¿Cuál es su nombre?"', () => {
    describe('recognizeName: real names pass, as written', () => {
        // [what the citizen writes, the name kept]
        const names: [string, string][] = [
            ['María Pérez', 'María Pérez'],
            ['Ana', 'Ana'],
            ['Juan', 'Juan'],
            ['jose luis', 'jose luis'],
            ['José Luis Romero', 'José Luis Romero'],
            ["Martín O'Connor", "Martín O'Connor"],
            ["Franco D'Alessandro", "Franco D'Alessandro"],
            ['María José Fernández-Gil', 'María José Fernández-Gil'],
            ['Ana María de la Fuente', 'Ana María de la Fuente'],
            ['María del Valle Herrera', 'María del Valle Herrera'],
            ['María de los Ángeles Villafañe', 'María de los Ángeles Villafañe'],
            ['Juan Pablo Díaz Vélez', 'Juan Pablo Díaz Vélez'],
            ['Iñaki Muñoz', 'Iñaki Muñoz'],
            ['Luz Acosta', 'Luz Acosta'],
            ['Socorro Díaz', 'Socorro Díaz'],
            ['Dolores Carrizo', 'Dolores Carrizo'],
            ['Belén Nieva', 'Belén Nieva'],
            ['Mercedes Sosa', 'Mercedes Sosa'],
            ['Nieves Barrionuevo', 'Nieves Barrionuevo'],
            ['Gastón Agüero', 'Gastón Agüero'],
            ['María de la Paz Gómez', 'María de la Paz Gómez'],
            ['Ángel Jesús Vega', 'Ángel Jesús Vega'],
            ['Pérez, María', 'Pérez, María'],
            ['Hola, soy María Fernanda', 'María Fernanda'],
            // An introduced name ends where the sentence goes on.
            ['me llamo Juan Pérez y vivo en Belén', 'Juan Pérez'],
            ['Me llamo Rosa Vega, vivo en Belén', 'Rosa Vega'],
            ['Soy Pedro y estoy en Valle Viejo', 'Pedro'],
            ['me llamo Juan estoy en Capital', 'Juan'],
            ['Soy Carlos, estoy en la capital', 'Carlos'],
            ['soy Juan Pérez vivo en El Alto', 'Juan Pérez'],
            // "de" inside a surname stays; "de" + a place ends the name.
            ['Soy Ana de la Fuente', 'Ana de la Fuente'],
            ['Me llamo María del Valle Soria', 'María del Valle Soria'],
            ['Soy Juan Pérez de Valle Viejo', 'Juan Pérez'],
            ['soy Marta Nieva de Belén', 'Marta Nieva'],
            ['Soy Luis de acá', 'Luis'],
            ['Belén', 'Belén'],
            ['Juan E. Pérez', 'Juan E. Pérez'],
            // a place after "de" is part of the name when the name is the whole answer.
            ['María de la Paz', 'María de la Paz'],
            ['María de la Merced', 'María de la Merced'],
            ['Ana de Belén', 'Ana de Belén'],
            ['Ana María de la Paz', 'Ana María de la Paz'],
            ['Juan de la Cruz', 'Juan de la Cruz'],
            ['María de los Dolores', 'María de los Dolores'],
            ['María del Rosario', 'María del Rosario'],
            ['María de las Mercedes', 'María de las Mercedes'],
            ['Pérez, María de la Paz', 'Pérez, María de la Paz'],
            ['María Pérez de Valle Viejo', 'María Pérez de Valle Viejo'], // a whole answer is never cut at a place
            // ... and introduced, when it follows a first name alone and is a place that is also a name (La Paz, La Merced, Belén).
            ['Me llamo María de la Paz', 'María de la Paz'],
            ['Soy María de la Merced', 'María de la Merced'],
            ['soy Ana de Belén', 'Ana de Belén'],
            ['Me llamo María de la Paz, vivo en Capital', 'María de la Paz'],
            ['Soy Juan Pérez de La Paz', 'Juan Pérez'],
            ['Soy Juan de Valle Viejo', 'Juan'],
            ['Me llamo Ana Gómez de la Merced', 'Ana Gómez'],
            // Italian and Spanish particles of surnames.
            ['Ana Lo Presti', 'Ana Lo Presti'],
            ['Soy Ana Lo Presti', 'Ana Lo Presti'],
            ['Carla Lo Bianco', 'Carla Lo Bianco'],
            ['Franco Di Marco', 'Franco Di Marco'],
            ['Pedro Da Silva', 'Pedro Da Silva'],
            ['Luis De Marco', 'Luis De Marco'],
            ['Ana Del Pino', 'Ana Del Pino'],
            ['Rosa La Rosa', 'Rosa La Rosa'],
            // Names that are also words.
            ['Luz', 'Luz'],
            ['Dolores', 'Dolores'],
            ['Rosario', 'Rosario'],
            ['Mercedes', 'Mercedes'],
            ['Consuelo', 'Consuelo'],
            ['Amparo', 'Amparo'],
            ['Ángeles', 'Ángeles'],
            ['Paz', 'Paz'],
            ['Victoria', 'Victoria'],
            ['Milagros', 'Milagros'],
            ['Soledad', 'Soledad'],
            ['Pilar', 'Pilar'],
            ['Cruz', 'Cruz'],
            ['Reyes', 'Reyes'],
            ['Juan Bueno', 'Juan Bueno'],
            ['Bueno, soy Juan', 'Juan']
        ];
        for (const [input, expected] of names) {
            it(`"${input}" -> "${expected}"`, () => expect(recognizeName(input)).to.equal(expected));
        }
    });

    describe('recognizeName: sentences are not names', () => {
        const notNames = [
            'ayuda por favor',
            '¿para qué necesitan mi nombre?',
            'para qué?',
            'hola, ¿cómo están?',
            'muchas gracias por todo',
            'gracias',
            'por favor',
            'ok gracias',
            'necesito ayuda',
            'buenas tardes, necesito ayuda',
            'se me está inundando la casa en Valle Viejo, calle Los Tilos 45',
            'mi casa se inunda',
            'hay agua en la calle',
            'se cayó un árbol',
            'incendio',
            'es urgente',
            'vivo en Valle Viejo',
            'en Belén',
            'calle Los Tilos 45',
            'quiero hacer una denuncia',
            'no quiero dar mi nombre',
            'soy vecino de la zona',
            'quiero recibir alertas',
            'Juan Carlos María José Pedro Pablo',
            'Soy la hija de Rosa',
            'Valle Viejo',
            'Capital',
            // everyday words alone are no name.
            'Bueno',
            'Vengan',
            'Espere',
            'Perfecto',
            'Dale',
            'Listo',
            'Apúrense',
            'Rápido',
            'Gracias',
            'Hola',
            'bueno, dale',
            'Vengan rápido',
            'Espere por favor',
            'Listo, gracias',
            'Ok, perfecto',
            'Claro',
            'Lo siento',
            'Ana lo sabe'
        ];
        for (const input of notNames) {
            it(`"${input}" is not a name`, () => expect(recognizeName(input)).to.equal(undefined));
        }
    });

    describe('through the report bot', () => {
        let h: ReportBotHarness;
        beforeEach(async () => {
            h = await ReportBotHarness.start();
        });
        afterEach(async () => {
            await h.stop();
        });

        const sentences = [
            'ayuda por favor',
            '¿para qué necesitan mi nombre?',
            'muchas gracias por todo',
            'se me está inundando la casa en Valle Viejo, calle Los Tilos 45',
            'quiero hacer una denuncia'
        ];
        for (const sentence of sentences) {
            it(`"${sentence}" is not taken as the name: the bot asks for it again, then takes the name`, async () => {
                await h.send('hola');
                const reply = await h.say(sentence);
                expect(reply).to.not.include('¿en qué departamento');
                if ((await h.handoffsOf()).length > 0) {
                    // An urgency signal handed the conversation over: then nobody is addressed by a word of it either.
                    expect(reply).to.include('Entiendo que es urgente');
                    return;
                }
                expect(reply).to.include('nombre');
                expect(await h.say('María Pérez')).to.include('María, ¿en qué departamento');
            });
        }

        const everydayWords = ['Bueno', 'Vengan', 'Espere', 'Perfecto', 'Dale', 'Listo', 'Rápido', 'Gracias', 'Hola'];

        it('"Apúrense" at the name question is a plea to hurry: a person is asked for at once', async () => {
            await h.send('hola');
            expect(await h.say('Apúrense')).to.include('Entiendo que es urgente');
            expect((await h.handoffsOf())[0]).to.include({ reason: 'urgent' });
        });
        for (const word of everydayWords) {
            it(`"${word}" alone is not taken as the name: the bot asks for it again`, async () => {
                await h.send('hola');
                const reply = await h.say(word);
                expect(reply).to.not.include('¿en qué departamento');
                expect(reply).to.include('nombre');
                expect(await h.handoffsOf()).to.have.length(0);
                expect(await h.say('Socorro Díaz')).to.include('Socorro, ¿en qué departamento');
            });
        }

        const wholeNames: [string, string][] = [
            ['María de la Paz', 'María'],
            ['María de la Merced', 'María'],
            ['Ana de Belén', 'Ana'],
            ['Ana Lo Presti', 'Ana'],
            ['Me llamo María de la Paz', 'María']
        ];
        for (const [answer, firstName] of wholeNames) {
            it(`keeps "${answer}" whole in the report`, async () => {
                await h.send('hola');
                expect(await h.say(answer)).to.include(`${firstName}, ¿en qué departamento`);
                for (const message of ['Capital', 'Calle 2', 'Derrumbe']) await h.send(message);
                const name = answer.replace(/^Me llamo /, '');
                expect(await h.say('no tengo')).to.include(`Nombre: ${name}\n`);
            });
        }

        it('answers a question about the name with why it is asked', async () => {
            await h.send('hola');
            const reply = await h.say('¿para qué necesitan mi nombre?');
            expect(reply).to.include('para registrar el reporte').and.include('por ejemplo: María Pérez');
            expect(reply).to.not.include('No entendí');
        });

        it('tells a citizen who described the emergency that it comes next', async () => {
            await h.send('hola');
            const reply = await h.say('hay agua en toda la calle, no se puede pasar');
            expect(reply).to.include('Enseguida le pregunto por la emergencia').and.include('su nombre');
            expect(await h.handoffsOf()).to.have.length(0);
        });

        it('keeps "me llamo Juan Pérez y vivo en Belén" as Juan Pérez, and Belén as the department (not asked again)', async () => {
            await h.send('hola');
            expect(await h.say('me llamo Juan Pérez y vivo en Belén')).to.include('¿Dónde es exactamente?');
            for (const message of ['Calle 2', 'Derrumbe']) await h.send(message);
            expect(await h.say('no tengo'))
                .to.include('Nombre: Juan Pérez\n')
                .and.include('Departamento: Belén\n');
        });

        it('three sentences in a row still end with a person (repeated failures), without an extra explanation', async () => {
            await h.send('hola');
            await h.send('muchas gracias por todo');
            await h.send('quiero hacer una denuncia');
            const third = await h.say('hay agua en toda la calle');
            expect(third).to.include('no logro entenderle').and.not.include('Enseguida le pregunto');
            expect((await h.handoffsOf())[0]).to.include({ reason: 'repeated_failures' });
        });
    });
});
