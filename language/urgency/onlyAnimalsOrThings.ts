import { clauseEnd, clauseStart, sentenceEndsBefore } from './clauses';
import type { Compiled, Hit } from './compiledWords';
import { fireReachesHome, FLAMES } from './homesReached';
import { is, type Word } from './patterns';
import {
    isGoverned,
    isPerson,
    isPossessor,
    isReporter,
    isThing,
    OBJECT_PRONOUNS,
    ownerOfAnAnimal,
    personInClauseBefore,
    RECEIVER,
    SPEAKER_WORDS,
    WEAK_PERSON
} from './personOrThing';

/** Kinds a thing can be the subject of ("se cayó el árbol", "el perro quedó atrapado", "se tragó dos autos"). */
const THING_SUBJECT_KINDS = new Set([
    'trapped',
    'fall',
    'water_rescue',
    'fire_people',
    'bleeding_injury',
    'not_breathing',
    'poisoning',
    'cannot_escape',
    'electrocution',
    'missing'
]);
/** How far a subject is looked for either side of a signal, and how far a person noun keeps the signal alive. */
const SUBJECT_REACH = 5;
const PERSON_REACH = 8;
/** A noun after one of these is a place or an object of the harm ("colgado del árbol", "abajo del auto"), not its subject. */
const PREPOSITIONS = new Set([
    'de',
    'del',
    'al',
    'a',
    'en',
    'sobre',
    'con',
    'por',
    'desde',
    'hasta',
    'bajo',
    'abajo',
    'debajo',
    'arriba',
    'encima',
    'entre',
    'contra',
    'para',
    'adentro',
    'dentro'
]);

/**
 * Rule: the nearest noun to the signal (before it, as in "el perro quedó atrapado", or after it, as in "se cayó el
 * puente") is an animal or a thing, and no person is named within a few words: the harm is to that thing.
 */
export function subjectIsThing(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (
        !THING_SUBJECT_KINDS.has(hit.signal.kind) ||
        personInClauseBefore(tokens, hit, c) ||
        (FLAMES.test(tokens[hit.first].word) && fireReachesHome(tokens, hit))
    )
        return false;
    // The signal's words hold who receives the harm ("le aplastó", "la pared le cayó"): a person, unless a thing after a
    // preposition right after it is what receives it ("se nos cayó un árbol encima de la camioneta").
    const receiverInHit = tokens.slice(hit.first, hit.last + 1).some((t) => RECEIVER.has(t.word));
    if (receiverInHit && !thingReceiverAfter(tokens, hit, c) && !(!thingActs(tokens, hit, c) && thingRightAfter(tokens, hit, c))) return false;
    // The signal's own words name a person ("hay heridos"): the harm is to people.
    // Not when an animal right before is what the word says ("un perro callejero está herido").
    const animalBefore = [1, 2, 3].some(
        (d) =>
            tokens[hit.first - d] !== undefined &&
            !tokens.slice(hit.first - d + 1, hit.first + 1).some((x) => x.breakBefore) &&
            is(tokens[hit.first - d], c.animal)
    );
    if (!animalBefore) for (let k = hit.first; k <= hit.last; k++) if (is(tokens[k], c.person) && !WEAK_PERSON.has(tokens[k].word)) return false;
    // "le cayó un árbol encima", "se les cayó la pared": a pronoun before the verb names who receives the harm, unless a thing
    // does right after it ("se nos cayó un árbol encima de la camioneta").
    const pronounBefore = [1, 2].some(
        (d) => tokens[hit.first - d] !== undefined && !tokens[hit.first - d + 1].breakBefore && RECEIVER.has(tokens[hit.first - d].word)
    );
    // For a weight falling ("se le cayó la pared encima") the thing after is what falls; for other harm ("se nos murió una vaca")
    // it is what suffers it.
    if (pronounBefore && !thingReceiverAfter(tokens, hit, c) && !(!thingActs(tokens, hit, c) && thingRightAfter(tokens, hit, c))) return false;
    // "le cayó un rayo al transformador": the thing after the preposition is who "le" was.
    let nearest: 'person' | 'thing' | undefined = receiverInHit && thingReceiverAfter(tokens, hit, c) ? 'thing' : undefined;
    for (let d = 1; d <= SUBJECT_REACH && nearest === undefined; d++) {
        // After the verb the subject may sit inside the match ("cayó un árbol encima"); the match's own last word is the signal's.
        for (const k of [hit.first - d, hit.first + d]) {
            const t = tokens[k];
            if (t === undefined || k === hit.last) continue;
            if (
                k < hit.first
                    ? tokens.slice(k + 1, hit.first + 1).some((x) => x.breakBefore)
                    : tokens.slice(hit.first + 1, k + 1).some((x) => x.breakBefore)
            )
                continue;
            if (WEAK_PERSON.has(t.word) || isPossessor(tokens, k)) continue;
            if (isPerson(t, c)) {
                nearest = 'person';
                break;
            }
            // Only an animal goes missing ("el gato no aparece"); a thing near "no lo vemos" is where it happened.
            if (
                isThing(t, c) &&
                !PREPOSITIONS.has(tokens[k - 1]?.word ?? '') &&
                !PREPOSITIONS.has(tokens[k - 2]?.word ?? '') &&
                (hit.signal.kind !== 'missing' || is(t, c.animal))
            )
                nearest = 'thing';
        }
    }
    nearest ??= lyingThingNamedBefore(tokens, hit, c) ? 'thing' : undefined;
    if (nearest !== 'thing') return false;
    const from = Math.max(clauseStart(tokens, hit.first), hit.first - PERSON_REACH),
        to = Math.min(clauseEnd(tokens, hit.last), hit.last + PERSON_REACH + 1);
    for (let k = from; k < to; k++) {
        const t = tokens[k];
        if (
            (k < hit.first || k > hit.last) &&
            is(t, c.person) &&
            !WEAK_PERSON.has(t.word) &&
            !SPEAKER_WORDS.has(t.word) &&
            !isPossessor(tokens, k) &&
            !isReporter(tokens, k)
        )
            return false;
    }
    return true;
}

