import { readEmergencyTypes } from '../emergencyTypes';
import type { CorrectableField, ConversationStep, Intent, Span } from '../types';
import { loadIntentWords } from './intentWords';
import { Mender, PhraseList, madeOf, readWords, type Match, type Words } from './phrases';
import { placeNames } from './placeNames';
import { signUpVerbAt } from './subscriptionVerbs';

/**
 * The rules the intent reader applies, each a small named function over one message read once. A rule answers with
 * an intent (and the words it read it from) or passes. index.ts runs them in order.
 */

const W = loadIntentWords();
const list = (phrases: readonly string[]): PhraseList => new PhraseList([...phrases]);

export const LISTS = {
    greetings: list(W.greetings),
    courtesy: list(W.courtesy),
    fillers: list(W.fillers),
    thanks: list(W.thanks),
    yes: list(W.yes),
    no: list(W.no),
    photoSkip: list(W.photoSkip),
    cancelLeads: list(W.cancelLeads),
    cancelWhenSolved: list(W.cancelWhenSolved),
    foundSafe: list(W.foundSafe),
    notAnEvent: list(W.notAnEvent),
    cancelAtStart: list(W.cancelAtStart),
    cancelAtEnd: list(W.cancelAtEnd),
    commandWants: list(W.commandWants),
    cancelWhole: list(W.cancelWhole),
    operator: list(W.operator),
    operatorWhole: list(W.operatorWhole),
    someoneToTalkTo: list(W.someoneToTalkTo),
    attendsTo: list(W.attendsTo),
    help: list(W.help),
    helpWhole: list(W.helpWhole),
    helpAtOpening: list(W.helpAtOpening),
    alertsNouns: list(W.alertsNouns),
    alertsStopObjects: list(W.alertsStopObjects),
    alertsSubscribeLeads: list(W.alertsSubscribeLeads),
    alertsUnsubscribe: list(W.alertsUnsubscribe),
    alertsUnsubscribeWhole: list(W.alertsUnsubscribeWhole),
    alertsUnsubscribeLeads: list(W.alertsUnsubscribeLeads),
    alertsSentenceFillers: list(W.alertsSentenceFillers),
    alertsSubscribeWhole: list(W.alertsSubscribeWhole),
    alertsList: list(W.alertsList),
    alertsQuery: list(W.alertsQuery),
    questionLeads: list(W.questionLeads),
    questionAnywhere: list(W.questionAnywhere),
    whatToDo: list(W.whatToDo),
    futureMarkers: list(W.futureMarkers),
    notifyVerbs: list(W.notifyVerbs),
    chatObjects: list(W.chatObjects),
    chatVerbs: list(W.chatVerbs),
    questionWords: list(W.questionWords),
    weatherWords: list(W.weatherWords),
    forecastMarkers: list(W.forecastMarkers),
    alertsAboutTheService: list(W.alertsAboutTheService),
    addressWords: list(W.addressWords),
    outages: list(W.outages),
    wideArea: list(W.wideArea),
    outageCauses: list(W.outageCauses),
    requestVerbs: list(W.requestVerbs),
    requestGoods: list(W.requestGoods),
    requestAsks: list(W.requestAsks),
    correctionMarkers: list(W.correctionMarkers),
    contrast: list(W.contrast),
    contrastValueStarts: list(W.contrastValueStarts),
    notAContrast: list(W.notAContrast),
    fieldIsFine: list(W.fieldIsFine),
    wholeCorrection: list(W.wholeCorrection),
    typeWords: list(W.typeWords),
    eventWords: list(W.eventWords),
    jokeMarkers: list(W.jokeMarkers),
    wrongChat: list(W.wrongChat),
    figurative: list(W.figurative),
    hyperbole: list(W.hyperbole),
    notThanks: list(W.notThanks),
    questionOverRequest: list(W.questionOverRequest),
    namingPlaces: list(W.namingPlaces),
    callsForHelp: list(W.callsForHelp),
    emojiWords: list(W.emojiWords),
    dontKnow: list(W.dontKnow),
    fine: list(W.fine),
    interrogatives: list(W.interrogatives),
    questionFrames: list(W.questionFrames),
    askForInfo: list(W.askForInfo),
    answerVerbs: list(W.answerVerbs),
    fieldQuestions: list(W.fieldQuestions),
    solvedMarkers: list(W.solvedMarkers),
    arrivals: list(W.arrivals),
    fateWords: list(W.fateWords),
    relativeLeads: list(W.relativeLeads),
    askVerbs: list(W.askVerbs),
    askedTo: list(W.askedTo),
    hypothesisLeads: list(W.hypothesisLeads),
    notAValue: list(W.notAValue),
    apologies: list(W.apologies),
    reportLeads: list(W.reportLeads),
    noObjects: list(W.noObjects),
    notForTheLine: list(W.notForTheLine),
    politeAsks: list(W.politeAsks),
    serviceAsks: list(W.serviceAsks),
    serviceAsksWhole: list(W.serviceAsksWhole),
    serviceActions: list(W.serviceActions),
    helpers: list(W.helpers),
    fieldWords: {
        name: list(W.correctionFields.name),
        department: list(W.correctionFields.department),
        location: list(W.correctionFields.location),
        type: list(W.correctionFields.type),
        photo: list(W.correctionFields.photo)
    } as Record<CorrectableField, PhraseList>,
    refusalLeads: list(W.refusalLeads),
    refusalVerbs: list(W.refusalVerbs),
    chatTrouble: list(W.chatTrouble),
    weatherExclamations: list(W.weatherExclamations)
};

const ALL_LISTS: PhraseList[] = Object.values(LISTS).flatMap((l) => (l instanceof PhraseList ? [l] : Object.values(l)));
const MENDER = new Mender(
    ALL_LISTS.flatMap((l) => l.vocabulary()),
    ALL_LISTS.flatMap((l) => l.stems())
);

/** One message as the rules read it. */
export interface Message extends Words {
    step: ConversationStep;
    urgent: boolean;
    questionMark: boolean;

    /** What the rules work out once per message. */
    memo: { contentStart?: number; event?: boolean; hazard?: boolean };
}

export interface Verdict {
    intent: Intent;
    correctionField?: CorrectableField;
    /** A question about one of the report's fields ("¿para qué quieren mi nombre?"): which. */
    aboutField?: CorrectableField;
    /** A correction that names its field in words ("la dirección está mal"), as opposed to one read from its value. */
    namedField?: CorrectableField;
    evidence?: Span;
    /** A question that asks for the list of one's alerts ("mis alertas"): the line answers it with the list. */
    alertsList?: boolean;
}

export function readMessage(text: string, step: ConversationStep, urgent: boolean): Message {
    const words = readWords(text, MENDER);
    return {
        ...words,
        step,
        urgent,
        questionMark: text.includes('?') || text.includes('¿'),
        memo: {}
    };
}

const FIRST_STEPS: ReadonlySet<ConversationStep> = new Set(['first', 'waiting']);
const isOpening = (m: Message): boolean => FIRST_STEPS.has(m.step);

/** The span of tokens [from, to) in the original text. */
export function spanOf(m: Words, from: number, to: number): Span | undefined {
    if (from >= to || from >= m.tokens.length) return undefined;
    const start = m.tokens[from].start;
    const end = m.tokens[Math.min(to, m.tokens.length) - 1].end;
    return { start, end, text: m.text.slice(start, end) };
}

const whole = (m: Message): Span => ({ start: 0, end: m.text.length, text: m.text });
const verdict = (intent: Intent, m: Message, match?: Match): Verdict => ({ intent, evidence: match ? spanOf(m, match.from, match.to) : whole(m) });

/** Whether the words are made only of these lists' phrases. */
const only = (m: Message, ...lists: PhraseList[]): boolean => madeOf(m.words, lists);
/** Greetings, courtesy and fillers: what any short command may come with. */
const AROUND = [LISTS.greetings, LISTS.courtesy, LISTS.fillers];
/** What a command said as a whole message may come with: greetings, courtesy, fillers, "quiero", "necesito". */
const AROUND_COMMAND = [...AROUND, LISTS.commandWants];

/** A command said as the whole message, politely or wanted: "cancelar por favor", "quiero salir", "hola, suscribirme". */
const commandAlone = (m: Message, command: PhraseList, ...also: PhraseList[]): boolean =>
    command.has(m.words) && only(m, command, ...also, ...AROUND_COMMAND);

