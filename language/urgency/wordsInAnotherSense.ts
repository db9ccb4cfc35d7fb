import { clauseEnd, clauseStart } from './clauses';
import type { Compiled, Hit } from './compiledWords';
import { HOMES } from './homesReached';
import { is, type Word } from './patterns';
import { isPerson, isThing, RECEIVER } from './personOrThing';
import type { UrgencyContext } from './urgencyVerdict';
import type { UrgencyKind } from './urgencyWords';

/** Rule: at the name question, "Socorro" or "Auxilio" followed by a surname, or after "soy", "me llamo", "del", is a name. */
export function isName(tokens: readonly Word[], hit: Hit, context: UrgencyContext): boolean {
    const word = tokens[hit.first].word;
    if (word !== 'socorro' && word !== 'auxilio' && word !== 'consuelo' && word !== 'amparo') return false;
    const before = tokens[hit.first - 1]?.word;
    if (
        before !== undefined &&
        ['soy', 'llamo', 'del', 'de', 'maria', 'virgen', 'villa', 'barrio', 'dona', 'senora'].includes(before) &&
        !tokens[hit.first].breakBefore
    )
        return true;
    const after = tokens[hit.first + 1];
    const calls = [
        'vengan',
        'ayuda',
        'ayudenme',
        'por',
        'favor',
        'urgente',
        'auxilio',
        'socorro',
        'ya',
        'me',
        'nos',
        'se',
        'que',
        'mi',
        'hay',
        'estoy',
        'estamos',
        'llanto',
        'alguien',
        'ayuden',
        'ayude',
        'vengan',
        'porfa',
        'urgente',
        'rapido',
        'no'
    ];
    if (after !== undefined && !after.breakBefore && !calls.includes(after.word)) return true;
    return context.answeringName === true && before !== undefined && ['soy', 'llamo'].includes(before);
}

/** Kinds whose verb, with "me" right before it, says something does not work for the writer ("no me sale", "no me aparece"). */
const DATIVE_KINDS: ReadonlySet<UrgencyKind> = new Set<UrgencyKind>(['cannot_escape', 'missing']);

/**
 * Rule: "no me sale", "no me aparece la lista": "me" right before a verb of the third person is whom it fails, not
 * who is missing or cannot get out ("no puedo salir", "mi hijo no aparece" say that). Only with no person named in
 * the clause: "mi hijo no me aparece" stays urgent.
 */
export function somethingFailsMe(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (!DATIVE_KINDS.has(hit.signal.kind)) return false;
    const verb = tokens[hit.last];
    if (tokens[hit.last - 1]?.word !== 'me' || !/[ea]$/.test(verb.word)) return false;
    const from = clauseStart(tokens, hit.first),
        to = clauseEnd(tokens, hit.last);
    return !tokens.slice(from, to).some((t) => isPerson(t, c) && t.word !== 'me');
}

/** Words a lost thing is named with after "perdió" ("perdió el techo"), so the loss is a thing's, not a person missing. */
const LOSS_ARTICLES = new Set(['el', 'la', 'los', 'las', 'su', 'sus', 'mi', 'mis', 'a', 'al', 'todo', 'toda', 'todos', 'todas', 'mucho', 'mucha']);

/** Rule: "una familia que perdió el techo", "perdimos toda la cosecha": a thing lost, not a person missing. */
export function lostAThing(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (hit.signal.kind !== 'missing' || !/^perd/.test(tokens[hit.first].word)) return false;
    let k = hit.last + 1;
    while (k < tokens.length && k <= hit.last + 3 && LOSS_ARTICLES.has(tokens[k].word)) k++;
    return k > hit.last + 1 && k < tokens.length && (isThing(tokens[k], c) || HOMES.has(tokens[k].word) || is(tokens[k], c.animal));
}

/** Rule: "no sé para qué es esto", written "no se para que": not knowing what for, not someone who cannot stand up. */
export function knowsNotWhatFor(tokens: readonly Word[], hit: Hit): boolean {
    const last = tokens[hit.last];
    // "mi abuela no se para que hago" is someone who cannot stand up: only "para qué es / sirve" is not knowing what for
    return (
        last.word === 'para' &&
        tokens[hit.first].word === 'no' &&
        ['que', 'q', 'k'].includes(tokens[hit.last + 1]?.word ?? '') &&
        !tokens[hit.last + 1].breakBefore &&
        WHAT_FOR.has(tokens[hit.last + 2]?.word ?? '')
    );
}

/** What follows "no sé para qué" when it asks what a thing is for. */
const WHAT_FOR = new Set(['es', 'sirve', 'sirven', 'son', 'era', 'seria', 'esta', 'estan', 'me', 'lo', 'la', 'les']);

