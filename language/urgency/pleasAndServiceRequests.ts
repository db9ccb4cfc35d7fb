import type { Compiled, Hit } from './compiledWords';
import { is, sound, type Word } from './patterns';
import { isPerson, WEAK_PERSON } from './personOrThing';
import type { UrgencyVerdict } from './urgencyVerdict';

/**
 * A service verb with its object pronoun fastened on ("limpiarla", "revisarlo", "sacarlas") is the verb itself: the
 * pronoun only names the thing already said.
 */
function isRequestVerb(word: string, c: Compiled): boolean {
    const verbs = c.serviceVerbs;
    return verbs.has(word) || verbs.has(word.replace(/(?<=[aei]r)(?:l[oa]s?|les?|nos|se)$/, ''));
}
/** How far after a plea its purpose clause may come ("manden a alguien de la municipalidad a mirar"). */
const PURPOSE_REACH = 6;

/**
 * Rule: a plea said of a service, with no person named in danger: "urgente: hay que limpiar el desagüe", "pueden
 * mandar a alguien a cortar las ramas" (a purpose clause "a" + a service verb after the plea). Only the generic cry is
 * cancelled: a person in danger in the same message is read by its own signal.
 */
export function urgentRequest(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    return hit.signal.kind === 'generic' && pleaForAService(tokens, hit.first, hit.last, c);
}

/** Rule: "avísenme cuando venga el granizo por favor": "venga" after "cuando" or "si" is a time, not a plea to come. */
export function comingLater(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    return hit.signal.kind === 'generic' && c.sendWords.has(tokens[hit.first].word) && afterWhen(tokens, hit.first);
}

/** Whether tokens[k] follows "cuando", "si"… in its clause: a time or a condition, not an imperative. */
function afterWhen(tokens: readonly Word[], k: number): boolean {
    return !tokens[k].breakBefore && WHEN.has(tokens[k - 1]?.word ?? '');
}

const ABOUT = new Set(['por', 'x']);

/** Whether the plea in tokens[first..last] sends someone to do a service ("manden a alguien a podar"). */
function pleaForAService(tokens: readonly Word[], first: number, last: number, c: Compiled): boolean {
    if (tokens[first].word.startsWith('urgen')) return tokens.some((t) => isRequestVerb(t.word, c));
    if (helpWithAThing(tokens, first, last, c)) return true;
    if (!tokens.slice(first, last + 1).some((t) => c.sendWords.has(t.word))) return false;
    for (let k = last; k < tokens.length - 1 && k <= last + PURPOSE_REACH; k++) {
        if (k > last && tokens[k].breakBefore) return false;
        const verb = tokens[k + 1];
        // "a ver si llegan" is a filler, not a purpose
        if (tokens[k].word === 'a' && isRequestVerb(verb.word, c) && !verb.breakBefore && !(verb.word === 'ver' && tokens[k + 2]?.word === 'si'))
            return !personTakenOut(tokens, k + 1, c);
        // "que venga alguien x lo del techo": about a matter, a thing's
        if (ABOUT.has(tokens[k].word) && verb.word === 'lo' && (tokens[k + 2]?.word === 'del' || tokens[k + 2]?.word === 'de') && !verb.breakBefore)
            return !isPerson(tokens[k + 3], c);
    }
    return false;
}

/** Words that name a thing after "con" ("con lo del techo", "con unas chapas"); a person after them is someone helped. */
const THING_DETERMINERS = new Set(['lo', 'el', 'la', 'los', 'las', 'un', 'una', 'unos', 'unas']);

/**
 * Rule: "alguien que me ayude con lo del techo", "ayúdenme con unas chapas": help asked with a task or a thing, not a
 * cry ("ayúdenme con mi hijo que no respira" names a person, and stays a cry).
 */
function helpWithAThing(tokens: readonly Word[], first: number, last: number, c: Compiled): boolean {
    if (!tokens.slice(first, last + 1).some((t) => t.word.startsWith('ayud'))) return false;
    const k = last + 1;
    if (tokens[k]?.word !== 'con' || tokens[k].breakBefore || !THING_DETERMINERS.has(tokens[k + 1]?.word ?? '')) return false;
    // "con lo de mi abuela": a person named a few words on is the one helped
    const named = tokens.slice(k + 1, k + 6).filter((t) => !t.breakBefore);
    return !named.some((t) => isPerson(t, c) && !WEAK_PERSON.has(t.word));
}

/** How many words after a service verb the person it acts on may come ("a sacar a mi papá"). */
const TAKEN_REACH = 4;

/** "manden a alguien a sacar a mi papá del auto", "a bajar al abuelo": the verb acts on a person, a rescue, not a service. */
function personTakenOut(tokens: readonly Word[], verb: number, c: Compiled): boolean {
    for (let k = verb + 1; k < Math.min(tokens.length, verb + 1 + TAKEN_REACH); k++) {
        if (tokens[k].breakBefore) return false;
        if (is(tokens[k], c.person) && !WEAK_PERSON.has(tokens[k].word)) return true;
    }
    // "a sacarlo" names no one: a person in danger there is read by its own signal ("está atrapado")
    return false;
}

/** An urgency with no kind named: a cry or a plea, with the words it rests on. */
export function cry(text: string, start: number, end: number, reason: string): UrgencyVerdict {
    return { urgent: true, kind: 'generic', reason, evidence: { start, end, text: text.slice(start, end) } };
}

