import recognition from './data/recognition.json';
import { URGENCY_SIGNAL_EXAMPLES } from './domainData';
import { isWrittenAsName } from './nameRecognizer';
import {
    NEGATIONS, NEGATION_BRIDGES, NEGATION_WINDOW, NOT_IN_A_NAME, SIGNALS_THAT_ARE_NAMES, URGENCY_EXTRA_SIGNALS
} from './recognitionData';
import { normalizeText, normalizedClauses, phraseAt, words } from './textNormalizer';
import { WordPattern, matchesWordPattern, wordPatternsOf } from './wordPatterns';

/** What was asked: a few signals are also names ("Socorro Díaz"). */
export interface UrgencyContext {
    /** The message answers "¿Cuál es su nombre?". */
    answeringName?: boolean;
}

/** Why a message was judged urgent: the signal found, for the operator. */
export interface UrgencySignal {
    signal: string;
}

interface Signal {
    words: WordPattern[];
    /** "no respira" already says the worst; a negation before it only repeats it ("no, no respira"). */
    isNegative: boolean;
    /** "socorro" is also a name: "María del Socorro Pérez". */
    isName: boolean;
}

/** A signal in two parts that say it only together, near each other: "mis hijos están adentro". */
interface SignalPair {
    anyOf: Signal[];
    withAnyOf: Signal[];
    /** Said anywhere in the message, un-negated, they cancel the pair: "estamos bien" with "los chicos están adentro". */
    unlessTheMessageSays: Signal[];
    /** The anyOf part begins the clause and the withAnyOf part follows: "se llevó a un chico", not "mi mamá se llevó a los chicos". */
    firstOpensTheClause: boolean;
}

/** A pair as written in recognition.json: withAnyOf may name another urgency key whose list it takes ("urgencyPeople"). */
interface WrittenPair {
    anyOf: string[];
    withAnyOf: string[] | string;
    unlessTheMessageSays?: string[];
    firstOpensTheClause?: boolean;
}

/** Signals that are about an animal or a thing when one of the things is next to them: "se murió mi perro". */
interface NotAboutPeopleRule {
    signals: Signal[];
    things: Signal[];
    /** The thing may come before the signal too ("mi perro se murió"); otherwise only after it ("arriba del auto"). */
    eitherSide: boolean;
}

interface WrittenNotAboutPeopleRule {
    signals: string[];
    things: string[];
    eitherSide?: boolean;
}

/** Where a signal was found: tokens[start] to tokens[end - 1], pronouns inside it included. */
interface Match {
    start: number;
    end: number;
}

// Pairs and pronouns are read straight from the data file: only this detector uses them.
const CLITICS: ReadonlySet<string> = new Set(recognition.urgencyClitics.list.map(normalizeText));
const MAX_CLITICS_IN_A_ROW = 2;
const PAIR_MAX_WORDS_BETWEEN: number = recognition.urgencySignalPairs.maxWordsBetween;
const NEGATION_PHRASES: readonly string[][] = recognition.urgencyNegationPhrases.list.map((phrase) => words(normalizeText(phrase)));
const NEGATIONS_RIGHT_BEFORE: ReadonlySet<string> = new Set(recognition.urgencyNegationsRightBefore.list.map(normalizeText));
const CLOSING_WORDS_AFTER_A_NEGATION: ReadonlySet<string> = new Set(recognition.urgencyNegationAfter.list.map(normalizeText));
const THING_MAX_WORDS_BETWEEN: number = recognition.urgencyNotAboutPeople.maxWordsBetween;

const SIGNALS: readonly Signal[] = parseSignals([...URGENCY_SIGNAL_EXAMPLES, ...URGENCY_EXTRA_SIGNALS]);
const PEOPLE: readonly Signal[] = parseSignals(recognition.urgencyPeople.list);
const PAIRS: readonly SignalPair[] = (recognition.urgencySignalPairs.list as WrittenPair[]).map((pair) => ({
    anyOf: parseSignals(pair.anyOf),
    withAnyOf: parseSignals(typeof pair.withAnyOf === 'string' ? urgencyList(pair.withAnyOf) : pair.withAnyOf),
    unlessTheMessageSays: parseSignals(pair.unlessTheMessageSays ?? []),
    firstOpensTheClause: pair.firstOpensTheClause === true
}));
const NOT_ABOUT_PEOPLE: readonly NotAboutPeopleRule[] = (recognition.urgencyNotAboutPeople.rules as WrittenNotAboutPeopleRule[])
    .map((rule) => ({ signals: parseSignals(rule.signals), things: parseSignals(rule.things), eitherSide: rule.eitherSide === true }));

