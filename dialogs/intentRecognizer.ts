import { INTENT_PHRASES } from './recognitionData';
import { normalizeText } from './textNormalizer';

/** What a citizen can ask for at any step, whatever was asked. */
export type CitizenIntent =
    | { kind: 'cancel' }
    | { kind: 'help' }
    | { kind: 'operator' }
    | { kind: 'alerts'; command: AlertCommand };

export type AlertCommand = 'subscribe' | 'list' | 'unsubscribe';

/**
 * Recognises "cancelar", "ayuda", "operador" / "quiero hablar con una persona", "ALERTAS", "MIS ALERTAS",
 * "BAJA" / "STOP". Commands count only as the whole message ("baja" inside an address is not a command);
 * asking for a person counts anywhere in it.
 */
export function recognizeIntent(text: string): CitizenIntent | undefined {
    if (text.trim() === '?') return { kind: 'help' };
    const normalized = normalizeText(text);
    if (normalized.length === 0) return undefined;
    const is = (key: string): boolean => (INTENT_PHRASES[key] ?? []).includes(normalized);

    if (is('alertsUnsubscribe')) return { kind: 'alerts', command: 'unsubscribe' };
    if (is('alertsList')) return { kind: 'alerts', command: 'list' };
    if (is('alertsSubscribe')) return { kind: 'alerts', command: 'subscribe' };
    if (is('cancel')) return { kind: 'cancel' };
    if (is('help')) return { kind: 'help' };
    if (is('operatorWholeMessage')) return { kind: 'operator' };
    const padded = ` ${normalized} `;
    if ((INTENT_PHRASES.operatorPhrases ?? []).some((phrase) => padded.includes(` ${phrase} `))) return { kind: 'operator' };
    return undefined;
}
