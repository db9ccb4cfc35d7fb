import type { Compiled, Hit } from './compiledWords';
import type { Word } from './patterns';
import { isPerson, isPossessor, isReporter, isThing, OBJECT_PRONOUNS, RECEIVER, SPEAKER_WORDS, WEAK_PERSON } from './personOrThing';
import type { UrgencyKind } from './urgencyWords';

/**
 * Whether the harm plainly reaches a person whatever things its clause names: a pronoun inside the signal ("el agua ya
 * les entra a la camioneta") or a person leading the sentence (see `personLeadsSentence`).
 */
export function harmReachesPerson(tokens: readonly Word[], hit: Hit, c: Compiled): boolean {
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
