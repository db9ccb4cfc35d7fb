import type { ConversationStep, Intent } from '../types';
import { readName } from '../names';
import { loadNameWords } from '../names/nameWords';
import { LISTS, hasEvent, isOpening, namesAHazard, readMessage, type Message, type Verdict } from './rules';
import * as rules from './rules';
import { madeOf, PhraseList } from './phrases';
import { modelIntent } from './intentModel';

export type { Verdict };

/**
 * What a citizen's message mainly does, read at the step of the conversation it arrives at. `urgent` comes from the
 * urgency reader: an urgent message is a report unless it plainly cancels or asks for a person.
 */
export function readIntent(text: string, step: ConversationStep, urgent: boolean): Verdict {
    const m = readMessage(text, step, urgent);
    const ordered: Array<(m: Message) => Verdict | undefined> = [
        rules.onlySymbols,
        rules.refusesTheField,
        plainly(rules.asksForOperator),
        plainly(rules.cancels),
        rules.meantForSomeoneElse,
        rules.urgentReport,
        rules.unsubscribes,
        rules.listsAlerts,
        rules.subscribes,
        rules.corrects,
        rules.foundSafe,
        rules.asksForHelp,
        rules.chatFails,
        rules.confirms,
        rules.declines,
        greetsOrIntroduces,
        rules.thanks,
        rules.thanksInPassing,
        rules.saysYes,
        rules.saysNo,
        rules.asksAboutAlerts,
        rules.offTopic,
        rules.nothingHappeningNow,
        rules.weatherSmallTalk,
        rules.helpArrived,
        asksOrSecondOpinion,
        rules.requests,
        rules.doesNotKnow,
        rules.saysNothingToActOn,
        byModel,
        byStep
    ];
    for (const rule of ordered) {
        const found = rule(m);
        if (found?.intent === 'question') {
            const answered = answerFirst(m);
            if (answered) return { intent: 'answer', evidence: answered };
            const aboutField = rules.fieldAskedWhy(m);
            return aboutField ? { ...found, aboutField } : found;
        }
        // a correction says which field it names, if it names one: the report may read the value against its draft
        if (found?.intent === 'correction') {
            const namedField = rules.fieldNamed(m);
            return namedField ? { ...found, namedField } : found;
        }
        if (found) return found;
    }
    return { intent: 'other' };
}

/**
 * "Ernesto Dávila, para servirle. ¿Ustedes dan chapas?", "valle viejo, san isidro. tienen motosierra?": the question
 * asked is answered first, in the message's first clause, and the question comes after it: an answer (the report takes
 * the value; the question goes on to the person who reads the case).
 */
function answerFirst(m: Message): Verdict['evidence'] {
    if (m.step !== 'name' && m.step !== 'department' && m.step !== 'type') return undefined;
    const end = m.tokens.findIndex((t, k) => k > 0 && t.breakBefore);
    if (end < 0) return undefined;
    const clause = m.text.slice(0, m.tokens[end - 1].end);
    if (/[?¿]/.test(clause)) return undefined;
    const first = readMessage(clause, m.step, m.urgent);
    const evidence = { start: 0, end: clause.length, text: clause };
    if (m.step === 'name') {
        // the clause is a name of two to four words, not "Entiendo", "disculpe m'hijo" nor "ahh ok"
        const named = readName(clause, 'name');
        const aName =
            named?.evidence.start === 0 &&
            first.words.length >= 2 &&
            first.words.length <= 4 &&
            !LISTS.yes.has(first.words) &&
            !LISTS.courtesy.has(first.words);
        return aName ? evidence : undefined;
    }
    if (m.step === 'department') return rules.namesAPlace(first) && !rules.asks(first) ? evidence : undefined;
    return LISTS.typeWords.has(first.words) && !rules.asks(first) ? evidence : undefined;
}

/** A command that an urgent message only counts as when it says nothing of the emergency. */
function plainly(rule: (m: Message) => Verdict | undefined): (m: Message) => Verdict | undefined {
    return (m) => (m.urgent && hasEvent(m) ? undefined : rule(m));
}

const NAME_WORDS = loadNameWords();
/** "soy", "me llamo", "les escribe": the words that introduce a name (language/data/nameWords.json). */
const INTRODUCTIONS = new PhraseList([...NAME_WORDS.introductions, ...NAME_WORDS.introductionsAtClauseStart]);

/** "hola", or at the opening "Hola, soy Socorro": a greeting and nothing more than one's name. */
function greetsOrIntroduces(m: Message): Verdict | undefined {
    const greeting = rules.greets(m);
    if (greeting) return greeting;
    if (!isOpening(m) || m.words.length > 12) return undefined;
    const name = readName(m.text, m.step);
    if (!name) return undefined;
    const before = m.tokens.filter((t) => t.end <= name.evidence.start).length;
    const after = m.tokens.filter((t) => t.start >= name.evidence.end).length;
    const onlyIntroduced = after === 0 && (before === 0 || madeOf(m.words, [LISTS.greetings, LISTS.fillers, INTRODUCTIONS], 0, before));
    // "Hola, soy Socorro" greets; "Me llamo Socorro Díaz" alone says nothing the line can act on
    if (onlyIntroduced)
        return {
            intent: LISTS.greetings.has(m.words.slice(0, before)) ? 'greeting' : 'other',
            evidence: { start: 0, end: m.text.length, text: m.text }
        };
    return undefined;
}