/** The first word after greetings, courtesy and fillers at the start. */
function contentStart(m: Message): number {
    if (m.memo.contentStart === undefined) m.memo.contentStart = computeContentStart(m);
    return m.memo.contentStart;
}

function computeContentStart(m: Message): number {
    let at = 0;
    for (;;) {
        const length = Math.max(...AROUND.map((l) => l.lengthAt(m.words, at)));
        if (length === 0) return at;
        at += length;
    }
}

/** Whether word `at` begins a clause: the message's start, after a break, or after greetings and fillers only. */
function clauseStart(m: Message, at: number): boolean {
    return at === 0 || m.tokens[at].breakBefore || at <= contentStart(m);
}

/** The first match of `list` that begins a clause. */
function findAtClauseStart(m: Message, phrases: PhraseList): Match | undefined {
    for (let match = phrases.find(m.words); match; match = phrases.find(m.words, match.from + 1)) {
        if (clauseStart(m, match.from)) return match;
    }
    return undefined;
}

const hasEvent = (m: Message): boolean => (m.memo.event ??= LISTS.eventWords.has(m.words));
/** Whether the message names a hazard of an emergency type (the type reader's verdict, read once per message). */
const namesAHazard = (m: Message): boolean => (m.memo.hazard ??= readEmergencyTypes(m.text).length > 0);

// ---- rules ----

