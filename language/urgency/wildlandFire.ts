import type { Compiled, Hit } from './compiledWords';
import type { Facts } from './messageFacts';
import { deniedBefore, NEAR_DENIALS, saysFar } from './farFromHomes';
import { is, type Word } from './patterns';
import { isPerson, PERSON_VERBS, SPEAKER_WORDS, WEAK_PERSON } from './personOrThing';

const WILDLAND_REACH = 12;

/** Rule: fire in the hills, a field or the scrub, far from houses, is not a fire with people. */
export function isWildland(tokens: readonly Word[], hit: Hit, c: Compiled, facts: Facts): boolean {
    if (hit.signal.kind !== 'fire_people' || !facts.has('wildland', () => tokens.some((t) => is(t, c.wildland)))) return false;
    // a burn on someone's body ("un brigadista con quemaduras en las manos") is a person hurt, wherever the fire is
    if (tokens.slice(hit.first, hit.last + 1).some((t) => t.word.startsWith('quemadur')) || hit.signal.pattern.includes('@body')) return false;
    // Scope: the hills or the field are named near the fire ("el fuego sigue en el cerro"), not anywhere in the message.
    const from = Math.max(0, hit.first - WILDLAND_REACH),
        to = Math.min(tokens.length, hit.last + WILDLAND_REACH + 1);
    if (!tokens.slice(from, to).some((t) => is(t, c.wildland))) return false;
    const far = saysFar(tokens, hit);
    // "el fuego está lejos de las casas pero mi hermano está en el monte": someone out where the fire is
    if (personOutInTheFire(tokens, c)) return false;
    if (far) return true;
    // a "puesto" is where a family of the hills lives
    // "incendio pero del campo, no de casa": a home denied is none
    const home = tokens.some((t, k) => /^(casa|casas|vivienda|rancho|pieza|puesto)$/.test(t.word) && !deniedBefore(tokens, k));
    return !home;
}

/** How far after a person the hills or the field they are in may be named ("mi hermano está en el monte"). */
const OUT_THERE_REACH = 5;

/** Verbs that put someone somewhere ("está en el monte", "fue al campo", "se quedó en el cerro"). */
const BEING_THERE = new Set([
    'esta',
    'estan',
    'estaba',
    'estaban',
    'fue',
    'fueron',
    'anda',
    'andan',
    'sigue',
    'siguen',
    'quedo',
    'quedaron',
    'salio',
    'salieron',
    'subio',
    'subieron',
    'trabaja',
    'trabajan',
    'vive',
    'viven'
]);

/** Rule: someone other than the writer said to be in the hills, the field or the scrub where a fire is. */
function personOutInTheFire(tokens: readonly Word[], c: Compiled): boolean {
    return tokens.some((t, k) => {
        if (!isPerson(t, c) || WEAK_PERSON.has(t.word) || SPEAKER_WORDS.has(t.word) || PERSON_VERBS.has(t.word)) return false;
        let there = false;
        for (let j = k + 1; j < Math.min(tokens.length, k + 1 + OUT_THERE_REACH); j++) {
            if (tokens[j].breakBefore || NEAR_DENIALS.has(tokens[j].word)) return false;
            there ||= BEING_THERE.has(tokens[j].word);
            // "un vecino que quema los rastrojos": who burns the field is not said to be caught in it
            if (is(tokens[j], c.wildland)) return there;
        }
        return false;
    });
}