/**
 * No rule recognised the message: before the default of the step (at the opening, a report), the statistical reader
 * may recognise a request, a question or small talk in words no list holds.
 */
function byModel(m: Message): Verdict | undefined {
    // at a question the step's own reading (a name, a place, a photo) knows the answer better than word counts
    if (m.step !== 'first' && m.step !== 'waiting') return undefined;
    const intent = modelIntent(m.text, m.step);
    // what changes something for the citizen (a withdrawn case, an alert subscription, a person called, a field
    // rewritten) is done on a rule's word only: a guess must never cancel a waiting case
    if (intent && RULES_ONLY.has(intent)) return undefined;
    // a message that tells of an event is about it: a courtesy word in it ("gracias, se volvió a caer otra rama")
    // does not make it a closing
    if (intent && hasEvent(m) && !ABOUT_AN_EVENT.has(intent)) return undefined;
    return intent ? { intent, evidence: { start: 0, end: m.text.length, text: m.text } } : undefined;
}

/** The intents only a rule may read: commands with an effect. */
const RULES_ONLY: ReadonlySet<Intent> = new Set<Intent>(['cancel', 'operator', 'alerts_subscribe', 'alerts_unsubscribe', 'correction']);

/** How sure the statistical reader must be to overrule the question rules (tuned on dev: fit trained, check measured). */
const SECOND_OPINION = 0.8;
/**
 * What the statistical reader may read instead of a question at the opening: small talk. (A request asked as a
 * question was tried too and read fewer of the check writers' messages right.)
 */
const INSTEAD_OF_A_QUESTION: ReadonlySet<string> = new Set(['other']);

/**
 * A question at the opening, by the rules, may still be small talk ("¿dónde hay un buen restaurante?"): the words of
 * a question alone do not tell, what it is about does, and that is what the statistical reader weighs. It overrules
 * only when sure.
 */
function asksOrSecondOpinion(m: Message): Verdict | undefined {
    const found = rules.asks(m);
    if (found?.intent !== 'question' || found.alertsList || (m.step !== 'first' && m.step !== 'waiting')) return found;
    const second = modelIntent(m.text, m.step, SECOND_OPINION);
    return second && INSTEAD_OF_A_QUESTION.has(second) ? { intent: second, evidence: found.evidence } : found;
}

/** The intents a message that tells of an event can have besides a report. */
const ABOUT_AN_EVENT: ReadonlySet<string> = new Set(['report', 'request', 'question', 'alerts_query']);

/** What a message none of the rules took is, by the question it answers. */
function byStep(m: Message): Verdict {
    const all = { start: 0, end: m.text.length, text: m.text };
    const name = (): ReturnType<typeof readName> => readName(m.text, m.step);
    switch (m.step) {
        case 'first':
        case 'waiting': {
            const named = m.words.length <= 12 ? name() : undefined;
            if (named && named.evidence.end - named.evidence.start >= m.text.trim().length - 2) return { intent: 'other', evidence: named.evidence };
            if (
                !hasEvent(m) &&
                m.words.length <= 8 &&
                (rules.onlyCourtesy(m) || rules.onlyEmojiWords(m) || LISTS.fine.has(m.words) || m.words.length <= 2)
            )
                return { intent: 'other', evidence: all };
            if (rules.saysNoHazard(m)) return { intent: 'other', evidence: all };
            // no event, no hazard and no danger ("vendo empanadas, hago envíos", "feliz domingo a todos"): nothing to
            // report; the opening then offers the three paths and still asks the report's first question
            if (!hasEvent(m) && !m.urgent && !namesAHazard(m)) return { intent: 'other', evidence: all };
            return { intent: 'report', evidence: all };
        }
        case 'name': {
            const named = name();
            if (named) return { intent: 'answer', evidence: named.evidence };
            return { intent: rules.tellsHazard(m) ? 'report' : 'other', evidence: all };
        }
        case 'photo':
            // "ahi va la foto", "adjunto fotografías": the photo on its way, told in words
            return { intent: hasEvent(m) || m.words.some((w) => w.startsWith('foto')) ? 'answer' : 'other', evidence: all };
        case 'summary':
            // something new said instead of confirming: "además se cayó otro árbol"
            return { intent: rules.tellsHazard(m) ? 'report' : 'other', evidence: all };
        default: {
            // asked where, the citizen tells an emergency and no place: a report ("se cayó un árbol")
            if ((m.step === 'department' || m.step === 'location') && rules.tellsHazard(m) && !rules.namesAPlace(m))
                return { intent: 'report', evidence: all };
            if (LISTS.fine.has(m.words) && madeOf(m.words, [LISTS.fine, LISTS.fillers, LISTS.courtesy, new PhraseList(['nosotros', 'ya'])]))
                return { intent: 'other', evidence: all };
            if (rules.onlyEmojiWords(m) || rules.onlyCourtesy(m)) return { intent: 'other', evidence: all };
            const letters = m.words.join('');
            if (letters.length <= 2 && !/\d/.test(letters)) return { intent: 'other', evidence: all };
            if (m.step === 'type' && /^\d+$/.test(letters) && Number(letters) > 20) return { intent: 'other', evidence: all };
            return { intent: 'answer', evidence: all };
        }
    }
}
