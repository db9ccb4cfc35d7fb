import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readPeople } from '../../language/people';
import { loadPeopleWords, PEOPLE_WORDS_FILE } from '../../language/people/peopleWords';
import { WordFileError } from '../../language/wordFile';
import type { VulnerableKind } from '../../language/types';

type Row = [text: string, count: number | undefined, kinds: VulnerableKind[]];

const TABLE: Array<{ behaviour: string; rows: Row[] }> = [
    {
        behaviour: 'a count said plainly, in digits or in words',
        rows: [
            ['somos 5 en la casa y el agua sube', 5, []],
            ['hay 3 personas atrapadas', 3, []],
            ['dos chicos en el techo', 2, ['nino']],
            ['somos como ocho, no podemos salir', 8, []],
            ['quedaron 12 obreros abajo de la losa', 12, []],
            ['tres adultos y un menor arriba del techo', 4, ['nino']],
            ['mi mamá y mi papá siguen adentro', 2, []],
            ['los 2 siguen enterrados en la zanja', 2, []],
            ['veinte personas aisladas en el puesto', 20, []]
        ]
    },
    {
        behaviour: 'a house number, a street, an age, a distance or a time is never a count',
        rows: [
            ['se inunda la casa, calle San Martín 45', undefined, []],
            ['barrio 25 de Mayo, manzana 3 casa 12, se quema todo', undefined, []],
            ['mi papá tiene 80 años y se cayó', undefined, ['anciano']],
            ['ruta 40 km 12, hay un derrumbe', undefined, []],
            ['hace 2 horas que no viene nadie', undefined, []],
            ['estamos a 3 km del pueblo', undefined, []],
            ['hay 2 metros de agua en la calle', undefined, []],
            ['somos de la calle 9 de julio', undefined, []]
        ]
    },
    {
        behaviour: 'babies, including a child of some months',
        rows: [
            ['mi bebé no respira', undefined, ['bebe']],
            ['estoy con el bb solo y entra agua', undefined, ['bebe']],
            ['un recién nacido en la casa inundada', undefined, ['bebe']],
            ['la guagua tomó pastillas', undefined, ['bebe']],
            ['mi nene de 6 meses no se despierta', undefined, ['bebe']]
        ]
    },
    {
        behaviour: 'children, by word or by age',
        rows: [
            ['mi nene se cayó al canal', undefined, ['nino']],
            ['los chicos siguen adentro', undefined, ['nino']],
            ['el guri no aparece', undefined, ['nino']],
            ['mi hijo tiene 5 años y no respira bien', undefined, ['nino']],
            ['mi hermana de 8 se cortó la mano', undefined, ['nino']],
            ['un menor atrapado en el auto', undefined, ['nino']]
        ]
    },
    {
        behaviour: 'the elderly, by word or by age; "mi viejo" is a parent, not an elderly person',
        rows: [
            ['mi abuela no se puede levantar', undefined, ['anciano']],
            ['un viejito se cayó al pozo', undefined, ['anciano']],
            ['mi mamá tiene 85 años y está sola', undefined, ['anciano']],
            ['la señora mayor sigue adentro', undefined, ['anciano']],
            ['mi viejo se cayó del caballo', undefined, []]
        ]
    },
    {
        behaviour: 'pregnant women and childbirth',
        rows: [
            ['mi señora está embarazada y se siente mal', undefined, ['embarazada']],
            ['mi hermana está de 8 meses y no puede salir', undefined, ['embarazada']],
            ['rompió bolsa y el camino está cortado', undefined, ['embarazada']]
        ]
    },
    {
        behaviour: 'disability and bedridden people',
        rows: [
            ['mi papá está postrado y entra el agua', undefined, ['discapacitado']],
            ['un señor en silla de ruedas y el fuego cerca', undefined, ['discapacitado']],
            ['mi tío no camina', undefined, ['discapacitado']],
            ['ella está en cama con oxígeno', undefined, ['discapacitado']],
            ['mi abuela no camina y el agua sube', undefined, ['anciano', 'discapacitado']]
        ]
    },
    {
        behaviour: 'not people at risk: negations, a greeting to the staff, a place name, an owner of things',
        rows: [
            ['no hay chicos adentro', undefined, []],
            ['gracias chicos', undefined, []],
            ['Chicos, sigue sin venir nadie', undefined, []],
            ['se cortó la luz en Valle Chico', undefined, []],
            ['la nena tomó las pastillas de la abuela', undefined, ['nino']],
            ['el auto de mi hijo quedó en el agua', undefined, []],
            ['se cayó un árbol, los chicos están bien', undefined, []]
        ]
    }
];

describe('language/people: the people at risk reader', () => {
    for (const { behaviour, rows } of TABLE) {
        it(behaviour, () => {
            for (const [text, count, kinds] of rows) {
                const reading = readPeople(text);
                expect(reading.count?.value, `count of "${text}"`).to.equal(count);
                expect(
                    reading.vulnerable.map((v) => v.kind),
                    `vulnerable in "${text}"`
                ).to.deep.equal(kinds);
            }
        });
    }

    it('quotes the evidence exactly as written, with offsets into the text', () => {
        const text = 'Hay 3 personas y mi Abuelita tiene 90 AÑOS';
        const reading = readPeople(text);
        expect(reading.count?.evidence.text).to.equal('3 personas');
        for (const item of [reading.count!.evidence, ...reading.vulnerable.map((v) => v.evidence)]) {
            expect(text.slice(item.start, item.end)).to.equal(item.text);
        }
        expect(reading.vulnerable.map((v) => v.evidence.text)).to.deep.equal(['Abuelita']);
    });

    it('reads a 4,096-character message without failing', () => {
        const unit = 'se inunda la casa calle 45 somos de la 2 ';
        const text = (unit.repeat(Math.ceil(4096 / unit.length)) + 'y hay 4 personas con un bebé').slice(-4096);
        expect(text.length).to.equal(4096);
        const reading = readPeople(text);
        expect(reading.count?.value).to.equal(4);
        expect(reading.vulnerable.map((v) => v.kind)).to.deep.equal(['bebe']);
        const odd = 'a'.repeat(4096);
        expect(readPeople(odd)).to.deep.equal({ vulnerable: [] });
        expect(readPeople('')).to.deep.equal({ vulnerable: [] });
    });

    it('reads its word lists through readWordFile and names a broken entry', () => {
        expect(loadPeopleWords(PEOPLE_WORDS_FILE).kinds.bebe).to.include('bebe');
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-words-'));
        const file = path.join(dir, 'peopleWords.json');
        const json = JSON.parse(fs.readFileSync(PEOPLE_WORDS_FILE, 'utf8')) as { kinds: { bebe: string[] } };
        json.kinds.bebe.push('Bebé');
        fs.writeFileSync(file, JSON.stringify(json));
        expect(() => loadPeopleWords(file)).to.throw(WordFileError, /kinds\.bebe/);
    });
});
