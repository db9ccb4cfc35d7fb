import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readPlace } from '../../language/places';
import { loadPlaceWords, PLACE_WORDS_FILE } from '../../language/places/placeWords';

interface Case {
    what: string;
    text: string;
    department?: string | null;
    locality?: string | null;
    ambiguous?: string[];
    address?: string;
}

const CASES: Case[] = [
    // Names, accents, abbreviations and typos.
    { what: 'a department without accents', text: 'se inundo la calle en belen', department: 'Belén' },
    { what: 'an abbreviated department', text: 'sta maria', department: 'Santa María' },
    { what: 'an abbreviation with its dot', text: 'Sta. María', department: 'Santa María' },
    { what: 'a department marker', text: 'dpto belen', department: 'Belén' },
    { what: 'a typo of a long name', text: 'se cayo un arbol en tinogsata', department: 'Tinogasta' },
    { what: 'a typo in a word of a longer name', text: 'santa roza', department: 'Santa Rosa' },
    { what: 'a locality implies its department', text: 'hay una creciente en Fiambalá', department: 'Tinogasta', locality: 'Fiambalá' },
    { what: 'a locality without accents', text: 'estamos en fiambala', department: 'Tinogasta', locality: 'Fiambalá' },
    { what: 'a nickname of the capital', text: 'la capi', department: 'Capital' },
    { what: 'the capital with the province', text: 'catamarca capital', department: 'Capital' },
    { what: 'the province after a department is no place', text: 'Belén, Catamarca', department: 'Belén' },
    { what: 'the province alone in a sentence is no department', text: 'hace 45 grados en catamarca', department: null },
    // Barrios.
    { what: 'a barrio with its marker', text: 'barrio parque america, se voló un techo', department: 'Capital', locality: 'Parque América' },
    { what: 'a barrio by its number', text: 'b° 920 viviendas', department: 'Capital' },
    {
        what: 'a barrio and its part, not a house number',
        text: 'barrio libertador 2, manzana f casa 11',
        department: 'Capital',
        locality: 'Libertador'
    },
    { what: 'a barrio written without its article', text: 'barrio jumeal, pasaje 5', department: 'Capital', locality: 'El Jumeal' },
    { what: 'a street and its number stay a street', text: 'calle libertador 450', department: null },
    { what: 'the centre', text: 'se inundó la calle en el centro', department: 'Capital', locality: 'Centro' },
    { what: 'the centre of another town', text: 'estamos en el centro de Belén', department: 'Belén' },
    { what: 'a health centre is no barrio', text: 'fui al centro de salud', department: null },
    // Ambiguity.
    { what: 'an ambiguous town alone', text: 'Saujil', department: null, ambiguous: ['Pomán', 'Tinogasta'], locality: 'Saujil' },
    {
        what: 'an ambiguous town in a sentence',
        text: 'en san jose se volaron las chapas',
        department: null,
        ambiguous: ['Fray Mamerto Esquiú', 'Santa María']
    },
    { what: 'an ambiguous town resolved by its department', text: 'Saujil, Pomán', department: 'Pomán', locality: 'Saujil' },
    { what: 'an ambiguous town resolved by "de"', text: 'San José de Santa María', department: 'Santa María', locality: 'San José' },
    { what: 'an INDEC town beats a paraje of the same name', text: 'Recreo', department: 'La Paz', locality: 'Recreo' },
    { what: 'an ambiguous town resolved by another town', text: 'desde Fiambalá: en las dunas de Saujil hay humo', department: 'Tinogasta' },
    { what: 'two departments offered as alternatives', text: 'no sé si es Belén o Pomán', department: null, ambiguous: ['Belén', 'Pomán'] },
    // Streets named after places.
    { what: 'a street named after a department', text: 'calle Tinogasta 45', department: null, address: 'calle Tinogasta 45' },
    { what: 'a street named after a person and place', text: 'calle Esquiú 800', department: null, address: 'calle Esquiú 800' },
    { what: 'a name before a house number is a street', text: 'en Esquiú 800 hay humo', department: null },
    { what: 'an avenue', text: 'av. Belgrano', department: null, address: 'av. Belgrano' },
    { what: 'a street and the town', text: 'calle San Martín 312, Santa María', department: 'Santa María', address: 'calle San Martín 312' },
    // Two places in one message.
    {
        what: 'where the event is beats where one lives',
        text: 'vivo en Belén pero la emergencia es en Fiambalá',
        department: 'Tinogasta',
        locality: 'Fiambalá'
    },
    { what: '"es en" marks the event', text: 'estoy en Valle Viejo pero es en Capital', department: 'Capital' },
    { what: 'a correction', text: 'Perdón, me confundí: no estoy en Belén, estoy en Fiambalá.', department: 'Tinogasta' },
    { what: 'a negated department', text: 'corresponde a El Alto, no a Santa Rosa', department: 'El Alto' },
    { what: 'the destination is not the place', text: 'estamos en El Rodeo y no podemos volver a la Capital', department: 'Ambato' },
    // Addresses.
    { what: 'street and number', text: 'calle moreno 45', address: 'calle moreno 45' },
    { what: 'a capitalised street and number', text: 'Sarmiento 450', address: 'Sarmiento 450' },
    { what: 'an avenue and number', text: 'av. ocampo 1200', address: 'av. ocampo 1200', department: null },
    { what: 'block and house', text: 'mza 5 casa 12', address: 'mza 5 casa 12' },
    { what: 'short block and house', text: 'mz 4 cs 7', address: 'mz 4 cs 7' },
    { what: 'route and kilometre', text: 'ruta 40 km 1234', address: 'ruta 40 km 1234' },
    { what: 'a landmark with a number', text: 'frente a la escuela 123', address: 'frente a la escuela 123' },
    { what: 'a landmark', text: 'al lado de la plaza', address: 'al lado de la plaza' },
    { what: 'a bridge passed', text: 'pasando el puente', address: 'pasando el puente' },
    // Ordinary words that are also names.
    { what: 'a door is not La Puerta', text: 'está en la puerta de mi casa con un cuchillo', department: null },
    {
        what: 'a place named like a thing, then its own department',
        text: 'el cable cayó, las tejas valle viejo',
        department: 'Valle Viejo',
        locality: 'Las Tejas'
    },
    { what: 'a place named like a thing, a comma, its department', text: 'es en quiros, la paz', department: 'La Paz', locality: 'Quirós' },
    {
        what: "a department's name that is a town of the department named next",
        text: 'santa rosa valle viejo, al lado de la escuela',
        department: 'Valle Viejo',
        locality: 'Santa Rosa'
    },
    { what: 'two departments offered are still asked', text: 'santa rosa o valle viejo, no sé', department: null },
    {
        what: "a thing of a department's town is no village",
        text: 'se rompió la toma de Belén y no hay agua',
        department: 'Belén',
        locality: 'Belén'
    },
    { what: 'what comes under a door is no town', text: 'el humo entra por debajo de la puerta, vengan', department: null },
    { what: 'the town is still named below the door', text: 'el agua entra por abajo de la puerta, estamos en Chumbicha', department: 'Capayán' },
    { what: 'the hills above the town are the town', text: 'se prende fuego el monte arriba de la puerta', department: 'Ambato' },
    { what: "the writer's name is not a place", text: 'Me llamo María de la Paz, vivo en Capital', department: 'Capital' }
];