/** The list of another urgency key of recognition.json, named in a pair ("urgencyPeople"). */
function urgencyList(key: string): string[] {
    const entry = (recognition as unknown as Record<string, { list?: unknown } | undefined>)[key];
    if (!key.startsWith('urgency') || !Array.isArray(entry?.list)) throw new Error(`recognition.json: no urgency list "${key}"`);
    return entry.list as string[];
}

/**
 * Finds an urgency signal ("atrapados", "no respira", "se ahogó", "socorro") in what a citizen wrote,
 * whatever was asked. Pronouns inside a phrase do not hide it: "se me inunda la casa" is "se inunda
 * la casa". Some signals come in two parts close together in one clause: "mis hijos están adentro",
 * "el agua se llevó a mi vecino", unless the message says the people are fine ("Estamos bien, los chicos
 * están adentro"). A signal a negation governs does not count: "no hay heridos", "no hay nadie atrapado",
 * "sin heridos", "heridos no", "heridos no hay", "no estamos heridos", "no vi heridos", "nada urgente";
 * a negation about something else does not reach it: "no sé cuántos heridos hay", "sin luz hay heridos",
 * "No, hay heridos" (the comma ends the negation). A signal about an animal or a thing does not count:
 * "se murió mi perro", "el río se llevó a las vacas", "le cayó una rama arriba del techo". "Socorro" in a
 * name is no cry for help: "María del Socorro Pérez", or "Socorro Díaz" answering the name question;
 * "¡Socorro!" always is.
 */
export function detectUrgency(text: string, context: UrgencyContext = {}): UrgencySignal | undefined {
    const nameAnswer = context.answeringName === true && isWrittenAsName(text, NOT_IN_A_NAME);
    const clauses = normalizedClauses(text).map(words);
    const cancelled = PAIRS.filter((pair) => clauses.some((tokens) => reassures(tokens, pair.unlessTheMessageSays)));
    for (const tokens of clauses) {
        for (const signal of SIGNALS) {
            const counted = countedMatches(tokens, signal, nameAnswer)
                // "chicos adentro" is the pair "chicos" + "adentro" written together: "estamos bien" cancels it too.
                .filter((match) => !cancelled.some((pair) => pairIn(tokens.slice(match.start, match.end), pair)));
            if (counted.length > 0) return { signal: describe(signal) };
        }
        for (const pair of PAIRS) {
            if (cancelled.includes(pair)) continue;
            const found = pairIn(tokens, pair);
            if (found) return { signal: found };
        }
    }
    return undefined;
}

/**
 * Both parts of the pair, neither negated, at most PAIR_MAX_WORDS_BETWEEN words apart, in either order
 * (or, with firstOpensTheClause, the first at the start of the clause and the second after it).
 */
function pairIn(tokens: string[], pair: SignalPair): string | undefined {
    const found = (signals: Signal[]) =>
        signals.flatMap((signal) => countedMatches(tokens, signal, false).map((match) => ({ signal, match })));
    const firsts = found(pair.anyOf).filter(({ match }) => !pair.firstOpensTheClause || match.start === 0);
    if (firsts.length === 0) return undefined;
    for (const second of found(pair.withAnyOf)) {
        for (const first of firsts) {
            if (pair.firstOpensTheClause && second.match.start < first.match.end) continue;
            const between = Math.max(first.match.start, second.match.start) - Math.min(first.match.end, second.match.end);
            if (between >= 0 && between <= PAIR_MAX_WORDS_BETWEEN) return `${describe(first.signal)} + ${describe(second.signal)}`;
        }
    }
    return undefined;
}

/**
 * Where the signal is in the clause and counts: not part of a name, not governed by a negation, not
 * about an animal or a thing.
 */
function countedMatches(tokens: string[], signal: Signal, nameAnswer: boolean): Match[] {
    const counted: Match[] = [];
    for (let start = 0; start < tokens.length; start++) {
        const match = matchAt(tokens, signal, start);
        if (!match) continue;
        if (signal.isName && (nameAnswer || tokens[start - 1] === 'del')) continue;
        if (!signal.isNegative && isNegated(tokens, match)) continue;
        if (isAboutAnAnimalOrThing(tokens, match)) continue;
        counted.push(match);
    }
    return counted;
}

