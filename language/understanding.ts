import { readEmergencyTypes } from './emergencyTypes';
import { theBodyOverTheScene } from './emergencyTypes/theBodyOverTheScene';
import { typeOfUrgency } from './emergencyTypes/typeOfUrgency';
import { likeliestOf, modelType } from './emergencyTypes/typeModel';
import { readIntent, type Verdict as IntentVerdict } from './intents';
import { readName } from './names';
import { readPeople } from './people';
import { readPlace } from './places';
import type { ConversationStep, PeopleReading, PlaceReading, Span, TypeReading } from './types';
import { NOT_MEANT, readUrgency, type UrgencyVerdict } from './urgency';

export interface Understanding {
    urgency: UrgencyVerdict;
    intent: IntentVerdict;
    place: PlaceReading;
    /** Emergency types named, best first. */
    types: TypeReading[];
    /** The citizen's own name, when the message says it. */
    name?: { name: string; evidence: Span };
    /** How many people, when said plainly, and who among them is vulnerable (babies, children, elderly, pregnant, disabled). */
    people: PeopleReading;
}

/**
 * Messages that do something else than tell an emergency (thank, greet, say yes or no, ask for a person or for help
 * with the line, cancel, stop the alerts, small talk): their hazard words are no type ("gracias, llegó la ambulancia",
 * "cancelalo, ya bajó el agua"), and a type read from them would fill the report and skip its question. On the
 * corpus's dev split these intents name no type in at least 93 of 100 messages.
 */
const CARRIES_NO_TYPE: ReadonlySet<string> = new Set([
    'thanks',
    'greeting',
    'yes',
    'no',
    'operator',
    'help',
    'cancel',
    'alerts_unsubscribe',
    'other'
]);

/**
 * The message with the citizen's name blanked (offsets kept): a surname names no hazard ("Nestor Ramos" is no "ramas",
 * "Ana Del Río" no river).
 */
function withoutTheName(text: string, name: Span | undefined): string {
    return name ? text.slice(0, name.start) + ' '.repeat(name.end - name.start) + text.slice(name.end) : text;
}

/** Every reader over one message, at a point of the conversation (index.ts remembers the last readings). */
export function readUnderstanding(text: string, step: ConversationStep): Understanding {
    const urgency = readUrgency(text, { answeringName: step === 'name', afterTheOpening: step !== 'first' });
    const name = readName(text, step);
    const intent = notMeant(readIntent(text, step, urgency.urgent), urgency, step);
    const named = CARRIES_NO_TYPE.has(intent.intent)
        ? []
        : likeliestFirst(
              theBodyOverTheScene(withoutLockedInByAPerson(readEmergencyTypes(withoutTheName(text, name?.evidence)), urgency), urgency, text),
              text
          );
    // words that name no hazard may still describe an urgency of a kind that is a type ("no respira" is `other`);
    // else the statistical reader may recognise a report's type in words no pattern holds
    const implied =
        named.length === 0 && !CARRIES_NO_TYPE.has(intent.intent) ? (typeOfUrgency(urgency) ?? typeByModel(text, intent.intent)) : undefined;
    return {
        urgency,
        intent,
        place: readPlace(text, { departmentList: step === 'department' }),
        types: withoutABodyAskedAbout(implied ? [implied] : named, intent, urgency),
        people: readPeople(text),
        ...(name ? { name } : {})
    };
}

/** Intents that ask rather than tell: what they say of a body in danger is a case or a worry, not an emergency. */
const ASKS_RATHER_THAN_TELLS: ReadonlySet<string> = new Set(['question', 'request', 'alerts_query', 'alerts_subscribe']);

/**
 * "¿con cuántos grados de fiebre hay que llevar a la guagua a la guardia?", "¿dan cursos por si el nene se atraganta?":
 * the body's words (a fever, choking, a burn) make the type `other` when they tell an emergency; in a question or a
 * request with no one at risk they tell none. On the corpus's dev split this read 111 more messages' type right (no
 * type) and 4 wrong (labelled `other`: "si alguien se desmaya en la calle, ¿llamo al 107 o al 911?").
 */
function withoutABodyAskedAbout(types: TypeReading[], intent: IntentVerdict, urgency: UrgencyVerdict): TypeReading[] {
    if (urgency.urgent || !ASKS_RATHER_THAN_TELLS.has(intent.intent)) return types;
    return types.filter((t) => t.id !== 'other');
}

/** Why the urgency reader set a hazard's words aside when they were never meant: a joke, a figure of speech. */
const JEST: ReadonlySet<string> = new Set([NOT_MEANT.joke, NOT_MEANT.figure]);

/**
 * "jajaja se me incendió la cena", "se inunda mi corazón de amor": a hazard's words in a joke or a figure of speech
 * report nothing, though they would make an opening message a report. On the corpus's dev split, 7 of 8 such opening
 * messages are labelled `other`.
 */
function notMeant(intent: IntentVerdict, urgency: UrgencyVerdict, step: ConversationStep): IntentVerdict {
    if (intent.intent !== 'report' || urgency.urgent || (step !== 'first' && step !== 'waiting')) return intent;
    return urgency.cancelledBy !== undefined && JEST.has(urgency.cancelledBy) ? { ...intent, intent: 'other' } : intent;
}

/**
 * "estoy encerrada en el baño, mi pareja tiene un cuchillo": shut in by a person is violence (type `other`), not a
 * rescue of people trapped; on the corpus's dev split such messages are labelled `other` twice as often.
 */
function withoutLockedInByAPerson(types: TypeReading[], urgency: UrgencyVerdict): TypeReading[] {
    if (urgency.kind !== 'violence' || urgency.byModel || !types.some((t) => t.id === 'people_trapped')) return types;
    const rest = types.filter((t) => t.id !== 'people_trapped');
    return rest.length > 0 ? rest : [{ id: 'other', evidence: urgency.evidence ?? types[0].evidence }];
}

/** The statistical reader's type for a report whose words match no type pattern, over the whole message. */
function typeByModel(text: string, intent: string): TypeReading | undefined {
    // a question or a request may well name no type ("¿hay alerta?", "¿dan chapas?"); a report is expected to
    if (intent !== 'report') return undefined;
    const id = modelType(text);
    return id ? { id, evidence: { start: 0, end: text.length, text } } : undefined;
}

/** Several types read: the likeliest by the statistical reader first (see likeliestOf), the rest in the rules' order. */
function likeliestFirst(types: TypeReading[], text: string): TypeReading[] {
    const ids = [...new Set(types.map((t) => t.id))];
    if (ids.length < 2) return types;
    const best = likeliestOf(text, ids);
    return [...types.filter((t) => t.id === best), ...types.filter((t) => t.id !== best)];
}
