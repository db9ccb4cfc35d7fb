import { landmarkFinder, streetNameEnd } from './landmarks';
import type { PlaceWords } from './placeWords';

/** A piece of address found in a message: offsets into the original text. */
export interface AddressPiece {
    start: number;
    end: number;
    /**
     * How surely it says where: 0 a street and number, a block, a route; 1 a street or a landmark by what is beside it;
     * 2 a place by what is there; 3 where the writer lives or is.
     */
    tier?: 0 | 1 | 2 | 3;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A phrase of the word file as a regex alternative: its spaces match any run of blanks, a final dot is optional. */
const alternatives = (phrases: readonly string[]): string =>
    [...phrases]
        .sort((a, b) => b.length - a.length)
        .map((p) => escape(p.replace(/\.$/, '')).replace(/ /g, '\\s+'))
        .join('|');

/** Lowercase without accents, one character for one (so offsets stay those of the original). */
export function foldSameLength(text: string): string {
    if (!/[^\x00-\x7f]/.test(text)) return text.toLowerCase();
    let out = '';
    for (const ch of text) {
        if (ch.charCodeAt(0) < 128) {
            out += ch.toLowerCase();
            continue;
        }
        const folded = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
        out += folded.length === ch.length ? folded : ch.length === 1 ? ch.toLowerCase().slice(0, 1) : ch;
    }
    return out;
}

const W = '[a-z0-9ñ°]';
/** Words right before a piece that deny it: "no es", "no es en la", "ni" ("No, Sarmiento 300" answers, it denies nothing). */
const DENIED_BEFORE = /(?:^|[^a-z0-9ñ])(?:no|ni)(?:\s+(?:es|era|fue|en|a|al|de|del|sobre|el|la|los|las)){0,3}\s*$/;
/**
 * Words before a piece that make it where the writer lives or is, or where someone was taken: weaker than any other
 * place the message names ("el incendio es frente a la plaza, yo vivo en Sarmiento 300").
 */
const WHERE_THE_WRITER_IS =
    /(?:^|[^a-z0-9ñ])(?:vivo|vivimos|vive|viven|estoy|estamos|trabajo|trabajamos|escribo|escribimos|desde|mi casa es|nuestra casa es)(?:\s+(?:en|a|al|de|del|sobre|el|la|los|las|por|x)){0,3}\s*$/;
/** ... and before a piece that is where someone was taken or looked for: never the place of the event. */
const TAKEN_TO =
    /(?:^|[^a-z0-9ñ])(?:llev\w*|intern\w*|evacu\w*|traslad\w*|deriv\w*|buscamos|buscaron|buscan)(?:\s+\S+){0,3}?\s+(?:en|a|al|hasta|hacia)(?:\s+(?:el|la|los|las))?\s*$/;
/** The longest address kept: a run of pieces longer than this is cut (a message made of one phrase repeated). */
const MAX_ADDRESS = 160;
const NOT_AFTER_NUMBER =
    '(?!\\s*(?:anos|ano|años|personas|familias|metros|mts|cm|mm|hs|horas|minutos|min|grados|%|km\\b|kilos|chicos|hijos|casas|viviendas|veces|dias))';

/** The address finders, built once from the word file. */
export function addressFinder(words: PlaceWords): (text: string) => AddressPiece | undefined {
    const street = new RegExp(
        `(?<![a-z0-9ñ])(?:${alternatives(words.streetMarkers)})\\.?\\s+(?:${W}+\\.?\\s+){0,4}?(?:(?:${alternatives(words.numberMarkers)})\\.?\\s*)?\\d{1,5}(?![a-z0-9])${NOT_AFTER_NUMBER}`,
        'g'
    );
    const streetOnly = new RegExp(
        `(?<![a-z0-9ñ])(?:calle|av|avda|avenida|pasaje|pje|psje|boulevard|bv)\\.?\\s+(?!de\\b|del\\b|la\\b|el\\b|en\\b|que\\b|y\\b|esta\\b|se\\b|con\\b|sin\\b)${W}+(?:\\s+(?:y\\s+)?${W}+){0,2}`,
        'g'
    );
    const block = new RegExp(
        `(?<![a-z0-9ñ])(?:${alternatives(words.blockMarkers)})\\.?\\s*(?:[a-z]?\\s*\\d+[a-z]?|[a-z](?=\\s*,?\\s*(?:${alternatives(words.houseMarkers)})\\.?\\s*\\d))(?:\\s*,?\\s*(?:${alternatives(words.houseMarkers)})\\.?\\s*\\d+)?(?![a-z0-9])`,
        'g'
    );
    const route = new RegExp(
        `(?<![a-z0-9ñ])(?:(?:${alternatives(words.routeMarkers)})\\.?\\s*(?:n[°o]?\\.?\\s*)?\\d+(?:\\s*,?\\s*(?:${alternatives(words.kmMarkers)})\\.?\\s*\\d+)?|(?:${alternatives(words.kmMarkers)})\\.?\\s*\\d+)(?![a-z0-9])`,
        'g'
    );
    const findLandmarks = landmarkFinder(words);
    // "sarmiento 1150", "la rioja al 1200": a street the towns commonly have, written without a capital, and a number
    // ("el 25 de mayo 2019" is a date: a year is no house number)
    const namedStreet = new RegExp(
        `(?<![a-z0-9ñ])(?:la\\s+)?(?:${alternatives(words.streetNames)})\\s+(?:(?:${alternatives(words.numberMarkers)})\\.?\\s*)?(?!(?:19|20)\\d\\d(?![a-z0-9]))\\d{2,5}(?![a-z0-9])${NOT_AFTER_NUMBER}`,
        'g'
    );
    // "Sarmiento 450": a capitalised name and a house number.
    const namedNumber = /(?<![\p{L}\p{N}])(\p{Lu}[\p{Ll}]+(?:\s+(?:de\s+|del\s+)?\p{Lu}?[\p{Ll}]+){0,2})\s+(?:N[°º]?\s*)?(\d{2,5})(?![\p{L}\p{N}])/gu;
    const notStreetName = new Set([
        'ruta',
        'km',
        'barrio',
        'manzana',
        'mza',
        'casa',
        'lote',
        'somos',
        'hay',
        'son',
        'tengo',
        'tiene',
        'tenemos',
        'hace',
        'desde',
        'hasta',
        'las',
        'los',
        'mas',
        'unos',
        'unas',
        'como',
        'cerca',
        'a',
        'el',
        'la',
        'en',
        'viviendas',
        'hola',
        'buenas',
        'mi',
        'me'
    ]);

    // "la maipú", "la sarmiento": a street named with its article, the way a town says it (not a province's name)
    // ("mi vecina la Moreno" is a woman: the street comes after "es", "en", "calle", "por", "sobre")
    const streetByArticle = new RegExp(
        `(?<=(?:^|[^a-z0-9ñ])(?:es|en|calle|por|x|sobre|frente a|esquina)\\s+)la\\s+(?:${alternatives(words.streetNames.filter((n) => !words.notStreetsAlone.includes(n)))})(?![a-z0-9ñ])(?!\\s*\\d)`,
        'g'
    );

    return (text: string): AddressPiece | undefined => {
        const folded = foldSameLength(text);
        const pieces: AddressPiece[] = [];
        const collect = (re: RegExp, source: string = folded, accept: (m: RegExpExecArray) => boolean = () => true): void => {
            re.lastIndex = 0;
            for (let m = re.exec(source); m !== null; m = re.exec(source)) {
                if (m[0].length === 0) {
                    re.lastIndex++;
                    continue;
                }
                if (accept(m)) pieces.push({ start: m.index, end: m.index + m[0].trimEnd().length });
            }
        };
        collect(street);
        collect(block);
        collect(route);
        collect(namedStreet);
        collect(namedNumber, text, (m) => {
            const named = m[1].split(/\s+/);
            const first = foldSameLength(named[0]);
            // "Las Heras 300", "Los Molles 132": the article of a street's name ("Las 3 casas" is none)
            const articleOfAName = (first === 'los' || first === 'las') && named.length > 1 && /^\p{Lu}/u.test(named[1]);
            if (notStreetName.has(first) && !articleOfAName) return false;
            const after = folded.slice(m.index + m[0].length);
            return new RegExp(`^${NOT_AFTER_NUMBER}`).test(after);
        });
        collect(streetOnly, folded, (m) => {
            const end = streetNameEnd(text, m.index, m.index + m[0].trimEnd().length);
            if (end > m.index) pieces.push({ start: m.index, end, tier: 1 });
            return false;
        });
        pieces.push(...findLandmarks(text));
        collect(streetByArticle, folded, (m) => {
            pieces.push({ start: m.index, end: m.index + m[0].length, tier: 1 });
            return false;
        });
        // "no es la Esquiú, es la Maipú", "no es a la altura de la estación, es frente al hotel": the place denied is
        // not the address; when every one is denied there is none
        const before = (p: AddressPiece, reach: number): string => folded.slice(Math.max(0, p.start - reach), p.start);
        const denied = pieces.filter((p) => DENIED_BEFORE.test(before(p, 20)) || TAKEN_TO.test(before(p, 40)));
        // a piece inside a denied one ("Sarmiento 300" of "no es en calle Sarmiento 300") is denied with it
        const said = pieces.filter((p) => !denied.some((d) => p.start >= d.start && p.end <= d.end));
        for (const p of said) if (WHERE_THE_WRITER_IS.test(before(p, 30))) p.tier = 3;
        if (said.length === 0) return undefined;
        said.sort((a, b) => a.start - b.start || b.end - a.end);
        // The address is the strongest piece said first (a street and number over "frente a la plaza" over "en la
        // escuela"; "desde la Municipalidad de Pomán … en calle Belgrano" is calle Belgrano), with the pieces beside it.
        const strongest = Math.min(...said.map((p) => p.tier ?? 0)) as 0 | 1 | 2 | 3;
        const anchor = said.findIndex((p) => (p.tier ?? 0) === strongest);
        const joined = (from: number, to: number): boolean => to <= from || /^\s*(,|y|e|,\s*y)?\s*$/i.test(text.slice(from, to));
        let start = said[anchor].start;
        let end = said[anchor].end;
        for (let k = anchor - 1; k >= 0 && joined(said[k].end, start); k--) start = Math.min(start, said[k].start);
        for (const piece of said.slice(anchor + 1)) {
            if (piece.start <= end || joined(end, piece.start)) end = Math.max(end, piece.end);
            else break;
        }
        end = Math.min(end, start + MAX_ADDRESS);
        // "calle Moreno 45 de Fiambalá": the place after belongs to the place reader, not to the address.
        const trailing = /\s+(de|del|en|y|a|al)\s*$/i.exec(text.slice(start, end));
        if (trailing) end -= trailing[0].length;
        return { start, end, tier: strongest };
    };
}
