import { clauseEnd, clauseStart, sentenceEndsBefore } from './clauses';
import type { Compiled, Hit } from './compiledWords';
import { is, type Word } from './patterns';

/** Verbs of a weather or a habit after "cuando" ("cuando hay zonda", "cuando llueve"): a habit, not an event. */
const HABIT_NEXT = new Set([
    'hay',
    'llueve',
    'tiembla',
    'crece',
    'nieva',
    'sopla',
    'corre',
    'viene',
    'baja',
    'graniza',
    'hace',
    'llega',
    'truena',
    'empieza'
]);
/** Words of a story told or seen ("la película", "soñé que"): what happens in it happens to no one now. */
const STORIES = new Set([
    'pelicula',
    'serie',
    'novela',
    'documental',
    'sone',
    'sueno',
    'pesadilla',
    'simulacro',
    'simulacion',
    'cuento',
    'noticiero',
    'noticia',
    'noticias'
]);

/** Words before "sueño" that make it sleepiness, not a dream: "tiene mucho sueño", "le da sueño". */
const SLEEPY_BEFORE = new Set(['tiene', 'tengo', 'tienen', 'mucho', 'muchisimo', 're', 'con', 'da', 'dio', 'agarro']);

/** "tiene mucho sueño" after a blow to the head is a symptom; "soñé", "un sueño" is a story. */
function sleepy(tokens: readonly Word[], k: number): boolean {
    return tokens[k].word === 'sueno' && SLEEPY_BEFORE.has(tokens[k - 1]?.word ?? '');
}

/** Rule: a hypothesis or question ("qué hago si se inunda"): "si" after a lead word (hago, pasa, caso) before the signal in its clause. */
export function isHypothetical(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    const from = clauseStart(tokens, hit.first);
    const end = clauseEnd(tokens, hit.last);
    // A story ("la película de anoche era de un incendio") or a habit, told before the signal or after it in its clause
    // ("cuando hay zonda me agarra asma", "entra agua por ahí cuando llueve").
    for (let k = Math.max(0, from - 8); k < end; k++) {
        if (STORIES.has(tokens[k].word) && !sleepy(tokens, k)) return true;
        const habitHere = k < hit.first || (k > hit.last && k + 1 < end);
        if (habitHere && tokens[k].word === 'cuando' && HABIT_NEXT.has(tokens[k + 1]?.word ?? '')) return true;
    }
    // "en caso de incendio", "en caso de que se corte": a case, not an event.
    for (let k = hit.first - 1; k >= Math.max(1, from); k--) if (tokens[k].word === 'caso' && tokens[k - 1].word === 'en') return true;
    for (let k = hit.first - 1; k >= Math.max(0, from - 8); k--) {
        // "bolsas de arena por si se inunda otra vez": in case, not now
        if (tokens[k].word === 'si' && tokens[k - 1]?.word === 'por' && !tokens[k].breakBefore) return true;
        if (tokens[k].word === 'si' || tokens[k].word === 'cuando') {
            for (let m = k - 1; m >= Math.max(0, k - 4); m--) if (is(tokens[m], c.conditionalLead)) return true;
        }
    }
    return false;
}

/** Words before a "si" that still leave it opening a condition ("y si se me cae el techo"). */
const CLAUSE_JOINS = new Set(['y', 'e', 'o', 'pero', 'ahora']);

/**
 * Rule: "si el río crece de noche y mi abuelo no puede salir, ¿a quién llamo?": a harm inside a condition ("si" opening
 * its clause), in a sentence that ends asking, is a case asked about. Not "no sé si respira" (doubt about now, which
 * is urgent) nor "sí, ..." (a yes): the "si" must open its clause and be followed by the condition's words.
 */
export function conditionAskedAbout(text: string, tokens: readonly Word[], hit: Hit, conditionOpened: readonly boolean[], c: Compiled): boolean {
    if (!conditionOpened[hit.first]) return false;
    const end = text.slice(tokens[hit.last].end).search(/[.!?\n]/);
    const asked = end >= 0 ? text[tokens[hit.last].end + end] === '?' : false;
    return asked || asksWhatToDoAfter(text, tokens, hit.last, c);
}

/** For each word, whether a "si" opening a clause comes before it in its sentence: "(y) si el río crece de noche…". */
export function conditionOpenings(text: string, tokens: readonly Word[]): boolean[] {
    const opened: boolean[] = [];
    let open = false;
    for (let k = 0; k < tokens.length; k++) {
        if (sentenceEndsBefore(text, tokens, k)) open = false;
        opened.push(open);
        const t = tokens[k];
        if (t.word === 'si' && tokens[k + 1] !== undefined && !tokens[k + 1].breakBefore && tokens[k + 1].word !== 'si')
            open ||=
                k === 0 ||
                t.breakBefore ||
                CLAUSE_JOINS.has(tokens[k - 1].word) ||
                (EVENT_AFTER_IF.has(tokens[k + 1].word) && !WHETHER_BEFORE.has(tokens[k - 1].word));
    }
    return opened;
}

/**
 * "y si se inunda la casa q hago con la heladera": a condition followed, in its sentence, by the question of what to do
 * asks, with or without a question mark.
 */
