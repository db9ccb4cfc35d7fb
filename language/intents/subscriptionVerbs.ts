import { stemOf } from '../text/stem';

/**
 * Asking to receive the alerts, however it is phrased: a verb of signing up or receiving (by its Snowball stem, so
 * "me anoto", "anotarme", "se quiere anotar", "suscribirme", "me sumo" are one verb) with the alerts named in the
 * few words after it. "¿Cómo hago para recibir las alertas de Belén?" asks how, but what it wants is the sign-up.
 */

/** Stems of signing up: any form of these verbs asks for a subscription when the alerts follow. */
const SIGN_UP_STEMS: ReadonlySet<string> = new Set(['anot', 'suscrib', 'inscrib', 'registr', 'sum', 'agreg', 'inclu', 'recib', 'activ']);
/**
 * Stems of being sent something: "que me lleguen los avisos", "me manden las alertas" — only with "me" or "nos"
 * right before, and not in the past ("me llegó una alerta" tells of one received).
 */
const SENT_TO_ME_STEMS: ReadonlySet<string> = new Set(['lleg', 'mand', 'envi']);
const PAST_ENDINGS = /(o|aron|ieron|io)$/;
/** Stems of the alerts themselves. */
const ALERT_STEMS: ReadonlySet<string> = new Set(['alert', 'avis', 'notif', 'pronost']);
/** Words that turn the sign-up around: "dejar de recibir", "no quiero que me lleguen", "dar de baja". */
const TURNED_AROUND: ReadonlySet<string> = new Set(['no', 'dejar', 'deje', 'dejen', 'baja', 'stop', 'basta', 'ya', 'mas', 'nunca', 'tampoco']);
/** How many words after the verb the alerts may come ("anotar el grupo de jóvenes para las alertas"). */
const NOUN_REACH = 8;

/** A sign-up is a short request: words past these are not searched (a 4,096-character message stays fast). */
const SEARCHED_WORDS = 80;

/** The index of the sign-up verb of a message that asks to receive the alerts, or -1. */
export function signUpVerbAt(words: readonly string[]): number {
    for (let k = 0; k < Math.min(words.length, SEARCHED_WORDS); k++) {
        const stem = stemOf(words[k]);
        const signUp = SIGN_UP_STEMS.has(stem);
        const sentToMe = SENT_TO_ME_STEMS.has(stem) && (words[k - 1] === 'me' || words[k - 1] === 'nos') && !PAST_ENDINGS.test(words[k]);
        if (!signUp && !sentToMe) continue;
        if (words.slice(Math.max(0, k - 4), k).some((w) => TURNED_AROUND.has(w))) continue;
        if (words.slice(k + 1, k + 1 + NOUN_REACH).some((w) => ALERT_STEMS.has(stemOf(w)))) return k;
    }
    return -1;
}
