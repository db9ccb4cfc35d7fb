import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { understand } from '../../language';
import { loadRealWordsNearTypes, readEmergencyTypes } from '../../language/emergencyTypes';
import { currentRealWordsNearTypes } from '../../language/urgency/realWordsCli';
import { loadTypeWords, TypeWordsError, TYPE_WORDS_FILE } from '../../language/emergencyTypes/typeWords';

const first = (text: string): string | null => readEmergencyTypes(text)[0]?.id ?? null;

describe('language/types: readEmergencyTypes', () => {
    const everyday: Array<[string, string]> = [
        ['se voló la chapa del fondo', 'storm_damage'],
        ['el zonda arrancó el techo del galpón', 'storm_damage'],
        ['la calle es un río, no se ve la vereda', 'flood'],
        ['se llenó de agua el patio', 'flood'],
        ['bajó el río con todo', 'flash_flood'],
        ['vino el aluvión por la quebrada', 'flash_flood'],
        ['el arroyo se desbordó', 'flash_flood'],
        ['se quema el cerro detrás del pueblo', 'wildfire'],
        ['se está quemando el pastizal', 'wildfire'],
        ['se quema el monte', 'wildfire'],
        ['se prende fuego la casa del vecino', 'structure_fire'],
        ['se vino abajo el cerro sobre la ruta', 'landslide'],
        ['se desmoronó la barranca', 'landslide'],
        ['hay cables colgando en la esquina', 'fallen_lines'],
        ['poste caído en la vereda', 'fallen_lines'],
        ['árbol cruzado en la calle', 'fallen_lines'],
        ['cayó piedra toda la tarde', 'hail_snow'],
        ['qué granizada anoche', 'hail_snow'],
        ['tembló fuerte recién', 'earthquake'],
        ['hay olor a gas en la cuadra', 'hazmat'],
        ['se volcó un camión con químicos', 'hazmat'],
        ['ruta cortada en la cuesta', 'road_blocked'],
        ['no se puede pasar por la cuesta', 'road_blocked'],
        ['mi hijo quedó atrapado abajo de la pared', 'people_trapped'],
        ['mi papá no respira', 'other'],
        ['mi abuela se cayó en el baño y no se puede levantar', 'other'],
        ['me está amenazando con un cuchillo', 'other'],
        ['auxilio, vengan rápido', 'other'],
        ['me lastimé la mano con la amoladora', 'other'],
        ['mi mamá no se siente bien', 'other'],
        ['agua', 'flood'],
        ['el agua nos llega hasta la rodilla', 'flood'],
        ['se derrumbó la casa y hay gente adentro', 'people_trapped'],
        ['atrapados no hay, pero se cayó el tapial', 'landslide'],
        // A fire said to move toward the houses is a fire outside coming on; one moving inside a room is the house.
        ['el fuego avanza hacia las casas', 'wildfire'],
        ['se viene el fuego', 'wildfire'],
        ['hay mucho viento y el fuego se está extendiendo', 'wildfire'],
        ['el fuego avanza hacia la habitación donde está mi abuela', 'structure_fire'],
        // A vehicle or people in a ford or a river are the flash flood, not the water around them.
        ['hay una familia varada en el vado, el agua sube', 'flash_flood'],
        ['quedó una camioneta en el río con dos personas arriba', 'flash_flood'],
        ['se llevó a mi hijo la corriente', 'flash_flood'],
        ['el barrio está bajo el agua', 'flood'],
        ['el agua ya está en la cocina', 'flood'],
        ['tenemos el agua al cuello', 'flood'],
        ['se anegó el barrio', 'flood'],
        ['el agua de la lluvia cortó el camino al paraje', 'flood'],
        ['piedra del tamaño de una nuez, se rompieron los autos', 'hail_snow'],
        ['nos agarró la piedra en la ruta', 'hail_snow'],
        ['la piedra rompió el parabrisas', 'hail_snow'],
        ['mi hijo tiene fiebre muy alta', 'other'],
        ['se cortó la mano con un vidrio', 'other'],
        ['mi abuela se quemó con aceite', 'other'],
        ['mi abuelo está muy descompuesto', 'other']
    ];
    for (const [text, id] of everyday) {
        it(`reads "${text}" as ${id}`, () => expect(first(text)).to.equal(id));
    }

    // A lone weak word (water, a roof, a river in a landmark, one call for help) names no type: a wrong type is worse than none.
    const noType: string[] = [
        'gracias por la ayuda',
        'vivo cerca del río, calle San Martín 200',
        'se cortó el agua en el barrio',
        'la casa de techo rojo frente a la escuela',
        'ayuda',
        'auxilio!!',
        'no hay heridos',
        'nadie se lastimó',
        'los chicos están adentro conmigo',
        'hay un perro atrapado en el canal',
        'me muero de calor',
        'la emergencia es en Belén',
        'no hace falta que vengan, ya pasó',
        'se murió mi perro',
        'me muero d calor',
        'choque en la esquina, no hay heridos, solo chapa',
        'ningún herido',
        'no puedo salir',
        'nos estamos quedando sin agua'
    ];
    for (const text of noType) {
        it(`reads no type in "${text}"`, () => expect(first(text)).to.equal(null));
    }

    it('tolerates a typo in a word of 5+ letters, accents and case', () => {
        expect(first('se inundo la kasa')).to.equal('flood');
        expect(first('GRANISO muy fuerte')).to.equal('hail_snow');
        expect(first('derrunbe en el camino')).to.equal('landslide');
        expect(first('INUNDACIÓN')).to.equal('flood');
    });

    it('never reads a real word one letter from a type word as that word', () => {
        // "llevando" is one letter from "nevando", "granito" from "granizo": both are words of their own
        expect(readEmergencyTypes('el agua se está llevando el puente').map((t) => t.id)).to.deep.equal(['flash_flood']);
        expect(first('se rajó la mesada de granito de la cocina')).to.equal(null);
        expect(first('el viento lleva el fuego para el lado de las casas del puesto')).to.equal('wildfire');
        // a misspelling that is no word is still read
        expect(first('granizzo como nueces')).to.equal('hail_snow');
        expect(first('hay un incendo en la casa de al lado')).to.equal('structure_fire');
    });

    it('keeps the generated list of real words near the type words current with typeWords.json', function () {
        // reads the 636,000-word list: a few seconds alone, much longer on a machine running other suites
        this.timeout(180_000);
        // a failure here means: run `npm run language:real-words` after editing the type words
        expect(loadRealWordsNearTypes()).to.deep.equal(currentRealWordsNearTypes().words);
    });

    it('reads water filling a room, with words between, as a flood; people shut in an elevator or a car as trapped', () => {
        expect(first('se le está llenando la cocina de agua a mi abuela')).to.equal('flood');
        expect(first('quedamos encerrados en el ascensor de la clínica')).to.equal('people_trapped');
        expect(first('hay una nena encerrada en el auto al sol')).to.equal('people_trapped');
    });

    it('reads "gas" alone as a leak when it answers the type question, and a gas mentioned in passing as no hazard', () => {
        expect(first('el gas')).to.equal('hazmat');
        expect(readEmergencyTypes('mañana viene el del gas a cambiar la garrafa').map((t) => t.id)).to.not.include('hazmat');
        expect(first('se rompió el caño y hay un olor terrible a gas')).to.equal('hazmat');
    });

    it('reads a bare answer with an article before it; a heater lit in a room is no house fire', () => {
        expect(first('lo del agua')).to.equal('flood');
        expect(first('la piedra')).to.equal('hail_snow');
        expect(readEmergencyTypes('prendimos el brasero en la pieza y ahora estamos todos mareados').map((t) => t.id)).to.not.include(
            'structure_fire'
        );
        expect(first('se prendió fuego la pieza de los chicos')).to.equal('structure_fire');
    });

    it('reads no hazard in a place or person name', () => {
        expect(first('vivo en Piedra Blanca, quería saber el horario')).to.equal(null);
        expect(first('soy de Villa Dolores')).to.equal(null);
        expect(first('Barrio Los Ángeles, calle 3')).to.equal(null);
    });

    it('reads no type in smoke of rubbish, "sin luz" alone or "gas" alone', () => {
        expect(first('hay humo de una quema de basura')).to.equal(null);
        expect(first('estamos sin luz desde anoche')).to.equal(null);
        expect(first('se cortó el gas en el barrio')).to.equal(null);
    });

    it('does not read a negated hazard', () => {
        expect(first('no hay nadie atrapado, pero el derrumbe cerró el camino')).to.equal('landslide');
    });

    it('skips numbers: a choice of the list is not read here', () => {
        expect(readEmergencyTypes('3')).to.deep.equal([]);
        expect(readEmergencyTypes('')).to.deep.equal([]);
    });

    it('quotes the words it read the type from', () => {
        const text = 'Buenas, hay olor a gas en la escuela';
        const [reading] = readEmergencyTypes(text);
        expect(reading.id).to.equal('hazmat');
        expect(text.slice(reading.evidence.start, reading.evidence.end)).to.equal(reading.evidence.text);
        expect(reading.evidence.text).to.match(/olor a gas/);
    });

    // Speed is npm run bench's to measure (bench/languageBench.ts), never a timed test.
    it('reads a 4,096-character message without failing', () => {
        const unit = 'hola buenas, anoche con el viento se cayeron unas ramas, la calle quedó con agua y barro; ';
        const text = unit.repeat(Math.ceil(4096 / unit.length)).slice(0, 4096);
        expect(readEmergencyTypes(text).length).to.be.greaterThan(0);
    });

    it('reads people under or inside a collapse as people trapped, the collapse alone as a landslide', () => {
        expect(first('se cayo el techo del galpon y hay dos peones abajo')).to.equal('people_trapped');
        expect(first('se derrumbo la pieza de adobe y mi abuela esta adentro todavia')).to.equal('people_trapped');
        expect(first('con el temblor se cayo el techo y mi abuela quedo adentro')).to.equal('people_trapped');
        expect(first('se cayo la pared del fondo y no lo podemos sacar a mi tio')).to.equal('people_trapped');
        expect(first('se desplomo una pared de la casa vieja, no habia nadie')).to.equal('landslide');
        expect(first('se esta cayendo la ladera, bajan piedras')).to.equal('landslide');
    });

    it('reads someone under a weight that came down (a marquee, a wardrobe, a car off its jack) as people trapped', () => {
        expect(first('se vino abajo el andamio y hay un albañil abajo que no se mueve')).to.equal('people_trapped');
        expect(first('se cayo la heladera encima de mi abuela y no la puedo levantar')).to.equal('people_trapped');
        expect(first('mi abuelo se cayo en el patio y le duele la cadera')).to.equal('other');
    });

    it('reads a medical emergency, a missing person or violence as other', () => {
        expect(first('mi tia se descompuso, esta toda palida y no habla')).to.equal('other');
        expect(first('falta mi abuelo desde la tarde, tiene alzheimer')).to.equal('other');
        expect(first('le pegaron un tiro a un muchacho en la esquina')).to.equal('other');
        expect(first('mi nena se quemo con agua hirviendo')).to.equal('other');
        expect(first('chico quemado')).to.equal('other');
    });

    it('reads a person shut in by an aggressor as violence (other), not as people trapped', () => {
        const typeOf = (text: string): string | undefined => understand(text, 'first').types[0]?.id;
        expect(typeOf('mi ex esta afuera con un cuchillo, estoy encerrada en el baño con los chicos')).to.equal('other');
        expect(typeOf('el ascensor se trabó y quedamos encerrados entre dos pisos con mi mamá')).to.equal('people_trapped');
    });

    it('reads a fall, a birth or a seizure as other when the hazard only sets the scene; a shaking house stays a quake', () => {
        const typeOf = (text: string): string | undefined => understand(text, 'first').types[0]?.id;
        expect(typeOf('mi abuelo se cayo del techo tapando las goteras despues del granizo y no se puede parar')).to.equal('other');
        expect(typeOf('mi nuera esta con contracciones y el camino a la villa esta cortado, no hay por donde pasar')).to.equal('other');
        expect(typeOf('mi nene tiene convulsiones, se sacude y tiembla entero')).to.equal('other');
        expect(typeOf('esta temblando fuerte la casa y mi abuela se desmayo')).to.equal('earthquake');
    });

    it('reads a crying child or blood in a spurt as no spill of chlorine, "raros" as no lightning, a boat overturned as no storm', () => {
        expect(first('el nene lloro mucho y ahora se duerme')).to.not.equal('hazmat');
        expect(first('tiene los ojos raros y no contesta')).to.not.equal('storm_damage');
        expect(first('se dio vuelta la lancha en el dique y hay dos en el agua')).to.not.equal('storm_damage');
        expect(first('le sale sangre a chorro de la pierna')).to.not.equal('hazmat');
    });

    it('reads "incendio" alone as a house fire, a burning word alone ("fuego", "se quemó") as nothing', () => {
        expect(first('hay un incendio')).to.equal('structure_fire');
        expect(first('sale fuego del medidor de luz de la casa')).to.equal('structure_fire');
        expect(first('se prendieron los yuyos del baldio y ya esta llegando a los arboles')).to.equal('wildfire');
        expect(first('estoy quemando hojas en el patio, se puede?')).to.equal(null);
        expect(first('hay riesgo de incendios forestales esta semana?')).to.equal('wildfire');
        expect(first('mandalo 🔥')).to.equal(null);
        expect(first('mi hijo juega con fuego en la play jaja')).to.equal(null);
    });

    it('reads a river that overflows as the flash flood, and everyday words of each kind', () => {
        expect(first('se desbordo el rio y se inundaron las casas de la costa')).to.equal('flash_flood');
        expect(first('bajo el guadal por la quebrada y tapo todo')).to.equal('flash_flood');
        expect(first('la calle esta hecha un rio y ya entra a las casas')).to.equal('flood');
        expect(first('tremenda piedra cayo en la finca')).to.equal('hail_snow');
        expect(first('se esta escapando gas de la garrafa')).to.equal('hazmat');
        expect(first('cerraron la cuesta del clavillo')).to.equal('road_blocked');
        expect(first('el algarrobo se partio y tapa el camino')).to.equal('fallen_lines');
        expect(first('se cayo un paraiso en medio de la calle')).to.equal('fallen_lines');
    });

    it('reads no hazard in a surname, a street named after trees, or everyday talk', () => {
        expect(first('mi nombre es Jose Luis Fuego')).to.equal(null);
        expect(first('Calle Los Nogales 77, San Isidro')).to.equal(null);
        expect(first('que lindo dia para salir al rio')).to.equal(null);
        expect(first('me cayo mal la comida jaja')).to.equal(null);
        expect(first('HECTOR DANIEL ROJAS')).to.equal(null);
    });

    it('validates the word file and names the file and the entry at fault', () => {
        const json = JSON.parse(fs.readFileSync(TYPE_WORDS_FILE, 'utf8')) as { types: { flood: Array<{ p: string; w: number }> } };
        json.types.flood[0].p = 'Inundación';
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'typewords-')), 'typeWords.json');
        fs.writeFileSync(file, JSON.stringify(json));
        expect(() => loadTypeWords(file)).to.throw(TypeWordsError, /typeWords\.json: entry types\.flood\.0\.p/);
    });

    it('refuses a phrase written inside alternatives, which would quietly match nothing', () => {
        const json = JSON.parse(fs.readFileSync(TYPE_WORDS_FILE, 'utf8')) as { types: { flood: Array<{ p: string; w: number }> } };
        json.types.flood[0].p = 'entra|entro ~ el|la|a la ~ casa';
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'typewords-')), 'typeWords.json');
        fs.writeFileSync(file, JSON.stringify(json));
        expect(() => loadTypeWords(file)).to.throw(TypeWordsError, /entry types\.flood\.0\.p .*alternatives followed by one of themselves/);
    });

    it('reads a person turning blue as an emergency of another kind', () => {
        expect(first('mi abuelo se esta poniendo azul')).to.equal('other');
        expect(first('el nene se puso morado')).to.equal('other');
    });
});

describe('language/emergencyTypes: what burns, when buildings are named as far from the fire, and places named after fire', () => {
    const rows: Array<[string, string | undefined]> = [
        ['se quemaron unas hectareas de monte lejos del pueblo, se ve el humo pero no hay casas cerca', 'wildfire'],
        ['se quema el rastrojo del vecino y el humo tapa todo pero esta lejos de las casas', 'wildfire'],
        ['sale humo de la casa del vecino', 'structure_fire'],
        ['corral quemado, el rancho de arriba pasando la capilla', undefined],
        ['unos turistas quedaron en el medio con la camioneta', undefined]
    ];
    for (const [text, type] of rows)
        it(`reads ${JSON.stringify(text)} as ${type ?? 'no type'}`, () => {
            expect(readEmergencyTypes(text)[0]?.id).to.equal(type);
        });
});
