import type { TranslationKeys } from '@zxcvbn-ts/core';

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
    emergencyNumbers:
        'Todavía no hay un operador libre. Si la situación es grave, llame ya:\n• 103 Defensa Civil\n• 911 Emergencias\n• 107 Emergencias médicas\n• 100 Bomberos',
    requeued: 'El operador no está disponible. Le atenderá otro operador.\nUsted es el número {position} en la fila.',
    withdrawn: 'Listo, cancelamos su pedido de atención.\nSi necesita ayuda, escríbanos de nuevo.',
    // A message that says a life is at risk, written while the case waits or while an operator is with the citizen.
    urgentWhileQueued:
        'Entiendo que es urgente. Ya avisamos a los operadores y su caso pasa adelante en la fila.\nSi puede, llame ya:\n• 911 Emergencias\n• 107 Emergencias médicas\n• 100 Bomberos\n• 103 Defensa Civil',
    urgentWhileAssigned:
        'Entiendo que es urgente. Ya se lo avisamos al operador que le atiende.\nSi puede, llame ya:\n• 911 Emergencias\n• 107 Emergencias médicas\n• 100 Bomberos\n• 103 Defensa Civil',
    // "ALERTAS" while a case is open: the sign-up asks questions of its own, after the case.
    alertsAfterCase: 'Para suscribirse a las alertas meteorológicas, escriba ALERTAS cuando termine esta atención.',
    // Any other message while the case waits: it was received, and where the citizen is.
    receivedWhileQueued: 'Recibimos su mensaje. El operador lo verá cuando le atienda.\nUsted es el número {position} en la fila.',
    // While an urgent case waits for an operator, the bot asks what a dispatcher needs first, one question at a time.
    triageLocation: 'Mientras un operador toma su caso: ¿puede enviarnos su ubicación? Toque el botón para compartirla.',
    triagePeople: '¿Cuántas personas están en peligro? Escriba el número.',
    triageHurt: '¿Hay alguien herido o que no pueda salir?',
    triageDone: 'Gracias. El operador ya tiene estos datos y le responderá por aquí. Si la situación empeora, escríbanos o llame al 911.',
    resolved: 'El operador cerró la conversación.\nSi necesita algo más, escríbanos.',
    returnedToBot: 'Ahora le vuelve a atender el asistente automático.\nEscriba "operador" si necesita una persona.'
} as const;

export type HandoffTextKey = keyof typeof HANDOFF_TEXTS;

/** A text with its {placeholders} filled in. */
export function handoffText(key: HandoffTextKey, values: Record<string, string | number> = {}): string {
    return HANDOFF_TEXTS[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
        Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole
    );
}

/** The word a waiting citizen writes to withdraw the request (accents and case ignored). */
export function isCancelWord(text: string | undefined): boolean {
    if (!text) return false;
    const normalized = text
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .trim()
        .toLowerCase()
        .replace(/[.!¡]+/g, '');
    return normalized === 'cancelar' || normalized === 'cancelo' || normalized === 'cancela';
}

/**
 * Every text about operator accounts that the server says to an operator or to whoever runs the recovery command:
 * why a password is refused, why an account change is refused, what to do next. Spanish of Argentina, formal
 * "usted". The console shows these as they come (the API sends them as `message` with their own `code`).
 */
export const ACCOUNT_TEXTS = {
    weakPassword: 'La contraseña es demasiado fácil de adivinar.',
    // When the estimator gives no specific reason (e.g. a short random-looking password).
    weakPasswordAdvice: 'Use una frase de tres o cuatro palabras poco comunes, separadas por guiones o espacios.',
    samePassword: 'La contraseña nueva tiene que ser distinta de la actual.',
    wrongCurrentPassword: 'La contraseña actual no es correcta.',
    passwordChangeRequired: 'Antes de seguir, cambie la contraseña que le dieron por una que solo usted conozca.',
    passwordChanged: 'Contraseña cambiada.',
    lastSupervisor: 'No se puede: es el último supervisor activo de la línea. Primero dé el rol de supervisor a otra cuenta activa.',
    ownAccount: 'No puede quitarse el rol de supervisor, desactivar ni borrar su propia cuenta. Pídaselo a otro supervisor.',
    supervisorChangeBusy: 'Otro supervisor está cambiando cuentas de supervisores en este momento. Vuelva a intentar en unos segundos.',
    passwordCheckUnavailable: 'No se pudo revisar la contraseña en este momento. Vuelva a intentar en unos segundos.'
} as const;