describe('the place reader', () => {
    for (const c of CASES) {
        it(`${c.what}: ${JSON.stringify(c.text)}`, () => {
            const reading = readPlace(c.text);
            if (c.department !== undefined) expect(reading.department?.name ?? null, 'department').to.equal(c.department);
            if (c.locality !== undefined) expect(reading.locality?.name ?? null, 'locality').to.equal(c.locality);
            if (c.ambiguous) expect(reading.ambiguous?.departments, 'ambiguous').to.have.members(c.ambiguous);
            if (c.address) expect(reading.address?.text, 'address').to.equal(c.address);
        });
    }

    it('quotes its evidence from the original text', () => {
        const text = 'Hola, se inundó todo en Fiambalá!!';
        const reading = readPlace(text);
        expect(reading.department?.evidence).to.deep.equal({ start: 24, end: 32, text: 'Fiambalá' });
        expect(text.slice(reading.locality!.evidence.start, reading.locality!.evidence.end)).to.equal('Fiambalá');
    });

    it('reads a department list number only when asked to', () => {
        expect(readPlace('5').department).to.equal(undefined);
        expect(readPlace('el 5', { departmentList: true }).department?.name).to.equal('Belén');
        expect(readPlace('cinco', { departmentList: true }).department?.name).to.equal('Belén');
    });

    // Speed is npm run bench's to measure (bench/languageBench.ts), never a timed test.
    it('reads a 4,096-character message of names, typos or one letter without failing', () => {
        const long = 'se cayo un arbol en la calle principal de barrio parque america, frente a la escuela 123, tinogsata '.repeat(50).slice(0, 4096);
        const typos = Array.from({ length: 700 }, (_, i) => ['tinogsata', 'andalgalq', 'belenn', 'xxxxxx', 'frente', 'calle', '55'][i % 7])
            .join(' ')
            .slice(0, 4096);
        for (const text of [long, typos, 'a'.repeat(4096)]) {
            expect(readPlace(text)).to.be.an('object');
        }
        expect(readPlace(long).department?.name, 'a department named beats a barrio').to.equal('Tinogasta');
    });

    it('names the file and the entry of a bad word list', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'placewords-'));
        const file = path.join(dir, 'placeWords.json');
        const json = JSON.parse(fs.readFileSync(PLACE_WORDS_FILE, 'utf8')) as Record<string, string[]>;
        json.streetMarkers = ['calle', 'Avenida'];
        fs.writeFileSync(file, JSON.stringify(json));
        try {
            expect(() => loadPlaceWords(file)).to.throw(/placeWords\.json: entry streetMarkers\.1 \("Avenida"\)/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe('place names spelt as they sound', () => {
    it('reads b/v, ll/y, a silent h and doubled letters as the same name, even in short names', () => {
        expect(readPlace('velen').department?.name).to.equal('Belén');
        expect(readPlace('capallan').department?.name).to.equal('Capayán');
    });
});

describe('an address followed by its place', () => {
    it('ends the address before "de <place>": the place is read as the place', () => {
        const reading = readPlace('se quema la casa en la calle Moreno 45 de Fiambalá');
        expect(reading.address?.text).to.equal('calle Moreno 45');
        expect(reading.locality?.name).to.equal('Fiambalá');
    });

    it('ends a street named in one word before the name of a locality: "calle sarmiento sijan"', () => {
        const reading = readPlace('la señora no sale!!! calle sarmiento sijan');
        expect(reading.address?.text).to.equal('calle sarmiento');
        expect(reading.department?.name).to.equal('Pomán');
        expect(reading.locality?.name).to.equal('Siján');
    });

    it('keeps a street named after a place: "calle belen", "calle san martin"', () => {
        for (const text of ['calle belen', 'calle san martin']) {
            const reading = readPlace(text);
            expect(reading.address?.text, text).to.equal(text);
            expect(reading.department, text).to.equal(undefined);
        }
    });
});

describe('a place named by what is there, whose it is, or its route', () => {
    const cases: Array<[string, string | null]> = [
        ['se cayó un poste en la plaza de Saujil', 'la plaza'],
        // the locality after it is read as the locality: the report shows "el badén, Coneta"
        ['hay un auto atrapado en el badén de Coneta con gente arriba', 'el badén'],
        ['un nene convulsiona en la escuela 312', 'la escuela 312'],
        ['volcó un camión en la 38, el chofer está atrapado', 'la 38'],
        ['se quema la casa de los Quiroga, vengan', 'la casa de los Quiroga'],
        ['vengan a lo de don Ramón que se inundó todo', 'lo de don Ramón'],
        ['Belén, barrio San Martín, el agua entra a las casas', 'barrio San Martín'],
        ['se voló el techo del salón, en la esquina de Lavalle y Güemes', 'esquina de Lavalle y Güemes'],
        ['la calle principal es un río', 'calle principal'],
        ['desde la Municipalidad de Pomán pedimos que revisen el muro de calle Belgrano 120', 'calle Belgrano 120'],
        ['Barrio Eva Perón, manzana 4 casa 2, se cayó un árbol', 'manzana 4 casa 2'],
        ['barrio norte, sarmiento 1150, entra agua a la casa', 'sarmiento 1150'],
        ['es en villa cubas, rioja al 1200', 'rioja al 1200'],
        ['hombre caído con dolor de pecho, esquina Rivadavia y Mota Botello', 'esquina Rivadavia y Mota Botello'],
        ['manzana C casa 4, se volaron las chapas', 'manzana C casa 4'],
        ['en lo de los Cabrera se cayó una pared', 'lo de los Cabrera'],
        ['vivo al lado d la capilla', 'al lado d la capilla'],
        // where the writer sees it from, or writes from, is not where it happens
        ['desde la plaza se ve el humo del cerro', null],
        // a place denied with its article, and one inside it, are not the address
        ['no es en la calle Sarmiento 300, es en la calle Belgrano 200', 'calle Belgrano 200'],
        ['no es sobre la ruta 38, es sobre la ruta 40', 'la ruta 40'],
        ['No, Sarmiento 300', 'Sarmiento 300'],
        // where the writer lives or is, or where someone was taken, gives way to the event's place, or is none
        ['el incendio es frente a la plaza, yo vivo en Sarmiento 300', 'frente a la plaza'],
        ['estoy en la escuela, se quema la casa de los Cruz', 'la casa de los Cruz'],
        ['lo internaron en el hospital, el choque fue en la ruta', null],
        ['nos evacuaron a la escuela 12 porque se inundó el barrio', null],
        // a saint, a woman called by her surname, a date, a second barrio, words with an accent: no address
        ['mi vecina la Moreno está descompuesta', null],
        ['igual que el 25 de mayo 2019, se está inundando', null],
        ['sin luz en Barrio Norte y Barrio Sur', null],
        ['se tapó la acequia de árboles y ramas', null],
        // a way named by where it goes; the place it goes to is read as the locality
        ['se cortó el camino a Los Nacimientos por un derrumbe', 'el camino'],
        ['el camino a casa está lleno de barro', null],
        ['la calle no es la esquiu, es la maipu', 'la maipu'],
        ['no es en la plaza, es frente a la escuela 12', 'frente a la escuela 12'],
        ['no es en la plaza', null],
        ['la dirección es Los Molles 132', 'Los Molles 132'],
        // where someone was taken, a river fallen into, the writer's own barrio, a place next to the writer (whose
        // own address the line does not know yet): no address to skip the question with
        ['se prende fuego la casa de al lado', null],
        ['se cayó un poste en la esquina de casa', null],
        ['mi hijo se cayó al río', null],
        ['lo llevamos al hospital nosotros', null],
        ['en el barrio nadie sabe nada de las alertas', null],
        ['es por lo de los postes', null]
    ];
    for (const [text, address] of cases) {
        it(`${JSON.stringify(text)}: ${address === null ? 'no address' : JSON.stringify(address)}`, () => {
            expect(readPlace(text).address?.text ?? null).to.equal(address);
        });
    }
});

describe('a barrio named like one of the capital', () => {
    it('belongs to the department the citizen names: "soy de belen barrio san martin"', () => {
        expect(readPlace('yo soy de belen barrio san martin y con el viento se volaron las chapas').department?.name).to.equal('Belén');
    });

    it("is the capital's barrio when no other department is named", () => {
        expect(readPlace('en el barrio san martin se cayó un árbol').department?.name).to.equal('Capital');
    });
});

describe('a department asked for and answered with a slip', () => {
    it('reads "vale viejo", "frai mamerto", "vallevjo" as the department they are one or two letters from', () => {
        expect(readPlace('vale viejo', { departmentList: true }).department?.name).to.equal('Valle Viejo');
        expect(readPlace('frai mamerto', { departmentList: true }).department?.name).to.equal('Fray Mamerto Esquiú');
        expect(readPlace('vallevjo', { departmentList: true }).department?.name).to.equal('Valle Viejo');
    });

    it('reads nothing into a word that is near no department, nor outside the department question', () => {
        expect(readPlace('hola', { departmentList: true }).department).to.equal(undefined);
        expect(readPlace('no se', { departmentList: true }).department).to.equal(undefined);
        expect(readPlace('vale viejo').department).to.equal(undefined);
    });
});