/**
 * A negation that governs the signal: right before it or with only bridge words between ("no hay
 * personas heridas", "no creo que sea urgente"), at most NEGATION_WINDOW words back, a negation phrase
 * ("no vi") not across "nada" ("no vi nada hay heridos" is urgent); "nada" right before it ("nada
 * urgente"); or after it, when the rest of the clause is that negation with only bridges and closing
 * words ("heridos no", "atrapados no hay", "heridos ninguno por ahora").
 */
function isNegated(tokens: string[], match: Match): boolean {
    let acrossNada = false;
    for (let i = match.start - 1; i >= Math.max(0, match.start - NEGATION_WINDOW); i--) {
        if (NEGATIONS.has(tokens[i])) return true;
        if (NEGATIONS_RIGHT_BEFORE.has(tokens[i])) {
            if (i === match.start - 1) return true;
            acrossNada = true;
        }
        if (!acrossNada && NEGATION_PHRASES.some((phrase) => i + 1 >= phrase.length && phraseAt(tokens, phrase, i + 1 - phrase.length))) return true;
        if (!NEGATION_BRIDGES.has(tokens[i])) break;
    }
    const after = tokens.slice(match.end);
    return after.some((token) => NEGATIONS.has(token))
        && after.every((token) => NEGATIONS.has(token) || NEGATION_BRIDGES.has(token) || CLOSING_WORDS_AFTER_A_NEGATION.has(token));
}

/** One of the phrases, with no negation before it in the clause: "estamos bien", not "no estamos bien". */
function reassures(tokens: string[], phrases: readonly Signal[]): boolean {
    for (let start = 0; start < tokens.length; start++) {
        if (tokens.slice(0, start).some((token) => NEGATIONS.has(token) || NEGATIONS_RIGHT_BEFORE.has(token))) return false;
        if (phrases.some((phrase) => matchAt(tokens, phrase, start))) return true;
    }
    return false;
}

/**
 * The signal is about an animal or a thing (urgencyNotAboutPeople): "se murió mi perro", "arriba del
 * auto"; not when the clause names a person too ("mi vecino y su perro murieron").
 */
function isAboutAnAnimalOrThing(tokens: string[], match: Match): boolean {
    const rules = NOT_ABOUT_PEOPLE.filter((rule) => rule.signals.some((signal) => {
        for (let at = match.start; at < match.end; at++) {
            const inside = matchAt(tokens, signal, at);
            if (inside && inside.end <= match.end) return true;
        }
        return false;
    }));
    if (rules.length === 0) return false;
    const thingNear = rules.some((rule) => rule.things.some((thing) => {
        for (let at = 0; at < tokens.length; at++) {
            const found = matchAt(tokens, thing, at);
            if (!found) continue;
            if (found.start >= match.end && found.start - match.end <= THING_MAX_WORDS_BETWEEN) return true;
            if (rule.eitherSide && found.end <= match.start && match.start - found.end <= THING_MAX_WORDS_BETWEEN) return true;
        }
        return false;
    }));
    if (!thingNear) return false;
    return !PEOPLE.some((person) => tokens.some((_, at) => matchAt(tokens, person, at) !== undefined));
}

/** The signal starting at tokens[start], with up to MAX_CLITICS_IN_A_ROW pronouns between its words ("se me inunda"). */
function matchAt(tokens: string[], signal: Signal, start: number): Match | undefined {
    let at = start;
    for (const [j, word] of signal.words.entries()) {
        for (let skipped = 0; j > 0 && skipped < MAX_CLITICS_IN_A_ROW && at < tokens.length; skipped++) {
            if (matchesWordPattern(tokens[at], word) || !CLITICS.has(tokens[at])) break;
            at++;
        }
        if (at >= tokens.length || !matchesWordPattern(tokens[at], word)) return undefined;
        at++;
    }
    return { start, end: at };
}

function parseSignals(written: readonly string[]): Signal[] {
    const byText = new Map<string, Signal>();
    for (const phrase of written) {
        const signalWords = wordPatternsOf(phrase);
        if (signalWords.length === 0) continue;
        const isName = signalWords.length === 1 && SIGNALS_THAT_ARE_NAMES.has(signalWords[0].text);
        const signal: Signal = { words: signalWords, isNegative: NEGATIONS.has(signalWords[0].text), isName };
        byText.set(describe(signal), signal);
    }
    return [...byText.values()];
}

function describe(signal: Signal): string {
    return signal.words.map((w) => (w.isStem ? `${w.text}*` : w.text)).join(' ');
}
