import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readName } from '../../language/names';
import { loadNameWords, NAME_WORDS_FILE } from '../../language/names/nameWords';
import { WordFileError } from '../../language/wordFile';
import type { ConversationStep } from '../../language/types';

type Row = [text: string, step: ConversationStep, expected: string | undefined];

const TABLE: Array<{ behaviour: string; rows: Row[] }> = [
    {
        behaviour: 'a name introduced, anywhere in a message and at any step',
        rows: [
            ['soy Ramón Díaz', 'first', 'Ramón Díaz'],
            ['Buenas, me llamo Elsa Ruiz y les aviso que se cayó un poste', 'first', 'Elsa Ruiz'],
            ['mi nombre es José Luis Quiroga', 'waiting', 'José Luis Quiroga'],
            ['habla la señora Gómez, de Recreo', 'first', 'Gómez'],
            ['acá Pedro, se inundó la calle', 'first', 'Pedro'],
            ['Perdón, el nombre es Ana Lía Soria', 'summary', 'Ana Lía Soria'],
            ['Perdón, el nombre completo es Graciela Inés Ocampo', 'summary', 'Graciela Inés Ocampo'],
            ['Les pido que corrijan, mi apellido es Villagra, no Villagrán.', 'summary', 'Villagra']
        ]
    },
    {
        behaviour: 'the name cut where the sentence goes on',
        rows: [
            ['soy Ramón Díaz de Fiambalá, calle Moreno 45', 'first', 'Ramón Díaz'],
            ['buen día, Rosa Chaile de Mutquín. se voló el techo del galpón', 'first', 'Rosa Chaile'],
            ['Hugo de Colpes, se cayó un árbol en la ruta', 'name', 'Hugo'],
            ['María de los Ángeles Soria', 'name', 'María de los Ángeles Soria'],
            ['me llamo Marta Vera y vivo en Belén', 'name', 'Marta Vera'],
            ['Soy Rodolfo el electricista', 'first', 'Rodolfo'],
            ['Hugo Páez, vecino del barrio', 'name', 'Hugo Páez'],
            ['Marta Villagra, soy camionera.', 'name', 'Marta Villagra'],
            ['Nora Díaz. Por favor vengan, mi vecino no respira', 'name', 'Nora Díaz']
        ]
    },
    {
        behaviour: 'at the name question, the answer itself, names that are words included',
        rows: [
            ['juan perez', 'name', 'juan perez'],
            ['María de la Paz', 'name', 'María de la Paz'],
            ['Ana Lo Presti', 'name', 'Ana Lo Presti'],
            ['Luz', 'name', 'Luz'],
            ['Belén', 'name', 'Belén'],
            ['Dolores', 'name', 'Dolores'],
            ['Rosario', 'name', 'Rosario'],
            ['Mercedes', 'name', 'Mercedes'],
            ['Paz', 'name', 'Paz'],
            ['Cruz', 'name', 'Cruz'],
            ['Socorro Díaz', 'name', 'Socorro Díaz'],
            ["Martín O'Connor", 'name', "Martín O'Connor"],
            ['Hola, Carla Ibáñez 😊', 'name', 'Carla Ibáñez'],
            ['Pérez, María', 'name', 'Pérez, María']
        ]
    },
    {
        behaviour: 'a message signed with a name, a title or a job before it, an address to the line before an introduction',
        rows: [
            ['se cayó un poste en la esquina de casa, estamos bien. Rosa Quiroga', 'first', 'Rosa Quiroga'],
            ['Se inundó el pasaje otra vez. Lic. Marta Ahumada', 'first', 'Marta Ahumada'],
            ['Soy enfermero, Hugo Ruarte. Hay un señor desmayado en la plaza', 'first', 'Hugo Ruarte'],
            ['buenas tardes señorita soy don Anselmo Vega, se me voló el techo', 'first', 'Anselmo Vega'],
            ['Les escribe Mirta Páez de la Cooperativa de Agua, se rompió un caño', 'first', 'Mirta Páez'],
            ['en el nombre puse mal, es Rodrigo Acosta', 'summary', 'Rodrigo Acosta'],
            ['todo bien pero poneme Julia Díaz de nombre', 'summary', 'Julia Díaz'],
            ['Prof. Andrea Soria', 'name', 'Andrea Soria'],
            ['me dicen el Tucu pero soy Raúl Díaz', 'name', 'Raúl Díaz'],
            ['Caro, Carolina Páez, de Recreo', 'name', 'Carolina Páez'],
            ['Se rajó la pared del aula con el sismo. Saludos cordiales, Ing. Pedro Roldán.', 'first', 'Pedro Roldán'],
            ['aca ramiro de poman, se cayo el tapial', 'first', 'ramiro']
        ]
    },
    {
        behaviour: 'no signature in a place, thanks or the agency closing a message; no name in "es" before a lowercase word',
        rows: [
            ['se cayó un árbol en la calle. Valle Viejo', 'first', undefined],
            ['se inundó la calle. Muchas Gracias', 'first', undefined],
            ['hay humo. Defensa Civil', 'first', undefined],
            ['soy enfermera, vivo en Belén y se cayó un cable', 'first', undefined],
            ['es verdad lo del alerta?', 'first', undefined],
            ['aca esta el agua de la acequia, en la calle de Belén', 'first', undefined]
        ]
    },
    {
        behaviour: 'no name in everyday words, questions, sentences, places or a cry',
        rows: [
            ['bueno', 'name', undefined],
            ['vengan', 'name', undefined],
            ['espere', 'name', undefined],
            ['listo', 'name', undefined],
            ['¿para qué quieren mi nombre?', 'name', undefined],
            ['se me inunda la casa', 'name', undefined],
            ['Valle Viejo', 'name', undefined],
            ['¡Socorro!', 'name', undefined],
            ['soy de Belén', 'first', undefined],
            ['soy vecina del barrio', 'first', undefined],
            ['Juan Pérez', 'department', undefined],
            ['hay un árbol caído en la calle', 'first', undefined]
        ]
    }
];

