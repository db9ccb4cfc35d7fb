import type { AddressPiece } from './address';
import type { PlaceWords } from './placeWords';
import { placeTokens } from './tokens';

/**
 * Where people in Catamarca say an event is when there is no street and number: by what is there ("en la plaza de
 * Chumbicha", "en la escuela 243", "al puente del río del Valle", "en la 38"), by whose place it is ("la casa de los
 * Cruz", "lo de don Lucho"), or beside something ("frente a la salita", "pasando el puente"). Each is read as far as
 * it goes: it ends at a clause ("…de la escuelita, hay piedras") or at the next thing told ("cerca del río y el río
 * viene crecido").
 */

interface Word {
    word: string;
    start: number;
    end: number;
    /** A punctuation mark or a new line comes before it. */
    breakBefore: boolean;
    /** Written with a capital (a name: "Sarmiento", "Coneta"). */
    capital: boolean;
}

/** Words that end a landmark: what follows tells something else ("al lado del kiosco lleno de mosquitos y…"). */
const ENDS = new Set([
    'y',
    'e',
    'o',
    'u',
    'que',
    'q',
    'k',
    'pero',
    'porque',
    'xq',
    'pq',
    'porq',
    'se',
    'me',
    'nos',
    'te',
    'le',
    'les',
    'lo',
    'hay',
    'habia',
    'no',
    'ni',
    'esta',
    'estan',
    'estaba',
    'estamos',
    'estoy',
    'es',
    'son',
    'era',
    'fue',
    'con',
    'sin',
    'cuando',
    'donde',
    'como',
    'para',
    'pa',
    'si',
    'ya',
    'tambien',
    'tmb',
    'hace',
    'lleno',
    'llena',
    'mi',
    'tu',
    'su',
    'vino',
    'quedo',
    'quedaron',
    'cayo',
    'cayeron',
    'tiene',
    'tienen',
    'dice',
    'dicen',
    'sale',
    'salio',
    'x',
    'por',
    'a',
    'al',
    'hacia',
    'hasta',
    'desde',
    'entre',
    'sobre',
    'ahi',
    'aca',
    'alla',
    'urgente',
    'ayuda',
    'auxilio',
    'vengan',
    'hoy',
    'ayer',
    'anoche',
    'manana',
    'tarde',
    'noche',
    'finde',
    'semana',
    'ahora',
    'recien',
    'un',
    'una',
    'unos',
    'unas'
]);
/** Words inside a name ("Virgen de los Dolores", "La Estación"): no end of it. */
const NAME_JOINERS = new Set(['de', 'del', 'la', 'las', 'los', 'el']);
/** A verb by its ending: "solicitamos", "arreglando", "cayeron" end a landmark's name as a clause would. */
const VERB_ENDING = /(amos|emos|imos|ando|iendo|aron|ieron)$/;
/** How many words a landmark's name may take after its noun or its lead ("la capilla Virgen de los Dolores de Las Lajas"). */
const TAIL_WORDS = 6;
/**
 * What puts a place after it: "en", "a", "al", "hasta"... ("por la escuela" is as often "because of"; "desde la
 * plaza se ve el humo", "desde la Municipalidad informamos" say where the writer is, not where it happens).
 */
const PLACING = new Set(['en', 'a', 'al', 'hasta', 'sobre', 'hacia']);
/** ... and what puts a route after it: "en la 38", "x la 40". */
const ON_A_ROUTE = new Set(['en', 'x', 'por', 'sobre', 'desde', 'hasta', 'a']);
/**
 * Before "a" or "al", where someone is taken or goes: a destination, not where it happens ("lo llevan al hospital",
 * "para ir al hospital").
 */
const GOING = /^(llev|ir$|voy|vamos|van$|vas$|fue$|fui|salio|salimos|volv|viaj|cruz|pas|mand|traslad|deriv|corr|dispar|escap|camin|rumbo)/;
const TOWARDS = new Set(['a', 'al', 'hacia', 'hasta']);
const ARTICLES = new Set(['el', 'la', 'los', 'las']);
const OF = new Set(['de', 'del']);
/** "casa de los Cruz", "lo de don Lucho": whose place it is. */
const OWNERS = new Set(['los', 'las', 'don', 'dona']);
const OWNED = new Set(['casa', 'finca', 'rancho', 'chacra', 'puesto', 'campo', 'galpon', 'quinta', 'lo', 'taller', 'negocio', 'almacen']);
/** "lo de los postes" is "about the posts": "lo de" is a place only with "don" or "doña". */
const LO_OWNERS = new Set(['don', 'dona']);
const NUMBER_MARKS = new Set(['n', 'no', 'nro', 'numero', 'n°', 'nº', 'nª', '°', 'º']);
/** Units after a number that make it no landmark's number ("la escuela 3 horas", "la 38 grados"). */
const UNITS = /^(anos|ano|personas|familias|metros|mts|cm|mm|hs|horas|minutos|min|grados|km|kilos|chicos|hijos|casas|viviendas|veces|dias)$/;

