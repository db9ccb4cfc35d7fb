import { clauseStart } from './clauses';
import type { Hit } from './compiledWords';
import { findMatches, type Pattern, type Word } from './patterns';

/** Rule: the message says the danger is over and people are fine; a "pero" after it brings the danger back. */
export function resolvedAt(tokens: readonly Word[], patterns: readonly Pattern[]): number {
    let at = -1;
    for (const pattern of patterns) {
        for (const [first, last] of findMatches(pattern, tokens)) {
            // "no está bien", "no sé si está bien": a doubt, not a relief; "está bien mal": very bad (Argentine).
            if (
                DOUBTS.has(tokens[first - 1]?.word ?? '') ||
                // "nadie está a salvo", "ninguno está bien": nobody is
                (NOBODY.has(tokens[first - 2]?.word ?? '') && !tokens[first - 1].breakBefore && !tokens[first].breakBefore) ||
                (tokens[last + 1] !== undefined && !tokens[last + 1].breakBefore && WORSE.has(tokens[last + 1].word))
            )
                continue;
            at = Math.max(at, first);
        }
    }
    return at;
}

/**
 * The kinds of danger that are the state of a body: getting someone out or finding them does not end them ("ya lo
 * sacamos del pozo y no se mueve", "ya la rescataron, está inconsciente").
 */
export const BODILY_KINDS: ReadonlySet<string> = new Set([
    'not_breathing',
    'breathing',
    'bleeding_injury',
    'medical',
    'poisoning',
    'electrocution',
    'fall'
]);

/** Words before a resolution that make it a doubt. */
const DOUBTS = new Set(['no', 'si']);
/** Subjects that turn a resolution around: "nadie está bien". */
const NOBODY = new Set(['nadie', 'ninguno', 'ninguna']);
/** Words after "está bien" that make it "very" ("está bien mal", "bien grave"). */
const WORSE = new Set([
    'mal',
    'grave',
    'feo',
    'jodido',
    'jodida',
    'complicado',
    'complicada',
    'golpeado',
    'golpeada',
    'lastimado',
    'lastimada',
    'herido',
    'herida',
    'hinchado',
    'hinchada',
    'caliente',
    'morado',
    'morada',
    'palido',
    'palida',
    'dormido',
    'dormida',
    'quieto',
    'quieta',
    'frio',
    'fria',
    'muerto',
    'muerta',
    'flotando',
    'tirado',
    'tirada',
    'ahogado',
    'ahogada',
    'sin',
    'inconsciente',
    'desmayado',
    'desmayada',
    'herido',
    'herida',
    // "está bien adentro del pozo", "bien atrapado": deep in, caught fast
    'adentro',
    'abajo',
    'debajo',
    'hondo',
    'metido',
    'metida',
    'atrapado',
    'atrapada',
    'atrapados',
    'trabado',
    'trabada',
    'enterrado',
    'enterrada',
    'apretado',
    'apretada',
    'encerrado',
    'encerrada',
    'quemado',
    'quemada',
    'cortado',
    'cortada'
]);

/** How many words either side of a resolution ("estamos todos bien") it covers. */
const RESOLUTION_REACH = 30;
/** Words after which a danger is back despite a resolution. */
const REVIVERS = new Set(['sigue', 'siguen', 'ahora', 'todavia', 'aun', 'menos', 'corrijo', 'correccion']);

/**
 * Whether nothing after a resolution at `at` brings a danger back ("ya se despertó pero sigue sin reconocer a nadie"):
 * only then may a message with no danger's words be called fine.
 */
export function fineThroughout(tokens: readonly Word[], at: number): boolean {
    return at >= 0 && !tokens.slice(at).some((t) => REVIVERS.has(t.word) || EXCEPTIONS_AFTER.has(t.word));
}

/**
 * Words that bring a danger back only when they come after the resolution: "se cayó pero está bien" is over; "a nadie le
 * pasó nada, salvo a mi tío que sangra" is not.
 */
const EXCEPTIONS_AFTER = new Set(['pero', 'salvo', 'excepto']);

