import type { Compiled, Hit } from './compiledWords';
import { is, type Word } from './patterns';

/** Words a negation may reach across before a signal: "no hay heridos", "nadie salió lastimado", "no hemos tenido heridos". */
const NEGATION_BRIDGE = new Set([
    'sea',
    'es',
    'era',
    'estoy',
    'tenemos',
    'creo',
    'que',
    'haya',
    'vi',
    'vimos',
    'estamos',
    'estan',
    'hay',
    'hubo',
    'habia',
    'hemos',
    'tenido',
    'tuvimos',
    'se',
    'salio',
    'resulto',
    'quedo',
    'esta',
    'estan',
    'un',
    'una',
    'ningun',
    'fue',
    'me',
    'nos',
    'le',
    'lo',
    'ha',
    'hubieron',
    'quedaron',
    'hay',
    'de',
    'con',
    'registran',
    'registra',
    'reportan',
    'personas',
    'gente',
    'tiene',
    'tienen',
    'tenia'
]);

/** Rule: a negation ("no", "nadie", "sin") right before the signal, or across words like "hay", "salió" ("nadie salió herido"); "ninguno" right after. */
export function isNegated(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (hit.signal.negatable === false || is(tokens[hit.first], c.negation)) return false;
    for (let k = hit.first + 1; k < hit.last; k++) if (tokens[k].word === 'no') return true;
    // "nos quedamos sin agua": the supply is out, nobody is in the water
    if (hit.signal.kind === 'water_rescue') for (let k = hit.first + 1; k < hit.last; k++) if (tokens[k].word === 'sin') return true;
    for (let k = hit.first - 1; k >= Math.max(0, hit.first - 5); k--) {
        if (tokens[k + 1].breakBefore) break;
        if (is(tokens[k], c.negation)) return true;
        if (!NEGATION_BRIDGE.has(tokens[k].word)) break;
    }
    const after = tokens[hit.last + 1];
    if (after === undefined || after.breakBefore) return false;
    const next = tokens[hit.last + 2];
    // "heridos ninguno": none; but "se está convulsionando nadie sabe qué hacer": "nadie" begins what comes next
    if (['ninguno', 'ninguna', 'nadie', 'cero'].includes(after.word)) return next === undefined || next.breakBefore || !NADIE_LEADS.has(next.word);
    // "pariendo no hay como bajar": no way to do something is no negation of the danger
    if (next?.word === 'hay' && NO_WAY.has(tokens[hit.last + 3]?.word ?? '')) return false;
    return (
        after.word === 'no' &&
        (next === undefined || next.breakBefore || ['hay', 'hubo', 'habia', 'entra', 'entro', 'llega', 'llego'].includes(next.word))
    );
}

/** Words after "nadie" that make it the subject of what follows ("nadie sabe", "nadie nos ayuda"), not a "none" of the danger before it. */
const NADIE_LEADS = new Set([
    'sabe',
    'sabia',
    'hace',
    'hizo',
    'viene',
    'vino',
    'ayuda',
    'atiende',
    'contesta',
    'responde',
    'puede',
    'pudo',
    'quiere',
    'llama',
    'se',
    'nos',
    'me',
    'le',
    'les',
    'lo',
    'la',
    'va',
    'fue',
    'tiene',
    've',
    'vio',
    'escucha',
    'oye',
    'anda'
]);

/** Words after "no hay" that say there is no way to do something ("no hay cómo bajar", "no hay forma de salir"). */
const NO_WAY = new Set(['como', 'forma', 'manera', 'modo', 'quien', 'donde', 'camino', 'paso']);
