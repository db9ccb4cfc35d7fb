import { tokenize } from '../text/normalize';
import { knownVocabulary, wordsOfEntries } from '../knownVocabulary';
import { annotate, compilePattern, compileWord, defineWordClasses, type Pattern, setKnownWords, type WordMatcher } from './patterns';
import { loadRealWords } from './realWords';
import { loadUrgencyWords, type SignalEntry, type UrgencyWords } from './urgencyWords';

export interface Hit {
    signal: SignalEntry;
    first: number;
    last: number;
    order?: number;
}

export interface Compiled {
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
    /** Parts of the body (@body): a cut near one is a wound. */
    body: WordMatcher;
    /** The word classes of "le": what a clitic naming a victim is read as. */
    receiverIds: ReadonlySet<number>;
    /** Whole words compared as they are (urgencyWords.json `exactWords`). */
    serviceVerbs: ReadonlySet<string>;
    sendWords: ReadonlySet<string>;
    askingLeads: ReadonlySet<string>;
    whatOneDoes: ReadonlySet<string>;
    supplyWords: ReadonlySet<string>;
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
        body: compileWord(words.wordClasses?.body !== undefined ? '@body' : 'body_none'),
        receiverIds: annotate(tokenize('le'))[0].ids,
        serviceVerbs: new Set(words.exactWords.serviceVerbs),
        sendWords: new Set(words.exactWords.sendWords),
        askingLeads: new Set(words.exactWords.askingLeads),
        whatOneDoes: new Set(words.exactWords.whatOneDoes),
        supplyWords: new Set(words.exactWords.supplyWords)
    };
    return result;
}

let compiled: Compiled | undefined;
export const data = (): Compiled => (compiled ??= compile(loadUrgencyWords()));
