import { clauseEnd, clauseStart } from './clauses';
import type { Compiled, Hit } from './compiledWords';
import { is, type Word } from './patterns';

/** Pronouns that say a person is concerned but not who: they count as a person, never as the subject that decides. */
export const WEAK_PERSON = new Set(['le', 'les', 'nos', 'me', 'se', 'lo', 'la']);
/** Pronouns that, before a verb of harm, name the person who receives it ("le cayó", "se les vino encima"). */
export const RECEIVER = new Set(['le', 'les', 'nos', 'me']);
/** Verbs whose person is a human speaker or a group of people ("estamos", "quedamos", "estoy", "quedaron adentro"). */
export const PERSON_VERBS = new Set(['estoy', 'tengo', 'siento', 'quede', 'quedamos', 'somos', 'tenemos', 'podemos', 'puedo', 'sigo', 'seguimos']);
/** Verbs of the speaker: they say who writes, not who is in danger, so they never rescue a signal from a thing subject. */
export const SPEAKER_WORDS = new Set(['estoy', 'estamos', 'toy', 'tengo', 'siento']);

/** A person named by a noun, a pronoun or a verb in the first person plural ("estamos", "salimos", "quedamos"). */
export function isPerson(token: Word | undefined, c: Compiled): boolean {
    if (token === undefined || FUNCTION_WORDS.has(token.word)) return false;
    if (is(token, c.person) || PERSON_VERBS.has(token.word)) return true;
    const w = token.word;
    return w.length >= 6 && (w.endsWith('amos') || w.endsWith('emos') || w.endsWith('imos'));
}

/** A person after "de"/"del" ("el perro de mi vieja", "el techo del vecino") owns the thing: not the one in danger. */
export function isPossessor(tokens: readonly Word[], k: number): boolean {
    const before = tokens[k - 1]?.word,
        twoBefore = tokens[k - 2]?.word;
    return (
        before === 'de' ||
        before === 'del' ||
        (twoBefore === 'de' && ['mi', 'su', 'tu', 'la', 'el', 'los', 'las', 'mis', 'sus'].includes(before ?? ''))
    );
}

/** Verbs of telling: a person right before one ("mi sobrino me dice que...") reports the event, not suffers it. */
const TELLING = new Set([
    'dice',
    'dijo',
    'dicen',
    'avisa',
    'aviso',
    'avisaron',
    'cuenta',
    'conto',
    'comenta',
    'comento',
    'llamo',
    'escribe',
    'manda',
    'mando',
    'vio'
]);
export function isReporter(tokens: readonly Word[], k: number): boolean {
    return [1, 2].some((d) => tokens[k + d] !== undefined && TELLING.has(tokens[k + d].word));
}

/** Function words one letter from a thing ("para" and "pala", "con" and "cono"): never a thing. */
const FUNCTION_WORDS = new Set(['pero', 'para', 'por', 'con', 'que', 'como', 'cuando', 'donde', 'mas']);

/** An animal or a thing ("perro", "poste", "camioneta"), never a function word. */
export function isThing(token: Word | undefined, c: Compiled): boolean {
    return token !== undefined && is(token, c.thing) && !FUNCTION_WORDS.has(token.word);
}

/** How long a clause may be and still be only the person a report is about ("mi abuela.", "don Cacho."). */
const PERSON_CLAUSE = 4;

/** "la vaca de don Pedro", "el perro del vecino": the person named is whose the animal is, not someone in danger. */
export function ownerOfAnAnimal(tokens: readonly Word[], k: number, c: Compiled): boolean {
    for (let j = k - 1; j >= Math.max(1, k - 3); j--) {
        if (tokens[j + 1].breakBefore) return false;
        if (tokens[j].word === 'de' || tokens[j].word === 'del') return is(tokens[j - 1], c.animal);
    }
    return false;
}

/**
 * Rule, two-clause report: "mi abuela. no se mueve", "don Cacho. se cayó del techo": a clause that only names a person,
 * right before the clause of a signal (whose own subject is not a thing), is who the signal speaks of.
 */
export function personInClauseBefore(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    const start = clauseStart(tokens, hit.first);
    if (start === 0 || !tokens[start].breakBefore || tokens.slice(start, hit.first).some((t) => isThing(t, c))) return false;
    const from = clauseStart(tokens, start - 1);
    const clause = tokens.slice(from, start);
    return (
        clause.length <= PERSON_CLAUSE &&
        clause.some((t, i) => is(t, c.person) && !WEAK_PERSON.has(t.word) && !SPEAKER_WORDS.has(t.word) && !ownerOfAnAnimal(tokens, from + i, c)) &&
        !clause.some((t) => isThing(t, c) || INTRODUCTIONS.has(t.word))
    );
}
/** Words that say the people of a clause are fine ("el chofer está bien", "la gente afuera"). */
const SAFE_WORDS = new Set(['bien', 'afuera', 'salvo', 'salvos', 'ilesos', 'ileso', 'tranquilos', 'tranquilo', 'nadie']);

