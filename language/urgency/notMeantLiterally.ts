import { clauseEnd, clauseStart } from './clauses';
import type { Compiled, Hit } from './compiledWords';
import { HOME_ROOMS } from './homesReached';
import { is, type Word } from './patterns';

/** Kinds a figure of speech bends ("me muero de risa", "me va a matar", "atrapado en el tránsito"); a faint or a fall is read. */
const FIGURATIVE_KINDS = new Set(['generic', 'violence', 'trapped', 'cannot_escape']);
const FIGURE_REACH = 4;

/** What a heart floods with ("se me inunda el alma de tristeza"), never a home. */
const FEELINGS = new Set(['alma', 'corazon', 'amor', 'tristeza', 'alegria', 'emocion', 'felicidad', 'lagrimas', 'ojos']);
/** How close after "inunda" the feeling must come: "se me inunda el alma" (two words on). */
const FEELING_REACH = 3;

/** Rule: a flood of feeling ("se inunda mi corazón de amor") is a figure, when nothing of a home comes first. */
function floodOfFeeling(tokens: readonly Word[], hit: Hit): boolean {
    if (hit.signal.kind !== 'water_rescue' || !tokens[hit.first].word.startsWith('inund')) return false;
    for (let k = hit.last + 1; k <= hit.last + FEELING_REACH && k < tokens.length && !tokens[k].breakBefore; k++) {
        if (HOME_ROOMS.has(tokens[k].word)) return false;
        if (FEELINGS.has(tokens[k].word)) return true;
    }
    return false;
}

/** Rule: "me muero de calor", "atrapado en el tránsito", "me va a matar de un disgusto": a figure of speech. */
export function isFigurative(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    // "muerto de hambre", "me tiene muerto": death words bend too; a faint ("se desmayó por el calor") does not.
    const word = tokens[hit.first].word;
    if (floodOfFeeling(tokens, hit)) return true;
    if (
        !FIGURATIVE_KINDS.has(hit.signal.kind) &&
        !(hit.signal.kind === 'not_breathing' && word.startsWith('muer')) &&
        !(hit.signal.kind === 'breathing' && word.startsWith('ahog')) &&
        // "exploto de rabia": an explosion of anger
        !(hit.signal.kind === 'fire_people' && word.startsWith('explot'))
    )
        return false;
    // Scope: the figure sits next to the words it bends ("me muero de calor"); "se desmayó por el calor" is read.
    const from = Math.max(clauseStart(tokens, hit.first), hit.first - FIGURE_REACH),
        to = Math.min(clauseEnd(tokens, hit.last), hit.last + FIGURE_REACH + 1);
    for (let k = from; k < to; k++) if (is(tokens[k], c.figurative)) return true;
    // "me muero por ir", "se muere por verte": a longing; "me muero si llueve mañana": a hypothesis.
    const next = tokens[hit.last + 1],
        after = tokens[hit.last + 2];
    if (tokens[hit.last].word.startsWith('muer') && next?.word === 'si' && !next.breakBefore) return true;
    return (
        tokens[hit.last].word.startsWith('muer') &&
        next?.word === 'por' &&
        after !== undefined &&
        /(ar|er|ir|te|la|lo)$/.test(after.word) &&
        !after.breakBefore
    );
}

/** Kinds whose words are used in jest ("me muero jaja", "atrapado en el tránsito jaja"); a symptom with a laugh is still read. */
export const JOKE_KINDS = new Set([
    'generic',
    'violence',
    'trapped',
    'not_breathing',
    'fall',
    'cannot_escape',
    'water_rescue',
    'fire_people',
    'breathing'
]);
export const JOKE_REACH = 12;

/** Words that own up to a joke or a message sent to the wrong chat. */
const CONFESSIONS = new Set(['mentira', 'chiste', 'broma', 'joda', 'jodita', 'cargada']);
const WRONG_CHAT = new Set(['chat', 'grupo']);

/**
 * Rule: a message that owns up to being a joke, a false alarm or meant for another chat ("se me cortó un dedo jaja no, mentira", "la
 * casa se incendia y yo sigo bailando, perdón grupo equivocado") tells no danger anywhere in it. Not "no es broma",
 * "no es joda", nor "mentira que vinieron" (disbelief, not a confession).
 */
export function confessesAJoke(tokens: readonly Word[]): boolean {
    return (
        isChainMessage(tokens) ||
        tokens.some((t, k) => {
            // "no es broma" denies the joke; "jaja no, mentira" (a break between) owns up to it
            const before = t.breakBefore ? [] : tokens.slice(Math.max(0, k - 2), k).map((b) => b.word);
            if (CONFESSIONS.has(t.word)) return !before.includes('no') && !(t.word === 'mentira' && tokens[k + 1]?.word === 'que');
            if (t.word === 'falsa' && tokens[k + 1]?.word === 'alarma') return ownsUpToAFalseAlarm(tokens, k);
            return WRONG_CHAT.has(t.word) && tokens[k + 1]?.word.startsWith('equivocad') === true;
        })
    );
}

/** Words before "falsa alarma" that deny it or set it in another time ("no es una", "pensé que era", "la otra vez fue"). */
const NOT_THIS_ALARM = new Set(['no', 'ni', 'pense', 'pensamos', 'crei', 'crean', 'creas', 'otra', 'pasada', 'ayer', 'antes', 'anterior', 'parece']);
/** Words after it that turn to what is happening now ("pero ahora sí, se incendia…"). */
const TURNS = new Set(['pero', 'aunque', 'ahora', 'igual', 'sino']);

