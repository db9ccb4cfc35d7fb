import type { Compiled, Hit } from './compiledWords';
import type { Word } from './patterns';
import { isPerson, WEAK_PERSON } from './personOrThing';

/** How far from the danger a "lejos" may sit and still speak of it ("el fuego ... ya pasó el alambrado, está lejos"). */
const FAR_REACH = 16;

/** Words before "lejos" that make it the writer's remoteness, not the danger's distance ("estamos lejos de la ciudad"). */
const REMOTE_SPEAKER = new Set(['estamos', 'estoy', 'vivimos', 'vivo', 'quedamos', 'queda']);
/** Words before "lejos" that deny it ("no tan lejos", "no está lejos", "ni tan lejos"). */
export const NEAR_DENIALS = new Set(['no', 'ni']);

/** "no tan lejos", "no de casa": a "no" or "ni" one or two words before word `k` denies it. */
export function deniedBefore(tokens: readonly Word[], k: number): boolean {
    return [1, 2].some((d) => NEAR_DENIALS.has(tokens[k - d]?.word ?? ''));
}
/** "lejos no está", "lejos no queda": the same denial said after. */
const NEAR_STATES = new Set(['esta', 'es', 'queda', 'estan']);

/**
 * Whether the message says the danger near this signal is far from where people are: "está lejos de las casas",
 * "no llega a las casas". Scope: a "lejos" near the signal ("estamos lejos del pueblo, el fuego rodea la casa" is the
 * writer's remoteness), and never "no tan lejos", "no está lejos".
 */
export function saysFar(tokens: readonly Word[], hit: Hit): boolean {
    const from = Math.max(0, hit.first - FAR_REACH),
        to = Math.min(tokens.length, hit.last + FAR_REACH + 1);
    return tokens.slice(from, to).some((t, j) => {
        const k = from + j;
        if (t.word.startsWith('lejo'))
            return (
                !deniedBefore(tokens, k) &&
                ![1, 2].some((d) => REMOTE_SPEAKER.has(tokens[k - d]?.word ?? '')) &&
                !(tokens[k + 1]?.word === 'no' && NEAR_STATES.has(tokens[k + 2]?.word ?? ''))
            );
        return t.word === 'no' && tokens.slice(k + 1, k + 4).some((n) => n.word === 'cerca' || n.word === 'llega' || n.word === 'casas');
    });
}

/** The last words of a signal that tell water rising ("el río está subiendo", "sigue subiendo"), not reaching anyone. */
const RISING = new Set(['sube', 'subiendo', 'crece', 'creciendo']);
/** The writer telling ("avisamos", "informamos"): no one out where the water is. */
const WRITER_TELLS = /^(avis|inform|comunic|report)/;
/** Where people live, said after "lejos de": "lejos de las casas", "lejos del pueblo". */
const HOMES_AWAY = new Set(['casa', 'casas', 'pueblo', 'viviendas', 'barrio', 'ranchos', 'rancho']);

/**
 * Rule: water rising "lejos de las casas" ("el río está subiendo despacio, todavía está lejos de las casas") reaches no
 * one yet. The homes must be named ("la ayuda está lejos" is help far away), and no one may be named out there, the
 * writer included ("quedamos en la isla, lejos de las casas").
 */
export function risingWaterFarFromHomes(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (hit.signal.kind !== 'water_rescue' || !RISING.has(tokens[hit.last].word)) return false;
    const awayFromHomes = tokens.some(
        (t, k) => t.word.startsWith('lejo') && !deniedBefore(tokens, k) && tokens.slice(k + 1, k + 4).some((n) => HOMES_AWAY.has(n.word))
    );
    return awayFromHomes && !tokens.some((t) => isPerson(t, c) && !WEAK_PERSON.has(t.word) && !WRITER_TELLS.test(t.word));
}