function asksWhatToDoAfter(text: string, tokens: readonly Word[], last: number, c: Compiled): boolean {
    // "qué hago", "a quién llamo", "dónde voy": urgencyWords.json `exactWords`
    for (let k = last + 1; k + 1 < tokens.length; k++) {
        if (sentenceEndsBefore(text, tokens, k)) return false;
        if (c.askingLeads.has(tokens[k].word) && c.whatOneDoes.has(tokens[k + 1].word)) return true;
    }
    return false;
}

/**
 * Rule: "¿hay incendio en algún lado?", "hay un incendio en el hospital?": a clause that asks whether there is a danger
 * does not tell of one. Only a clause opened by "hay" and closed by "?", so "se quema la casa, hay alguien?" still tells.
 */
export function askedWhetherThereIs(text: string, tokens: readonly Word[], hit: Hit): boolean {
    const start = clauseStart(tokens, hit.first);
    const opener = tokens[start].word === 'y' ? tokens[start + 1] : tokens[start];
    if (opener?.word !== 'hay' || opener.start > tokens[hit.first].start) return false;
    const last = tokens[clauseEnd(tokens, hit.last) - 1];
    return /^[^.!?\n]*\?/.test(text.slice(last.end));
}

export const CONDITIONAL_NEXT = new Set(['se', 'hay', 'mi', 'alguien', 'llueve', 'tiembla', 'crece', 'nieva', 'pasa', 'me', 'nos', 'viene', 'llega']);
/**
 * Words after a "si" in the middle of a sentence that make it a condition ("hay q bajar la llave si entra agua?"),
 * unless a word before it makes it "whether" ("no sé si respira", "fijate si se mueve"): a doubt about now is urgent.
 */
const EVENT_AFTER_IF = new Set([...CONDITIONAL_NEXT, 'entra', 'sube', 'cae', 'corta', 'empieza', 'sigue', 'vuelve']);
const WHETHER_BEFORE = new Set([
    'se',
    'sabe',
    'sabemos',
    'saben',
    'sabes',
    'sabia',
    'ver',
    'fijate',
    'fijese',
    'fijense',
    'mira',
    'mire',
    'pregunto',
    'averiguar',
    'saber'
]);

const QUESTION_WORDS = new Set([
    'numero',
    'cual',
    'como',
    'quien',
    'procedimiento',
    'recomendacion',
    'hacer',
    'debo',
    'debemos',
    'donde',
    'riesgo',
    'hora',
    'cuanto',
    'cuanta',
    'hubo',
    'tarda',
    'tardan',
    'demora',
    'demoran',
    'telefono',
    // "es verdad q hay gente muerta en tinogasta??": whether a rumour is true, not a danger seen
    'verdad',
    'cierto'
]);

/**
 * Question words a plea ends with ("no respira, ¿cómo hago?", "¿dónde lo llevo?", "sigue sin moverse, ¿cuánto les
 * falta?"): they ask about what follows them, the danger told before stays told.
 */
const PLEA_WORDS = new Set([
    'como',
    'donde',
    'quien',
    'cual',
    'hacer',
    'debo',
    'debemos',
    'cuanto',
    'cuanta',
    'tarda',
    'tardan',
    'demora',
    'demoran'
]);

/**
 * Rule, scoped: a question about what to do or whom to call ("¿a qué número llamo si se electrocuta alguien?") covers
 * the words between its "¿" and its "?" (or the end), and only when it holds a question word; "¿qué hago? mi hijo no
 * respira" still reads the part after the question. Linear: one pass over the text and the tokens.
 */
export function questionSpans(text: string, tokens: readonly Word[]): Array<[number, number]> {
    const spans: Array<[number, number]> = [];
    let at = text.indexOf('¿');
    while (at >= 0) {
        const close = text.indexOf('?', at);
        const end = close < 0 ? text.length : close;
        spans.push([at, end]);
        at = close < 0 ? -1 : text.indexOf('¿', close);
    }
    // A question typed without its "¿" ("cuánto tarda una ambulancia en llegar?"): its sentence.
    const opened: Array<[number, number]> = [];
    for (let close = text.indexOf('?'); close >= 0; close = text.indexOf('?', close + 1)) {
        if (spans.some(([from, to]) => close >= from && close <= to)) continue;
        let from = close - 1;
        while (from >= 0 && !/[.!?\n¿]/.test(text[from])) from--;
        opened.push([from + 1, close]);
    }
    if (spans.length === 0 && opened.length === 0) return spans;
    const asked = new Set<number>();
    let s = 0;
    for (const t of tokens) {
        while (s < spans.length && t.start >= spans[s][1]) s++;
        if (s < spans.length && t.start >= spans[s][0] && QUESTION_WORDS.has(t.word)) asked.add(s);
    }
    // Such a question covers its sentence ("hay incendio en el cerro, hay riesgo?"), but after a word of what to do only what
    // follows it: "mi hijo no respira como hago?" pleads.
    const openedAsked = opened.flatMap(([from, to]): Array<[number, number]> => {
        const words = tokens.filter((t) => t.start >= from && t.start < to && QUESTION_WORDS.has(t.word));
        if (words.length === 0) return [];
        return [[words.every((t) => PLEA_WORDS.has(t.word)) ? words[0].start : from, to]];
    });
    return [...spans.filter((_, i) => asked.has(i)), ...openedAsked];
}