/** The resolution covers a signal in its own clause or before it, unless a "pero"/"sigue"/"salvo" comes between them. */
export function coveredByResolution(tokens: readonly Word[], hit: Hit, resolved: number): boolean {
    if (resolved < 0) return false;
    // Scope: a resolution speaks of what is near it, not of the whole message.
    if (Math.abs(resolved - hit.first) > RESOLUTION_REACH) return false;
    const from = Math.min(resolved, hit.first),
        to = Math.max(resolved, hit.first);
    // "ya salimos, pero mi abuela sigue adentro" / "está todo bien ... todavía no aparece": the danger comes back.
    return !tokens.slice(from, to + 1).some((t) => REVIVERS.has(t.word) || (EXCEPTIONS_AFTER.has(t.word) && resolved < hit.first));
}

/** The writer's own being or putting people inside: "estamos todos adentro", "los dejamos adentro del aula". */
const SPEAKER_INSIDE = new Set(['estamos', 'estoy', 'dejamos', 'deje', 'quede', 'metimos', 'meti', 'entramos', 'entre']);
/** How far before "adentro" the writer's verb may be: "ya metí a los chicos adentro". */
const SPEAKER_REACH = 5;
/** What "adentro de…" places someone in when it only says where: "adentro del barrio", "adentro del aula". */
const INSIDE_AN_AREA = new Set(['barrio', 'pueblo', 'ciudad', 'predio', 'terreno', 'campo', 'aula', 'country', 'manzana', 'complejo', 'club']);

/**
 * Rule: "adentro" makes a danger of people inside only when the writer is not the one saying they are in: "estamos
 * todos adentro", "los chicos están adentro conmigo", "los dejamos adentro del aula" tell where people are safe; "casas
 * sin agua adentro" denies it; "adentro del barrio" only says where. "Mi abuela está adentro", "hay chicos adentro"
 * stay urgent.
 */
export function safeInside(tokens: readonly Word[], hit: Hit): boolean {
    if (!saysInside(tokens, hit)) return false;
    const from = clauseStart(tokens, hit.first);
    const before = tokens.slice(Math.max(from, hit.first - SPEAKER_REACH), hit.first).map((t) => t.word);
    if (before.some((w) => SPEAKER_INSIDE.has(w)) || before.slice(-2).includes('sin')) return true;
    const after = tokens.slice(hit.last + 1, hit.last + 3).filter((t) => !t.breakBefore);
    if (after[0]?.word === 'conmigo') return true;
    return (after[0]?.word === 'del' || after[0]?.word === 'de') && INSIDE_AN_AREA.has(tokens[hit.last + 2]?.word ?? '');
}

/** Verbs people ask whether they may do inside ("dormir adentro", "entrar adentro", "quedarnos dentro"). */
const STAYING = /^(dormir|entrar|quedar|quedarse|quedarnos|estar|vivir|volver|meter|meterse|meternos|pasar)$/;

/**
 * Rule: "¿es seguro dormir adentro?", "se puede entrar adentro?": inside after a verb of staying, not conjugated, asks
 * whether one may be there; it says nobody is inside now.
 */
export function whetherToStayInside(tokens: readonly Word[], hit: Hit): boolean {
    if (!saysInside(tokens, hit)) return false;
    const before = tokens[hit.first - 1];
    return before !== undefined && !tokens[hit.first].breakBefore && STAYING.test(before.word);
}

/** Verbs of what would come in, denied right after "adentro": "adentro de la casa no entró". */
const COMES_IN = new Set(['entro', 'entra', 'entraba', 'hay', 'habia', 'paso', 'llego', 'llega']);
/** How far after "adentro" its denial may come. */
const INSIDE_DENIAL_REACH = 5;

/**
 * Rule: "se moja todo adentro", "adentro de la casa no entró": inside said of things, or of what did not come in, puts
 * nobody inside in danger.
 */
export function nothingInside(tokens: readonly Word[], hit: Hit): boolean {
    if (!saysInside(tokens, hit)) return false;
    if (['todo', 'nada', 'algo'].includes(tokens[hit.first - 1]?.word ?? '')) return true;
    for (let k = hit.last + 1; k < Math.min(tokens.length, hit.last + INSIDE_DENIAL_REACH); k++)
        if (tokens[k].word === 'no' && COMES_IN.has(tokens[k + 1]?.word ?? '')) return true;
    return false;
}

/** Whether the signal is "adentro" / "dentro", the word the rules above read in context. */
function saysInside(tokens: readonly Word[], hit: Hit): boolean {
    const word = tokens[hit.first].word;
    return word === 'adentro' || word === 'dentro';
}
