import { tokenize } from '../text/normalize';
import { annotate, compilePattern, compileWord, findMatches, is, Pattern, setKnownWords, Word, WordMatcher } from './patterns';
import { loadUrgencyWords, SignalEntry, UrgencyKind, UrgencyWords } from './urgencyWords';

/** The verdict on one message: urgent or not, why in an operator's words, and the words that say it. */
export interface UrgencyVerdict {
    urgent: boolean;
    kind?: UrgencyKind;
    /** In Spanish, for the operator: "persona atrapada", "no respira". */
    reason?: string;
    /** The span of the original text the verdict rests on. */
    evidence?: { start: number; end: number; text: string };
    /** When not urgent although a signal was seen: which canceller removed it. */
    cancelledBy?: string;
}

export interface UrgencyContext { answeringName?: boolean }

interface Hit { signal: SignalEntry; first: number; last: number }

interface Compiled {
    signals: Array<{ entry: SignalEntry; pattern: Pattern }>;
    person: WordMatcher;
    thing: WordMatcher;
    negation: WordMatcher;
    joke: WordMatcher;
    conditionalLead: WordMatcher;
    resolved: Pattern[];
    wildland: WordMatcher;
    figurative: WordMatcher;
}

function compile(words: UrgencyWords): Compiled {
    setKnownWords(words.classes.knownWords);
    return {
        wildland: compileWord(words.classes.wildland.join('|')),
        figurative: compileWord(words.classes.figurative.join('|')),
        signals: words.signals.map((entry) => ({ entry, pattern: compilePattern(entry.pattern) })),
        person: compileWord(words.classes.person.join('|')),
        thing: compileWord(words.classes.animalOrThing.join('|')),
        negation: compileWord(words.classes.negation.join('|')),
        joke: compileWord(words.classes.joke.join('|')),
        conditionalLead: compileWord(words.classes.conditionalLead.join('|')),
        resolved: words.resolved.map(compilePattern)
    };
}

let compiled: Compiled | undefined;
const data = (): Compiled => (compiled ??= compile(loadUrgencyWords()));

/** A clause is read at most this many words either side of a signal, so a message without punctuation stays linear. */
const CLAUSE_REACH = 20;
/** At most this many signals are weighed in one message (the first ones). */
const MAX_HITS = 64;

/** Index of the first token of the clause holding token `i` (at most CLAUSE_REACH back). */
function clauseStart(tokens: readonly Word[], i: number): number {
    let k = i;
    while (k > 0 && k > i - CLAUSE_REACH && !tokens[k].breakBefore) k--;
    return k;
}
/** Index just past the clause holding token `i` (at most CLAUSE_REACH on). */
function clauseEnd(tokens: readonly Word[], i: number): number {
    let k = i + 1;
    while (k < tokens.length && k <= i + CLAUSE_REACH && !tokens[k].breakBefore) k++;
    return k;
}

/** Words a negation may reach across before a signal: "no hay heridos", "nadie salió lastimado", "no hemos tenido heridos". */
const NEGATION_BRIDGE = new Set(['sea', 'estoy', 'tenemos', 'creo', 'que', 'haya', 'vi', 'vimos', 'estamos', 'estan', 'hay', 'hubo', 'habia', 'hemos', 'tenido', 'tuvimos', 'se', 'salio', 'resulto', 'quedo', 'esta', 'estan', 'un', 'una', 'ningun', 'fue', 'me', 'nos', 'le', 'lo', 'ha', 'hubieron', 'quedaron', 'hay', 'de', 'con', 'registran', 'registra', 'reportan', 'personas', 'gente']);

/** Rule: a negation ("no", "nadie", "sin") right before the signal, or across words like "hay", "salió" ("nadie salió herido"); "ninguno" right after. */
function isNegated(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (hit.signal.negatable === false || is(tokens[hit.first], c.negation)) return false;
    for (let k = hit.first + 1; k < hit.last; k++) if (tokens[k].word === 'no') return true;
    for (let k = hit.first - 1; k >= Math.max(0, hit.first - 5); k--) {
        if (tokens[k + 1].breakBefore) break;
        if (is(tokens[k], c.negation)) return true;
        if (!NEGATION_BRIDGE.has(tokens[k].word)) break;
    }
    const after = tokens[hit.last + 1];
    if (after === undefined || after.breakBefore) return false;
    if (['ninguno', 'ninguna', 'nadie', 'cero'].includes(after.word)) return true;
    const next = tokens[hit.last + 2];
    return after.word === 'no' && (next === undefined || next.breakBefore || ['hay', 'hubo', 'habia', 'entra', 'entro', 'llega', 'llego'].includes(next.word));
}

