import { expect } from 'chai';
import { recognizeDepartmentChoice } from '../../alerts/departmentChoice';
import { recognizeDepartment } from '../../dialogs/departmentRecognizer';
import { ReportBotHarness } from './support/reportBotHarness';

/**
 * localities people name were not recognised ("El Rodeo", "Banda de Varela", "Londres"...), the
 * department retry did not say a pin works too, and "Estoy en Valle Viejo pero la emergencia es en Capital" was
 * taken as Valle Viejo.
 */
describe('dialogs: localities and where the emergency is', () => {
    describe('recognizeDepartment', () => {
        // [what the citizen writes, the department, or undefined where the name is left out on purpose]
        const table: [string, string | undefined][] = [
            ['El Rodeo', 'Ambato'],
            ['el rodeo', 'Ambato'],
            ['vivo en El Rodeo', 'Ambato'],
            ['Las Juntas, Ambato', 'Ambato'],
            ['Las Juntas', undefined],
            ['Banda de Varela', 'Capital'],
            ['banda de varela', 'Capital'],
            ['Londres', 'Belén'],
            ['Aconquija', 'Andalgalá'],
            ['Mutquín', 'Pomán'],
            ['mutquin', 'Pomán'],
            ['La Merced', 'Paclín'],
            ['Piedra Blanca', 'Fray Mamerto Esquiú'],
            ['Pomancillo', 'Fray Mamerto Esquiú'],
            ['Pomancillo Este', 'Fray Mamerto Esquiú'],
            ['estamos en la plaza de Londres', 'Belén'],
            // Places of Catamarca first: Villa Dolores (Valle Viejo), Icaño (La Paz); other provinces' places are none.
            ['Villa Dolores', 'Valle Viejo'],
            ['Icaño', 'La Paz'],
            ['Villa Carlos Paz', undefined],
            // Two departments: the one the emergency is in.
            ['Estoy en Valle Viejo pero la emergencia es en Capital', 'Capital'],
            ['vivo en Belén pero la emergencia es en Londres', 'Belén'],
            ['Soy de Tinogasta, la emergencia está en Santa María', 'Santa María'],
            ['estoy en capital pero es en valle viejo', 'Valle Viejo'],
            ['Valle Viejo', 'Valle Viejo'],
            ['la emergencia es en El Rodeo', 'Ambato']
        ];
        for (const [input, expected] of table) {
            it(`"${input}" -> ${expected ?? 'no match'}`, () => expect(recognizeDepartment(input)?.name).to.equal(expected));
        }

        it('the alert sign-up reads localities too: "Banda de Varela, Londres"', () => {
            const choice = recognizeDepartmentChoice({ kind: 'text', text: 'Banda de Varela, Londres' });
            expect(choice?.departmentIds).to.deep.equal(['10049', '10035']);
        });
    });

    describe('through the report bot', () => {
        let h: ReportBotHarness;
        beforeEach(async () => {
            h = await ReportBotHarness.start();
        });
        afterEach(async () => {
            await h.stop();
        });

        it('the department retry says a pin works too', async () => {
            for (const message of ['hola', 'Ana Díaz']) await h.send(message);
            const retry = await h.say('Villa Carlos Paz');
            expect(retry).to.include('No encontré ese departamento').and.include('o envíe su ubicación').and.include('del 1 al 16');
        });

        it('a place in two departments gets one button per department, and the button sets it', async () => {
            for (const message of ['hola', 'Ana Díaz']) await h.send(message);
            const [question] = await h.send('Las Juntas');
            expect(question.text).to.include('Las Juntas queda en más de un departamento');
            expect(question.suggestedActions?.actions.map((a) => a.title)).to.deep.equal(['Ambato', 'Belén']);
            expect(await h.say('Belén')).to.include('¿Dónde es exactamente?');
            for (const message of ['frente a la capilla', 'Derrumbe']) await h.send(message);
            expect(await h.say('no tengo')).to.include('Departamento: Belén\n');
        });

        it('"Estoy en Valle Viejo pero la emergencia es en Capital" reports Capital', async () => {
            for (const message of ['hola', 'Ana Díaz']) await h.send(message);
            expect(await h.say('Estoy en Valle Viejo pero la emergencia es en Capital')).to.include('¿Dónde es exactamente?');
            for (const message of ['Av. Belgrano 900', 'Derrumbe']) await h.send(message);
            expect(await h.say('no tengo')).to.include('Departamento: Capital\n');
        });

        it('a locality answers the department question', async () => {
            for (const message of ['hola', 'Ana Díaz']) await h.send(message);
            expect(await h.say('Banda de Varela')).to.include('¿Dónde es exactamente?');
            for (const message of ['calle principal', 'Derrumbe']) await h.send(message);
            expect(await h.say('no tengo')).to.include('Departamento: Capital\n');
        });
    });
});