describe('language/names: the name reader', () => {
    for (const { behaviour, rows } of TABLE) {
        it(behaviour, () => {
            for (const [text, step, expected] of rows) expect(readName(text, step)?.name, `${JSON.stringify(text)} @${step}`).to.equal(expected);
        });
    }

    it("keeps the citizen's text and quotes it as evidence", () => {
        const text = 'hola soy ana maría lópez, se voló el techo';
        const read = readName(text, 'first');
        expect(read?.name).to.equal('ana maría lópez');
        expect(text.slice(read!.evidence.start, read!.evidence.end)).to.equal(read!.evidence.text);
    });

    // Speed is npm run bench's to measure (bench/languageBench.ts), never a timed test.
    it('reads a 4,096-character message of names, words and introductions without failing', () => {
        const long = 'Soy Ana '.repeat(600).slice(0, 4096);
        const words = 'María de la Paz de los Ángeles del Valle '.repeat(110).slice(0, 4096);
        const intros = 'me llamo '.repeat(500).slice(0, 4096);
        for (const [text, step] of [
            [long, 'first'],
            [words, 'name'],
            [intros, 'first']
        ] as const) {
            const name = readName(text, step)?.name;
            expect(name === undefined || name.length <= 200, 'a name, not the whole message').to.equal(true);
        }
    });

    it('rejects a word file that breaks the schema, naming the file and the entry', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'name-words-'));
        const file = path.join(dir, 'nameWords.json');
        const data = JSON.parse(fs.readFileSync(NAME_WORDS_FILE, 'utf8')) as Record<string, unknown>;
        (data.titles as string[]).push('Doña');
        fs.writeFileSync(file, JSON.stringify(data));
        expect(() => loadNameWords(file)).to.throw(WordFileError, /nameWords\.json: entry titles\.\d+ \("Doña"\)/);
        fs.rmSync(dir, { recursive: true, force: true });
    });
});