/** Rule: a hypothesis or question ("qué hago si se inunda"): "si" after a lead word (hago, pasa, caso) before the signal in its clause. */
function isHypothetical(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    const from = clauseStart(tokens, hit.first);
    for (let k = hit.first - 1; k >= Math.max(0, from - 8); k--) {
        if (tokens[k].word === 'si' || tokens[k].word === 'cuando') {
            for (let m = k - 1; m >= Math.max(0, k - 4); m--) if (is(tokens[m], c.conditionalLead)) return true;
        }
    }
    return false;
}

/** Kinds whose words are about people by themselves (a cry, a threat, a symptom): not cancelled by a thing nearby. */
const PEOPLE_FIRST_KINDS = new Set(['generic', 'violence', 'medical', 'missing', 'poisoning', 'cannot_escape', 'electrocution', 'water_rescue', 'bleeding_injury']);

/** Rule: only animals or things in the clause of a signal that needs a person. */
function onlyThings(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (hit.signal.aboutPeople || (!hit.signal.needsPerson && PEOPLE_FIRST_KINDS.has(hit.signal.kind))) return false;
    const from = clauseStart(tokens, hit.first), to = clauseEnd(tokens, hit.last);
    let thing = false;
    for (let k = from; k < to; k++) {
        if (k === hit.first || k === hit.last) continue;
        if (is(tokens[k], c.person)) return false;
        if (is(tokens[k], c.thing)) thing = true;
    }
    return thing;
}

/** Rule: at the name question, "Socorro" or "Auxilio" followed by a surname, or after "soy", "me llamo", "del", is a name. */
function isName(tokens: readonly Word[], hit: Hit, context: UrgencyContext): boolean {
    const word = tokens[hit.first].word;
    if (word !== 'socorro' && word !== 'auxilio' && word !== 'consuelo' && word !== 'amparo') return false;
    const before = tokens[hit.first - 1]?.word;
    if (before !== undefined && ['soy', 'llamo', 'del', 'de', 'maria', 'virgen', 'villa', 'barrio', 'dona', 'senora'].includes(before) && !tokens[hit.first].breakBefore) return true;
    const after = tokens[hit.first + 1];
    const calls = ['vengan', 'ayuda', 'ayudenme', 'por', 'favor', 'urgente', 'auxilio', 'socorro', 'ya', 'me', 'nos', 'se', 'que', 'mi', 'hay', 'estoy', 'estamos', 'llanto', 'rapido', 'no'];
    if (after !== undefined && !after.breakBefore && !calls.includes(after.word)) return true;
    return context.answeringName === true && before !== undefined && ['soy', 'llamo'].includes(before);
}

/** Rule: the message says the danger is over and people are fine; a "pero" after it brings the danger back. */
function resolvedAt(tokens: readonly Word[], c: Compiled): number {
    let at = -1;
    for (const pattern of c.resolved) for (const [first] of findMatches(pattern, tokens)) if (tokens[first - 1]?.word !== 'no') at = Math.max(at, first);
    return at;
}

/** The resolution covers a signal in its own clause or before it, unless a "pero"/"sigue" comes between them. */
function coveredByResolution(tokens: readonly Word[], hit: Hit, resolved: number): boolean {
    if (resolved < 0) return false;
    const from = Math.max(Math.min(resolved, hit.first), hit.first - 4 * CLAUSE_REACH), to = Math.max(resolved, hit.first);
    if (resolved > hit.first) return true;
    return !tokens.slice(from, to).some((t) => t.word === 'pero' || t.word === 'sigue' || t.word === 'siguen' || t.word === 'ahora');
}

function requirementsMet(tokens: readonly Word[], hit: Hit, c: Compiled, facts: Facts): boolean {
    const signal = hit.signal;
    if (signal.needsPersonNear) {
        const from = clauseStart(tokens, hit.first), to = clauseEnd(tokens, hit.last);
        if (!tokens.slice(from, to).some((t) => is(t, c.person))) return false;
    }
    if (signal.needsWater && !facts.has('water', () => tokens.some((t) => /^(agua|rio|crecid|crecient|inund|arroyo|canal|correntada|aluvion)/.test(t.word)))) return false;
    return true;
}

/** Facts about the whole message, computed once and only when a rule asks (keeps a long message linear). */
class Facts {
    private readonly known = new Map<string, boolean>();
    has(name: string, compute: () => boolean): boolean {
        let value = this.known.get(name);
        if (value === undefined) this.known.set(name, (value = compute()));
        return value;
    }
}