/** "... encima de la camioneta", "... al auto": a thing after a preposition, right after the harm, that receives it. */
function thingReceiverAfter(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    for (let k = hit.last + 1; k <= hit.last + 5 && k < tokens.length && !tokens[k].breakBefore; k++) {
        if (isThing(tokens[k], c) && [1, 2].some((d) => PREPOSITIONS.has(tokens[k - d]?.word ?? '') && k - d > hit.last)) return true;
    }
    return false;
}

/** The thing after the signal is what does the harm: a weight falling ("se le cayó la pared") or an agent ("lo corneó una vaca"). */
function thingActs(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    return hit.signal.kind === 'trapped' || is(tokens[hit.last], c.agentHarm);
}

/** A thing among the three words right after the signal, in its clause ("se nos murió una vaca"). */
function thingRightAfter(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    return [1, 2, 3].some(
        (d) =>
            tokens[hit.last + d] !== undefined &&
            !tokens.slice(hit.last + 1, hit.last + d + 1).some((x) => x.breakBefore) &&
            isThing(tokens[hit.last + d], c)
    );
}

/** Kinds whose words are about people by themselves (a cry, a threat, a symptom): not cancelled by a thing nearby. */
const PEOPLE_FIRST_KINDS = new Set([
    'generic',
    'violence',
    'medical',
    'missing',
    'poisoning',
    'cannot_escape',
    'electrocution',
    'water_rescue',
    'bleeding_injury'
]);

const PLURAL_STATE = new Set(['estan', 'estaban', 'quedaron', 'siguen', 'seguimos', 'estamos', 'quedamos']);