export type AccountTextKey = keyof typeof ACCOUNT_TEXTS;

/**
 * What the password-strength estimator (@zxcvbn-ts/core) says about a refused password, by its own keys. Written
 * here rather than taken from @zxcvbn-ts/language-es-es, whose texts are of Spain and use "tú".
 */
export const PASSWORD_FEEDBACK_TEXTS = {
    warnings: {
        straightRow: 'Las teclas seguidas de una misma fila del teclado son fáciles de adivinar.',
        keyPattern: 'Los dibujos cortos sobre el teclado son fáciles de adivinar.',
        simpleRepeat: 'Los caracteres repetidos, como "aaa", son fáciles de adivinar.',
        extendedRepeat: 'Los grupos de caracteres repetidos, como "abcabcabc", son fáciles de adivinar.',
        sequences: 'Las secuencias, como "abc" o "1234", son fáciles de adivinar.',
        recentYears: 'Los años recientes son fáciles de adivinar.',
        dates: 'Las fechas son fáciles de adivinar.',
        topTen: 'Es una de las contraseñas más usadas.',
        topHundred: 'Es una contraseña muy usada.',
        common: 'Es una contraseña común.',
        similarToCommon: 'Se parece a una contraseña común.',
        wordByItself: 'Una palabra sola es fácil de adivinar.',
        namesByThemselves: 'Un nombre o un apellido solo es fácil de adivinar.',
        commonNames: 'Los nombres y apellidos comunes son fáciles de adivinar.',
        userInputs: 'No use su usuario, su nombre ni el nombre de la institución (Defensa Civil, Catamarca).',
        pwned: 'Esta contraseña apareció en filtraciones de datos publicadas en Internet.'
    },
    suggestions: {
        l33t: 'Evite los reemplazos previsibles, como "@" en lugar de "a".',
        reverseWords: 'Evite las palabras comunes escritas al revés.',
        allUppercase: 'Ponga en mayúscula algunas letras, no todas.',
        capitalization: 'Ponga en mayúscula otras letras, no solo la primera.',
        dates: 'Evite las fechas relacionadas con usted.',
        recentYears: 'Evite los años recientes.',
        associatedYears: 'Evite los años relacionados con usted.',
        sequences: 'Evite las secuencias de letras o de números.',
        repeated: 'Evite repetir palabras o caracteres.',
        longerKeyboardPattern: 'Si usa dibujos sobre el teclado, que sean largos y cambien varias veces de dirección.',
        anotherWord: 'Agregue más palabras, que sean poco comunes.',
        useWords: 'Use varias palabras, pero no frases conocidas.',
        noNeed: 'Puede crear una contraseña segura sin símbolos, números ni mayúsculas.',
        pwned: 'Si usa esta contraseña en otro lugar, cámbiela también allí.'
    },
    timeEstimation: {
        ltSecond: 'menos de un segundo',
        second: '{base} segundo',
        seconds: '{base} segundos',
        minute: '{base} minuto',
        minutes: '{base} minutos',
        hour: '{base} hora',
        hours: '{base} horas',
        day: '{base} día',
        days: '{base} días',
        month: '{base} mes',
        months: '{base} meses',
        year: '{base} año',
        years: '{base} años',
        centuries: 'siglos'
    }
} satisfies TranslationKeys;