/** Rule: fire in the hills, a field or the scrub, far from houses, is not a fire with people. */
function isWildland(tokens: readonly Word[], hit: Hit, c: Compiled, facts: Facts): boolean {
    if (hit.signal.kind !== 'fire_people' || !facts.has('wildland', () => tokens.some((t) => is(t, c.wildland)))) return false;
    const far = tokens.some((t, k) => t.word.startsWith('lejo')
        || (t.word === 'no' && tokens.slice(k + 1, k + 4).some((n) => n.word === 'cerca' || n.word === 'llega' || n.word === 'casas')));
    const home = tokens.some((t) => /^(casa|casas|vivienda|rancho|pieza)$/.test(t.word));
    return far || !home;
}

/** Rule: "me muero de calor", "atrapado en el tránsito", "me va a matar de un disgusto": a figure of speech. */
function isFigurative(tokens: readonly Word[], hit: Hit, c: Compiled, facts: Facts): boolean {
    if (!['generic', 'violence', 'trapped', 'not_breathing', 'fall', 'cannot_escape'].includes(hit.signal.kind)) return false;
    const from = clauseStart(tokens, hit.first), to = clauseEnd(tokens, hit.last);
    for (let k = from; k < to; k++) if (is(tokens[k], c.figurative)) return true;
    return false;
}

/** Kinds whose words are used in jest ("me muero jaja", "atrapado en el tránsito jaja"); a symptom with a laugh is still read. */
const JOKE_KINDS = new Set(['generic', 'violence', 'trapped', 'not_breathing', 'fall', 'cannot_escape', 'water_rescue', 'fire_people']);
const CONDITIONAL_NEXT = new Set(['se', 'hay', 'mi', 'alguien', 'llueve', 'tiembla', 'crece', 'nieva', 'pasa', 'me', 'nos', 'viene', 'llega']);
const QUESTION_WORDS = new Set(['numero', 'cual', 'como', 'quien', 'procedimiento', 'recomendacion', 'hacer', 'debo', 'debemos', 'donde', 'riesgo', 'hora']);

/** Reads whether a message says a person is in danger now. Linear in the message's length. */
export function readUrgency(text: string, context: UrgencyContext = {}): UrgencyVerdict {
    const c = data();
    const tokens = annotate(tokenize(text.length > 4096 ? text.slice(0, 4096) : text));
    const hits: Hit[] = [];
    for (const { entry, pattern } of c.signals) for (const [first, last] of findMatches(pattern, tokens)) hits.push({ signal: entry, first, last });
    if (hits.length === 0) return { urgent: false };
    hits.sort((a, b) => a.first - b.first);
    const facts = new Facts();
    const joking = tokens.some((t) => is(t, c.joke)) && !tokens.some((t, k) => t.word === 'en' && tokens[k + 1]?.word === 'serio');
    const resolved = resolvedAt(tokens, c);
    // Rule: a question about what to do or whom to call ("¿a qué número llamo si...?", "consulta: ...") reports no danger now.
    const asking = tokens.slice(0, 5).some((t) => t.word === 'consulta' || t.word === 'pregunta') || (tokens[0]?.word === 'si' && tokens[1] !== undefined && !tokens[1].breakBefore && CONDITIONAL_NEXT.has(tokens[1].word))
        || (text.includes('¿') && tokens.some((t) => QUESTION_WORDS.has(t.word)));
    let cancelledBy: string | undefined;
    for (const hit of hits.slice(0, MAX_HITS)) {
        const why = asking ? 'una pregunta' : isFigurative(tokens, hit, c, facts) ? 'figurado' : isWildland(tokens, hit, c, facts) ? 'fuego lejos de las casas' : isName(tokens, hit, context) ? 'un nombre' : isNegated(tokens, hit, c) ? 'negación' : isHypothetical(tokens, hit, c) ? 'hipótesis o pregunta'
            : onlyThings(tokens, hit, c) ? 'solo animales o cosas' : !requirementsMet(tokens, hit, c, facts) ? 'sin personas en riesgo'
                : joking && JOKE_KINDS.has(hit.signal.kind) ? 'broma' : coveredByResolution(tokens, hit, resolved) ? 'ya pasó, están bien' : undefined;
        if (why !== undefined) {
            cancelledBy ??= why;
            continue;
        }
        const start = tokens[hit.first].start, end = tokens[hit.last].end;
        return { urgent: true, kind: hit.signal.kind, reason: hit.signal.reason, evidence: { start, end, text: text.slice(start, end) } };
    }
    return { urgent: false, cancelledBy };
}
