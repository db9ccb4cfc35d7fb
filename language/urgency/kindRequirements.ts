import { clauseEnd, clauseStart } from './clauses';
import type { Compiled, Hit } from './compiledWords';
import type { Facts } from './messageFacts';
import { oneRForTwo, type Word } from './patterns';
import {
    DETERMINERS,
    isGoverned,
    isPerson,
    isPossessor,
    isReporter,
    isThing,
    peopleInClauseAfter,
    personInClauseBefore,
    SPEAKER_WORDS,
    WEAK_PERSON
} from './personOrThing';

export function requirementsMet(tokens: readonly Word[], hit: Hit, c: Compiled, facts: Facts): boolean {
    const signal = hit.signal;
    if (signal.needsPersonNear) {
        const from = clauseStart(tokens, hit.first),
            to = clauseEnd(tokens, hit.last);
        if (
            !tokens.slice(from, to).some((t, j) => isPerson(t, c) && !sentToHelp(tokens, from + j, c) && !writerTelling(tokens, from + j)) &&
            tokens[hit.first - 1]?.word !== 'me' &&
            !tokens.slice(hit.first, hit.last + 1).some((t) => t.word === 'me') &&
            !impliedPerson(tokens, hit, from, to, c) &&
            !personInClauseBefore(tokens, hit, c) &&
            !peopleInClauseAfter(tokens, to, c) &&
            !(signal.kind === 'missing' && personEarlier(tokens, from, c))
        )
            return false;
    }
    if (
        signal.needsHazard &&
        !(signal.kind === 'missing' && facts.has('exposure', () => tokens.some((t) => EXPOSURE.test(t.word)))) &&
        !facts.has('hazard', () => tokens.some((t) => HAZARD_WORD.test(oneRForTwo(t.word))))
    )
        return false;
    if (signal.needsWater && !facts.has('water', () => tokens.some((t) => WATER_WORD.test(oneRForTwo(t.word))))) return false;
    return true;
}

/**
 * The words that name a hazard, and water, compared with one r for two on both sides: "la coriente", "el aroyo", "baro"
 * are the keywords written as they sound (the lexicon's `sound` does the same).
 */
const HAZARD_WORD = withOneRForTwo(
    /^(fuego|humo|incendi|llama|quem|agua|inund|derrumb|gas|explo|crecid|crecient|barro|aluvion|emojifuego|rio$|correntad|arroyo|evacu|temporal|alud|temblor|terremoto|sismo|desbord|nev|nieve|ventisca|avalancha|tormenta|zonda|granizo)/
);
const WATER_WORD = withOneRForTwo(
    /^(agua|rio|crecid|crecient|inund|arroyo|canal|correntada|corriente|aluvion|acequia|represa|dique|vado|baden|barro|cloaca|desague)/
);

function withOneRForTwo(words: RegExp): RegExp {
    return new RegExp(oneRForTwo(words.source));
}

/** "yo solo aviso que…": the writer telling of a danger is not a person near it (a relative who tells may well be). */
function writerTelling(tokens: readonly Word[], k: number): boolean {
    return (tokens[k].word === 'yo' || tokens[k].word === 'nosotros') && isReporter(tokens, k);
}

/** "manden a alguien", "que venga alguien": the one asked to come is no one at risk. */
function sentToHelp(tokens: readonly Word[], k: number, c: Compiled): boolean {
    if (tokens[k].word !== 'alguien') return false;
    const before = tokens[k - 1]?.word === 'a' ? k - 2 : k - 1;
    return before >= 0 && c.sendWords.has(tokens[before].word);
}

/**
 * What makes someone missing a danger besides a hazard: night, cold, the hills, hours gone, a mind that loses its way
 * ("falta mi abuelo desde la tarde, tiene alzheimer").
 */
const EXPOSURE = /^(noche|oscur|frio|helad|alzheimer|demencia|autis|desorient|horas|temperatura|cerro|monte|quebrada)/;

/** How far back a person named earlier is who "no vuelve", "no contesta" speaks of. */
const MISSING_REACH = 16;
/** Rule: "el chico se fue con las cabras al cerro y se vino el temporal, no vuelve": the one missing was named before. */
function personEarlier(tokens: readonly Word[], from: number, c: Compiled): boolean {
    for (let k = from - 1; k >= Math.max(0, from - MISSING_REACH); k--) {
        const t = tokens[k];
        if (isPerson(t, c) && !WEAK_PERSON.has(t.word) && !SPEAKER_WORDS.has(t.word) && !isPossessor(tokens, k) && !isReporter(tokens, k))
            return true;
    }
    return false;
}

/** Verbs of a state or a fall said of someone not named ("está agonizando", "se cayó por el barranco"). */
const DROPPED_SUBJECT = new Set(['esta', 'estan', 'sigue', 'siguen', 'quedo', 'quedaron', 'anda', 'se']);
/** Words between such a verb and the state ("está muy grave", "sigue re mal"). */
const INTENSIFIERS = new Set(['muy', 're', 'bien', 'bastante', 'todo', 'toda', 'medio', 'media', 'ya', 'como']);

/**
 * Rule, dropped subject: Spanish leaves the person out ("está agonizando", "se cayó por el barranco"): a verb of state
 * or "se" right before the signal, with no animal or thing anywhere in its clause, speaks of a person.
 */
function impliedPerson(tokens: readonly Word[], hit: Hit, from: number, to: number, c: Compiled): boolean {
    let k = hit.first - 1;
    while (k > from && INTENSIFIERS.has(tokens[k].word)) k--;
    const before = tokens[k];
    if (before === undefined || k < from || !DROPPED_SUBJECT.has(before.word)) return false;
    // "se cayó el sistema del banco": the subject follows the verb, and it is no person.
    if (before.word === 'se' && tokens.slice(hit.first + 1, hit.last + 1).some((t) => DETERMINERS.has(t.word))) return false;
    for (let m = from; m < to; m++) if (isThing(tokens[m], c) && !isGoverned(tokens, m, c)) return false;
    return true;
}