/** Rule: "hay humo negro en el departamento, hay gente": a short clause right after a signal that says people are there. */
export function peopleInClauseAfter(tokens: readonly Word[], end: number, c: Compiled): boolean {
    if (end >= tokens.length) return false;
    const clause = tokens.slice(end, clauseEnd(tokens, end));
    return (
        clause.length <= PERSON_CLAUSE &&
        clause.some((t) => is(t, c.person) && !WEAK_PERSON.has(t.word) && !SPEAKER_WORDS.has(t.word)) &&
        !clause.some((t) => SAFE_WORDS.has(t.word) || INTRODUCTIONS.has(t.word) || is(t, c.negation))
    );
}

/** Words of a clause that introduces the writer ("soy la señora Castro"), not the person in danger. */
const INTRODUCTIONS = new Set(['soy', 'llamo', 'habla', 'nombre', 'hola', 'buenas', 'buen', 'bien']);

/** Object pronouns, which stand for whatever the clause named: a person or an animal. */
export const OBJECT_PRONOUNS = new Set(['lo', 'la', 'los', 'las']);

/** Prepositions of where ("entre", "bajo", "en"), not the "a" of a person or animal receiving the harm ("se llevó a las vacas"). */
const PLACE_PREPOSITIONS = new Set([
    'con',
    'entre',
    'bajo',
    'abajo',
    'debajo',
    'en',
    'contra',
    'sobre',
    'de',
    'del',
    'encima',
    'arriba',
    'adentro',
    'dentro',
    'desde',
    'por'
]);

/** Articles and possessives between a preposition and its noun ("entre el tractor", "bajo la pared"). */
export const DETERMINERS = new Set([
    'el',
    'la',
    'los',
    'las',
    'un',
    'una',
    'unos',
    'unas',
    'mi',
    'mis',
    'su',
    'sus',
    'tu',
    'este',
    'esta',
    'ese',
    'esa'
]);

/**
 * Rule: a thing after the harm and after a preposition ("apretado entre el tractor y la pared", "atrapado bajo el
 * techo") is where or with what the harm happens, not who suffers it; so is a thing joined to one by "y"/"o".
 */
export function isGoverned(tokens: readonly Word[], k: number, c: Compiled): boolean {
    let j = k - 1;
    while (j >= 0 && DETERMINERS.has(tokens[j].word) && !tokens[j + 1].breakBefore) j--;
    if (j < 0 || tokens[j + 1].breakBefore) return false;
    if (PLACE_PREPOSITIONS.has(tokens[j].word)) return true;
    if ((tokens[j].word === 'y' || tokens[j].word === 'o') && j > 0 && isThing(tokens[j - 1], c)) return isGoverned(tokens, j - 1, c);
    return false;
}

/**
 * Rule: "lo corneó una vaca", "el tractor la aplastó": a clitic before a verb of harm done to someone names a person
 * (read as "le"), unless an animal is named just before it and no person ("mi perra ..., la atropelló una moto").
 */
export function withCliticVictims(tokens: Word[], c: Compiled): Word[] {
    let out: Word[] | undefined;
    for (let k = 0; k + 1 < tokens.length; k++) {
        const w = tokens[k].word;
        if ((w !== 'lo' && w !== 'la' && w !== 'los' && w !== 'las') || tokens[k + 1].breakBefore || !is(tokens[k + 1], c.agentHarm)) continue;
        let animal = false;
        for (let j = k - 1; j >= Math.max(0, k - 10); j--) {
            if (isPerson(tokens[j], c) && !WEAK_PERSON.has(tokens[j].word)) {
                animal = false;
                break;
            }
            if (isThing(tokens[j], c) && (j < k - 3 || tokens.slice(j + 1, k + 1).some((x) => x.breakBefore))) {
                animal = true;
                break;
            }
        }
        if (animal) continue;
        out ??= tokens.slice();
        out[k] = { ...tokens[k], word: w.endsWith('s') ? 'les' : 'le', key: w.endsWith('s') ? 'les' : 'le', ids: c.receiverIds };
    }
    return out ?? tokens;
}