/** Rule: only animals or things in the clause of a signal that needs a person. */
export function onlyThings(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    // "se cayó una vaca al pozo y no la podemos sacar": who cannot get out is the one the pronoun stands for.
    const peopleFirst = PEOPLE_FIRST_KINDS.has(hit.signal.kind) && !(hit.signal.kind === 'cannot_escape' && holdsObjectPronoun(tokens, hit));
    if (hit.signal.aboutPeople || (!hit.signal.needsPerson && peopleFirst)) return false;
    if (personInClauseBefore(tokens, hit, c)) return false;
    // Rule: a fire said to reach homes ("ya está en las primeras casas") is a home on fire now, whatever burns first.
    if (fireReachesHome(tokens, hit)) return false;
    const from = clauseStart(tokens, hit.first),
        to = clauseEnd(tokens, hit.last);
    // "están atrapados", "quedaron encerrados": a plural verb of state before a harm said of people.
    // Unless a thing before it is what "quedaron" speaks of ("los cables ... quedaron colgando").
    if (
        PLURAL_STATE.has(tokens[hit.first - 1]?.word ?? '') &&
        !tokens[hit.first].breakBefore &&
        !tokens.slice(Math.max(0, hit.first - 8), hit.first).some((t) => isThing(t, c))
    )
        return false;
    let thing = false;
    for (let k = from; k < to; k++) {
        if (k === hit.first || k === hit.last) continue;
        // "la chiva se cayó al pozo y no la podemos sacar": a pronoun of the signal speaks of what the clause names
        // and so does the pronoun's verb: "no podemos sacarla" tells who cannot, not who is caught
        if (k > hit.first && k < hit.last && holdsObjectPronoun(tokens, hit)) continue;
        // "el camino viejo": an adjective, not a person; but "la chapa le cayó encima": a pronoun receives the harm.
        if (isPerson(tokens[k], c) && (!isThing(tokens[k - 1], c) || RECEIVER.has(tokens[k].word)) && !ownerOfAnAnimal(tokens, k, c)) return false;
        // "no lo pueden sacar del auto": after a signal whose pronoun is who is taken out, a thing after a preposition is
        // where from, not what
        const where = k > hit.last && isGoverned(tokens, k, c) && (hit.signal.needsPerson === true || holdsObjectPronoun(tokens, hit));
        if (isThing(tokens[k], c) && !where) thing = true;
    }
    return thing || animalJustNamed(tokens, from, c);
}

/** How far back the subject of "tirado" with no noun near it is looked for. */
const LYING_REACH = 20;

/**
 * Rule: "el semáforo de la rotonda de Las Tejas está tirado", "el cable que se cayó…, lo cortó la empresa, pero sigue
 * tirado": "tirado" with no noun near it speaks of the first thing named before it (not after a preposition), when no
 * person is named in between.
 */
function lyingThingNamedBefore(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (!tokens.slice(hit.first, hit.last + 1).some((t) => t.word.startsWith('tirad'))) return false;
    let thing = false;
    let clauses = 0;
    for (let k = hit.first - 1; k >= Math.max(0, hit.first - LYING_REACH) && clauses <= LYING_CLAUSES; k--) {
        const t = tokens[k];
        // "la moto derrapó y está tirado": who rode it lies there
        if ((isPerson(t, c) && !WEAK_PERSON.has(t.word) && !isPossessor(tokens, k)) || RIDDEN.has(t.word)) return false;
        if (isThing(t, c) && !PREPOSITIONS.has(tokens[k - 1]?.word ?? '') && !PREPOSITIONS.has(tokens[k - 2]?.word ?? '')) thing = true;
        if (t.breakBefore) clauses++;
    }
    return thing;
}

/** How many clauses back from "tirado" the thing may be named ("el cable que se cayó…, lo cortó la empresa, pero sigue tirado"). */
const LYING_CLAUSES = 2;
/** Things someone rides or drives: when they fall, a person lies there. */
const RIDDEN = new Set(['moto', 'motos', 'bici', 'bicicleta', 'auto', 'camioneta', 'caballo', 'yegua', 'mula', 'tractor', 'camion', 'cuatriciclo']);

/** How far back an animal named before a clause with no one in it is what that clause speaks of. */
const ANIMAL_REACH = 16;

/**
 * Rule: "un perro quedó electrocutado con el cable, el pobre murió": a clause that names nobody speaks of the animal
 * named just before it, unless someone is named in between ("el caballo lo tiró y se murió" speaks of "lo").
 */
function animalJustNamed(tokens: readonly Word[], from: number, c: Compiled): boolean {
    for (let k = from - 1; k >= Math.max(0, from - ANIMAL_REACH); k--) {
        const t = tokens[k];
        if (isPerson(t, c) && t.word !== 'se' && !ownerOfAnAnimal(tokens, k, c)) return false;
        if (is(t, c.animal)) return true;
    }
    return false;
}

