import { readPlace } from '../places';
import type { Word } from './patterns';

/**
 * Rule: the words of a place name say nothing about people ("Valle Viejo" has no old man in it, "Villa Dolores" no
 * pain, "Barrio Virgen del Socorro" no cry for help): they lose every word class.
 */
export function withoutPlaceNames(tokens: Word[], text: string): Word[] {
    const place = readPlace(text);
    const spans = [place.department?.evidence, place.locality?.evidence, place.ambiguous?.evidence].filter((span) => span !== undefined);
    if (spans.length === 0) return tokens;
    const inPlace = (t: Word): boolean => spans.some((span) => t.start >= span.start && t.end <= span.end);
    return tokens.map((t) => (inPlace(t) ? { ...t, ids: NO_CLASSES } : t));
}
export const NO_CLASSES: ReadonlySet<number> = new Set();

/** Words that open a street or barrio name ("calle Los Tilos 45", "barrio Los Ángeles", "pasaje Tiros 12"). */
const STREET_LEADS = new Set(['calle', 'avenida', 'av', 'pasaje', 'pje', 'barrio', 'bo', 'loteo', 'paraje', 'villa']);
const NAME_ARTICLES = new Set(['los', 'las', 'el', 'la', 'del', 'de']);

/**
 * Rule: a street or barrio name says nothing about people ("calle Los Tilos 45" has no shots in it): after "calle",
 * "barrio", "pasaje", the words written with a capital, or the words before a house number, lose every word class.
 */
export function withoutStreetNames(tokens: Word[], text: string): Word[] {
    let out: Word[] | undefined;
    for (let k = 0; k + 1 < tokens.length; k++) {
        if (!STREET_LEADS.has(tokens[k].word)) continue;
        let j = k + 1;
        while (j < tokens.length && j <= k + 3 && NAME_ARTICLES.has(tokens[j].word) && !tokens[j].breakBefore) j++;
        const name: number[] = [];
        for (let m = j; m < tokens.length && m <= j + 2 && !tokens[m].breakBefore && !/[0-9]/.test(tokens[m].word); m++) name.push(m);
        const capitalised = name.filter((m) => {
            const ch = text[tokens[m].start];
            return ch !== ch.toLowerCase();
        });
        const numbered =
            name.length > 0 &&
            name.length <= 2 &&
            tokens[name[name.length - 1] + 1] !== undefined &&
            /^[0-9]+$/.test(tokens[name[name.length - 1] + 1].word);
        // Capitalised words in a row right after the lead, or every word up to a house number ("calle los tilos 45").
        let run = 0;
        while (run < capitalised.length && capitalised[run] === j + run) run++;
        const strip = numbered ? name : name.slice(0, run);
        for (const m of strip) {
            out ??= tokens.slice();
            out[m] = { ...tokens[m], ids: NO_CLASSES };
        }
    }
    return out ?? tokens;
}
