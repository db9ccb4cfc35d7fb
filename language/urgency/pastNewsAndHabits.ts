import { clauseEnd, clauseStart } from './clauses';
import type { Hit } from './compiledWords';
import type { Word } from './patterns';

/** Kinds of an event that is over once it happened (a fall, a cut, a fire): told with "ayer" it is news. */
const PAST_KINDS = new Set([
    'fall',
    'bleeding_injury',
    'breathing',
    'not_breathing',
    'water_rescue',
    'fire_people',
    'medical',
    'trapped',
    'electrocution',
    'poisoning'
]);
/** Words that name a time already gone by themselves. */
const PAST_DAYS = new Set(['ayer', 'anteayer', 'antier', 'antenoche']);
/** "el año pasado", "la semana pasada", "la vez pasada". */
const PAST_UNITS = new Set([
    'ano',
    'anos',
    'mes',
    'meses',
    'semana',
    'semanas',
    'vez',
    'finde',
    'verano',
    'invierno',
    'otono',
    'primavera',
    'domingo',
    'sabado',
    'viernes',
    'jueves',
    'miercoles',
    'martes',
    'lunes'
]);
/** "hace dos días", "hace un mes": a span of days, not of hours. */
const LONG_SPANS = new Set(['dia', 'dias', 'semana', 'semanas', 'mes', 'meses', 'ano', 'anos', 'tiempo']);
/** Words that bring a past event into now ("ayer se cayó y todavía no se levanta", "desde ayer"). */
const STILL = new Set([
    'todavia',
    'aun',
    'sigue',
    'siguen',
    'seguimos',
    'sigo',
    'ahora',
    'desde',
    'hoy',
    'recien',
    'otra',
    'nuevo',
    'vuelve',
    'volvio',
    'pero'
]);

/**
 * Rule: an event told with a time already gone in its clause ("ayer se ahogó un chico en el dique", "me torcí el tobillo
 * el mes pasado") is news, unless the clause brings it into now ("todavía", "desde ayer", "sigue"). Only for events that
 * are over once they happen, and never for a state said with a negation ("no respira", "no aparece").
 */
export function isPastNews(tokens: readonly Word[], hit: Hit): boolean {
    if (!PAST_KINDS.has(hit.signal.kind) || hit.signal.negatable === false) return false;
    const from = clauseStart(tokens, hit.first),
        to = clauseEnd(tokens, hit.last);
    let past = false;
    for (let k = from; k < to; k++) {
        const w = tokens[k].word;
        if (STILL.has(w)) return false;
        if (PAST_DAYS.has(w) && tokens[k - 1]?.word !== 'desde') past = true;
        else if ((w === 'pasado' || w === 'pasada') && PAST_UNITS.has(tokens[k - 1]?.word ?? '')) past = true;
        else if (w === 'hace' && [1, 2].some((d) => LONG_SPANS.has(tokens[k + d]?.word ?? ''))) past = true;
        // Habit, not an event: "quema basura todos los días", "siempre se inunda", "cada verano".
        else if (
            w === 'siempre' ||
            (w === 'todos' && tokens[k + 1]?.word === 'los' && LONG_SPANS.has(tokens[k + 2]?.word ?? '')) ||
            (w === 'cada' && HABIT_UNITS.has(tokens[k + 1]?.word ?? '')) ||
            // "cada vez que llueve": each time, a habit ("cada vez peor" is not)
            (w === 'cada' && tokens[k + 1]?.word === 'vez' && ['que', 'q'].includes(tokens[k + 2]?.word ?? ''))
        )
            past = true;
    }
    return past;
}

/** "cada año", "cada verano": a habit ("cada vez" is not: "cada vez peor"). */
const HABIT_UNITS = new Set(['ano', 'verano', 'invierno', 'temporada', 'dia', 'semana', 'mes', 'lluvia', 'tormenta']);
