import { clauseEnd, clauseStart } from './clauses';
import type { Compiled, Hit } from './compiledWords';
import type { Word } from './patterns';
import { isPerson, personInClauseBefore, RECEIVER } from './personOrThing';

/** Words for a home: fire there is a home on fire. */
export const HOMES = new Set(['casa', 'casas', 'vivienda', 'viviendas', 'rancho', 'ranchos', 'pieza', 'departamento', 'hogar']);

/** A roof: on fire, it is a home's roof unless the clause names another building ("el techo del galpón"). */
const ROOFS = new Set(['techo', 'techos', 'tejado']);
/** Buildings and things with a roof that are not where people live. */
const NOT_HOMES = new Set([
    'galpon',
    'galpones',
    'quincho',
    'tinglado',
    'garage',
    'garaje',
    'cochera',
    'deposito',
    'gallinero',
    'corral',
    'auto',
    'camioneta',
    'colectivo',
    'camion',
    'salon',
    'local',
    'negocio',
    'taller',
    'iglesia',
    'capilla',
    'escuela'
]);

/**
 * Rule: a fire said to reach homes in its clause ("las llamas ya tocan el alambrado de mi casa", "ya se ven las
 * llamas en el techo") is a home on fire now.
 */
export function fireReachesHome(tokens: readonly Word[], hit: Hit): boolean {
    if (hit.signal.kind !== 'fire_people') return false;
    const clause = tokens.slice(clauseStart(tokens, hit.first), clauseEnd(tokens, hit.last));
    return clause.some((t) => HOMES.has(t.word)) || (clause.some((t) => ROOFS.has(t.word)) && !clause.some((t) => NOT_HOMES.has(t.word)));
}

/** Rooms of a home: water coming into one comes where people live. */
export const HOME_ROOMS = new Set([...HOMES, 'cocina', 'dormitorio', 'dormitorios', 'piezas', 'comedor', 'living', 'hogares']);
/** How far after the verb of water coming in the home it comes into is looked for ("entra barro por la ventana de la cocina"). */
const HOME_REACH = 6;

/**
 * Rule: water or mud coming into a home now is urgent whatever thing let it in ("se tapó el desagüe y entra agua a las
 * casas"): the thing before the verb is the cause, not who suffers it (the agency's decision, see the corpus README).
 * So is moving water taking a vehicle, whatever road or ford the clause names.
 */
export function waterEntersHome(tokens: readonly Word[], hit: Hit): boolean {
    if (hit.signal.kind !== 'water_rescue') return false;
    // "la correntada ya mueve la camioneta": a vehicle in moving water is taken with whoever is in it
    if (WATER.has(tokens[hit.first].word) && VEHICLES.has(tokens[hit.last].word)) return true;
    if (!/^(entr|met)/.test(tokens[hit.first].word)) return false;
    const end = Math.min(clauseEnd(tokens, hit.last), hit.last + 1 + HOME_REACH);
    return tokens.slice(hit.first, end).some((t) => HOME_ROOMS.has(t.word));
}

/** Moving water, and the vehicles it carries off with people inside. */
const WATER = new Set(['agua', 'corriente', 'correntada', 'rio', 'crecida', 'creciente']);
const VEHICLES = new Set(['auto', 'camioneta', 'moto', 'vehiculo', 'camion', 'colectivo', 'combi']);

/** Words of the fire itself (not "adentro", which speaks of people inside). */
export const FLAMES = /^(fuego|llama|incendi|quem|ardi|prendi)/;

/** Outdoor places: water there is a flooded street or field, not water on a person. */
const OUTDOORS = new Set([
    'calle',
    'calles',
    'vereda',
    'veredas',
    'ruta',
    'esquina',
    'plaza',
    'campo',
    'finca',
    'patio',
    'cancha',
    'avenida',
    'cuneta',
    'banquina',
    'baldio',
    'potrero',
    'chacra',
    'cuadra',
    'cuadras',
    'cordon',
    'cordones',
    'barrio',
    'camino',
    'parque',
    'fondo'
]);

/**
 * Rule: water said of an outdoor place ("el agua llega a la rodilla en la calle") with no person and no home in its
 * clause is a flooded street or yard, not water on a person.
 */
export function waterOutdoors(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (hit.signal.kind !== 'water_rescue') return false;
    const from = clauseStart(tokens, hit.first),
        to = clauseEnd(tokens, hit.last);
    let outdoors = false;
    for (let k = from; k < to; k++) {
        const t = tokens[k];
        if (HOMES.has(t.word) || (isPerson(t, c) && t.word !== 'se') || RECEIVER.has(t.word)) return false;
        if (OUTDOORS.has(t.word)) outdoors = true;
    }
    return outdoors && !personInClauseBefore(tokens, hit, c);
}