/** Words after "sos" that make it the verb ("vos sos un genio", "sos de acá?"), not the cry. */
const AFTER_THE_VERB = new Set([
    'un',
    'una',
    'el',
    'la',
    'lo',
    'los',
    'las',
    'mi',
    'de',
    'del',
    're',
    'muy',
    'tan',
    'vos',
    'tu',
    'bot',
    'humano',
    'persona',
    'robot',
    'real'
]);

/**
 * Rule: "sos" is the voseo of "ser" as often as the cry: "te re amo sos un bot", "vos sos de defensa civil?". The cry
 * is written in capitals or stands alone; the verb comes after "vos"/"que" or before an article or a description.
 */
export function sosIsTheVerb(text: string, tokens: readonly Word[], hit: Hit): boolean {
    const token = tokens[hit.first];
    if (token.word !== 'sos' || hit.last !== hit.first || text.slice(token.start, token.end) === 'SOS') return false;
    const before = tokens[hit.first - 1]?.word ?? '';
    const after = tokens[hit.first + 1];
    return ['vos', 'que', 'q', 'tu', 'si'].includes(before) || (after !== undefined && !after.breakBefore && AFTER_THE_VERB.has(after.word));
}

/** Pronouns of whom a helper helps ("me ayuda mi nieta", "nos ayuda el vecino"). */
const HELPED = new Set(['me', 'nos', 'te', 'le', 'les']);
/** Words before such a pronoun that turn "me ayuda" back into a plea ("por favor me ayuda", "alguien me ayuda?"). */
const PLEADING = new Set(['favor', 'porfa', 'xfa', 'alguien', 'quien', 'que', 'q', 'ayuda', 'socorro', 'auxilio']);

/**
 * Rule: "me ayuda mi nieta a escribir", "nos ayuda el vecino con las chapas": "ayuda" after a pronoun of whom is
 * helped, with a person after it, says who helps; it is no cry. "por favor me ayuda" still pleads.
 */
export function someoneHelps(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    const first = tokens[hit.first];
    if (hit.signal.kind !== 'generic' || !/^ayud/.test(first.word) || first.breakBefore) return false;
    const pronoun = tokens[hit.first - 1];
    if (pronoun === undefined || !HELPED.has(pronoun.word) || PLEADING.has(tokens[hit.first - 2]?.word ?? '')) return false;
    return [1, 2].some((d) => {
        const t = tokens[hit.first + d];
        return t !== undefined && !tokens.slice(hit.first + 1, hit.first + d + 1).some((x) => x.breakBefore) && isPerson(t, c) && !HELPED.has(t.word);
    });
}

/** Words of what is cut when it is no wound: a road, a crossing, a supply ("hay un corte en la ruta", "corte de luz"). */
const CUT_THINGS = /^(ruta|rutas|camino|caminos|calle|cuesta|transito|paso|puente|luz|agua|gas|energia|policia|piquete)$/;

/**
 * Rule: "hay un corte, la policía no deja pasar", "un corte de luz": a cut said with a road or a supply, and no body
 * part nor blood anywhere in the message, is the road's or the supply's.
 */
export function aCutThatIsNoWound(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (hit.signal.kind !== 'bleeding_injury' || !tokens.slice(hit.first, hit.last + 1).some((t) => t.word === 'corte')) return false;
    if (tokens.some((t) => is(t, c.body) || /^sangr/.test(t.word))) return false;
    return tokens.some((t) => CUT_THINGS.test(t.word));
}

/**
 * Rule: "quisiera estar enterada", "quedo atenta y enterado": the word is "enterado" (told), written with one "r";
 * buried is "enterrado". Read apart only in the text as typed, since the reader folds doubled letters.
 */
export function toldNotBuried(text: string, tokens: readonly Word[], hit: Hit): boolean {
    const token = tokens.slice(hit.first, hit.last + 1).find((t) => t.word.startsWith('enterad'));
    return token !== undefined && !/rr/i.test(text.slice(token.start, token.end));
}

/** Verbs of living with a device: "usa oxígeno", "necesita oxígeno", "depende del oxígeno". */
const LIVES_WITH = new Set(['usa', 'usan', 'necesita', 'necesitan', 'depende', 'dependen', 'tiene', 'lleva']);

/**
 * Rule: "mi mamá usa oxígeno en la casa": oxygen used at home tells a condition the family lives with; it is no
 * breath failing now ("se le acabó el oxígeno", "le falta el aire" still are).
 */
export function oxygenAtHome(tokens: readonly Word[], hit: Hit): boolean {
    const k = tokens.slice(hit.first, hit.last + 1).findIndex((t) => t.word === 'oxigeno');
    if (k < 0) return false;
    const at = hit.first + k;
    return [1, 2].some((d) => LIVES_WITH.has(tokens[at - d]?.word ?? ''));
}