/**
 * The place reader's words (placeTokens) as the landmarks read them: "d" is "de" ("al lado d la capilla"), and a
 * capital is a first letter in upper case before a lower one ("Coneta", "B", "Élida"; "LA LOMA" shouted is none).
 */
function wordsOf(text: string): Word[] {
    return placeTokens(text).map((t, k, tokens) => {
        const first = text[t.start];
        const second = text[t.start + 1];
        return {
            word: t.word === 'd' ? 'de' : t.word,
            start: t.start,
            end: t.end,
            // only punctuation ends a landmark's name here, not an emoji or a slash as elsewhere in the place reader
            breakBefore: k > 0 && /[.,;:!?\n()]/.test(text.slice(tokens[k - 1].end, t.start)),
            capital: first !== first.toLowerCase() && (t.end - t.start === 1 || second !== second.toUpperCase())
        };
    });
}

/** Where a landmark's name that starts at word `from` ends (exclusive), at most TAIL_WORDS words on. */
function tailEnd(words: readonly Word[], from: number): number {
    let k = from;
    let named = false;
    while (k < words.length && k - from < TAIL_WORDS && !words[k].breakBefore && !VERB_ENDING.test(words[k].word)) {
        // "Esquiú y Ayacucho": two names joined make a corner, not the end of the landmark
        const corner = words[k].word === 'y' && k > from && words[k - 1].capital && words[k + 1]?.capital === true && !words[k + 1].breakBefore;
        if (!corner) {
            if (ENDS.has(words[k].word)) break;
            // "la Municipalidad de Villa Vil solicita…": a name written with capitals ends at the first word without one
            if (named && !words[k].capital && !NAME_JOINERS.has(words[k].word) && !/\d/.test(words[k].word)) break;
        }
        named ||= words[k].capital;
        k++;
    }
    // "de la", "del" ending the stretch name nothing
    while (k > from && (OF.has(words[k - 1].word) || ARTICLES.has(words[k - 1].word))) k--;
    return k;
}

/** "243", "nº 5" after a noun: the end of the number, or -1. */
function numberEnd(words: readonly Word[], at: number): number {
    let k = at;
    if (k < words.length && !words[k].breakBefore && NUMBER_MARKS.has(words[k].word)) k++;
    if (k >= words.length || words[k].breakBefore || !/^\d{1,4}$/.test(words[k].word)) return -1;
    if (words[k + 1] && !words[k + 1].breakBefore && UNITS.test(words[k + 1].word)) return -1;
    return k + 1;
}

/** After a noun: "de Chumbicha", "del río del Valle", "de los Olmos" (-1 when no "de" follows). */
function ofEnd(words: readonly Word[], at: number): number {
    if (at >= words.length || words[at].breakBefore) return -1;
    // "el camino a Los Nacimientos", "la entrada a Amanao": a way named by where it goes
    const towards = TOWARDS.has(words[at].word) && WAYS.has(words[at - 1]?.word ?? '');
    if (!OF.has(words[at].word) && !towards) return -1;
    const end = tailEnd(words, at + 1);
    // where a way goes is a name: lowercase words after "a" are what happens next ("camino a casa")
    if (towards && !words.slice(at + 1, end).some((w) => w.capital)) return -1;
    return end > at + 1 ? end : -1;
}

/** Ways named by where they go. */
const WAYS = new Set(['camino', 'entrada', 'salida', 'ruta', 'subida', 'bajada', 'acceso', 'desvio', 'cruce']);

/** A barrio named outside the capital's list ("Belén, barrio San Martín", "barrio 40 viviendas"): its words after "barrio". */
const BARRIO_WORDS = 3;
const OWN_BARRIO = new Set(['el', 'mi', 'del', 'nuestro', 'al', 'este', 'ese', 'todo']);

/** A street's name as far as it goes: "calle principal es un río" is "calle principal". */
export function streetNameEnd(text: string, start: number, end: number): number {
    // the street's own words only: reading the whole text for each street named would cost its length squared
    const words = wordsOf(text.slice(start, end)).map((w) => ({ ...w, start: w.start + start, end: w.end + start }));
    if (words.length < 3) return end;
    const stop = tailEnd(words, 1);
    // "calle no es…": the marker and no name
    return stop <= 1 ? start : words[stop - 1].end;
}