/** "👍", "👋", "🙏", "?", "😭": a message with no word. */
export function onlySymbols(m: Message): Verdict | undefined {
    if (m.words.length > 0) return undefined;
    // the emoji and symbols of the text (no letters, digits or spaces)
    const symbols = m.text.replace(/[\p{L}\p{N}\s.,;:!¡()"'-]/gu, '');
    const madeOfAny = (emoji: readonly string[]): boolean =>
        symbols.length > 0 &&
        emoji.some((e) => symbols.includes(e)) &&
        [...emoji]
            .sort((a, b) => b.length - a.length)
            .reduce((rest, e) => rest.split(e).join(''), symbols)
            .replace(/\u{FE0F}|[\u{1F3FB}-\u{1F3FF}]|\u200d/gu, '').length === 0;
    if (m.text.includes('?')) return verdict('help', m);
    if (madeOfAny(W.yesEmoji)) return verdict('yes', m);
    if (madeOfAny(W.greetingEmoji)) return verdict('greeting', m);
    if (madeOfAny(W.thanksEmoji)) return verdict('thanks', m);
    return verdict('other', m);
}

/** "quiero hablar con una persona", "pasame con un operador", "operador", "¿me pueden llamar?". */
export function asksForOperator(m: Message): Verdict | undefined {
    const match = LISTS.operator.find(m.words);
    if (match) return verdict('operator', m, match);
    if (LISTS.operatorWhole.has(m.words) && only(m, LISTS.operatorWhole, ...AROUND, LISTS.alertsSubscribeLeads)) return verdict('operator', m);
    const asked = someoneToAttend(m);
    return asked ? verdict('operator', m, asked) : undefined;
}

/** Words for someone that say a person as against the bot ("¿hay algún humano?"). */
const HUMAN = new Set(['humano', 'humana']);
/** Words after a verb of answering that make it a question for information ("responder si…", "decir cuándo…"). */
const ASKS_WHAT = new Set(['si', 'que', 'cuando', 'donde', 'como', 'cual', 'cuanto', 'por']);
/** A question of at most this many words that names a human asks for one. */
const SHORT_ASK = 6;
/** How many words apart a person and a verb of attending may be ("una persona que me pueda llamar"). */
const ATTEND_REACH = 4;

/**
 * "alguien me atiende???", "¿no habrá alguna persona que me pueda llamar?", "es más fácil si me llama alguien": someone
 * asked for by a word for a person and a verb of attending to the writer, in either order, within one clause; or "¿hay
 * algún humano?" in a few words. Not "nadie me atiende en el hospital" (no one asked for) nor "llamen a alguien" (the
 * one to call is not the writer).
 */
function someoneToAttend(m: Message): Match | undefined {
    // a danger told with it ("hay una persona que me llama y me amenaza") is a report
    if (m.urgent) return undefined;
    // "¿hay algún humano?": a person against the bot, asked for in a few words
    const human = m.words.findIndex((w) => HUMAN.has(w));
    if (human >= 0 && m.questionMark && m.words.length <= SHORT_ASK) return { from: human, to: human + 1, phrase: { source: '', words: [] } };
    for (let k = 0; k < m.words.length; k++) {
        if (LISTS.someoneToTalkTo.lengthAt(m.words, k) === 0) continue;
        const last = Math.min(m.words.length - 1, k + ATTEND_REACH);
        for (let j = Math.max(0, k - ATTEND_REACH); j <= last; j++) {
            // "alguien me puede responder si hay alerta?": a question for information, not a person asked for
            if (j === k || LISTS.attendsTo.lengthAt(m.words, j) === 0 || ASKS_WHAT.has(m.words[j + 1] ?? '')) continue;
            const from = Math.min(j, k),
                to = Math.max(j, k);
            if (m.tokens.slice(from + 1, to + 1).some((t) => t.breakBefore)) continue;
            // the writer is the one to attend: "que me llame", "llamarme"; not "llamen a alguien", "lo atiende otra persona"
            const toTheWriter = m.words
                .slice(Math.max(0, from - 1), to + 1)
                .some((w) => w === 'me' || w === 'nos' || (/(me|nos)$/.test(w) && LISTS.attendsTo.has([w])));
            if (toTheWriter || HUMAN.has(m.words[k])) return { from, to: to + 1, phrase: { source: '', words: [] } };
        }
    }
    return undefined;
}

/** "cancelar", "quiero cancelar el reporte", "ya no hace falta, lo arreglaron los vecinos" (not "cancelar las alertas"). */
export function cancels(m: Message): Verdict | undefined {
    if (commandAlone(m, LISTS.cancelWhole)) return verdict('cancel', m);
    for (let lead = LISTS.cancelLeads.find(m.words); lead; lead = LISTS.cancelLeads.find(m.words, lead.to)) {
        const object = m.words.slice(lead.to, lead.to + 3);
        // "¿pueden borrar lo que puse en la dirección?" corrects a field, it withdraws nothing
        const correctsAField = m.words.slice(lead.from, lead.to).some((w) => w.startsWith('borr')) && fieldNamed(m) !== undefined;
        if (LISTS.alertsNouns.find(object) === undefined && LISTS.alertsStopObjects.find(object) === undefined && !correctsAField)
            return verdict('cancel', m, lead);
    }
    const start = contentStart(m);
    const atStart = LISTS.cancelAtStart.lengthAt(m.words, start);
    if (atStart > 0 && start + atStart < m.words.length)
        return verdict('cancel', m, { from: start, to: start + atStart, phrase: { source: '', words: [] } });
    if (m.words.includes('todavia')) return undefined;
    // "ya lo sacaron los vecinos, está llorando pero bien, no manden": the message ends by calling off whoever was coming,
    // in a clause of its own ("no manden más alertas" goes on, and is the alerts'; "se llena la casa y ustedes no manden
    // nada" is a complaint)
    const atEnd = LISTS.cancelAtEnd.findAll(m.words).at(-1);
    if (
        atEnd &&
        (atEnd.from === 0 || m.tokens[atEnd.from].breakBefore) &&
        (atEnd.to === m.words.length || madeOf(m.words, [LISTS.courtesy, LISTS.fillers], atEnd.to))
    )
        return verdict('cancel', m, atEnd);
    const solved = LISTS.cancelWhenSolved.find(m.words);
    return solved ? verdict('cancel', m, solved) : undefined;
}

/**
 * While a case waits, the one it was about turned up fine: "apareció!!! estaba en el pueblo sin batería, perdón y
 * gracias", "lo encontramos, está bien": the emergency is off, a cancel (help that arrived is thanks, not this).
 * Two signs are needed: one alone ("está bien") may be said of someone else.
 */
export function foundSafe(m: Message): Verdict | undefined {
    if (m.step !== 'waiting' || m.urgent || m.questionMark) return undefined;
    const found = LISTS.foundSafe.findAll(m.words);
    if (found.length + (LISTS.apologies.has(m.words) ? 1 : 0) < 2 || LISTS.arrivals.has(m.words)) return undefined;
    return verdict('cancel', m, found[0]);
}

/** "me muero me muero, aprobé!!! perdón, chat equivocado": a message that says it was meant for someone else. */
export function meantForSomeoneElse(m: Message): Verdict | undefined {
    const match = LISTS.notForTheLine.find(m.words);
    // "me equivoqué de número, es Virgen del Valle 2010 no 2100": once in a report, the wrong number is the house's
    if (match && m.step !== 'first' && (contrasts(m) || m.words.indexOf('es', match.to) >= 0)) return undefined;
    return match ? verdict('other', m, match) : undefined;
}

/** An urgent message is a report, whatever else it says. */
export function urgentReport(m: Message): Verdict | undefined {
    return m.urgent ? verdict('report', m) : undefined;
}

/** "BAJA", "no me manden más alertas", "quiero dejar de recibir los avisos", "cancelar mi suscripción". */
export function unsubscribes(m: Message): Verdict | undefined {
    if (commandAlone(m, LISTS.alertsUnsubscribeWhole, LISTS.alertsNouns, LISTS.alertsStopObjects)) return verdict('alerts_unsubscribe', m);
    const lead = leadThenAlerts(m, LISTS.alertsUnsubscribeLeads, false, LISTS.alertsStopObjects);
    if (lead) return verdict('alerts_unsubscribe', m, lead);
    const match = LISTS.alertsUnsubscribe.find(m.words);
    const after = m.words.slice(match?.to ?? 0);
    // the alerts named in the phrase itself ("basta de notificaciones") or after it ("dejen de mandar los avisos")
    const said = match === undefined ? [] : m.words.slice(match.from, match.to);
    const named = match !== undefined && (LISTS.alertsNouns.has(said) || LISTS.alertsStopObjects.has(said));
    // "no me manden más. Ya es suficiente.": "más" makes it a stop to what keeps coming, however long the rest
    const more = match !== undefined && said.includes('mas') && !eventOutside(m, match);
    // "¿cómo me doy de baja?", "me desuscribo": what the line can be left is only its alerts
    const onlyOfAlerts = (said.includes('baja') || said.some((w) => w.startsWith('desuscrib') || w.startsWith('desinscrib'))) && !hasEvent(m);
    if (
        match &&
        (named || more || onlyOfAlerts || LISTS.alertsNouns.has(after) || LISTS.alertsStopObjects.has(after) || (m.words.length <= 6 && !hasEvent(m)))
    )
        return verdict('alerts_unsubscribe', m, match);
    return undefined;
}

/** "ALERTAS", "alertas para Belén porfa", "quiero recibir las alertas", "me anotás para las alertas?". */
export function subscribes(m: Message): Verdict | undefined {
    if (commandAlone(m, LISTS.alertsSubscribeWhole, LISTS.alertsNouns)) return verdict('alerts_subscribe', m);
    // "alerta por favor", "necesito alertas": the alerts named and nothing else
    if (!m.questionMark && !m.words.includes('no') && m.words.some((w) => w.startsWith('alerta')) && commandAlone(m, LISTS.alertsNouns))
        return verdict('alerts_subscribe', m);
    // asked to be told when it comes names the weather too ("¿cómo hago para que me avisen cuando viene tormenta?")
    const notified = asksToBeNotified(m);
    if (notified) return verdict('alerts_subscribe', m, notified);
    if (LISTS.alertsQuery.has(m.words)) return undefined;
    const wanted = leadThenAlerts(m, LISTS.alertsSubscribeLeads, true);
    if (wanted) return verdict('alerts_subscribe', m, wanted);
    const start = contentStart(m);
    const nounFirst = LISTS.alertsNouns.lengthAt(m.words, start);
    if (nounFirst > 0 && !m.questionMark && !hasEvent(m) && restIsPlaceOrCourtesy(m, start + nounFirst)) return verdict('alerts_subscribe', m);
    for (let lead = LISTS.alertsSubscribeLeads.find(m.words); lead; lead = LISTS.alertsSubscribeLeads.find(m.words, lead.to)) {
        const noun = LISTS.alertsNouns.find(m.words.slice(lead.to, lead.to + SUBSCRIBE_REACH));
        const negated = lead.from > 0 && m.words[lead.from - 1] === 'no';
        if (noun && !negated && !findAtClauseStart(m, LISTS.questionLeads)) {
            return verdict('alerts_subscribe', m, lead);
        }
    }
    // any form of a sign-up verb with the alerts after it, also asked as a question ("¿cómo me anoto para los avisos?")
    // the hazard the alerts are about is no event told ("¿cómo me anoto para los avisos de crecida?")
    const verb = signUpVerbAt(m.words);
    return verb >= 0 ? verdict('alerts_subscribe', m, { from: verb, to: verb + 1, phrase: { source: '', words: [] } }) : undefined;
}

/** How many words after a sign-up lead the alerts may come ("que me incorporen a la lista de alertas"). */
const SUBSCRIBE_REACH = 5;

/** How many words after a verb of being told its object may come ("avisenme por acá cuando haya alerta"). */
const NOTIFY_REACH = 6;

/**
 * "avisenme cuando venga el granizo", "mandame las alertas de zonda pa fiambala", "quiero que me avisen por acá cuando
 * haya alerta de granizo": a verb of being told, not negated, then, in the same clause, the alerts or "cuando" and the
 * weather to come. Not a question ("¿me avisan si hay alerta?" asks about the alerts now).
 */
function asksToBeNotified(m: Message): Match | undefined {
    for (let verb = LISTS.notifyVerbs.find(m.words); verb; verb = LISTS.notifyVerbs.find(m.words, verb.to)) {
        if (m.words.slice(Math.max(0, verb.from - 2), verb.from).includes('no')) continue;
        const after = m.words.slice(verb.to, verb.to + NOTIFY_REACH);
        if (LISTS.alertsNouns.find(after) && !m.questionMark) return verb;
        // "¿cómo hago para que me avisen cuando viene la tormenta?", "¿me pueden avisar cuando haya?": told when it comes,
        // asked or not, is a sign-up; "¿me avisan si hay alerta?" asks about now
        const when = after.indexOf('cuando');
        const rest = after.slice(when + 1);
        if (when >= 0 && (LISTS.weatherWords.find(rest) || LISTS.alertsNouns.find(rest) || WHEN_IT_COMES.has(rest[0] ?? ''))) return verb;
    }
    return undefined;
}

/** "cuando haya", "cuando venga": the weather to come, left unnamed. */
const WHEN_IT_COMES: ReadonlySet<string> = new Set(['haya', 'venga', 'vengan', 'viene', 'vienen', 'llegue', 'lleguen', 'pase']);

/**
 * A sentence that only asks for or against the alerts: a lead at its start ("no me manden", "quiero recibir"), then
 * the alerts ("más", "las" aside), then nothing but a place or courtesy. "hay alerta de crecida y se inunda mi casa"
 * is none.
 */
function leadThenAlerts(m: Message, leads: PhraseList, wantsIsLead = false, otherObjects?: PhraseList): Match | undefined {
    // greetings and courtesy before it, not fillers: "no más" is a filler elsewhere, a lead here
    let at = 0;
    for (let skip = 1; skip > 0; at += skip) skip = Math.max(LISTS.greetings.lengthAt(m.words, at), LISTS.courtesy.lengthAt(m.words, at));
    const wants = LISTS.commandWants.lengthAt(m.words, at);
    let lead = leads.lengthAt(m.words, at + wants);
    if (lead > 0) at += wants;
    else if (wantsIsLead && wants > 0) lead = wants;
    else lead = leads.lengthAt(m.words, at);
    if (lead === 0) return undefined;
    let noun = at + lead;
    const objectAt = (at: number): number => Math.max(LISTS.alertsNouns.lengthAt(m.words, at), otherObjects?.lengthAt(m.words, at) ?? 0);
    while (noun < m.words.length && objectAt(noun) === 0 && LISTS.alertsSentenceFillers.lengthAt(m.words, noun) > 0) noun++;
    const nounLength = objectAt(noun);
    if (nounLength === 0) return undefined;
    return restIsPlaceOrCourtesy(m, noun + nounLength) ? { from: at, to: at + lead, phrase: { source: '', words: [] } } : undefined;
}

/**
 * After "alertas": nothing but a place, "para", courtesy ("alertas para Paclín, por favor"), or the weather the alerts
 * are of ("no manden más alertas de viento").
 */
function restIsPlaceOrCourtesy(m: Message, from: number): boolean {
    if (from >= m.words.length) return true;
    const { places } = placeNames();
    return madeOf(m.words, [places, CONNECTIVES, LISTS.weatherWords, ...AROUND], from);
}
const CONNECTIVES = new PhraseList(['para', 'de', 'por', 'en', 'del', 'el', 'la', 'los', 'las', 'departamento', 'zona']);

/** "mis alertas": the list of one's alerts, a question to the line. */
export function listsAlerts(m: Message): Verdict | undefined {
    const match = LISTS.alertsList.find(m.words);
    return match && m.words.length <= 6 ? { ...verdict('question', m, match), alertsList: true } : undefined;
}

/** At the summary and the photo question: "sí", "dale", "👍", "sí, ahí va". */
export function confirms(m: Message): Verdict | undefined {
    if (m.step !== 'summary' && m.step !== 'photo') return undefined;
    if (findAtClauseStart(m, LISTS.questionLeads) || LISTS.questionAnywhere.has(m.words)) return undefined;
    const start = contentStart(m);
    const yes = LISTS.yes.lengthAt(m.words, start);
    const yesEmoji = m.words.length === 0 || W.yesEmoji.some((e) => m.text.trimStart().startsWith(e));
    if (yes === 0 && !yesEmoji) return undefined;
    const rest = m.words.slice(start + yes);
    if (rest.length === 1 && (rest[0] === 'pero' || rest[0] === 'no')) return verdict('other', m);
    if (m.step === 'summary' && namedField(m) && (LISTS.correctionMarkers.has(rest) || rest.includes('pero'))) return undefined;
    if (m.step === 'photo' && hasEvent(m)) return undefined;
    return verdict('yes', m, { from: start, to: start + yes, phrase: { source: '', words: [] } });
}

/** At the photo question: "no tengo foto", "después te la mando", "sin foto". At the summary: "no". */
export function declines(m: Message): Verdict | undefined {
    if (findAtClauseStart(m, LISTS.questionLeads) || LISTS.questionAnywhere.has(m.words)) return undefined;
    if (m.step === 'photo') {
        const start = contentStart(m);
        // "no tengo, se me rompió el teléfono", "ahora no puedo, llueve mucho": declined first, the reason after
        const declinedFirst = LISTS.no.lengthAt(m.words, start) > 0 || LISTS.photoSkip.lengthAt(m.words, start) > 0;
        const reasonOnly =
            declinedFirst && !LISTS.typeWords.has(m.words) && !LISTS.fateWords.has(m.words) && !MORE_TO_TELL.some((w) => m.words.includes(w));
        if (hasEvent(m) && !reasonOnly) return undefined;
        // "no tengo foto, lo que necesito es que saquen la rama": the refusal is said in passing, the service is asked
        if (requestCue(m)) return undefined;
        // "nose", "no sé": not knowing, not declining
        if (LISTS.dontKnow.lengthAt(m.words, start) > 1 && start + LISTS.dontKnow.lengthAt(m.words, start) >= m.words.length) return undefined;
        if (LISTS.no.lengthAt(m.words, start) > 0) return verdict('no', m);
        const skip = LISTS.photoSkip.find(m.words);
        return skip ? verdict('no', m, skip) : undefined;
    }
    if (m.step === 'summary' && m.words[contentStart(m)] === 'no' && !namedField(m) && !LISTS.correctionMarkers.has(m.words.slice(1)))
        return verdict('no', m);
    return undefined;
}

/** "no, pero el agua sigue subiendo": something more told after the answer. */
const MORE_TO_TELL = ['pero', 'ademas', 'tambien', 'encima', 'sigue', 'siguen'];

/** A field named and not vouched for: "la dirección" (but not "el nombre está bien"). */
function namedField(m: Message): { field: CorrectableField; match: Match } | undefined {
    let best: { field: CorrectableField; match: Match } | undefined;
    for (const [field, phrases] of Object.entries(LISTS.fieldWords) as Array<[CorrectableField, PhraseList]>) {
        for (let match = phrases.find(m.words); match; match = phrases.find(m.words, match.to)) {
            if (LISTS.fieldIsFine.lengthAt(m.words, match.to) > 0) continue;
            if (!best || match.from < best.match.from) best = { field, match };
            break;
        }
    }
    return best;
}

/** The report's field a message names ("mi nombre", "la dirección", "la foto"), if any. */
export function fieldNamed(m: Message): CorrectableField | undefined {
    return namedField(m)?.field;
}

/**
 * The field a question asks the reason for: "¿para qué quieren mi nombre?", "y la foto para qué?". A question that
 * only mentions a field's word ("¿a qué número llamo?", "¿qué tipo de foto?") asks no such thing.
 */
export function fieldAskedWhy(m: Message): CorrectableField | undefined {
    const why =
        m.words.some((w, k) => (w === 'para' || w === 'por') && ['que', 'q', 'k'].includes(m.words[k + 1] ?? '')) ||
        m.words.some((w) => w === 'pq' || w === 'xq');
    if (!why) return undefined;
    const named = namedField(m);
    // the field's word itself, with its article or possessive, not "número" or "lugar" for a place
    return named && m.words.slice(named.match.from, named.match.to).some((w) => WHY_FIELDS.has(w)) ? named.field : undefined;
}

/** The words of a field a "why" question names. */
const WHY_FIELDS: ReadonlySet<string> = new Set([
    'nombre',
    'apellido',
    'direccion',
    'domicilio',
    'ubicacion',
    'departamento',
    'depto',
    'foto',
    'fotos',
    'tipo'
]);

/** The field a correction changes: named, or read from the new value (a department, a place, a hazard, an address). */
function correctedField(m: Message): CorrectableField {
    const named = namedField(m);
    if (named) return named.field;
    const { departments, places } = placeNames();
    if (departments.has(m.words)) return 'department';
    if (places.has(m.words)) return 'location';
    if (LISTS.typeWords.has(m.words)) return 'type';
    return 'location';
}

/**
 * "perdón, es Londres, no Belén", "me equivoqué, el nombre es Nélida", "la dirección es Sarmiento 450 no 540"; at
 * the summary also a field alone ("Ubicación", "Corregir", "quiero cambiar el departamento").
 */
export function corrects(m: Message): Verdict | undefined {
    // while a case waits, only a correction that says it is one ("perdón, la calle es Maipú 1520 no 1250")
    if (m.step === 'waiting' && !(LISTS.apologies.has(m.words) || LISTS.correctionMarkers.has(m.words))) return undefined;
    if (m.step === 'first' || m.step === 'name') return undefined;
    // "¿la dirección es necesaria?", "no entiendo, ¿el departamento es el barrio?": a question about a field changes none
    if (m.questionMark && (LISTS.help.has(m.words) || m.words.some((w) => /^(necesari|obligatori)/.test(w)))) return undefined;
    const field = (): Verdict => ({ intent: 'correction', correctionField: correctedField(m), evidence: whole(m) });
    // "nop, está mal", "algo no está bien": the summary declined with no field or value named is a no
    if (m.step === 'summary' && !namedField(m) && only(m, LISTS.no, ...AROUND)) return undefined;
    // "ay perdón, es Valle Viejo, Santa Cruz": at the summary an apology and a place put right the place
    if (m.step === 'summary' && apologyThenPlace(m)) return field();
    if (m.step === 'summary') {
        const fields = Object.values(LISTS.fieldWords);
        if (
            only(
                m,
                ...fields,
                LISTS.wholeCorrection,
                ...AROUND,
                new PhraseList(['quiero', 'cambiar', 'corregir', 'modificar', 'el', 'la', 'de', 'que', 'si', 'pero'])
            )
        ) {
            const named = namedField(m);
            if (named) return { intent: 'correction', correctionField: named.field, evidence: spanOf(m, named.match.from, named.match.to) };
            if (LISTS.wholeCorrection.has(m.words)) return { intent: 'correction', evidence: whole(m) };
            return undefined;
        }
    }
    if (LISTS.correctionMarkers.has(m.words)) return field();
    if (contrasts(m)) return field();
    return undefined;
}

/** An apology, then "es" and a department or place right after it: "uy no perdón, es Valle Viejo". */
function apologyThenPlace(m: Message): boolean {
    const apology = LISTS.apologies.find(m.words);
    if (apology === undefined) return false;
    const is = m.words.indexOf('es', apology.to);
    if (is < 0 || is > apology.to + 2) return false;
    const { departments, places } = placeNames();
    return departments.lengthAt(m.words, is + 1) > 0 || places.lengthAt(m.words, is + 1) > 0;
}

/** A value begins at word `at`: an article or preposition ("no a la entrada", "no el 920"), a place, a number. */
function valueAt(m: Message, at: number): boolean {
    if (at >= m.words.length) return false;
    return LISTS.contrastValueStarts.lengthAt(m.words, at) > 0 || placeNames().places.lengthAt(m.words, at) > 0 || /^\d+$/.test(m.words[at]);
}

/** "no es X, es Y", "no era X, era Y", "es Y, no X": a value set against another. */
function contrasts(m: Message): boolean {
    for (let match = LISTS.contrast.find(m.words); match; match = LISTS.contrast.find(m.words, match.to)) {
        if (LISTS.notAContrast.lengthAt(m.words, match.from) > 0) continue;
        const after = m.words.slice(match.to + 1);
        if (after.includes('es') || after.includes('era') || after.includes('fue') || after.includes('estoy') || after.includes('no')) return true;
        if (m.words.slice(0, match.from).includes('es')) return true;
    }
    if (placeAgainstPlace(m) || valueAgainstValue(m)) return true;
    // "es a la salida del dique, no a la entrada"
    const is = m.words.indexOf('es');
    if (is >= 0) for (let i = is + 2; i < m.words.length; i++) if (m.words[i] === 'no' && m.tokens[i].breakBefore && valueAt(m, i + 1)) return true;
    // "uy perdón, es Londres no Belén", at the summary "la calle es Belgrano no Sarmiento": a short value set against
    // another that ends the message (at a question, without an apology, it may as well answer it: "es Pomán no Belén")
    if (is >= 0 && (m.step === 'summary' || LISTS.apologies.find(m.words.slice(0, is)) !== undefined)) {
        const no = m.words.indexOf('no', is + 2);
        const after = m.words.length - no - 1;
        const before = no - is - 1;
        const alike = valueAt(m, no + 1) || before === after;
        if (
            no > 0 &&
            before <= 3 &&
            after >= 1 &&
            after <= 3 &&
            alike &&
            LISTS.notAValue.lengthAt(m.words, no + 1) === 0 &&
            !m.words.slice(is + 1, no).some((w) => LISTS.notAValue.lengthAt([w], 0) > 0)
        )
            return true;
    }
    return false;
}

/** How many words each side of "no" a value set against another may take at the summary. */
const VALUE_BEFORE = 8;
const VALUE_AFTER = 4;

/**
 * At the summary, where the citizen checks what the line wrote, a value set against another that ends the message is
 * a correction: "Alijilán, no Bañado", "nop, es virgen del valle 1540 no 1450", "la de la cancha vieja no la nueva".
 * Not "sí, no mandes nada" nor "está bien, no tengo foto": what follows "no" must be a value (an article, a place, a
 * number, a capitalised name).
 */
function valueAgainstValue(m: Message): boolean {
    if (m.step !== 'summary') return false;
    const no = m.words.lastIndexOf('no');
    const after = m.words.length - no - 1;
    if (no < 1 || after < 1 || after > VALUE_AFTER || no > VALUE_BEFORE || m.words[no - 1] === 'no') return false;
    if (LISTS.notAValue.lengthAt(m.words, no + 1) > 0) return false;
    const next = m.tokens[no + 1];
    const capitalised = /\p{Lu}/u.test(m.text.charAt(next.start));
    return valueAt(m, no + 1) || capitalised;
}

/** Words between "no" and the place it sets aside: "no el de Tinogasta", "no en El Potrero". */
const BEFORE_A_PLACE: ReadonlySet<string> = new Set(['el', 'la', 'los', 'las', 'de', 'del', 'en', 'es', 'era', 'fue']);

/**
 * A place set against another: "Alijilán, no Bañado", "Saujil de Pomán, no el de Tinogasta", "las juntas de ambato,
 * no de belen". Only once the citizen has given places (never at the opening or the name question).
 */
function placeAgainstPlace(m: Message): boolean {
    const { places } = placeNames();
    for (let no = m.words.indexOf('no'); no > 0; no = m.words.indexOf('no', no + 1)) {
        let at = no + 1;
        while (at < m.words.length && BEFORE_A_PLACE.has(m.words[at])) at++;
        if (at >= m.words.length || places.lengthAt(m.words, at) === 0) continue;
        const before = m.words.slice(Math.max(0, no - 6), no);
        if (places.has(before)) return true;
    }
    return false;
}

/** "hola", "buenas noches", "👋 buenas": only a greeting. */
export function greets(m: Message): Verdict | undefined {
    return LISTS.greetings.has(m.words) && only(m, LISTS.greetings, LISTS.fillers) ? verdict('greeting', m) : undefined;
}

/** "gracias", "Dios se lo pague", "gracias x todo chicos ❤️", "escribo para agradecer su labor". */
export function thanks(m: Message): Verdict | undefined {
    let match = LISTS.thanks.find(m.words);
    while (match && LISTS.notThanks.lengthAt(m.words, match.from) > 0) match = LISTS.thanks.find(m.words, match.to + 1);
    if (!match) return undefined;
    if (only(m, LISTS.thanks, ...AROUND, LISTS.yes)) return verdict('thanks', m, match);
    if (!isOpening(m) || m.questionMark) return undefined;
    const cue = requestCue(m);
    // "gracias x venir a sacar el tronco": the service after "gracias por" is what is thanked, not asked
    const thanked = cue !== undefined && cue.from >= match.to && cue.from - match.to <= 3 && ['por', 'x', 'de'].includes(m.words[match.to] ?? '');
    const asksService = cue !== undefined && !thanked;
    // while waiting, "gracias, se cayó otra rama" thanks and tells something new: a report
    const tellsMore =
        (m.step === 'waiting' && eventOutside(m, match) && !awaitedHappened(m) && !LISTS.fine.has(m.words)) ||
        (LISTS.reportLeads.find(m.words, match.to) !== undefined && eventOutside(m, match)); // "gracias, les aviso que se cayó un árbol"
    if (match.from <= contentStart(m) && !asksService && !tellsMore) return verdict('thanks', m, match);
    // "agradecería que vengan", "si dan chapas les agradecería": the conditional thanks in advance for what it asks
    if (m.words.some((w) => /^agradecer(ia|iamos|ian)$/.test(w))) return undefined;
    if (m.words.some((w) => w.startsWith('agradec') || w.startsWith('agradez'))) return verdict('thanks', m, match);
    if (m.step === 'waiting' && LISTS.fine.has(m.words)) return verdict('thanks', m, match);
    // a closing: thanks with nothing of an emergency besides it, or with the help already there ("ok gracias, ya llegaron")
    if (m.words.length <= 20 && !asksService && (!eventOutside(m, match) || awaitedHappened(m)) && !(m.step === 'first' && LISTS.fine.has(m.words)))
        return verdict('thanks', m, match);
    return undefined;
}

/** Object pronouns between "ya" and its verb ("ya lo subieron"). */
const CLITICS: ReadonlySet<string> = new Set(['lo', 'la', 'los', 'las', 'le', 'les', 'se', 'nos', 'me']);

/**
 * While a case waits, what the citizen waited for has happened: the list's markers ("ya vinieron"), help that arrived
 * ("llegó la ambulancia", data `arrivals`), or "ya" before a verb in the past ("ya lo subieron", "ya volvió", "ya la
 * encontramos"): a closing, whatever hazard words it repeats. Accents are gone from the words, so the past is read by
 * its endings -aron, -ieron, -ió, and -amos, -imos (present too, yet after "ya" nearly always "we did"). An urgent
 * message never gets here: the urgency rule comes first.
 */
function awaitedHappened(m: Message): boolean {
    if (LISTS.solvedMarkers.has(m.words) || LISTS.arrivals.has(m.words)) return true;
    return m.words.some((word, i) => {
        if (word !== 'ya') return false;
        let k = i + 1;
        while (CLITICS.has(m.words[k])) k++;
        return k < m.words.length && /(?:aron|ieron|amos|imos|io)$/.test(m.words[k]);
    });
}

/** Whether an event word stands outside the words of `match` ("gracias por la ayuda" names no event). */
function eventOutside(m: Message, match: Match): boolean {
    return LISTS.eventWords.findAll(m.words).some((event) => event.to <= match.from || event.from >= match.to);
}

/**
 * An interrogative beginning a clause (or after "no sé", "no entiendo") followed within `reach` words by a word of
 * `frames`: "qué número tengo que llamar", "cómo mando la foto", "no sé cómo poner la ubicación".
 */
function interrogativeBefore(m: Message, frames: PhraseList, reach: number): Match | undefined {
    for (let match = LISTS.interrogatives.find(m.words); match; match = LISTS.interrogatives.find(m.words, match.from + 1)) {
        const unsure =
            match.from >= 2 && m.words[match.from - 2] === 'no' && (m.words[match.from - 1] === 'se' || m.words[match.from - 1] === 'entiendo');
        if (!clauseStart(m, match.from) && !unsure) continue;
        // "buenas, ¿qué tal?": a greeting; the words after it are no question
        if (m.words[match.to] === 'tal' || m.words[match.to] === 'onda') continue;
        const frame = frames.find(m.words.slice(match.to, match.to + reach));
        if (frame) return { from: match.from, to: match.to + frame.to, phrase: match.phrase };
    }
    return undefined;
}

/**
 * A question asked inside a sentence: a verb of asking or knowing, then (after "usted", "alguien") an interrogative or
 * "si": "mi abuela pregunta dónde queda el centro", "sabe usted si cobran", "quería consultar cuándo pasan". Not after
 * a "no" ("no sé si vienen" says one does not know).
 */
function embeddedQuestion(m: Message): Match | undefined {
    for (let verb = LISTS.askVerbs.find(m.words); verb; verb = LISTS.askVerbs.find(m.words, verb.to)) {
        if (verb.from > 0 && (m.words[verb.from - 1] === 'no' || m.words[verb.from - 1] === 'nadie' || m.words[verb.from - 1] === 'ni')) continue;
        let at = verb.to;
        for (let k = 0; k < 2 && LISTS.askedTo.lengthAt(m.words, at) > 0; k++) at += LISTS.askedTo.lengthAt(m.words, at);
        if (at >= m.words.length) continue;
        // "hacerles saber que se cayó un árbol" tells; "pregunta qué hay que hacer" asks
        const that =
            m.words[at] === 'que' && !m.questionMark && !m.words[verb.from].startsWith('pregunt') && !m.words[verb.from].startsWith('consult');
        if (!that && (m.words[at] === 'si' || LISTS.interrogatives.lengthAt(m.words, at) > 0))
            return { from: verb.from, to: at + 1, phrase: verb.phrase };
    }
    return undefined;
}

/**
 * A hypothesis, then what to do about it: "en caso de evacuación, qué tengo que llevar", "si se corta la ruta, a
 * quién aviso". The interrogative need not begin a clause: the hypothesis opens the message.
 */
function hypotheticalQuestion(m: Message): Match | undefined {
    const lead = LISTS.hypothesisLeads.lengthAt(m.words, contentStart(m));
    // "sí, el barro que tenemos que sacar…" is a yes, not "si…"
    if (lead === 0 || m.tokens[contentStart(m) + lead]?.breakBefore) return undefined;
    for (let match = LISTS.interrogatives.find(m.words, contentStart(m) + 1); match; match = LISTS.interrogatives.find(m.words, match.from + 1)) {
        const frame = LISTS.questionFrames.find(m.words.slice(match.to, match.to + 3));
        if (frame && frame.from === 0) return { from: match.from, to: match.to + frame.to, phrase: match.phrase };
    }
    return undefined;
}

/** At a question, a short thanks with nothing of an emergency or a question in it ("gracias, quedo atenta"). */
export function thanksInPassing(m: Message): Verdict | undefined {
    if (m.step === 'summary' || m.step === 'photo' || m.questionMark || m.words.length > 10 || hasEvent(m)) return undefined;
    let match = LISTS.thanks.find(m.words);
    while (match && LISTS.notThanks.lengthAt(m.words, match.from) > 0) match = LISTS.thanks.find(m.words, match.to + 1);
    if (!match || match.from > contentStart(m)) return undefined;
    const { places } = placeNames();
    if (places.has(m.words) || /\d/.test(m.text)) return undefined;
    return verdict('thanks', m, match);
}

/**
 * "dale", "listo", "bueno", "sí" at any question: a yes. While the case waits nothing was asked: "ok", "bueno espero"
 * acknowledge, and say nothing to act on.
 */
export function saysYes(m: Message): Verdict | undefined {
    if (m.step === 'first') return undefined;
    if (!LISTS.yes.has(m.words) || !only(m, LISTS.yes, ...AROUND)) return undefined;
    return verdict(m.step === 'waiting' ? 'other' : 'yes', m);
}

/** "no", "no, cambiar", "no quiero dar mi nombre" at a question. */
export function saysNo(m: Message): Verdict | undefined {
    if (isOpening(m)) return undefined;
    return LISTS.no.lengthAt(m.words, contentStart(m)) > 0 && only(m, LISTS.no, LISTS.noObjects, ...AROUND) ? verdict('no', m) : undefined;
}

/** "ayuda", "no entiendo qué tengo que poner", "?". */
export function asksForHelp(m: Message): Verdict | undefined {
    if (m.text.trim() === '?') return verdict('help', m);
    if ((LISTS.helpWhole.has(m.words) || LISTS.help.has(m.words)) && only(m, LISTS.helpWhole, LISTS.help, ...AROUND_COMMAND))
        return verdict('help', m);
    if (isOpening(m)) {
        const opening = LISTS.helpAtOpening.find(m.words);
        if (opening && !hasEvent(m)) return verdict('help', m, opening);
        // how to do something in this chat ("¿cómo les mando la ubicación?", "como borro lo q mande"): the conversation,
        // not the world, is what the citizen does not know
        const how = interrogativeBefore(m, LISTS.answerVerbs, 3) ?? interrogativeBefore(m, LISTS.chatVerbs, 3);
        // a hazard named makes it a question about it ("¿cómo mando la foto del árbol caído?" still asks how, but
        // "¿cómo aviso que se inunda la calle?" tells); a street named to say there is none does not
        return how && LISTS.chatObjects.has(m.words) && !m.urgent && !namesAHazard(m) ? verdict('help', m, how) : undefined;
    }
    // at a question: how to give the answer asked ("¿cómo mando la foto?", "qué número pongo"), what the question means
    const how =
        interrogativeBefore(m, LISTS.answerVerbs, 3) ??
        (m.words.length <= 10 ? LISTS.fieldQuestions.find(m.words) : findAtClauseStart(m, LISTS.fieldQuestions));
    if (how && !hasEvent(m)) return verdict('help', m, how);
    // at a question: asked in its first clause ("no entiendo qué tengo que poner"), not said in passing
    const match = LISTS.help.find(m.words);
    if (!match) return undefined;
    let breaks = 0;
    for (let i = 1; i <= match.from; i++) if (m.tokens[i].breakBefore) breaks++;
    const inFirstClause = breaks <= 1 || m.words.length <= 8; // "Sorry, my Spanish…": a word of courtesy may come first
    return inFirstClause ? verdict('help', m, match) : undefined;
}

/** "¿hay alerta en Belén?", "va a llover en Tinogasta?", "alerta zonda mañana?". */
export function asksAboutAlerts(m: Message): Verdict | undefined {
    let match = LISTS.alertsQuery.find(m.words);
    // "qué hay que hacer cuando hay tormenta": the weather a hypothesis, not asked about
    while (
        match &&
        ((match.from > 0 && HYPOTHESIS_BEFORE.has(m.words[match.from - 1]) && !match.phrase.source.includes('alerta')) || someoneComes(m, match))
    )
        match = LISTS.alertsQuery.find(m.words, match.to);
    // "qué hago si hay tormenta" asks what to do; "quisiera saber si hay alerta" asks about the alerts
    // "quisiera saber si va a llover" asks about the weather as much as "¿va a llover?"
    const asksWhatToDo = LISTS.whatToDo.has(m.words);
    if (match && !(asksWhatToDo && !match.phrase.source.includes('alerta'))) return verdict('alerts_query', m, match);
    // "¿va a llover el finde en Londres?", "pregunto si viene la creciente esta semana": the weather to come, asked
    const asked = m.questionMark || LISTS.askVerbs.has(m.words) || LISTS.questionAnywhere.has(m.words);
    if (asked && !asksWhatToDo && !requestCue(m)) {
        const weather = LISTS.weatherWords.find(m.words);
        // "¿con qué puedo tapar el techo si llueve esta noche?", "x si viene el zonda": what to do, the weather a hypothesis
        // ("saber si viene más lluvia" asks, as "¿viene más lluvia?" does)
        // "cuando llueve no entra ni la camioneta" tells a habit; "¿cuándo va a llover?" opening its sentence asks
        const when = weather === undefined ? -1 : m.words.lastIndexOf('cuando', weather.from - 1);
        const habit = when > 0 && !m.tokens[when].breakBefore ? when : -1;
        const si = weather === undefined ? -1 : Math.max(m.words.lastIndexOf('si', weather.from - 1), habit);
        const hypothesis = si >= 0 && si >= weather!.from - 3 && !(si > 0 && LISTS.askVerbs.has([m.words[si - 1]]));
        // asked without "?" ("quería saber si ..."), the weather must be one to come, said just before it: "si va a
        // llover", "si viene la creciente"; "si siguen dando chapas a los que se les voló el techo con el viento" is not
        const toCome =
            m.questionMark ||
            (weather !== undefined && LISTS.futureMarkers.find(m.words.slice(Math.max(0, weather.from - FUTURE_REACH), weather.to)) !== undefined);
        if (weather && !hypothesis && toCome && LISTS.forecastMarkers.has(m.words) && !interrogativeBefore(m, LISTS.questionFrames, 4))
            return verdict('alerts_query', m, weather);
    }
    // "¿cuándo termina la alerta?" asks about the weather; "¿cómo reciben las alertas los vecinos?" about the line
    if (m.questionMark && m.words.some((w) => w.startsWith('alerta')) && !LISTS.alertsAboutTheService.has(m.words)) return verdict('alerts_query', m);
    return undefined;
}

/** Who or what may come that is no weather: "¿va a venir alguien?", "va a venir una máquina". */
const COMERS: ReadonlySet<string> = new Set([
    'alguien',
    'nadie',
    'gente',
    'personal',
    'ustedes',
    'usted',
    'ambulancia',
    'bomberos',
    'policia',
    'maquina',
    'camion',
    'movil',
    'medico',
    'operario',
    'operarios',
    'cuadrilla'
]);

/** "¿va a venir alguien o no?": a future verb whose subject is a person or a machine, not the weather. */
function someoneComes(m: Message, match: Match): boolean {
    const after = m.words.slice(match.to, match.to + 3);
    const weatherAfter = LISTS.weatherWords.find(after) !== undefined;
    // "¿va a venir alguien?", "saber si alguien va a venir"
    const before = m.words.slice(Math.max(0, match.from - 2), match.from);
    // "aviso por las dudas": the writer lets the line know, just in case; no warning asked about
    const justInCase = match.phrase.source.startsWith('aviso') && m.words[match.to] === 'las' && m.words[match.to + 1] === 'dudas';
    return justInCase || (!weatherAfter && (after.some((w) => COMERS.has(w)) || before.some((w) => COMERS.has(w))));
}

/** Verbs after "para que" that make it a purpose ("para que sepan", "para que tengan en cuenta"), not a question. */
const PURPOSE_VERBS: ReadonlySet<string> = new Set(['sepan', 'sepa', 'tengan', 'tenga', 'esten', 'este', 'vean', 'vea']);

/** How many words before a weather word a marker of the future may come ("si va a venir una creciente"). */
const FUTURE_REACH = 4;

const HYPOTHESIS_BEFORE: ReadonlySet<string> = new Set(['si', 'cuando', 'mientras', 'durante', 'apenas']);

/** A service asked for: "vengan a podar", "solicito inspección", "necesito chapas", "¿lo pueden sacar?". */
function requestCue(m: Message): Match | undefined {
    const verb = LISTS.requestVerbs.find(m.words);
    if (verb) return verb;
    const goods = LISTS.requestGoods.find(m.words);
    if (goods && LISTS.requestAsks.has(m.words)) return goods;
    return asksTheLineToAct(m);
}

/** How many words after "¿pueden…" the service asked for may come ("¿me lo pueden venir a sacar?"). */
const ACTION_REACH = 3;

/**
 * "¿pueden venir a sacar el árbol?", "¿me traen bolsas de arena?", "¿se puede pedir la máquina?": the line is asked to
 * do or bring something, whatever the thing is; not "no se puede pasar" (a road told) nor "¿me pueden pasar el
 * número?" (information, not a service).
 */
function asksTheLineToAct(m: Message): Match | undefined {
    for (let from = 0; from < m.words.length;) {
        const asked = LISTS.serviceAsks.find(m.words, from);
        const whole = LISTS.serviceAsksWhole.find(m.words, from);
        const ask = asked && whole ? (whole.from < asked.from ? whole : asked) : (asked ?? whole);
        if (!ask) return undefined;
        from = ask.from + 1;
        if (m.words[ask.from - 1] === 'no' || m.words[ask.from - 2] === 'no') continue;
        if (ask === whole) return ask;
        for (let k = ask.to; k < Math.min(m.words.length, ask.to + ACTION_REACH); k++)
            if (LISTS.serviceActions.lengthAt(m.words, k) > 0) return { from: ask.from, to: k + 1, phrase: ask.phrase };
    }
    return undefined;
}

/** "para qué quieren mi dirección?", "cuál es el número de bomberos", "q hago si se corta la luz". */
export function asks(m: Message): Verdict | undefined {
    // at a question, without "?", "donde", "cuando" begin a description ("al fondo, donde están los galpones"), not a question
    const describes = !isOpening(m) && !m.questionMark;
    let lead = findAtClauseStart(m, LISTS.questionLeads);
    // "…no se puede entrar. para q sepan": a purpose, not "¿para qué?"
    if (lead && m.words[lead.from] === 'para' && lead.to - lead.from === 2 && PURPOSE_VERBS.has(m.words[lead.to] ?? '')) lead = undefined;
    if (
        lead &&
        describes &&
        LISTS.relativeLeads.has(m.words.slice(lead.from, lead.to)) &&
        lead.to - lead.from === LISTS.relativeLeads.lengthAt(m.words, lead.from)
    )
        lead = undefined;
    lead ??=
        LISTS.questionAnywhere.find(m.words) ??
        LISTS.askForInfo.find(m.words) ??
        (describes ? undefined : interrogativeBefore(m, LISTS.questionFrames, 4)) ??
        embeddedQuestion(m) ??
        (describes ? undefined : hypotheticalQuestion(m));
    if (isOpening(m)) {
        const request = requestCue(m);
        // "si se me inunda la casa, ¿ustedes vienen a sacar el agua?" asks how the line works, it asks for nothing yet
        const hypothesis = m.questionMark && LISTS.hypothesisLeads.lengthAt(m.words, contentStart(m)) > 0;
        // "quería saber si alguien puede venir a mirar la pared" asks for the service politely
        const polite = request !== undefined && LISTS.politeAsks.has(m.words);
        if (request && !hypothesis && (polite || (!LISTS.questionOverRequest.has(m.words) && !LISTS.questionAnywhere.has(m.words))))
            return verdict('request', m, request);
    }
    if (lead) return verdict('question', m, lead);
    if (m.questionMark) {
        if (!isOpening(m) && m.step !== 'name' && !m.text.trimEnd().endsWith('?') && hasEvent(m)) return undefined;
        // at a question, "¿Belén?" is an answer said with doubt: a question asks with a question word
        if (!isOpening(m) && !LISTS.questionWords.has(m.words)) return undefined;
        return verdict('question', m);
    }
    return undefined;
}

/** A service asked for without a question: at the opening, or at a question instead of its answer. */
export function requests(m: Message): Verdict | undefined {
    const cue = requestCue(m);
    // at a question, "no tengo foto, lo que necesito es que saquen la rama" asks for a service instead of answering;
    // "Barrio Libertador, calle 3 casa 14, vengan a ver" answers where, and the place is what the question needs
    const answersWhere = (m.step === 'department' || m.step === 'location') && namesAPlace(m);
    // at the name question a request takes the citizen to the requests instead of the report: only with no name
    // said and by the report's own reading of it (reportDialog), not from here
    if (cue && (isOpening(m) || (!answersWhere && m.step !== 'name'))) return verdict('request', m, cue);
    if (!isOpening(m)) return undefined;
    // "sin luz en todo el barrio desde anoche": a service out over an area, nothing fallen or burning
    const outage = LISTS.outages.find(m.words);
    const cause = LISTS.outageCauses.findAll(m.words).some((match) => !negatedAt(m, match.from));
    if (outage && LISTS.wideArea.has(m.words) && !cause) return verdict('request', m, outage);
    return undefined;
}

const NEGATIONS: ReadonlySet<string> = new Set(['no', 'ningun', 'ninguna', 'ninguno', 'sin', 'ni', 'nada']);

/** Whether a negation comes in the four words before word `at` ("no se ve ningún poste caído"). */
function negatedAt(m: Message, at: number): boolean {
    for (let i = Math.max(0, at - 4); i < at; i++) if (NEGATIONS.has(m.words[i])) return true;
    return false;
}

/**
 * At the opening, no emergency told: "no me llegan las alertas", "jaja el viento me despeinó" (a joke with no
 * hazard of a type in it).
 */
export function saysNothingToActOn(m: Message): Verdict | undefined {
    if (!isOpening(m) || m.questionMark || LISTS.typeWords.has(m.words)) return undefined;
    if (m.words.some((w) => w.startsWith('alerta'))) return verdict('other', m);
    const joke = LISTS.jokeMarkers.find(m.words);
    return joke && !hasEvent(m) ? verdict('other', m, joke) : undefined;
}

/**
 * At the opening, hazard words with no event now: a drill ("mañana hacen el simulacro de incendio"), a chain message
 * ("reenvíen a 10 contactos"), a prayer for past victims. (An event long past, "el año pasado el zonda tiró el
 * tanque", was tried too: it often comes with a request or a report, and read fewer messages right.)
 */
export function nothingHappeningNow(m: Message): Verdict | undefined {
    if (!isOpening(m) || m.urgent || m.questionMark || requestCue(m) || LISTS.thanks.has(m.words) || asks(m)) return undefined;
    const notAnEvent = LISTS.notAnEvent.find(m.words);
    return notAnEvent ? verdict('other', m, notAnEvent) : undefined;
}

/** How long a message of help arriving is: no more than it takes to say who came and that all are out. */
const ARRIVAL_WORDS = 10;

/**
 * While the case waits, "ya llegó la ambulancia", "ya vinieron los bomberos, estamos todos afuera": the help the line
 * sent has arrived; nothing to report and nothing withdrawn (the operator closes the case).
 */
export function helpArrived(m: Message): Verdict | undefined {
    // a longer message goes on to tell how the person is ("ya respira, llora, llegó la ambulancia y se lo llevan")
    if (m.step !== 'waiting' || m.urgent || m.questionMark || m.words.length > ARRIVAL_WORDS) return undefined;
    const arrival = LISTS.arrivals.find(m.words);
    const helpers = LISTS.helpers.findAll(m.words);
    if (!arrival || helpers.length === 0) return undefined;
    // "la ambulancia" is an event word of its own; only an event beside the helpers is news
    const news = LISTS.eventWords.findAll(m.words).some((event) => !helpers.some((h) => event.from >= h.from && event.to <= h.to));
    return news ? undefined : verdict('other', m, arrival);
}

/** "jaja perdón era para otro chat", "me muero de calor jaja", "probando 1 2 3". */
export function offTopic(m: Message): Verdict | undefined {
    // "[sticker de un gato llorando]": what a phone writes for a sticker, a GIF or a file it could not send
    if (/^\[[^\]]*\]$/.test(m.text.trim())) return verdict('other', m);
    const wrong = LISTS.wrongChat.find(m.words);
    if (wrong) return verdict('other', m, wrong);
    const figure = LISTS.figurative.find(m.words);
    if (figure && (isOpening(m) || m.step === 'photo') && (LISTS.hyperbole.has(m.words) || LISTS.jokeMarkers.has(m.words)))
        return verdict('other', m, figure);
    return undefined;
}

/** "no sé", "ni idea", "tal vez": no answer. */
export function doesNotKnow(m: Message): Verdict | undefined {
    if (isOpening(m)) return undefined;
    const match = LISTS.dontKnow.find(m.words);
    if (!match || match.from > contentStart(m)) return undefined;
    const rest = m.words.slice(match.to);
    const { places } = placeNames();
    if (rest.length === 0 || (!places.has(rest) && !LISTS.typeWords.has(rest)) || match.phrase.source === 'no se si')
        return verdict('other', m, match);
    return undefined;
}

/** At the name question: a hazard told instead of the name ("hay agua en la calle"), not a street or a cry alone. */
export function tellsHazard(m: Message): boolean {
    const hazard = LISTS.eventWords
        .findAll(m.words)
        .some((match) => LISTS.namingPlaces.lengthAt(m.words, match.from) === 0 && LISTS.callsForHelp.lengthAt(m.words, match.from) === 0);
    return hazard;
}

/** A place or an address named: a department, locality or barrio, a street word, a number. */
export function namesAPlace(m: Message): boolean {
    return placeNames().places.has(m.words) || LISTS.addressWords.has(m.words) || /\d/.test(m.text);
}

/** No hazard, no type, no one's fate, no place, nothing asked: chatter ("feliz navidad a todos", "que aburrido este domingo"). */
export function saysNoHazard(m: Message): boolean {
    // a street word alone ("este número", "la casa de mi mamá") places nothing: only a named place or a number does
    const placed = placeNames().places.has(m.words) || /\d/.test(m.text);
    return !hasEvent(m) && !m.questionMark && !LISTS.typeWords.has(m.words) && !LISTS.fateWords.has(m.words) && !placed && m.words.length <= 12;
}

/** Only courtesy ("por favor"). */
export const onlyCourtesy = (m: Message): boolean => only(m, LISTS.courtesy, LISTS.fillers);

/** Only emoji read as words ("😭😭"). */
export const onlyEmojiWords = (m: Message): boolean => only(m, LISTS.emojiWords);

export { hasEvent, isOpening, namesAHazard };

/** The questions of the report that a citizen may refuse to answer. */
const REFUSABLE: ReadonlySet<string> = new Set(['name', 'department', 'location', 'photo']);
/** How far after a refusal's lead its verb or object may come: "no le voy a dar nada a un robot". */
const REFUSAL_REACH = 4;

/**
 * "prefiero quedar anónimo", "no le voy a dar nada a un robot", "no hace falta mi nombre, solo quiero el teléfono":
 * asked for a field, a message that opens by refusing to give it is a no, whatever it adds after.
 */
export function refusesTheField(m: Message): Verdict | undefined {
    // "no quiero mandar nada, cancela", "no te doy mi nombre, quiero hablar con un operador": the command is what it asks
    if (!REFUSABLE.has(m.step) || m.urgent || LISTS.cancelLeads.has(m.words) || asksForOperator(m)) return undefined;
    const start = contentStart(m);
    const lead = LISTS.refusalLeads.lengthAt(m.words, start);
    if (lead === 0) return undefined;
    for (let k = start + lead; k < Math.min(m.words.length, start + lead + REFUSAL_REACH); k++) {
        const refused = LISTS.refusalVerbs.lengthAt(m.words, k);
        if (refused > 0) return verdict('no', m, { from: start, to: k + refused, phrase: { source: '', words: [] } });
    }
    return undefined;
}

/** Words of giving up on what the chat does not let one do: "no importa", "después", "dejalo". */
const GIVING_UP: ReadonlySet<string> = new Set(['importa', 'despues', 'luego', 'dejalo', 'olvidate', 'olvidalo']);

/** "no me sale la foto", "no me deja mandar, me dice error": the chat fails the citizen at a question, who needs help with it. */
export function chatFails(m: Message): Verdict | undefined {
    if (isOpening(m) || m.step === 'waiting' || m.urgent || hasEvent(m)) return undefined;
    const match = LISTS.chatTrouble.find(m.words);
    // "no me deja, no importa": the citizen gives up on it
    return match && !m.words.some((w) => GIVING_UP.has(w)) ? verdict('help', m, match) : undefined;
}

/** Sounds that open an exclamation: "uff", "uy", "guau". */
const INTERJECTIONS: ReadonlySet<string> = new Set(['uff', 'uf', 'uy', 'ay', 'ufa', 'upa', 'che', 'guau', 'wow', 'mama', 'mamita', 'dios', 'madre']);

/**
 * "uff qué granizada la de anoche eh, parecía el fin del mundo jaja", "tremendo viento hoy": an exclamation about the
 * weather, at the opening, with nothing else that happened, shares a moment; there is nothing to report.
 */
export function weatherSmallTalk(m: Message): Verdict | undefined {
    if (!isOpening(m) || m.urgent || m.questionMark || requestCue(m)) return undefined;
    let start = contentStart(m);
    while (INTERJECTIONS.has(m.words[start] ?? '')) start++;
    const lead = LISTS.weatherExclamations.lengthAt(m.words, start);
    if (lead === 0) return undefined;
    const weather = LISTS.weatherWords.lengthAt(m.words, start + lead) || LISTS.typeWords.lengthAt(m.words, start + lead);
    if (weather === 0) return undefined;
    const after = start + lead + weather;
    // "qué tormenta, se nos voló el techo" tells what happened after the exclamation
    const told = LISTS.eventWords.findAll(m.words).some((event) => event.from >= after);
    return told ? undefined : verdict('other', m, { from: start, to: after, phrase: { source: '', words: [] } });
}
