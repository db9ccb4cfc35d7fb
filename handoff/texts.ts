/**
 * Every handoff text a citizen reads, in one place so an agency can reword them without touching the rules.
 * Formal "usted", short lines: many read them on a small phone with a weak signal.
 */
export const HANDOFF_TEXTS = {
    queued: 'Un operador de Defensa Civil le responderá por aquí.\nUsted es el número {position} en la fila.',
    // After the bot itself said that a person will answer (the case opened in the citizen's own turn).
    queuedInTurn: 'Usted es el número {position} en la fila de espera.',
    queuePosition: 'Sigue en la fila: ahora es el número {position}.\nUn operador le responderá por aquí.',
    operatorJoined: 'Un operador de Defensa Civil ya está con usted.',
    emergencyNumbers: 'Todavía no hay un operador libre. Si la situación es grave, llame ya:\n• 103 Defensa Civil\n• 911 Emergencias\n• 107 Emergencias médicas\n• 100 Bomberos',
    requeued: 'El operador no está disponible. Le atenderá otro operador.\nUsted es el número {position} en la fila.',
    withdrawn: 'Listo, cancelamos su pedido de atención.\nSi necesita ayuda, escríbanos de nuevo.',
    // A message that says a life is at risk, written while the case waits or while an operator is with the citizen.
    urgentWhileQueued: 'Entiendo que es urgente. Ya avisamos a los operadores y su caso pasa adelante en la fila.\nSi puede, llame ya:\n• 911 Emergencias\n• 107 Emergencias médicas\n• 100 Bomberos\n• 103 Defensa Civil',
    urgentWhileAssigned: 'Entiendo que es urgente. Ya se lo avisamos al operador que le atiende.\nSi puede, llame ya:\n• 911 Emergencias\n• 107 Emergencias médicas\n• 100 Bomberos\n• 103 Defensa Civil',
    // "ALERTAS" while a case is open: the sign-up asks questions of its own, after the case.
    alertsAfterCase: 'Para suscribirse a las alertas meteorológicas, escriba ALERTAS cuando termine esta atención.',
    // Any other message while the case waits: it was received, and where the citizen is.
    receivedWhileQueued: 'Recibimos su mensaje. El operador lo verá cuando le atienda.\nUsted es el número {position} en la fila.',
    resolved: 'El operador cerró la conversación.\nSi necesita algo más, escríbanos.',
    returnedToBot: 'Ahora le vuelve a atender el asistente automático.\nEscriba "operador" si necesita una persona.'
} as const;

export type HandoffTextKey = keyof typeof HANDOFF_TEXTS;

/** A text with its {placeholders} filled in. */
export function handoffText(key: HandoffTextKey, values: Record<string, string | number> = {}): string {
    return HANDOFF_TEXTS[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
        Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole);
}

/** The word a waiting citizen writes to withdraw the request (accents and case ignored). */
export function isCancelWord(text: string | undefined): boolean {
    if (!text) return false;
    const normalized = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').trim().toLowerCase().replace(/[.!¡]+/g, '');
    return normalized === 'cancelar' || normalized === 'cancelo' || normalized === 'cancela';
}
