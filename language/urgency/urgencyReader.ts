import { tokenize } from '../text/normalize';
import { data, type Hit } from './compiledWords';
import { BODILY_KINDS, coveredByResolution, fineThroughout, nothingInside, resolvedAt, safeInside, whetherToStayInside } from './dangerOverOrSafe';
import { harmReachesPerson } from './harmReachesAPerson';
import { waterEntersHome, waterOutdoors } from './homesReached';
import {
    askedWhetherThereIs,
    CONDITIONAL_NEXT,
    conditionAskedAbout,
    conditionOpenings,
    isHypothetical,
    questionSpans
} from './hypotheticalsAndQuestions';
import { requirementsMet } from './kindRequirements';
import { Facts } from './messageFacts';
import { isNegated } from './negation';
import { confessesAJoke, isFigurative, JOKE_KINDS, JOKE_REACH, namesAWarning, taughtAbout, weatherComplaint } from './notMeantLiterally';
import { animalsFighting, animalSuffers, cableOnAThing, onlyThings, subjectIsThing } from './onlyAnimalsOrThings';
import { isPastNews } from './pastNewsAndHabits';
import { annotate, findMatches, is, matchFrom } from './patterns';
import { withNamedPersons } from './personNames';
import { withCliticVictims } from './personOrThing';
import { withoutPlaceNames, withoutStreetNames } from './placeAndStreetNames';
import { comingLater, CRIES, cry, pleaToCome, stretchedCry, suppliesAskedFor, urgentRequest } from './pleasAndServiceRequests';
import { NOT_MEANT, type UrgencyContext, type UrgencyVerdict } from './urgencyVerdict';
import type { UrgencyKind } from './urgencyWords';
import { isWildland } from './wildlandFire';
import { risingWaterFarFromHomes } from './farFromHomes';
import {
    aConditionNotAnEvent,
    aCutThatIsNoWound,
    isName,
    cannotDriveOut,
    fellFromSomeone,
    lostAThing,
    knowsNotWhatFor,
    oxygenAtHome,
    someoneHelps,
    toldNotBuried,
    somethingFailsMe,
    sosIsTheVerb
} from './wordsInAnotherSense';

export type { UrgencyContext, UrgencyVerdict } from './urgencyVerdict';
export { NOT_MEANT } from './urgencyVerdict';

/** At most this many signals are weighed in one message (the first ones). */
const MAX_HITS = 64;

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

/** How much of a message is read: its first 4,096 characters, so a very long one costs a bounded time. */
const READ_CHARACTERS = 4096;
const bounded = (text: string): string => (text.length > READ_CHARACTERS ? text.slice(0, READ_CHARACTERS) : text);

/** A sticker or a GIF described in brackets, the whole message. */
const STICKER = /^\s*\[\s*(sticker|gif)\b[^\]]*\]\s*$/i;

/** Reads whether a message says a person is in danger now. Linear in the message's length. */
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
        const plea = pleaToCome(tokens, context.answeringName === true, c);
        if (plea !== undefined) return cry(text, plea.start, plea.end, 'pide que vengan ya');
        const stretched = stretchedCry(head, tokens);
        if (stretched !== undefined) return cry(text, stretched.start, stretched.end, 'pide ayuda a gritos');
        // Rule: no danger's words, and it says people are fine ("mi hijo ya apareció, estaba en lo de un amigo"): the
        // model's weight on "mi hijo" may not make it urgent
        if (fineThroughout(tokens, resolvedAt(tokens, c.resolved)) || fineThroughout(tokens, resolvedAt(tokens, c.rescued)))
            return { urgent: false, cancelledBy: NOT_MEANT.saidFine };
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
    const terms = c.terms.flatMap((pattern) => findMatches(pattern, tokens));
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
        // "primeros auxilios", "sacarse sangre", "dadores de sangre": the danger's word is part of a term, no cry nor wound
        [(hit) => terms.some(([first, last]) => hit.first >= first && hit.last <= last), NOT_MEANT.term],
        [(hit) => weatherComplaint(tokens, hit), NOT_MEANT.weather],
        [(hit) => isWildland(tokens, hit, c, facts), 'fuego lejos de las casas'],
        [(hit) => risingWaterFarFromHomes(tokens, hit, c), 'agua lejos de las casas'],
        [(hit) => isName(tokens, hit, context), 'un nombre'],
        [(hit) => isNegated(tokens, hit, c), NOT_MEANT.negation],
        [
            (hit) =>
                isHypothetical(tokens, hit, c) ||
                conditionAskedAbout(text, tokens, hit, conditionOpened, c) ||
                askedWhetherThereIs(text, tokens, hit),
            NOT_MEANT.hypothesis
        ],
        [
            (hit) =>
                (subjectIsThing(tokens, hit, c) ||
                    onlyThings(tokens, hit, c) ||
                    cableOnAThing(tokens, hit, c) ||
                    animalSuffers(head, tokens, hit, c)) &&
                !harmReachesPerson(tokens, hit, c) &&
                !waterEntersHome(tokens, hit),
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
        [(hit) => urgentRequest(tokens, hit, c) || suppliesAskedFor(tokens, hit, c), NOT_MEANT.request],
        [(hit) => comingLater(tokens, hit, c), 'una condición'],
        [(hit) => animalsFighting(tokens, hit, c), 'solo animales o cosas'],
        [(hit) => somethingFailsMe(tokens, hit, c), 'algo no le funciona'],
        [(hit) => safeInside(tokens, hit), NOT_MEANT.safeInside],
        [(hit) => sosIsTheVerb(text, tokens, hit), '"sos" de "vos sos"'],
        [(hit) => someoneHelps(tokens, hit, c), 'alguien le ayuda'],
        [(hit) => whetherToStayInside(tokens, hit), NOT_MEANT.question],
        [(hit) => aCutThatIsNoWound(tokens, hit, c), 'un corte de ruta o de un servicio'],
        [(hit) => nothingInside(tokens, hit), 'nadie adentro'],
        [(hit) => toldNotBuried(text, tokens, hit), '"enterado", no "enterrado"'],
        [(hit) => oxygenAtHome(tokens, hit), 'oxígeno en casa, una condición'],
        [(hit) => aConditionNotAnEvent(tokens, hit), 'una condición de salud, no algo que pasa ahora'],
        [(hit) => cannotDriveOut(tokens, hit), 'el camino cortado, no personas encerradas'],
        [(hit) => fellFromSomeone(tokens, hit, c), 'se le cayó una cosa, no encima de alguien'],
        [(hit) => taughtAbout(tokens, hit), 'tema de una charla o un curso'],
        [(hit) => lostAThing(tokens, hit, c), 'perdió una cosa o un animal'],
        [(hit) => knowsNotWhatFor(tokens, hit), '"no sé para qué"'],
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
