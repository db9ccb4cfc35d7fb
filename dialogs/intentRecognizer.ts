import { readIntent, type ConversationStep } from '../language';
import { GREETINGS, INTENT_PHRASES } from './recognitionData';
import { normalizeText, phraseAt, words } from './textNormalizer';

/** What a citizen can ask for at any step, whatever was asked. */
export type CitizenIntent =
    | { kind: 'cancel' }
    | { kind: 'help' }
    | { kind: 'operator' }
    | { kind: 'alerts'; command: AlertCommand };

export type AlertCommand = 'subscribe' | 'list' | 'unsubscribe';

const phrases = (key: string): string[][] => (INTENT_PHRASES[key] ?? []).map(words).sort((a, b) => b.length - a.length);
/** Longest first: "muchas gracias" before "gracias", "buenas tardes" before "buenas". */
const COURTESY: readonly string[][] = phrases('commandCourtesy');
const OPENING_GREETINGS: readonly string[][] = GREETINGS.map(words).sort((a, b) => b.length - a.length);
const WANTS: readonly string[][] = phrases('commandWants');
const SUBSCRIBE_LEADS: readonly string[][] = phrases('alertsSubscribeLeads');
const UNSUBSCRIBE_LEADS: readonly string[][] = phrases('alertsUnsubscribeLeads');
const CANCEL_VERBS: ReadonlySet<string> = new Set(INTENT_PHRASES.cancelVerbs ?? []);
const ALERT_NOUNS: ReadonlySet<string> = new Set(INTENT_PHRASES.alertsNouns ?? []);
const ALERT_FILLERS: ReadonlySet<string> = new Set(INTENT_PHRASES.alertsSentenceFillers ?? []);

/**
 * Recognises "cancelar", "ayuda", "operador" / "quiero hablar con una persona", "ALERTAS", "MIS ALERTAS",
 * "BAJA" / "STOP". A command counts as the whole message ("baja" inside an address is not a command), said
 * politely too ("alertas por favor", "Hola, quiero cancelar el reporte"); so does a sentence that only asks for
 * or against the alerts ("quiero recibir las alertas", "no me manden más alertas"), and a message that begins
 * with "cancelar". Asking for a person counts anywhere in it. An emergency that mentions an alert ("hay alerta
 * de crecida y se inunda mi casa") is no command.
 */
export function recognizeIntent(text: string, step: ConversationStep = 'first'): CitizenIntent | undefined {
    return recognizeCommand(text) ?? commandUnderstood(text, step);
}

/**
 * A command the language layer reads in other words than the phrases above ("me podés pasar con alguien de carne y
 * hueso", "no entiendo qué tengo que poner", "saquenme de la lista").
 */
function commandUnderstood(text: string, step: ConversationStep): CitizenIntent | undefined {
    switch (readIntent(text, step, false).intent) {
        case 'cancel': return { kind: 'cancel' };
        case 'help': return { kind: 'help' };
        case 'operator': return { kind: 'operator' };
        case 'alerts_subscribe': return { kind: 'alerts', command: 'subscribe' };
        case 'alerts_unsubscribe': return { kind: 'alerts', command: 'unsubscribe' };
        default: return undefined;
    }
}

function recognizeCommand(text: string): CitizenIntent | undefined {
    if (text.trim() === '?') return { kind: 'help' };
    const normalized = normalizeText(text);
    if (normalized.length === 0) return undefined;

    const tokens = words(normalized);
    const polite = withoutCourtesy(tokens);
    const command = commandIn(tokens) ?? commandIn(polite) ?? beginsWithCancel(polite);
    if (command) return command;
    const padded = ` ${normalized} `;
    if ((INTENT_PHRASES.operatorPhrases ?? []).some((phrase) => padded.includes(` ${phrase} `))) return { kind: 'operator' };
    return undefined;
}

/** The command a whole message (its words) is, with or without "quiero" before it. */
function commandIn(tokens: string[]): CitizenIntent | undefined {
    if (tokens.length === 0) return undefined;
    const wanted = withoutLeading(tokens, WANTS);
    return wholeMessageCommand(tokens.join(' '))
        ?? (wanted.length > 0 && wanted.length < tokens.length ? wholeMessageCommand(wanted.join(' ')) : undefined)
        ?? alertsSentence(tokens);
}

/** "cancelar todo", "Cancelo, ya se solucionó", "quiero cancelar la denuncia" (after the alerts: "cancelar las alertas"). */
function beginsWithCancel(tokens: string[]): CitizenIntent | undefined {
    return CANCEL_VERBS.has(withoutLeading(tokens, WANTS)[0]) ? { kind: 'cancel' } : undefined;
}

/** A command phrase of recognition.json that is the whole message. */
function wholeMessageCommand(normalized: string): CitizenIntent | undefined {
    const is = (key: string): boolean => (INTENT_PHRASES[key] ?? []).includes(normalized);
    if (is('alertsUnsubscribe')) return { kind: 'alerts', command: 'unsubscribe' };
    if (is('alertsList')) return { kind: 'alerts', command: 'list' };
    if (is('alertsSubscribe')) return { kind: 'alerts', command: 'subscribe' };
    if (is('cancel')) return { kind: 'cancel' };
    if (is('help')) return { kind: 'help' };
    if (is('operatorWholeMessage')) return { kind: 'operator' };
    return undefined;
}

/**
 * "no me manden más alertas" / "quiero recibir las alertas": a lead, then the alerts, and nothing else (fillers
 * like "más", "las" aside). Against the alerts is read first: "no quiero" begins with no subscribe lead anyway.
 */
function alertsSentence(tokens: string[]): CitizenIntent | undefined {
    const meaningful = tokens.filter((token) => !ALERT_FILLERS.has(token));
    if (leadThenAlerts(meaningful, UNSUBSCRIBE_LEADS)) return { kind: 'alerts', command: 'unsubscribe' };
    if (leadThenAlerts(meaningful, SUBSCRIBE_LEADS)) return { kind: 'alerts', command: 'subscribe' };
    return undefined;
}

function leadThenAlerts(tokens: string[], leads: readonly string[][]): boolean {
    return leads.some((lead) => phraseAt(tokens, lead, 0) && ALERT_NOUNS.has(tokens.slice(lead.length).join(' ')));
}

/** Without greetings before and courtesy around: "Hola, alertas por favor" -> "alertas". */
function withoutCourtesy(tokens: string[]): string[] {
    let rest = withoutLeading(tokens, [...OPENING_GREETINGS, ...COURTESY]);
    for (;;) {
        const courtesy = COURTESY.find((phrase) => rest.length > phrase.length && phraseAt(rest, phrase, rest.length - phrase.length));
        if (!courtesy) return rest;
        rest = rest.slice(0, rest.length - courtesy.length);
    }
}

/** The tokens after any of these phrases at the start, repeatedly ("hola buenas tardes por favor ..."). */
function withoutLeading(tokens: string[], leading: readonly string[][]): string[] {
    let at = 0;
    for (;;) {
        const phrase = leading.find((p) => phraseAt(tokens, p, at));
        if (!phrase) return tokens.slice(at);
        at += phrase.length;
    }
}