/** Whether a signal's words hold who it acts on as a pronoun: "no lo podemos sacar", "no pueden sacarla". */
function holdsObjectPronoun(tokens: readonly Word[], hit: Hit): boolean {
    return tokens.slice(hit.first, hit.last + 1).some((t) => OBJECT_PRONOUNS.has(t.word) || /^[a-z]+(ar|er|ir)(lo|la|los|las)$/.test(t.word));
}

/** Rule: "una pelea de perros", "los perros se pelean": violence among animals, not people. */
export function animalsFighting(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (hit.signal.kind !== 'violence') return false;
    const k = hit.last + 1;
    return (
        (tokens[k]?.word === 'de' || tokens[k]?.word === 'entre') &&
        !tokens[k].breakBefore &&
        [1, 2].some((d) => isThing(tokens[k + d], c) && !tokens[k + d].breakBefore)
    );
}

/** Pronouns of the writer or of whom it happened to, which leave an animal the one harmed ("me envenenaron al perro"). */
const CLITICS = new Set([...RECEIVER, 'se', 'te']);
/** Words between a signal and the animal after it: "murieron 20 gallinas", "envenenaron al perro". */
const BEFORE_AN_ANIMAL = new Set(['a', 'al', 'el', 'la', 'los', 'las', 'mi', 'mis', 'su', 'sus', 'un', 'una', 'unos', 'unas', 'nuestro', 'nuestra']);
/** How far back in its sentence an animal may be named and still be what a signal speaks of. */
const ANIMAL_SENTENCE_REACH = 12;

/**
 * Rule: "me envenenaron al perro", "mi perro comió veneno, está vomitando", "se me murieron 20 gallinas", "mi perra
 * está pariendo y tiene uno trabado": the one harmed is an animal, named right after the signal or before it in its
 * sentence, and no person is named in that sentence (the writer's pronouns aside).
 */
export function animalSuffers(text: string, tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (hit.signal.kind === 'generic') return false;
    const person = (t: Word): boolean => isPerson(t, c) && !CLITICS.has(t.word);
    let from = hit.first;
    while (from > 0 && !sentenceEndsBefore(text, tokens, from)) from--;
    let to = hit.last + 1;
    while (to < tokens.length && !sentenceEndsBefore(text, tokens, to)) to++;
    // a person in the sentence, or an animal that gores or bites acting on someone ("lo corneó una vaca y está sangrando")
    if (tokens.slice(from, to).some((t, i) => (person(t) && !ownerOfAnAnimal(tokens, from + i, c)) || is(t, c.agentHarm))) return false;
    let k = hit.last + 1;
    while (k < to && (BEFORE_AN_ANIMAL.has(tokens[k].word) || /^\d+$/.test(tokens[k].word))) k++;
    if (k < to && is(tokens[k], c.animal)) return true;
    for (let j = hit.first - 1; j >= Math.max(from, hit.first - ANIMAL_SENTENCE_REACH); j--) if (is(tokens[j], c.animal)) return true;
    return false;
}

/** The words a fallen cable is said to lie on or over. */
const OVER = new Set(['sobre', 'encima', 'arriba']);
/** How many words after "sobre" what the cable lies on may come ("sobre la vereda", "encima del techo del auto"). */
const OVER_REACH = 3;

/**
 * Rule: "los cables quedaron sobre la vereda", "el cable cayó encima del auto": a cable on a thing lies on no one. "el
 * cable le cayó encima a mi tío" names a person first.
 */
export function cableOnAThing(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (hit.signal.kind !== 'electrocution' || !OVER.has(tokens[hit.last].word)) return false;
    // "quedó sobre el alambrado, los chicos lo tocan": someone named anywhere may be at the cable
    if (tokens.some((t) => isPerson(t, c) && !WEAK_PERSON.has(t.word))) return false;
    for (let k = hit.last + 1; k <= hit.last + OVER_REACH && k < tokens.length && !tokens[k].breakBefore; k++) {
        if (isPerson(tokens[k], c)) return false;
        if (isThing(tokens[k], c)) return true;
    }
    return false;
}