/** What one drives: "no podemos salir con el auto" says the road is cut, not that someone is shut in. */
const DRIVEN = new Set(['auto', 'autos', 'camioneta', 'camionetas', 'moto', 'vehiculo', 'camion', 'colectivo', 'combi', 'remis', 'tractor', 'chata']);
/** How far after "no podemos salir" its vehicle may come ("no pueden bajar a Belén con la camioneta"). */
const DRIVEN_REACH = 6;

/**
 * Rule: "no podemos salir con el auto", "no se puede salir en auto", "los vecinos no pueden bajar a Belén con la camioneta": unable to leave by
 * vehicle is a road cut; people who cannot get out say so without one ("no podemos salir, el agua nos rodea").
 */
export function cannotDriveOut(tokens: readonly Word[], hit: Hit): boolean {
    if (hit.signal.kind !== 'cannot_escape') return false;
    for (let k = hit.last + 1; k < Math.min(tokens.length, hit.last + DRIVEN_REACH); k++) {
        if (tokens[k].breakBefore) return false;
        if ((tokens[k].word === 'con' || tokens[k].word === 'en') && [1, 2].some((d) => DRIVEN.has(tokens[k + d]?.word ?? ''))) return true;
    }
    return false;
}

/** Words that put what fell on someone: "se le cayó el techo encima", "le quedó abajo". */
const ON_SOMEONE = new Set([
    'encima',
    'arriba',
    'sobre',
    'abajo',
    'debajo',
    'atrapo',
    'atrapado',
    'atrapada',
    'aplasto',
    'aplastado',
    'aplastada',
    'agarro',
    'apreto',
    'golpeo',
    'pego'
]);
const CLITICS = new Set([...RECEIVER, 'te']);
/** "se vino abajo": came down, collapsed. */
const COME = new Set(['vino', 'vinieron', 'viene', 'vienen']);

/**
 * Rule: "se me cayó el tapial", "se le cayó el árbol al vecino": "se" before the pronoun says whose the thing was
 * that fell, not on whom; "le cayó la pared", "se le cayó la pared encima" put it on someone, and a roof or a room
 * falls on whoever is under it. The same for a fall: "se le cayó el paredón del fondo" is the wall's fall, "se le cayó
 * el nene de la cama" the child's.
 */
export function fellFromSomeone(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (hit.signal.kind === 'fall' && !tokens.slice(hit.first + 1, hit.last).some((t) => isThing(t, c))) return false;
    if (hit.signal.kind !== 'fall' && hit.signal.kind !== 'trapped') return false;
    // a person or a body named in the clause after the verb is where it fell: "se le cayó la pared en la espalda a mi
    // viejo", "se me cayó la moto con la nena", "se les vino abajo la zanja a los obreros"
    const end = clauseEnd(tokens, hit.last);
    if (tokens.slice(hit.first + 1, end).some((t) => (isPerson(t, c) && !RECEIVER.has(t.word) && t.word !== 'se') || is(t, c.body))) return false;
    // the pronoun is the signal's first word ("le cayó el techo") or right before it ("se le cayó el techo")
    const clitic = CLITICS.has(tokens[hit.first].word) ? hit.first : hit.first - 1;
    if (!CLITICS.has(tokens[clitic]?.word ?? '') || tokens[clitic - 1]?.word !== 'se') return false;
    // a roof or a room come down on whoever is under them: "se me cayó el techo" stays urgent; "se me vino abajo el
    // tapial" is the wall that collapsed ("venirse abajo"), not one on someone
    const collapsed = (k: number): boolean => tokens[k].word === 'abajo' && COME.has(tokens[k - 1]?.word ?? '');
    return !tokens.slice(hit.first, end).some((t, i) => (ON_SOMEONE.has(t.word) && !collapsed(hit.first + i)) || OVERHEAD.has(t.word));
}

/** What people live under: its fall is on them, whoever's it was. */
const OVERHEAD = new Set(['techo', 'techos', 'losa', 'cielorraso', 'casa', 'rancho', 'pieza', 'habitacion', 'dormitorio', 'cocina']);

/** "es", "son", "era": what someone is, not what is happening to them. */
const IS = new Set(['es', 'son', 'era', 'eran', 'sos', 'soy']);

/**
 * Rule: "mi mamá es diabética", "mi hijo es asmático": a condition someone has is no event now; what happens to them
 * ("es diabética y no reacciona") is read by its own signal.
 */
export function aConditionNotAnEvent(tokens: readonly Word[], hit: Hit): boolean {
    return hit.signal.kind === 'medical' && hit.first === hit.last && IS.has(tokens[hit.first - 1]?.word ?? '') && !tokens[hit.first].breakBefore;
}