/** A cry stretched ("ayudaaaa") or shouted ("ayuda!!"): said once, it is urgent by itself. */
export function stretchedCry(text: string, tokens: readonly Word[]): Word | undefined {
    return tokens.find(
        (t) => CRIES.has(t.word) && (/(\p{L})\1{2,}/u.test(text.slice(t.start, t.end)) || /^\s*!{2,}/.test(text.slice(t.end, t.end + 4)))
    );
}

/** Words of a cry for help that, said twice, are urgent by themselves. */
export const CRIES = new Set(['ayuda', 'ayudaa', 'auxilio', 'socorro']);

/** Imperatives that ask the line to come or send someone now. */
const COME_NOW = new Set(['vengan', 'venga', 'vengas', 'veni', 'manden', 'envien', 'apurense', 'apurate', 'apuren', 'corran', 'ayuden', 'ayudenos']);
/** Words that press a plea: said anywhere in the message with one of {@link COME_NOW} or a cry, they make it a plea. */
const PRESSING = new Set(['ya', 'rapido', 'rapidito', 'urgente', 'pronto', 'favor', 'dios', 'ahora', 'auxilio', 'socorro', 'ayuda', 'ayudaa']);
/** Words of one who does not know how to use the chat: "ayuda por favor, no entiendo qué poner" asks about the chat. */
const ABOUT_THE_CHAT = new Set([
    'entiendo',
    'entender',
    'poner',
    'pongo',
    'escribir',
    'escribo',
    'funciona',
    'elegir',
    'elijo',
    'opcion',
    'menu',
    'boton',
    'mensaje'
]);

/** Words before "venga" that make it a time or a condition ("cuando venga", "si vienen"), not an imperative. */
const WHEN = new Set(['cuando', 'si', 'apenas', 'hasta', 'antes']);
/** Words that, just before a plea, say it is not needed ("no hace falta que vengan", "ya no vengan"). */
const NOT_NEEDED = new Set(['no', 'falta', 'cancelen', 'cancelar', 'olvidate', 'olvidense']);
/** Words before "ayuda" that make it a thing given or asked about, not a cry ("por la ayuda", "su ayuda"). */
const HELP_AS_A_THING = new Set(['la', 'su', 'tu', 'una', 'de', 'con', 'sin', 'esa', 'esta', 'alguna', 'cualquier']);

/**
 * Rule: a plea to come said in any order and at any distance ("x favor vengan", "vengan a la cancha de alijilan ya",
 * "ayuda xfa estoy sola con mis hermanitos"): an imperative to come, or a cry, pressed by "ya", "por favor",
 * "urgente" elsewhere in the message. Not when negated ("no vengan"), when it sends someone to do a service ("vengan
 * a podar ya") or when the message is about the chat itself. A cry pressed only by "por favor" needs a word of its own
 * beside them ("ayuda por favor" alone may ask how the chat works).
 */
export function pleaToCome(tokens: readonly Word[], answeringName: boolean, c: Compiled): Word | undefined {
    if (tokens.some((t) => ABOUT_THE_CHAT.has(t.word))) return undefined;
    const pressing = (t: Word): boolean => PRESSING.has(t.word) && !(answeringName && CRIES.has(t.word));
    for (let k = 0; k < tokens.length; k++) {
        const t = tokens[k];
        const come = COME_NOW.has(t.word) || COME_NOW.has(sound(t.word).replace(/^b/, 'v'));
        const cry = CRIES.has(t.word) && !answeringName;
        if (!come && !cry) continue;
        // "no vengan", "no hace falta que vengan"; "por la ayuda", "su ayuda" name help already given
        if (tokens.slice(Math.max(0, k - 4), k).some((b) => NOT_NEEDED.has(b.word))) continue;
        // "avísenme cuando venga el granizo": a time to come, not a plea to come
        if (come && afterWhen(tokens, k)) continue;
        if (cry && !t.breakBefore && HELP_AS_A_THING.has(tokens[k - 1]?.word ?? '')) continue;
        const pressedBy = tokens.filter((other, j) => j !== k && pressing(other) && other.word !== t.word);
        if (pressedBy.length === 0) continue;
        if (come && pleaForAService(tokens, k, k, c)) continue;
        const onlyCourtesy = pressedBy.every((p) => p.word === 'favor' || p.word === 'dios');
        if (cry && !come && onlyCourtesy && tokens.filter((o) => !['por', 'favor', 'dios', 'de'].includes(o.word) && !CRIES.has(o.word)).length < 2)
            continue;
        return t;
    }
    return undefined;
}

/** How far before a poison's name the words asking for it may come ("necesitamos colchones, ropa y lavandina"). */
const SUPPLY_REACH = 5;

/**
 * Rule: "necesitamos colchones y lavandina x fa", "manden pastillas de cloro": a poison asked for as a supply after a
 * flood is no one who swallowed it. Only when the words asking for it come before it in its clause.
 */
export function suppliesAskedFor(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (hit.signal.kind !== 'poisoning') return false;
    for (let k = hit.first - 1; k >= Math.max(0, hit.first - SUPPLY_REACH); k--) {
        if (c.supplyWords.has(tokens[k].word)) return true;
        if (tokens[k + 1].breakBefore && tokens[k].word !== 'y') return false;
    }
    return false;
}