/**
 * "era una falsa alarma, el humo era de una quema": what was reported was not happening. Not "no es una falsa alarma",
 * "pensé que era falsa alarma pero no", "la otra vez fue falsa alarma pero ahora sí": a denial or another time before
 * it (in its sentence, four words back), or a turn after it, and the danger told stays.
 */
function ownsUpToAFalseAlarm(tokens: readonly Word[], k: number): boolean {
    let from = k;
    while (from > 0 && k - from < 4 && !tokens[from].breakBefore) from--;
    if (tokens.slice(from, k).some((t) => NOT_THIS_ALARM.has(t.word))) return false;
    return !tokens.slice(k + 2).some((t) => TURNS.has(t.word));
}

/** Words that make what follows a subject of teaching, not an event: "una charla sobre incendios", "curso de rcp". */
const TEACHING = new Set([
    'capacitacion',
    'capacitaciones',
    'capacitar',
    'aprender',
    'aprendan',
    'ensenar',
    'ensenen',
    'ensenarnos',
    'curso',
    'cursos',
    'charla',
    'charlas',
    'taller',
    'talleres',
    'prevencion',
    'simulacro',
    'simulacros',
    'protocolo',
    'protocolos',
    'material',
    'folleto',
    'folletos'
]);

/** Rule: a danger named as what a talk, a course or a drill is about ("capacitación de RCP") happens to nobody now. */
export function taughtAbout(tokens: readonly Word[], hit: Hit): boolean {
    return tokens.slice(Math.max(0, hit.first - 4), hit.first).some((t) => TEACHING.has(t.word));
}

/** Words that name a warning of a hazard rather than the hazard: "alerta por incendios", "avisos de crecida". */
const WARNINGS = new Set(['alerta', 'alertas', 'aviso', 'avisos', 'pronostico', 'pronosticos', 'alarma', 'alarmas']);
/** What joins a warning to its hazard. */
const WARNING_JOINS = new Set(['de', 'por', 'para', 'contra', 'sobre']);

/**
 * Rule: "¿hay alerta por incendios en El Alto?", "anótenme para los avisos de crecida": the hazard names a kind of
 * warning, it tells of no fire or flood now.
 */
export function namesAWarning(tokens: readonly Word[], hit: Hit): boolean {
    if (hit.last - hit.first > 1) return false;
    const join = tokens[hit.first - 1];
    if (join === undefined || tokens[hit.first].breakBefore) return false;
    if (WARNINGS.has(join.word)) return true;
    return WARNING_JOINS.has(join.word) && !join.breakBefore && WARNINGS.has(tokens[hit.first - 2]?.word ?? '');
}

/** Verbs that ask to pass a message on. */
const FORWARD = /^(reenvi|reenbi|compart|difund|pasalo|pasenlo)/;
/** Whom a chain message is to be passed to. */
const CONTACTS = new Set(['contactos', 'grupos', 'todos', 'familia', 'amigos']);

/**
 * Rule: a chain message ("URGENTE!!! REENVIAR A TODOS TUS CONTACTOS: mañana hay un terremoto") asks to be passed on,
 * it reports no danger to a person: a verb of forwarding with its audience near.
 */
function isChainMessage(tokens: readonly Word[]): boolean {
    // "Reenviado 🚨URGENTE🚨 … compartan": asked twice to pass it on
    if (tokens.filter((t) => FORWARD.test(t.word)).length >= 2) return true;
    return tokens.some((t, k) => FORWARD.test(t.word) && tokens.slice(k + 1, k + 5).some((n) => CONTACTS.has(n.word)));
}

/** Weather that keeps people indoors without trapping anyone ("con este calor", "con el ventarrón y la tierra"). */
const DISCOMFORT = /^(calor|viento|ventarron|vientazo|tierral|polvo|polvareda|zonda|frio|helada|sol|resolana)$/;
/** What does trap people where they are: water, fire, smoke, mud, a collapse, snow. */
const TRAPPING =
    /^(agua|inund|crecid|crecient|rio$|fuego|humo|incendi|llama|quem|barro|aluvion|derrumb|escombro|nieve|nevada|cable|arbol|techo|tierra|piedra|gas$|olor)/;

/**
 * Rule: "este calor me va a matar, no se puede ni salir a la vereda", "q ventarrón, no se puede salir con la tierra": no
 * one, in general ("se puede"), can go out in that weather: a complaint about it, unless something that traps people is
 * named ("no se puede salir, el agua rodea la casa").
 */
export function weatherComplaint(tokens: readonly Word[], hit: Hit): boolean {
    if ((hit.signal.kind !== 'cannot_escape' && hit.signal.kind !== 'fall') || !tokens.slice(hit.first, hit.last + 1).some((t) => t.word === 'salir'))
        return false;
    const impersonal = tokens.slice(hit.first, hit.last + 1).some((t, j) => t.word === 'puede' && tokens[hit.first + j - 1]?.word === 'se');
    return impersonal && tokens.some((t) => DISCOMFORT.test(t.word)) && !tokens.some((t) => TRAPPING.test(t.word));
}
