import { readPlace } from '../places';
import { tokenize } from '../text/normalize';
import { knownVocabulary, wordsOfEntries } from '../knownVocabulary';
import {
    annotate,
    compilePattern,
    compileWord,
    defineWordClasses,
    findMatches,
    is,
    matchFrom,
    Pattern,
    sound,
    setKnownWords,
    Word,
    WordMatcher
} from './patterns';
import { loadRealWords } from './realWords';
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
    /** Urgent by the statistical model (language/urgency/urgencyModel.ts), not by a rule. */
    byModel?: boolean;
}

export interface UrgencyContext {
    answeringName?: boolean;
    /** The message answers one of the line's questions or follows up a case: not the conversation's first message. */
    afterTheOpening?: boolean;
}

interface Hit {
    signal: SignalEntry;
    first: number;
    last: number;
    order?: number;
}

interface Compiled {
    signals: Array<{ entry: SignalEntry; pattern: Pattern }>;
    /** The signals by the id of their first word: a token is tried only against the signals it can start. */
    signalsByFirst: Map<number, Array<{ entry: SignalEntry; pattern: Pattern; order: number }>>;
    person: WordMatcher;
    thing: WordMatcher;
    negation: WordMatcher;
    joke: WordMatcher;
    conditionalLead: WordMatcher;
    resolved: Pattern[];
    /** Someone got out or found: covers the danger around them, not the state of their body. */
    rescued: Pattern[];
    /** Terms of the trade that hold a cry's word and mean no cry ("primeros auxilios", "salida de emergencia"). */
    terms: Pattern[];
    wildland: WordMatcher;
    figurative: WordMatcher;
    /** Verbs an animal, a machine or a person does to someone ("lo corneó", "lo aplastó"): @agent_harm. */
    agentHarm: WordMatcher;
    /** Animals (@animal): who can go missing besides a person. */
    animal: WordMatcher;
    /** The word classes of "le": what a clitic naming a victim is read as. */
    receiverIds: ReadonlySet<number>;
}

/** The other readers' lists whose words are never an urgency keyword's typo (see knownVocabulary). */
const OTHER_READERS = ['intentWords.json', 'typeWords.json', 'answerWords.json', 'peopleWords.json'];

/** Every whole word an urgency pattern or class names (prefixes apart). */
function patternWords(words: UrgencyWords): Set<string> {
    return wordsOfEntries([
        ...words.signals.map((s) => s.pattern),
        ...Object.values(words.classes).flat(),
        ...Object.values(words.wordClasses ?? {}).flat(),
        ...words.resolved,
        ...words.rescued
    ]);
}

