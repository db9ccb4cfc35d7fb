import type { ConversationStep } from '../types';
import { readName } from '../names';
import { loadNameWords } from '../names/nameWords';
import { LISTS, hasEvent, isOpening, readMessage, type Message, type Verdict } from './rules';
import * as rules from './rules';
import { madeOf, PhraseList } from './phrases';

export type { Verdict };

/**
 * What a citizen's message mainly does, read at the step of the conversation it arrives at. `urgent` comes from the
 * urgency reader: an urgent message is a report unless it plainly cancels or asks for a person.
 */
export function readIntent(text: string, step: ConversationStep, urgent: boolean): Verdict {
    const m = readMessage(text, step, urgent);
    const ordered: Array<(m: Message) => Verdict | undefined> = [
        rules.onlySymbols,
        plainly(rules.asksForOperator),
        plainly(rules.cancels),
        rules.meantForSomeoneElse,
        rules.urgentReport,
        rules.unsubscribes,
        rules.listsAlerts,
        rules.subscribes,
        rules.corrects,
        rules.asksForHelp,
        rules.confirms,
        rules.declines,
        greetsOrIntroduces,
        rules.thanks,
        rules.thanksInPassing,
        rules.saysYes,
        rules.saysNo,
        rules.asksAboutAlerts,
        rules.offTopic,
        rules.asks,
        rules.requests,
        rules.doesNotKnow,
        rules.saysNothingToActOn,
        byStep
    ];
    for (const rule of ordered) {
        const found = rule(m);
        if (found) return found;
    }
    return { intent: 'other' };
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
    if (onlyIntroduced) return { intent: LISTS.greetings.has(m.words.slice(0, before)) ? 'greeting' : 'other', evidence: { start: 0, end: m.text.length, text: m.text } };
    return undefined;
}

/** What a message none of the rules took is, by the question it answers. */
function byStep(m: Message): Verdict {
    const all = { start: 0, end: m.text.length, text: m.text };
    const name = (): ReturnType<typeof readName> => readName(m.text, m.step);
    switch (m.step) {
        case 'first':
        case 'waiting': {
            const named = m.words.length <= 12 ? name() : undefined;
            if (named && named.evidence.end - named.evidence.start >= m.text.trim().length - 2) return { intent: 'other', evidence: named.evidence };
            if (!hasEvent(m) && m.words.length <= 8 && (rules.onlyCourtesy(m) || rules.onlyEmojiWords(m) || LISTS.fine.has(m.words) || m.words.length <= 2)) return { intent: 'other', evidence: all };
            if (rules.saysNoHazard(m)) return { intent: 'other', evidence: all };
            return { intent: 'report', evidence: all };
        }
        case 'name': {
            const named = name();
            if (named) return { intent: 'answer', evidence: named.evidence };
            return { intent: rules.tellsHazard(m) ? 'report' : 'other', evidence: all };
        }
        case 'photo':
            return { intent: hasEvent(m) ? 'answer' : 'other', evidence: all };
        case 'summary':
            // something new said instead of confirming: "además se cayó otro árbol"
            return { intent: rules.tellsHazard(m) ? 'report' : 'other', evidence: all };
        default: {
            // asked where, the citizen tells an emergency and no place: a report ("se cayó un árbol")
            if ((m.step === 'department' || m.step === 'location') && rules.tellsHazard(m) && !rules.namesAPlace(m)) return { intent: 'report', evidence: all };
            if (LISTS.fine.has(m.words) && madeOf(m.words, [LISTS.fine, LISTS.fillers, LISTS.courtesy, new PhraseList(['nosotros', 'ya'])])) return { intent: 'other', evidence: all };
            if (rules.onlyEmojiWords(m) || rules.onlyCourtesy(m)) return { intent: 'other', evidence: all };
            const letters = m.words.join('');
            if (letters.length <= 2 && !/\d/.test(letters)) return { intent: 'other', evidence: all };
            if (m.step === 'type' && /^\d+$/.test(letters) && Number(letters) > 20) return { intent: 'other', evidence: all };
            return { intent: 'answer', evidence: all };
        }
    }
}
