import { readIntent, type ConversationStep, type Intent } from '../language';

/** What a citizen can ask for at any step, whatever was asked. */
export type CitizenIntent = { kind: 'cancel' } | { kind: 'help' } | { kind: 'operator' } | { kind: 'alerts'; command: AlertCommand };

export type AlertCommand = 'subscribe' | 'list' | 'unsubscribe';

/** The intents of the language layer that are commands of the dialogs. */
const COMMANDS: Partial<Record<Intent, CitizenIntent>> = {
    cancel: { kind: 'cancel' },
    help: { kind: 'help' },
    operator: { kind: 'operator' },
    alerts_subscribe: { kind: 'alerts', command: 'subscribe' },
    alerts_unsubscribe: { kind: 'alerts', command: 'unsubscribe' }
};

/**
 * The command a message is, as the language layer reads it (language/intents): "cancelar", "quiero cancelar el
 * reporte", "ayuda", "?", "operador" / "quiero hablar con una persona", "ALERTAS" / "quiero recibir las alertas",
 * "MIS ALERTAS", "BAJA" / "no me manden más alertas". An emergency that mentions an alert ("hay alerta de crecida y
 * se inunda mi casa") is no command. Urgency is the dialogs' own check, made before this one.
 */
export function recognizeIntent(text: string, step: ConversationStep = 'first'): CitizenIntent | undefined {
    const reading = readIntent(text, step, false);
    if (reading.alertsList) return { kind: 'alerts', command: 'list' };
    return COMMANDS[reading.intent];
}