function compile(words: UrgencyWords): Compiled {
    setKnownWords([...words.classes.knownWords, ...knownVocabulary(OTHER_READERS, patternWords(words)), ...loadRealWords()]);
    defineWordClasses({ person: words.classes.person, thing: words.classes.animalOrThing, ...(words.wordClasses ?? {}) });
    const signals = words.signals.map((entry, order) => ({ entry, pattern: compilePattern(entry.pattern), order }));
    const signalsByFirst = new Map<number, Array<{ entry: SignalEntry; pattern: Pattern; order: number }>>();
    for (const signal of signals) {
        const id = signal.pattern.steps[0].matcher.id;
        const list = signalsByFirst.get(id);
        if (list) list.push(signal);
        else signalsByFirst.set(id, [signal]);
    }
    const result: Compiled = {
        signalsByFirst,
        wildland: compileWord(words.classes.wildland.join('|')),
        figurative: compileWord(words.classes.figurative.join('|')),
        signals,
        person: compileWord(words.classes.person.join('|')),
        thing: compileWord(words.classes.animalOrThing.join('|')),
        negation: compileWord(words.classes.negation.join('|')),
        joke: compileWord(words.classes.joke.join('|')),
        conditionalLead: compileWord(words.classes.conditionalLead.join('|')),
        resolved: words.resolved.map(compilePattern),
        rescued: words.rescued.map(compilePattern),
        terms: words.terms.map(compilePattern),
        agentHarm: compileWord(words.wordClasses?.agent_harm !== undefined ? '@agent_harm' : 'agent_harm_none'),
        animal: compileWord(words.wordClasses?.animal !== undefined ? '@animal' : 'animal_none'),
        receiverIds: annotate(tokenize('le'))[0].ids
    };
    return result;
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

/**
 * The reasons the rules give for setting a danger's words aside because of how they were meant, not of who is there:
 * the statistical reader may not overrule these (see index.ts).
 */
export const NOT_MEANT = {
    question: 'una pregunta',
    figure: 'figurado',
    negation: 'negación',
    hypothesis: 'hipótesis o pregunta',
    joke: 'broma',
    request: 'un pedido',
    safeInside: 'adentro y a salvo',
    warning: 'nombra una alerta'
} as const;

/** Pronouns that say a person is concerned but not who: they count as a person, never as the subject that decides. */
const WEAK_PERSON = new Set(['le', 'les', 'nos', 'me', 'se', 'lo', 'la']);
/** Pronouns that, before a verb of harm, name the person who receives it ("le cayó", "se les vino encima"). */
const RECEIVER = new Set(['le', 'les', 'nos', 'me']);
/** Verbs whose person is a human speaker or a group of people ("estamos", "quedamos", "estoy", "quedaron adentro"). */
const PERSON_VERBS = new Set(['estoy', 'tengo', 'siento', 'quede', 'quedamos', 'somos', 'tenemos', 'podemos', 'puedo', 'sigo', 'seguimos']);
/** Verbs of the speaker: they say who writes, not who is in danger, so they never rescue a signal from a thing subject. */
const SPEAKER_WORDS = new Set(['estoy', 'estamos', 'toy', 'tengo', 'siento']);

/** A person named by a noun, a pronoun or a verb in the first person plural ("estamos", "salimos", "quedamos"). */
function isPerson(token: Word | undefined, c: Compiled): boolean {
    if (token === undefined || FUNCTION_WORDS.has(token.word)) return false;
    if (is(token, c.person) || PERSON_VERBS.has(token.word)) return true;
    const w = token.word;
    return w.length >= 6 && (w.endsWith('amos') || w.endsWith('emos') || w.endsWith('imos'));
}

/** A person after "de"/"del" ("el perro de mi vieja", "el techo del vecino") owns the thing: not the one in danger. */
function isPossessor(tokens: readonly Word[], k: number): boolean {
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
function isReporter(tokens: readonly Word[], k: number): boolean {
    return [1, 2].some((d) => tokens[k + d] !== undefined && TELLING.has(tokens[k + d].word));
}

/** Function words a squeezed key confuses with a thing ("pero" is "perro" with one r). */
const FUNCTION_WORDS = new Set(['pero', 'para', 'por', 'con', 'que', 'como', 'cuando', 'donde', 'mas']);

/** An animal or a thing ("perro", "poste", "camioneta"), never a function word. */
function isThing(token: Word | undefined, c: Compiled): boolean {
    return token !== undefined && is(token, c.thing) && !FUNCTION_WORDS.has(token.word);
}

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
function subjectIsThing(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
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
function isNegated(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
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

/** Rule: a hypothesis or question ("qué hago si se inunda"): "si" after a lead word (hago, pasa, caso) before the signal in its clause. */
function isHypothetical(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    const from = clauseStart(tokens, hit.first);
    // A story ("la película de anoche era de un incendio") or a habit ("cuando hay zonda me agarra asma").
    for (let k = Math.max(0, from - 8); k < clauseEnd(tokens, hit.last); k++) {
        if (STORIES.has(tokens[k].word)) return true;
        if (k < hit.first && tokens[k].word === 'cuando' && HABIT_NEXT.has(tokens[k + 1]?.word ?? '')) return true;
    }
    // "en caso de incendio", "en caso de que se corte": a case, not an event.
    for (let k = hit.first - 1; k >= Math.max(1, from); k--) if (tokens[k].word === 'caso' && tokens[k - 1].word === 'en') return true;
    for (let k = hit.first - 1; k >= Math.max(0, from - 8); k--) {
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
function conditionAskedAbout(text: string, tokens: readonly Word[], hit: Hit, conditionOpened: readonly boolean[]): boolean {
    if (!conditionOpened[hit.first]) return false;
    const end = text.slice(tokens[hit.last].end).search(/[.!?\n]/);
    const asked = end >= 0 ? text[tokens[hit.last].end + end] === '?' : false;
    return asked || asksWhatToDoAfter(text, tokens, hit.last);
}

/** Whether a sentence ends between word `k - 1` and word `k` (a full stop, "!", "?" or a new line between them). */
function sentenceEndsBefore(text: string, tokens: readonly Word[], k: number): boolean {
    return k > 0 && /[.!?\n]/.test(text.slice(tokens[k - 1].end, tokens[k].start));
}

/** For each word, whether a "si" opening a clause comes before it in its sentence: "(y) si el río crece de noche…". */
function conditionOpenings(text: string, tokens: readonly Word[]): boolean[] {
    const opened: boolean[] = [];
    let open = false;
    for (let k = 0; k < tokens.length; k++) {
        if (sentenceEndsBefore(text, tokens, k)) open = false;
        opened.push(open);
        const t = tokens[k];
        if (t.word === 'si' && tokens[k + 1] !== undefined && !tokens[k + 1].breakBefore && tokens[k + 1].word !== 'si')
            open ||= k === 0 || t.breakBefore || CLAUSE_JOINS.has(tokens[k - 1].word);
    }
    return opened;
}

/**
 * "y si se inunda la casa q hago con la heladera": a condition followed, in its sentence, by the question of what to do
 * asks, with or without a question mark.
 */
function asksWhatToDoAfter(text: string, tokens: readonly Word[], last: number): boolean {
    for (let k = last + 1; k + 1 < tokens.length; k++) {
        if (sentenceEndsBefore(text, tokens, k)) return false;
        if (ASKING_LEADS.has(tokens[k].word) && WHAT_ONE_DOES.has(tokens[k + 1].word)) return true;
    }
    return false;
}

/** "qué", "cómo", "a quién", "dónde": the words that open a question about what to do, in the words people write. */
const ASKING_LEADS = new Set(['que', 'q', 'k', 'como', 'quien', 'donde', 'adonde']);
/** What one asks to do: "qué hago", "a quién llamo", "dónde voy". */
const WHAT_ONE_DOES = new Set([
    'hago',
    'hacemos',
    'hacer',
    'llamo',
    'llamamos',
    'aviso',
    'avisamos',
    'voy',
    'vamos',
    'debo',
    'debemos',
    'tengo',
    'tenemos',
    'conviene',
    'recurro',
    'acudo'
]);

/**
 * Rule: "¿hay incendio en algún lado?", "hay un incendio en el hospital?": a clause that asks whether there is a danger
 * does not tell of one. Only a clause opened by "hay" and closed by "?", so "se quema la casa, hay alguien?" still tells.
 */
function askedWhetherThereIs(text: string, tokens: readonly Word[], hit: Hit): boolean {
    const start = clauseStart(tokens, hit.first);
    const opener = tokens[start].word === 'y' ? tokens[start + 1] : tokens[start];
    if (opener?.word !== 'hay' || opener.start > tokens[hit.first].start) return false;
    const last = tokens[clauseEnd(tokens, hit.last) - 1];
    return /^[^.!?\n]*\?/.test(text.slice(last.end));
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

/** Words for a home: fire there is a home on fire. */
const HOMES = new Set(['casa', 'casas', 'vivienda', 'viviendas', 'rancho', 'ranchos', 'pieza', 'departamento', 'hogar']);

/** Rule: a fire said to reach homes in its clause ("las llamas ya tocan el alambrado de mi casa") is a home on fire now. */
function fireReachesHome(tokens: readonly Word[], hit: Hit): boolean {
    return (
        hit.signal.kind === 'fire_people' && tokens.slice(clauseStart(tokens, hit.first), clauseEnd(tokens, hit.last)).some((t) => HOMES.has(t.word))
    );
}

/** Rooms of a home: water coming into one comes where people live. */
const HOME_ROOMS = new Set([...HOMES, 'cocina', 'dormitorio', 'dormitorios', 'piezas', 'comedor', 'living', 'hogares']);
/** How far after the verb of water coming in the home it comes into is looked for ("entra barro por la ventana de la cocina"). */
const HOME_REACH = 6;

/**
 * Rule: water or mud coming into a home now is urgent whatever thing let it in ("se tapó el desagüe y entra agua a las
 * casas"): the thing before the verb is the cause, not who suffers it (the agency's decision, see the corpus README).
 * So is moving water taking a vehicle, whatever road or ford the clause names.
 */
function waterEntersHome(tokens: readonly Word[], hit: Hit): boolean {
    if (hit.signal.kind !== 'water_rescue') return false;
    // "la correntada ya mueve la camioneta": a vehicle in moving water is taken with whoever is in it
    if (WATER.has(tokens[hit.first].word) && VEHICLES.has(tokens[hit.last].word)) return true;
    if (!/^(entr|met)/.test(tokens[hit.first].word)) return false;
    const end = Math.min(clauseEnd(tokens, hit.last), hit.last + 1 + HOME_REACH);
    return tokens.slice(hit.first, end).some((t) => HOME_ROOMS.has(t.word));
}

/** Moving water, and the vehicles it carries off with people inside. */
const WATER = new Set(['agua', 'corriente', 'correntada', 'rio', 'crecida', 'creciente']);
const VEHICLES = new Set(['auto', 'camioneta', 'moto', 'vehiculo', 'camion', 'colectivo', 'combi']);

/** Words of the fire itself (not "adentro", which speaks of people inside). */
const FLAMES = /^(fuego|llama|incendi|quem|ardi|prendi)/;

const PLURAL_STATE = new Set(['estan', 'estaban', 'quedaron', 'siguen', 'seguimos', 'estamos', 'quedamos']);

/** How long a clause may be and still be only the person a report is about ("mi abuela.", "don Cacho."). */
const PERSON_CLAUSE = 4;

/**
 * Rule, two-clause report: "mi abuela. no se mueve", "don Cacho. se cayó del techo": a clause that only names a person,
 * right before the clause of a signal (whose own subject is not a thing), is who the signal speaks of.
 */
function personInClauseBefore(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    const start = clauseStart(tokens, hit.first);
    if (start === 0 || !tokens[start].breakBefore || tokens.slice(start, hit.first).some((t) => isThing(t, c))) return false;
    const from = clauseStart(tokens, start - 1);
    const clause = tokens.slice(from, start);
    return (
        clause.length <= PERSON_CLAUSE &&
        clause.some((t) => is(t, c.person) && !WEAK_PERSON.has(t.word) && !SPEAKER_WORDS.has(t.word)) &&
        !clause.some((t) => isThing(t, c) || INTRODUCTIONS.has(t.word))
    );
}
/** Words that say the people of a clause are fine ("el chofer está bien", "la gente afuera"). */
const SAFE_WORDS = new Set(['bien', 'afuera', 'salvo', 'salvos', 'ilesos', 'ileso', 'tranquilos', 'tranquilo', 'nadie']);

/** Rule: "hay humo negro en el departamento, hay gente": a short clause right after a signal that says people are there. */
function peopleInClauseAfter(tokens: readonly Word[], end: number, c: Compiled): boolean {
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

/** Rule: only animals or things in the clause of a signal that needs a person. */
function onlyThings(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (hit.signal.aboutPeople || (!hit.signal.needsPerson && PEOPLE_FIRST_KINDS.has(hit.signal.kind))) return false;
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
        if (isPerson(tokens[k], c) && (!isThing(tokens[k - 1], c) || RECEIVER.has(tokens[k].word))) return false;
        // "no lo pueden sacar del auto": after a signal whose pronoun is who is taken out, a thing after a preposition is
        // where from, not what
        const where = k > hit.last && isGoverned(tokens, k, c) && (hit.signal.needsPerson === true || holdsObjectPronoun(tokens, hit));
        if (isThing(tokens[k], c) && !where) thing = true;
    }
    return thing;
}

/**
 * Whether the harm plainly reaches a person whatever things its clause names: a pronoun inside the signal ("el agua ya
 * les entra a la camioneta") or a person leading the sentence (see `personLeadsSentence`).
 */
function harmReachesPerson(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    return (
        tokens.slice(hit.first + 1, hit.last).some((t) => RECEIVER.has(t.word)) ||
        personLeadsSentence(tokens, hit, c) ||
        thingActsOnSomeone(tokens, hit, c)
    );
}

/** Verbs of an animal or a thing acting on someone: "el caballo lo tiró", "la vaca la pateó", "el río lo arrastró". */
const ACTS_ON = new Set([
    'tiro',
    'pateo',
    'mordio',
    'corneo',
    'atropello',
    'arrastro',
    'aplasto',
    'revolco',
    'golpeo',
    'pico',
    'piso',
    'volteo',
    'lastimo',
    'hirio',
    'ataco',
    'agarro',
    'tapo',
    'apreto'
]);
/** How many words before the harm the animal or thing that acted may be. */
const ACTED_REACH = 8;

/**
 * Rule: "el caballo lo tiró y quedó inconsciente": an animal or a thing acted on someone named by a pronoun ("lo",
 * "la"), so the harm that follows is that person's, whatever the animal or thing.
 */
function thingActsOnSomeone(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    for (let k = hit.first - 1; k >= Math.max(0, hit.first - ACTED_REACH); k--)
        if (isThing(tokens[k], c) && OBJECT_PRONOUNS.has(tokens[k + 1]?.word ?? '') && ACTS_ON.has(tokens[k + 2]?.word ?? ''))
            // "al perro lo atropelló un auto": the animal marked by "a" is who the pronoun stands for
            return tokens[k - 1]?.word !== 'al' && tokens[k - 2]?.word !== 'a';
    return false;
}

/** How far back, within one sentence, the person a dropped subject speaks of is looked for. */
const SENTENCE_REACH = 20;
/** Harms said with the subject dropped after "y": the subject is the sentence's first ("mi abuela se cayó … y no se puede levantar"). */
const CARRIED_SUBJECT_KINDS: ReadonlySet<UrgencyKind> = new Set<UrgencyKind>(['fall', 'cannot_escape', 'trapped', 'medical', 'bleeding_injury']);

/**
 * Rule: "mi abuela se cayó cuando se cortó la luz por el viento y no se puede levantar": the harm comes after "y" with
 * its subject dropped, and the sentence began with a person (not one who only tells of it): the harm is hers, whatever
 * things were named between.
 */
function personLeadsSentence(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (!CARRIED_SUBJECT_KINDS.has(hit.signal.kind)) return false;
    const lead = tokens.slice(Math.max(0, hit.first - 3), hit.first).map((t) => t.word);
    if (!lead.includes('y')) return false;
    for (let k = hit.first - 1; k >= Math.max(0, hit.first - SENTENCE_REACH); k--) {
        if (isThing(tokens[k], c)) continue;
        if (
            isPerson(tokens[k], c) &&
            !WEAK_PERSON.has(tokens[k].word) &&
            !SPEAKER_WORDS.has(tokens[k].word) &&
            !isPossessor(tokens, k) &&
            !isReporter(tokens, k)
        ) {
            // the first noun of the sentence: nothing but the start or a greeting before it
            return !tokens.slice(Math.max(0, k - 6), k).some((t) => isThing(t, c));
        }
    }
    return false;
}

/** Whether a signal's words hold who it acts on as a pronoun: "no lo podemos sacar", "no pueden sacarla". */
function holdsObjectPronoun(tokens: readonly Word[], hit: Hit): boolean {
    return tokens.slice(hit.first, hit.last + 1).some((t) => OBJECT_PRONOUNS.has(t.word) || /^[a-z]+(ar|er|ir)(lo|la|los|las)$/.test(t.word));
}

/** Object pronouns, which stand for whatever the clause named: a person or an animal. */
const OBJECT_PRONOUNS = new Set(['lo', 'la', 'los', 'las']);

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
const DETERMINERS = new Set(['el', 'la', 'los', 'las', 'un', 'una', 'unos', 'unas', 'mi', 'mis', 'su', 'sus', 'tu', 'este', 'esta', 'ese', 'esa']);

/**
 * Rule: a thing after the harm and after a preposition ("apretado entre el tractor y la pared", "atrapado bajo el
 * techo") is where or with what the harm happens, not who suffers it; so is a thing joined to one by "y"/"o".
 */
function isGoverned(tokens: readonly Word[], k: number, c: Compiled): boolean {
    let j = k - 1;
    while (j >= 0 && DETERMINERS.has(tokens[j].word) && !tokens[j + 1].breakBefore) j--;
    if (j < 0 || tokens[j + 1].breakBefore) return false;
    if (PLACE_PREPOSITIONS.has(tokens[j].word)) return true;
    if ((tokens[j].word === 'y' || tokens[j].word === 'o') && j > 0 && isThing(tokens[j - 1], c)) return isGoverned(tokens, j - 1, c);
    return false;
}

/** Rule: at the name question, "Socorro" or "Auxilio" followed by a surname, or after "soy", "me llamo", "del", is a name. */
function isName(tokens: readonly Word[], hit: Hit, context: UrgencyContext): boolean {
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

/** Rule: the message says the danger is over and people are fine; a "pero" after it brings the danger back. */
function resolvedAt(tokens: readonly Word[], patterns: readonly Pattern[]): number {
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
const BODILY_KINDS: ReadonlySet<string> = new Set(['not_breathing', 'breathing', 'bleeding_injury', 'medical', 'poisoning', 'electrocution', 'fall']);

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
const REVIVERS = new Set(['pero', 'sigue', 'siguen', 'ahora', 'todavia', 'aun', 'menos', 'corrijo', 'correccion']);

/** The resolution covers a signal in its own clause or before it, unless a "pero"/"sigue" comes between them. */
function coveredByResolution(tokens: readonly Word[], hit: Hit, resolved: number): boolean {
    if (resolved < 0) return false;
    // Scope: a resolution speaks of what is near it, not of the whole message.
    if (Math.abs(resolved - hit.first) > RESOLUTION_REACH) return false;
    const from = Math.min(resolved, hit.first),
        to = Math.max(resolved, hit.first);
    // "ya salimos, pero mi abuela sigue adentro" / "está todo bien ... todavía no aparece": the danger comes back.
    // A "pero" before the resolution introduces it ("se cayó pero está bien"); after it, it brings the danger back.
    return !tokens.slice(from, to + 1).some((t) => REVIVERS.has(t.word) && (t.word !== 'pero' || resolved < hit.first));
}

function requirementsMet(tokens: readonly Word[], hit: Hit, c: Compiled, facts: Facts): boolean {
    const signal = hit.signal;
    if (signal.needsPersonNear) {
        const from = clauseStart(tokens, hit.first),
            to = clauseEnd(tokens, hit.last);
        if (
            !tokens.slice(from, to).some((t) => isPerson(t, c)) &&
            tokens[hit.first - 1]?.word !== 'me' &&
            !tokens.slice(hit.first, hit.last + 1).some((t) => t.word === 'me') &&
            !impliedPerson(tokens, hit, from, to, c) &&
            !personInClauseBefore(tokens, hit, c) &&
            !peopleInClauseAfter(tokens, to, c) &&
            !(signal.kind === 'missing' && personEarlier(tokens, from, c))
        )
            return false;
    }
    if (
        signal.needsHazard &&
        !(signal.kind === 'missing' && facts.has('exposure', () => tokens.some((t) => EXPOSURE.test(t.word)))) &&
        !facts.has('hazard', () =>
            tokens.some((t) =>
                /^(fuego|humo|incendi|llama|quem|agua|inund|derrumb|gas|explo|crecid|crecient|barro|aluvion|emojifuego|rio$|correntad|arroyo|evacu|temporal|alud|temblor|terremoto|sismo|desbord|nev|nieve|ventisca|avalancha|tormenta|zonda|granizo)/.test(
                    t.word
                )
            )
        )
    )
        return false;
    if (
        signal.needsWater &&
        !facts.has('water', () =>
            tokens.some((t) =>
                /^(agua|rio|crecid|crecient|inund|arroyo|canal|correntada|corriente|aluvion|acequia|represa|dique|vado|baden|barro|cloaca|desague)/.test(
                    t.word
                )
            )
        )
    )
        return false;
    return true;
}

/**
 * What makes someone missing a danger besides a hazard: night, cold, the hills, hours gone, a mind that loses its way
 * ("falta mi abuelo desde la tarde, tiene alzheimer").
 */
const EXPOSURE = /^(noche|oscur|frio|helad|alzheimer|demencia|autis|desorient|horas|temperatura|cerro|monte|quebrada)/;

/** How far back a person named earlier is who "no vuelve", "no contesta" speaks of. */
const MISSING_REACH = 16;
/** Rule: "el chico se fue con las cabras al cerro y se vino el temporal, no vuelve": the one missing was named before. */
function personEarlier(tokens: readonly Word[], from: number, c: Compiled): boolean {
    for (let k = from - 1; k >= Math.max(0, from - MISSING_REACH); k--) {
        const t = tokens[k];
        if (isPerson(t, c) && !WEAK_PERSON.has(t.word) && !SPEAKER_WORDS.has(t.word) && !isPossessor(tokens, k) && !isReporter(tokens, k))
            return true;
    }
    return false;
}

/** Verbs of a state or a fall said of someone not named ("está agonizando", "se cayó por el barranco"). */
const DROPPED_SUBJECT = new Set(['esta', 'estan', 'sigue', 'siguen', 'quedo', 'quedaron', 'anda', 'se']);
/** Words between such a verb and the state ("está muy grave", "sigue re mal"). */
const INTENSIFIERS = new Set(['muy', 're', 'bien', 'bastante', 'todo', 'toda', 'medio', 'media', 'ya', 'como']);

/**
 * Rule, dropped subject: Spanish leaves the person out ("está agonizando", "se cayó por el barranco"): a verb of state
 * or "se" right before the signal, with no animal or thing anywhere in its clause, speaks of a person.
 */
function impliedPerson(tokens: readonly Word[], hit: Hit, from: number, to: number, c: Compiled): boolean {
    let k = hit.first - 1;
    while (k > from && INTENSIFIERS.has(tokens[k].word)) k--;
    const before = tokens[k];
    if (before === undefined || k < from || !DROPPED_SUBJECT.has(before.word)) return false;
    // "se cayó el sistema del banco": the subject follows the verb, and it is no person.
    if (before.word === 'se' && tokens.slice(hit.first + 1, hit.last + 1).some((t) => DETERMINERS.has(t.word))) return false;
    for (let m = from; m < to; m++) if (isThing(tokens[m], c) && !isGoverned(tokens, m, c)) return false;
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

const WILDLAND_REACH = 12;
/** How far from the fire a "lejos" may sit and still speak of it ("el fuego ... ya pasó el alambrado, está lejos"). */
const FAR_REACH = 16;

/** Rule: fire in the hills, a field or the scrub, far from houses, is not a fire with people. */
function isWildland(tokens: readonly Word[], hit: Hit, c: Compiled, facts: Facts): boolean {
    if (hit.signal.kind !== 'fire_people' || !facts.has('wildland', () => tokens.some((t) => is(t, c.wildland)))) return false;
    // a burn on someone's body ("un brigadista con quemaduras en las manos") is a person hurt, wherever the fire is
    if (tokens.slice(hit.first, hit.last + 1).some((t) => t.word.startsWith('quemadur')) || hit.signal.pattern.includes('@body')) return false;
    // Scope: the hills or the field are named near the fire ("el fuego sigue en el cerro"), not anywhere in the message.
    const from = Math.max(0, hit.first - WILDLAND_REACH),
        to = Math.min(tokens.length, hit.last + WILDLAND_REACH + 1);
    if (!tokens.slice(from, to).some((t) => is(t, c.wildland))) return false;
    // Scope: "lejos" speaks of the fire near it ("estamos lejos del pueblo, el fuego rodea la casa" is not far), and
    // "no tan lejos", "no está lejos" say the opposite.
    const farFrom = Math.max(0, hit.first - FAR_REACH),
        farTo = Math.min(tokens.length, hit.last + FAR_REACH + 1);
    const far = tokens.slice(farFrom, farTo).some((t, j) => {
        const k = farFrom + j;
        if (t.word.startsWith('lejo'))
            return (
                ![1, 2].some((d) => NEAR_DENIALS.has(tokens[k - d]?.word ?? '') || REMOTE_SPEAKER.has(tokens[k - d]?.word ?? '')) &&
                !(tokens[k + 1]?.word === 'no' && NEAR_STATES.has(tokens[k + 2]?.word ?? ''))
            );
        return t.word === 'no' && tokens.slice(k + 1, k + 4).some((n) => n.word === 'cerca' || n.word === 'llega' || n.word === 'casas');
    });
    // "el fuego está lejos de las casas pero mi hermano está en el monte": someone out where the fire is
    if (personOutInTheFire(tokens, c)) return false;
    if (far) return true;
    // a "puesto" is where a family of the hills lives
    const home = tokens.some((t) => /^(casa|casas|vivienda|rancho|pieza|puesto)$/.test(t.word));
    return !home;
}

/** How far after a person the hills or the field they are in may be named ("mi hermano está en el monte"). */
const OUT_THERE_REACH = 5;

/** Verbs that put someone somewhere ("está en el monte", "fue al campo", "se quedó en el cerro"). */
const BEING_THERE = new Set([
    'esta',
    'estan',
    'estaba',
    'estaban',
    'fue',
    'fueron',
    'anda',
    'andan',
    'sigue',
    'siguen',
    'quedo',
    'quedaron',
    'salio',
    'salieron',
    'subio',
    'subieron',
    'trabaja',
    'trabajan',
    'vive',
    'viven'
]);

/** Rule: someone other than the writer said to be in the hills, the field or the scrub where a fire is. */
function personOutInTheFire(tokens: readonly Word[], c: Compiled): boolean {
    return tokens.some((t, k) => {
        if (!isPerson(t, c) || WEAK_PERSON.has(t.word) || SPEAKER_WORDS.has(t.word) || PERSON_VERBS.has(t.word)) return false;
        let there = false;
        for (let j = k + 1; j < Math.min(tokens.length, k + 1 + OUT_THERE_REACH); j++) {
            if (tokens[j].breakBefore || NEAR_DENIALS.has(tokens[j].word)) return false;
            there ||= BEING_THERE.has(tokens[j].word);
            // "un vecino que quema los rastrojos": who burns the field is not said to be caught in it
            if (is(tokens[j], c.wildland)) return there;
        }
        return false;
    });
}

/** Words before "lejos" that make it the writer's remoteness, not the fire's distance ("estamos lejos de la ciudad"). */
const REMOTE_SPEAKER = new Set(['estamos', 'estoy', 'vivimos', 'vivo', 'quedamos', 'queda']);
/** Words before "lejos" that deny it ("no tan lejos", "no está lejos", "ni tan lejos"). */
const NEAR_DENIALS = new Set(['no', 'ni']);
/** "lejos no está", "lejos no queda": the same denial said after. */
const NEAR_STATES = new Set(['esta', 'es', 'queda', 'estan']);

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
function isFigurative(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
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
const JOKE_KINDS = new Set(['generic', 'violence', 'trapped', 'not_breathing', 'fall', 'cannot_escape', 'water_rescue', 'fire_people', 'breathing']);
const JOKE_REACH = 12;
const CONDITIONAL_NEXT = new Set(['se', 'hay', 'mi', 'alguien', 'llueve', 'tiembla', 'crece', 'nieva', 'pasa', 'me', 'nos', 'viene', 'llega']);
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
    'telefono'
]);

/** Question words a plea ends with ("no respira, ¿cómo hago?", "¿dónde lo llevo?"): they ask about what follows them. */
const PLEA_WORDS = new Set(['como', 'donde', 'quien', 'cual', 'hacer', 'debo', 'debemos']);

/** Every signal seen in a message, in order, with the canceller that removed it (for whoever tunes the word lists). */
export function traceUrgency(
    text: string,
    context: UrgencyContext = {}
): Array<{ pattern: string; kind: UrgencyKind; text: string; cancelledBy?: string }> {
    const trace: Array<{ pattern: string; kind: UrgencyKind; text: string; cancelledBy?: string }> = [];
    read(text, context, (hit, start, end, why) =>
        trace.push({ pattern: hit.signal.pattern, kind: hit.signal.kind, text: text.slice(start, end), cancelledBy: why })
    );
    return trace;
}

/**
 * Rule, scoped: a question about what to do or whom to call ("¿a qué número llamo si se electrocuta alguien?") covers
 * the words between its "¿" and its "?" (or the end), and only when it holds a question word; "¿qué hago? mi hijo no
 * respira" still reads the part after the question. Linear: one pass over the text and the tokens.
 */
function questionSpans(text: string, tokens: readonly Word[]): Array<[number, number]> {
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
function isPastNews(tokens: readonly Word[], hit: Hit): boolean {
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
            (w === 'cada' && HABIT_UNITS.has(tokens[k + 1]?.word ?? ''))
        )
            past = true;
    }
    return past;
}

/** "cada año", "cada verano": a habit ("cada vez" is not: "cada vez peor"). */
const HABIT_UNITS = new Set(['ano', 'verano', 'invierno', 'temporada', 'dia', 'semana', 'mes', 'lluvia', 'tormenta']);

/** Verbs of a service asked for ("hay que limpiar", "vengan a podar"): "urgente" with one is a pressing request. */
const REQUEST_VERBS = new Set([
    'limpiar',
    'podar',
    'arreglar',
    'reparar',
    'revisar',
    'inspeccionar',
    'destapar',
    'retirar',
    'desmalezar',
    'instalar',
    'recoger',
    'rellenar',
    'nivelar',
    'fumigar',
    'desagotar',
    'cortar',
    'mirar',
    'ver',
    'controlar',
    'evaluar',
    'apuntalar',
    'talar',
    'sacar',
    'levantar',
    'constatar',
    'hacer',
    'bajar',
    'llevar',
    'traer'
]);
/** Words of a plea to come or send someone ("manden a alguien", "vengan"): urgent, unless it is sent to do a service. */
const SEND_WORDS = new Set([
    'vengan',
    'venga',
    'vengas',
    'veni',
    'venir',
    'manden',
    'mande',
    'mandar',
    'mandaran',
    'envien',
    'enviar',
    'traigan',
    'alguien'
]);
/**
 * A service verb with its object pronoun fastened on ("limpiarla", "revisarlo", "sacarlas") is the verb itself: the
 * pronoun only names the thing already said.
 */
function isRequestVerb(word: string): boolean {
    return REQUEST_VERBS.has(word) || REQUEST_VERBS.has(word.replace(/(?<=[aei]r)(?:l[oa]s?|les?|nos|se)$/, ''));
}
/** How far after a plea its purpose clause may come ("manden a alguien de la municipalidad a mirar"). */
const PURPOSE_REACH = 6;

/**
 * Rule: a plea said of a service, with no person named in danger: "urgente: hay que limpiar el desagüe", "pueden
 * mandar a alguien a cortar las ramas" (a purpose clause "a" + a service verb after the plea). Only the generic cry is
 * cancelled: a person in danger in the same message is read by its own signal.
 */
function urgentRequest(tokens: readonly Word[], hit: Hit): boolean {
    return hit.signal.kind === 'generic' && pleaForAService(tokens, hit.first, hit.last);
}

/** Rule: "avísenme cuando venga el granizo por favor": "venga" after "cuando" or "si" is a time, not a plea to come. */
function comingLater(tokens: readonly Word[], hit: Hit): boolean {
    return hit.signal.kind === 'generic' && SEND_WORDS.has(tokens[hit.first].word) && afterWhen(tokens, hit.first);
}

/** Whether tokens[k] follows "cuando", "si"… in its clause: a time or a condition, not an imperative. */
function afterWhen(tokens: readonly Word[], k: number): boolean {
    return !tokens[k].breakBefore && WHEN.has(tokens[k - 1]?.word ?? '');
}

/** Whether the plea in tokens[first..last] sends someone to do a service ("manden a alguien a podar"). */
function pleaForAService(tokens: readonly Word[], first: number, last: number): boolean {
    if (tokens[first].word.startsWith('urgen')) return tokens.some((t) => isRequestVerb(t.word));
    if (!tokens.slice(first, last + 1).some((t) => SEND_WORDS.has(t.word))) return false;
    for (let k = last; k < tokens.length - 1 && k <= last + PURPOSE_REACH; k++) {
        if (k > last && tokens[k].breakBefore) return false;
        const verb = tokens[k + 1];
        // "a ver si llegan" is a filler, not a purpose
        if (tokens[k].word === 'a' && isRequestVerb(verb.word) && !verb.breakBefore && !(verb.word === 'ver' && tokens[k + 2]?.word === 'si'))
            return !personTakenOut(tokens, k + 1);
    }
    return false;
}

/** How many words after a service verb the person it acts on may come ("a sacar a mi papá"). */
const TAKEN_REACH = 4;

/** "manden a alguien a sacar a mi papá del auto", "a bajar al abuelo": the verb acts on a person, a rescue, not a service. */
function personTakenOut(tokens: readonly Word[], verb: number): boolean {
    const c = data();
    for (let k = verb + 1; k < Math.min(tokens.length, verb + 1 + TAKEN_REACH); k++) {
        if (tokens[k].breakBefore) return false;
        if (is(tokens[k], c.person) && !WEAK_PERSON.has(tokens[k].word)) return true;
    }
    // "a sacarlo" names no one: a person in danger there is read by its own signal ("está atrapado")
    return false;
}

/** The writer's own being or putting people inside: "estamos todos adentro", "los dejamos adentro del aula". */
const SPEAKER_INSIDE = new Set(['estamos', 'estoy', 'dejamos', 'deje', 'quede', 'metimos', 'meti', 'entramos', 'entre']);
/** What "adentro de…" places someone in when it only says where: "adentro del barrio", "adentro del aula". */
const INSIDE_AN_AREA = new Set(['barrio', 'pueblo', 'ciudad', 'predio', 'terreno', 'campo', 'aula', 'country', 'manzana', 'complejo', 'club']);

/**
 * Rule: "adentro" makes a danger of people inside only when the writer is not the one saying they are in: "estamos
 * todos adentro", "los chicos están adentro conmigo", "los dejamos adentro del aula" tell where people are safe; "casas
 * sin agua adentro" denies it; "adentro del barrio" only says where. "Mi abuela está adentro", "hay chicos adentro"
 * stay urgent.
 */
function safeInside(tokens: readonly Word[], hit: Hit): boolean {
    const word = tokens[hit.first].word;
    if (word !== 'adentro' && word !== 'dentro') return false;
    const from = clauseStart(tokens, hit.first);
    const before = tokens.slice(Math.max(from, hit.first - 3), hit.first).map((t) => t.word);
    if (before.some((w) => SPEAKER_INSIDE.has(w)) || before.slice(-2).includes('sin')) return true;
    const after = tokens.slice(hit.last + 1, hit.last + 3).filter((t) => !t.breakBefore);
    if (after[0]?.word === 'conmigo') return true;
    return (after[0]?.word === 'del' || after[0]?.word === 'de') && INSIDE_AN_AREA.has(tokens[hit.last + 2]?.word ?? '');
}

/** Kinds whose verb, with "me" right before it, says something does not work for the writer ("no me sale", "no me aparece"). */
const DATIVE_KINDS: ReadonlySet<UrgencyKind> = new Set<UrgencyKind>(['cannot_escape', 'missing']);

/**
 * Rule: "no me sale", "no me aparece la lista": "me" right before a verb of the third person is whom it fails, not
 * who is missing or cannot get out ("no puedo salir", "mi hijo no aparece" say that). Only with no person named in
 * the clause: "mi hijo no me aparece" stays urgent.
 */
function somethingFailsMe(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (!DATIVE_KINDS.has(hit.signal.kind)) return false;
    const verb = tokens[hit.last];
    if (tokens[hit.last - 1]?.word !== 'me' || !/[ea]$/.test(verb.word)) return false;
    const from = clauseStart(tokens, hit.first),
        to = clauseEnd(tokens, hit.last);
    return !tokens.slice(from, to).some((t) => isPerson(t, c) && t.word !== 'me');
}

/** Rule: "una pelea de perros", "los perros se pelean": violence among animals, not people. */
function animalsFighting(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (hit.signal.kind !== 'violence') return false;
    const k = hit.last + 1;
    return (
        (tokens[k]?.word === 'de' || tokens[k]?.word === 'entre') &&
        !tokens[k].breakBefore &&
        [1, 2].some((d) => isThing(tokens[k + d], c) && !tokens[k + d].breakBefore)
    );
}

/** Outdoor places: water there is a flooded street or field, not water on a person. */
const OUTDOORS = new Set([
    'calle',
    'calles',
    'vereda',
    'veredas',
    'ruta',
    'esquina',
    'plaza',
    'campo',
    'finca',
    'patio',
    'cancha',
    'avenida',
    'cuneta',
    'banquina',
    'baldio',
    'potrero',
    'chacra',
    'cuadra',
    'barrio',
    'camino',
    'parque',
    'fondo'
]);

/**
 * Rule: water said of an outdoor place ("el agua llega a la rodilla en la calle") with no person and no home in its
 * clause is a flooded street or yard, not water on a person.
 */
function waterOutdoors(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (hit.signal.kind !== 'water_rescue') return false;
    const from = clauseStart(tokens, hit.first),
        to = clauseEnd(tokens, hit.last);
    let outdoors = false;
    for (let k = from; k < to; k++) {
        const t = tokens[k];
        if (HOMES.has(t.word) || (isPerson(t, c) && t.word !== 'se') || RECEIVER.has(t.word)) return false;
        if (OUTDOORS.has(t.word)) outdoors = true;
    }
    return outdoors && !personInClauseBefore(tokens, hit, c);
}

/**
 * Rule: "lo corneó una vaca", "el tractor la aplastó": a clitic before a verb of harm done to someone names a person
 * (read as "le"), unless an animal is named just before it and no person ("mi perra ..., la atropelló una moto").
 */
function withCliticVictims(tokens: Word[], c: Compiled): Word[] {
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

/** An urgency with no kind named: a cry or a plea, with the words it rests on. */
function cry(text: string, start: number, end: number, reason: string): UrgencyVerdict {
    return { urgent: true, kind: 'generic', reason, evidence: { start, end, text: text.slice(start, end) } };
}

/** A cry stretched ("ayudaaaa") or shouted ("ayuda!!"): said once, it is urgent by itself. */
function stretchedCry(text: string, tokens: readonly Word[]): Word | undefined {
    return tokens.find(
        (t) => CRIES.has(t.word) && (/(\p{L})\1{2,}/u.test(text.slice(t.start, t.end)) || /^\s*!{2,}/.test(text.slice(t.end, t.end + 4)))
    );
}

/** Words that own up to a joke or a message sent to the wrong chat. */
const CONFESSIONS = new Set(['mentira', 'chiste', 'broma', 'joda', 'jodita', 'cargada']);
const WRONG_CHAT = new Set(['chat', 'grupo']);

/**
 * Rule: a message that owns up to being a joke or meant for another chat ("se me cortó un dedo jaja no, mentira", "la
 * casa se incendia y yo sigo bailando, perdón grupo equivocado") tells no danger anywhere in it. Not "no es broma",
 * "no es joda", nor "mentira que vinieron" (disbelief, not a confession).
 */
function confessesAJoke(tokens: readonly Word[]): boolean {
    return (
        isChainMessage(tokens) ||
        tokens.some((t, k) => {
            // "no es broma" denies the joke; "jaja no, mentira" (a break between) owns up to it
            const before = t.breakBefore ? [] : tokens.slice(Math.max(0, k - 2), k).map((b) => b.word);
            if (CONFESSIONS.has(t.word)) return !before.includes('no') && !(t.word === 'mentira' && tokens[k + 1]?.word === 'que');
            return WRONG_CHAT.has(t.word) && tokens[k + 1]?.word.startsWith('equivocad') === true;
        })
    );
}

/** Words that make what follows a subject of teaching, not an event: "una charla sobre incendios", "curso de rcp". */
const TEACHING = new Set([
    'capacitacion',
    'capacitaciones',
    'capacitar',
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
function taughtAbout(tokens: readonly Word[], hit: Hit): boolean {
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
function namesAWarning(tokens: readonly Word[], hit: Hit): boolean {
    if (hit.last - hit.first > 1) return false;
    const join = tokens[hit.first - 1];
    if (join === undefined || tokens[hit.first].breakBefore) return false;
    if (WARNINGS.has(join.word)) return true;
    return WARNING_JOINS.has(join.word) && !join.breakBefore && WARNINGS.has(tokens[hit.first - 2]?.word ?? '');
}

/** Words a lost thing is named with after "perdió" ("perdió el techo"), so the loss is a thing's, not a person missing. */
const LOSS_ARTICLES = new Set(['el', 'la', 'los', 'las', 'su', 'sus', 'todo', 'toda', 'todos', 'todas', 'mucho', 'mucha']);

/** Rule: "una familia que perdió el techo", "perdimos toda la cosecha": a thing lost, not a person missing. */
function lostAThing(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
    if (hit.signal.kind !== 'missing' || !/^perd/.test(tokens[hit.first].word)) return false;
    let k = hit.last + 1;
    while (k < tokens.length && k <= hit.last + 3 && LOSS_ARTICLES.has(tokens[k].word)) k++;
    return k > hit.last + 1 && k < tokens.length && (isThing(tokens[k], c) || HOMES.has(tokens[k].word));
}

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
function sosIsTheVerb(text: string, tokens: readonly Word[], hit: Hit): boolean {
    const token = tokens[hit.first];
    if (token.word !== 'sos' || hit.last !== hit.first || text.slice(token.start, token.end) === 'SOS') return false;
    const before = tokens[hit.first - 1]?.word ?? '';
    const after = tokens[hit.first + 1];
    return ['vos', 'que', 'q', 'tu', 'si'].includes(before) || (after !== undefined && !after.breakBefore && AFTER_THE_VERB.has(after.word));
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

/** Words of a cry for help that, said twice, are urgent by themselves. */
const CRIES = new Set(['ayuda', 'ayudaa', 'auxilio', 'socorro']);

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
function pleaToCome(tokens: readonly Word[], answeringName: boolean): Word | undefined {
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
        if (come && pleaForAService(tokens, k, k)) continue;
        const onlyCourtesy = pressedBy.every((p) => p.word === 'favor' || p.word === 'dios');
        if (cry && !come && onlyCourtesy && tokens.filter((o) => !['por', 'favor', 'dios', 'de'].includes(o.word) && !CRIES.has(o.word)).length < 2)
            continue;
        return t;
    }
    return undefined;
}

/** Reads whether a message says a person is in danger now. Linear in the message's length. */
/**
 * Rule: the words of a place name say nothing about people ("Valle Viejo" has no old man in it, "Villa Dolores" no
 * pain, "Barrio Virgen del Socorro" no cry for help): they lose every word class.
 */
function withoutPlaceNames(tokens: Word[], text: string): Word[] {
    const place = readPlace(text);
    const spans = [place.department?.evidence, place.locality?.evidence, place.ambiguous?.evidence].filter((span) => span !== undefined);
    if (spans.length === 0) return tokens;
    const inPlace = (t: Word): boolean => spans.some((span) => t.start >= span.start && t.end <= span.end);
    return tokens.map((t) => (inPlace(t) ? { ...t, ids: NO_CLASSES } : t));
}
const NO_CLASSES: ReadonlySet<number> = new Set();

/** Words that open a street or barrio name ("calle Los Tilos 45", "barrio Los Ángeles", "pasaje Tiros 12"). */
const STREET_LEADS = new Set(['calle', 'avenida', 'av', 'pasaje', 'pje', 'barrio', 'bo', 'loteo', 'paraje', 'villa']);
const NAME_ARTICLES = new Set(['los', 'las', 'el', 'la', 'del', 'de']);

/**
 * Rule: a street or barrio name says nothing about people ("calle Los Tilos 45" has no shots in it): after "calle",
 * "barrio", "pasaje", the words written with a capital, or the words before a house number, lose every word class.
 */
function withoutStreetNames(tokens: Word[], text: string): Word[] {
    let out: Word[] | undefined;
    for (let k = 0; k + 1 < tokens.length; k++) {
        if (!STREET_LEADS.has(tokens[k].word)) continue;
        let j = k + 1;
        while (j < tokens.length && j <= k + 3 && NAME_ARTICLES.has(tokens[j].word) && !tokens[j].breakBefore) j++;
        const name: number[] = [];
        for (let m = j; m < tokens.length && m <= j + 2 && !tokens[m].breakBefore && !/[0-9]/.test(tokens[m].word); m++) name.push(m);
        const capitalised = name.filter((m) => {
            const ch = text[tokens[m].start];
            return ch !== ch.toLowerCase();
        });
        const numbered =
            name.length > 0 &&
            name.length <= 2 &&
            tokens[name[name.length - 1] + 1] !== undefined &&
            /^[0-9]+$/.test(tokens[name[name.length - 1] + 1].word);
        // Capitalised words in a row right after the lead, or every word up to a house number ("calle los tilos 45").
        let run = 0;
        while (run < capitalised.length && capitalised[run] === j + run) run++;
        const strip = numbered ? name : name.slice(0, run);
        for (const m of strip) {
            out ??= tokens.slice();
            out[m] = { ...tokens[m], ids: NO_CLASSES };
        }
    }
    return out ?? tokens;
}

/** Words before a capitalised word that make it a person's name ("la Rosita", "a Juan", "don Cacho", "con Pedro"). */
const NAME_LEADS = new Set([
    'la',
    'el',
    'a',
    'al',
    'don',
    'dona',
    'con',
    'sra',
    'sr',
    'senora',
    'senor',
    'tia',
    'tio',
    'abuela',
    'abuelo',
    'hijo',
    'hija',
    'nene',
    'nena',
    'vecino',
    'vecina',
    'hermano',
    'hermana'
]);
/** Words before "la"/"el" that make the capitalised word after them a place ("en la Tablada", "por el Jumeal"). */
const PLACE_LEADS = new Set([
    'en',
    'de',
    'del',
    'por',
    'hasta',
    'desde',
    'para',
    'hacia',
    'frente',
    'cerca',
    'calle',
    'barrio',
    'bo',
    'ruta',
    'av',
    'avenida',
    'pasaje',
    'villa',
    'paraje',
    'escuela',
    'hospital',
    'club',
    'plaza',
    'rio',
    'dique',
    'arroyo',
    'cerro',
    'san',
    'santa',
    'virgen',
    'colegio',
    'capilla',
    'iglesia',
    'sanatorio',
    'clinica',
    'puente',
    'finca',
    'estancia',
    'quebrada',
    'cuesta',
    'loteo',
    'sector',
    'zona',
    'dpto',
    'departamento',
    'localidad',
    'esquina',
    'entre',
    'junto',
    'altura',
    'al',
    'mza',
    'manzana',
    'km'
]);
/** After a capitalised word opening a clause, these say it is the subject of what follows ("Juancito se cayó", "Paola no despierta"). */
const SUBJECT_NEXT = new Set(['se', 'no', 'esta', 'quedo', 'sigue', 'tiene', 'cayo', 'le', 'me', 'nos', 'estaba', 'fue', 'tuvo', 'ya']);
/** Words that open a sentence capitalised without being a name. */
const NOT_NAMES = new Set([
    'hay',
    'ayer',
    'hoy',
    'anoche',
    'ahora',
    'ya',
    'aca',
    'alla',
    'ahi',
    'aqui',
    'alli',
    'recien',
    'todo',
    'todos',
    'nada',
    'algo',
    'esto',
    'eso',
    'creo',
    'parece',
    'tambien',
    'todavia',
    'despues',
    'manana',
    'siempre',
    'nunca',
    'casi',
    'entonces',
    'bueno',
    'hola',
    'buenas',
    'buen',
    'gracias',
    'perdon',
    'disculpe',
    'el',
    'la',
    'los',
    'las',
    'un',
    'una',
    'mi',
    'mis',
    'tu',
    'su',
    'sus',
    'este',
    'esta',
    'ese',
    'esa',
    'aquel',
    'que',
    'como',
    'cuando',
    'donde',
    'si',
    'pero',
    'porque',
    'y',
    'o',
    'ni',
    'no',
    'por',
    'para',
    'con',
    'sin',
    'en',
    'de',
    'del',
    'al',
    'a',
    'lo',
    'le',
    'se',
    'me',
    'nos',
    'otra',
    'otro',
    'tarde',
    'noche',
    'dia',
    'hace',
    'desde',
    'recien',
    'igual',
    'tampoco',
    'solo',
    'asi',
    'mientras',
    'luego',
    'cuidado',
    'ojo',
    'atencion',
    'consulta',
    'pregunta',
    'gente',
    'senores',
    'estimados',
    'quien',
    'cual',
    'mucho',
    'mucha',
    'muy',
    'poco',
    'nadie',
    'ninguno'
]);

/**
 * Rule: a capitalised word that no list knows, after "la", "el", "a", "don" ("la Rosita", "a Juan", "el Nacho") or
 * opening a clause before a verb ("Juancito se cayó"), is a person's name: it counts as a person. Not in a place name,
 * not after "en la"/"calle"/"barrio", not in a message written all in capitals.
 */
function withNamedPersons(tokens: Word[], text: string, c: Compiled): Word[] {
    let upper = 0,
        lower = 0;
    for (let i = 0; i < text.length && i < 400; i++) {
        const ch = text[i];
        if (ch !== ch.toLowerCase()) upper++;
        else if (ch !== ch.toUpperCase()) lower++;
    }
    if (upper > lower) return tokens;
    let personIds: ReadonlySet<number> | undefined;
    return tokens.map((t, k) => {
        if (t.ids === NO_CLASSES || t.ids.size > 0 || t.word.length < 3 || NOT_NAMES.has(t.word)) return t;
        const first = text[t.start];
        if (first === first.toLowerCase() || /[0-9]/.test(first)) return t;
        const before = t.breakBefore ? undefined : tokens[k - 1]?.word;
        const twoBefore = before === undefined || tokens[k - 1].breakBefore ? undefined : tokens[k - 2]?.word;
        let named: boolean;
        if (before !== undefined) {
            named = NAME_LEADS.has(before) && !PLACE_LEADS.has(twoBefore ?? '') && !(before === 'al' && twoBefore !== undefined);
            if (before === 'al' || before === 'a')
                named =
                    named &&
                    !PLACE_LEADS.has(twoBefore ?? '') &&
                    !['voy', 'vamos', 'llegar', 'llegando', 'ir', 'camino', 'rumbo', 'viajo', 'yendo', 'va', 'van', 'fui', 'fue', 'vino'].includes(
                        twoBefore ?? ''
                    );
        } else {
            const next = tokens[k + 1];
            // "Juancito se cayó", "Paola no despierta"; or the name alone before what happens ("Matías. no sale del agua").
            named = next !== undefined && (next.breakBefore ? k > 0 || tokens.length > 2 : SUBJECT_NEXT.has(next.word));
        }
        if (!named) return t;
        personIds ??= new Set([c.person.id]);
        return { ...t, ids: personIds };
    });
}

/** How much of a message is read: its first 4,096 characters, so a very long one costs a bounded time. */
const READ_CHARACTERS = 4096;
const bounded = (text: string): string => (text.length > READ_CHARACTERS ? text.slice(0, READ_CHARACTERS) : text);

/** A sticker or a GIF described in brackets, the whole message. */
const STICKER = /^\s*\[\s*(sticker|gif)\b[^\]]*\]\s*$/i;

export function readUrgency(text: string, context: UrgencyContext = {}): UrgencyVerdict {
    return read(text, context);
}

/**
 * Where the message names a term of the trade ("primeros auxilios", "salida de emergencia", "kit de emergencia"), as
 * offsets into the text: words in them call for no help, whatever a word count makes of them (see index.ts).
 */
export function termsOfTheTrade(text: string): Array<[number, number]> {
    const tokens = annotate(tokenize(bounded(text)));
    return data().terms.flatMap((pattern) =>
        findMatches(pattern, tokens).map(([first, last]): [number, number] => [tokens[first].start, tokens[last].end])
    );
}

function read(
    text: string,
    context: UrgencyContext,
    onHit?: (hit: Hit, start: number, end: number, why: string | undefined) => void
): UrgencyVerdict {
    const c = data();
    // "[sticker de un perrito gritando ¡EMERGENCIA!]": what the phone writes for a sticker or a GIF, nobody's words
    if (STICKER.test(text)) return { urgent: false, cancelledBy: 'un sticker' };
    const head = bounded(text);
    const tokens = withCliticVictims(withNamedPersons(withoutStreetNames(withoutPlaceNames(annotate(tokenize(head)), head), head), head, c), c);
    const hits: Hit[] = [];
    for (let i = 0; i < tokens.length; i++) {
        for (const id of tokens[i].ids) {
            for (const { entry, pattern, order } of c.signalsByFirst.get(id) ?? []) {
                const last = matchFrom(pattern, tokens, i);
                if (last >= 0) hits.push({ signal: entry, first: i, last, order });
            }
        }
    }
    if (hits.length === 0) {
        // Rule: a cry repeated ("ayuda!!! ayuda!!!", "ayuda ayuda") asks for help now, whatever else it says.
        const cries = tokens.filter((t) => CRIES.has(t.word));
        if (cries.length >= 2 && !context.answeringName) return cry(text, cries[0].start, cries[1].end, 'pide ayuda a gritos');
        const plea = pleaToCome(tokens, context.answeringName === true);
        if (plea !== undefined) return cry(text, plea.start, plea.end, 'pide que vengan ya');
        const stretched = stretchedCry(head, tokens);
        if (stretched !== undefined) return cry(text, stretched.start, stretched.end, 'pide ayuda a gritos');
        return { urgent: false };
    }
    hits.sort((a, b) => a.first - b.first || (a.order ?? 0) - (b.order ?? 0));
    const facts = new Facts();
    const jokes: number[] = [];
    tokens.forEach((t, k) => {
        if (is(t, c.joke)) jokes.push(k);
    });
    const joking = jokes.length > 0 && !tokens.some((t, k) => t.word === 'en' && tokens[k + 1]?.word === 'serio');
    // Scope: a laugh bends the words near it, not a whole message ("jaja buenísimo. ahora en serio: mi hijo se cayó al canal").
    const jokeNear = (hit: Hit): boolean => jokes.some((k) => k >= hit.first - JOKE_REACH && k <= hit.last + JOKE_REACH);
    const resolved = resolvedAt(tokens, c.resolved);
    const rescued = resolvedAt(tokens, c.rescued);
    const confessed = confessesAJoke(tokens);
    // Rule: a question about what to do or whom to call ("¿a qué número llamo si...?", "consulta: ...") reports no danger now.
    const asking =
        tokens.slice(0, 5).some((t) => t.word === 'consulta' || t.word === 'pregunta') ||
        (tokens[0]?.word === 'si' && tokens[1] !== undefined && !tokens[1].breakBefore && CONDITIONAL_NEXT.has(tokens[1].word));
    const questions = questionSpans(text, tokens);
    const conditionOpened = conditionOpenings(text, tokens);
    // The cancellers in the order they are tried; the first that applies to a signal names why it does not count.
    const cancellers: Array<[(hit: Hit) => boolean, string]> = [
        [(hit) => asking || questions.some(([from, to]) => tokens[hit.first].start >= from && tokens[hit.first].start < to), NOT_MEANT.question],
        [(hit) => isFigurative(tokens, hit, c), NOT_MEANT.figure],
        [(hit) => isWildland(tokens, hit, c, facts), 'fuego lejos de las casas'],
        [(hit) => isName(tokens, hit, context), 'un nombre'],
        [(hit) => isNegated(tokens, hit, c), NOT_MEANT.negation],
        [
            (hit) =>
                isHypothetical(tokens, hit, c) || conditionAskedAbout(text, tokens, hit, conditionOpened) || askedWhetherThereIs(text, tokens, hit),
            NOT_MEANT.hypothesis
        ],
        [
            (hit) =>
                (subjectIsThing(tokens, hit, c) || onlyThings(tokens, hit, c)) && !harmReachesPerson(tokens, hit, c) && !waterEntersHome(tokens, hit),
            'solo animales o cosas'
        ],
        [(hit) => !requirementsMet(tokens, hit, c, facts), 'sin personas en riesgo'],
        [(hit) => (joking && JOKE_KINDS.has(hit.signal.kind) && jokeNear(hit)) || confessed, NOT_MEANT.joke],
        [
            (hit) => coveredByResolution(tokens, hit, resolved) || (!BODILY_KINDS.has(hit.signal.kind) && coveredByResolution(tokens, hit, rescued)),
            'ya pasó, están bien'
        ],
        [(hit) => isPastNews(tokens, hit), 'ya pasó (otro día) o es habitual'],
        [(hit) => waterOutdoors(tokens, hit, c), 'agua en la calle o el campo'],
        [(hit) => urgentRequest(tokens, hit), NOT_MEANT.request],
        [(hit) => comingLater(tokens, hit), 'una condición'],
        [(hit) => animalsFighting(tokens, hit, c), 'solo animales o cosas'],
        [(hit) => somethingFailsMe(tokens, hit, c), 'algo no le funciona'],
        [(hit) => safeInside(tokens, hit), NOT_MEANT.safeInside],
        [(hit) => sosIsTheVerb(text, tokens, hit), '"sos" de "vos sos"'],
        [(hit) => taughtAbout(tokens, hit), 'tema de una charla o un curso'],
        [(hit) => lostAThing(tokens, hit, c), 'perdió una cosa'],
        [(hit) => namesAWarning(tokens, hit), NOT_MEANT.warning]
    ];
    let cancelledBy: string | undefined;
    for (const hit of hits.slice(0, MAX_HITS)) {
        const why = cancellers.find(([applies]) => applies(hit))?.[1];
        const start = tokens[hit.first].start,
            end = tokens[hit.last].end;
        if (onHit !== undefined) {
            onHit(hit, start, end, why);
            continue;
        }
        if (why !== undefined) {
            cancelledBy ??= why;
            continue;
        }
        return { urgent: true, kind: hit.signal.kind, reason: hit.signal.reason, evidence: { start, end, text: text.slice(start, end) } };
    }
    return { urgent: false, cancelledBy };
}