export function landmarkFinder(placeWords: PlaceWords): (text: string) => AddressPiece[] {
    const buildings = new Set(placeWords.landmarkBuildings);
    const features = new Set(placeWords.landmarkNouns);
    const routes = new Set(placeWords.routeNumbers);
    const leads = [...placeWords.landmarks].map((p) => p.split(' ')).sort((a, b) => b.length - a.length);
    const positional =
        /^(esquina|frente|en frente|enfrente|al frente|al lado|a lado|al costado|a la vuelta|pasando|atras|detras|junto|a una cuadra|a dos cuadras|a media cuadra|al fondo)/;
    const leadAt = (words: readonly Word[], i: number): string[] | undefined =>
        leads.find((lead) => lead.every((w, j) => words[i + j]?.word === w && (j === 0 || !words[i + j].breakBefore)));

    return (text) => {
        const words = wordsOf(text);
        const pieces: AddressPiece[] = [];
        const piece = (from: number, to: number, tier: 1 | 2 = 2): void => {
            if (to > from) pieces.push({ start: words[from].start, end: words[to - 1].end, tier });
        };
        for (let i = 0; i < words.length; i++) {
            // "frente a la salita", "pasando el puente", "cerca del dique de Las Pirquitas"
            const lead = leadAt(words, i);
            if (lead) {
                const from = i + lead.length;
                const end = tailEnd(words, from);
                const said = words.slice(from, end);
                // "la esquina de casa", "frente a mi casa": where the writer is, which the line does not know yet
                if (
                    end > from &&
                    said[0].word !== 'casa' &&
                    (positional.test(lead.join(' ')) || said.some((w) => buildings.has(w.word) || features.has(w.word) || /\d/.test(w.word)))
                ) {
                    piece(i, end, 1);
                    i = end - 1;
                    continue;
                }
            }
            // "en la plaza de Chumbicha", "en la escuela 243", "al puente del río del Valle", "en el hostal"
            const going = TOWARDS.has(words[i].word) && i > 0 && !words[i].breakBefore && GOING.test(words[i - 1].word);
            if (PLACING.has(words[i].word) && !going) {
                let k = i + 1;
                if (k < words.length && !words[k].breakBefore && ARTICLES.has(words[k].word)) k++;
                const noun = words[k];
                if (noun && !noun.breakBefore && (buildings.has(noun.word) || features.has(noun.word))) {
                    const end = Math.max(numberEnd(words, k + 1), ofEnd(words, k + 1));
                    // a building alone is a place ("en el hostal"), but not where one goes ("vengan al hospital"); the
                    // river or the road alone is not where ("se cayó al río")
                    if (end > 0 || (buildings.has(noun.word) && !TOWARDS.has(words[i].word))) {
                        piece(k - (ARTICLES.has(words[k - 1].word) ? 1 : 0), end > 0 ? end : k + 1);
                        i = (end > 0 ? end : k + 1) - 1;
                        continue;
                    }
                }
            }
            // "en la 38", "x la 40": a national route by its number alone
            if (ON_A_ROUTE.has(words[i].word) && words[i + 1]?.word === 'la' && routes.has(words[i + 2]?.word ?? '') && !words[i + 2].breakBefore) {
                const after = words[i + 3];
                if (!(after && !after.breakBefore && UNITS.test(after.word))) {
                    piece(i + 1, i + 3, 1);
                    i += 2;
                    continue;
                }
            }
            // "tapó el badén de Londres", "el puente de madera del arroyo": a feature with a name, wherever it is said
            if (
                ARTICLES.has(words[i].word) &&
                words[i + 1] &&
                !words[i + 1].breakBefore &&
                (features.has(words[i + 1].word) || buildings.has(words[i + 1].word))
            ) {
                const end = ofEnd(words, i + 2);
                if (end > 0 && words.slice(i + 3, end).some((w) => w.capital)) {
                    piece(i, end);
                    i = end - 1;
                    continue;
                }
            }
            // "barrio San Martín" of a town: the place reader knows the capital's barrios, and takes those back
            // ("en el barrio nadie sabe": "el barrio" is the writer's own, named only with a capital)
            const ownBarrio = i > 0 && OWN_BARRIO.has(words[i - 1].word) && !words[i + 1]?.capital;
            if (words[i].word === 'barrio' && !ownBarrio && words[i + 1] && !words[i + 1].breakBefore && !ENDS.has(words[i + 1].word)) {
                const end = Math.min(tailEnd(words, i + 1), i + 1 + BARRIO_WORDS);
                if (end > i + 1) {
                    piece(i, end);
                    i = end - 1;
                    continue;
                }
            }
            // "la casa de los Cruz", "lo de don Lucho", "la finca de los Olmos"
            if (OWNED.has(words[i].word) && words[i + 1] && !words[i + 1].breakBefore && OF.has(words[i + 1].word)) {
                const owner = words[i + 2];
                // "lo de los Cabrera" is a family's place when the family is named with a capital ("lo de los postes" is not)
                const family = words[i].word === 'lo' && OWNERS.has(owner?.word ?? '') && words[i + 3]?.capital === true;
                if (
                    owner &&
                    !owner.breakBefore &&
                    (family || (words[i].word === 'lo' ? LO_OWNERS : OWNERS).has(owner.word)) &&
                    words[i + 3] &&
                    !words[i + 3].breakBefore &&
                    !ENDS.has(words[i + 3].word)
                ) {
                    const end = tailEnd(words, i + 3);
                    const from = i > 0 && ARTICLES.has(words[i - 1].word) && !words[i].breakBefore ? i - 1 : i;
                    piece(from, Math.min(end, i + 5));
                    i = end - 1;
                }
            }
        }
        return pieces;
    };
}
