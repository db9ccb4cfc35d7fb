import { expect } from 'chai';
import { recognizeIntent } from '../../dialogs/intentRecognizer';

/**
 * Review finding: "quiero recibir las alertas", "alertas por favor", "no me manden más alertas", "cancelar por
 * favor", "quiero cancelar el reporte" fell into the emergency report. A command said politely, or asked for in
 * a sentence about the alerts, is that command; an emergency that mentions an alert is not.
 */
describe('dialogs (review): commands as citizens write them', () => {
    // [what the citizen writes, 'cancel' | 'help' | 'operator' | 'alerts:<command>', or undefined: no command]
    const table: [string, string | undefined][] = [
        // Subscribe.
        ['quiero recibir las alertas', 'alerts:subscribe'],
        ['alertas por favor', 'alerts:subscribe'],
        ['ALERTAS, gracias', 'alerts:subscribe'],
        ['Alertas porfa', 'alerts:subscribe'],
        ['por favor, alertas', 'alerts:subscribe'],
        ['Hola, quiero recibir alertas', 'alerts:subscribe'],
        ['Quisiera recibir las alertas meteorológicas', 'alerts:subscribe'],
        ['me quiero suscribir a las alertas', 'alerts:subscribe'],
        ['quiero suscribirme a las alertas, gracias', 'alerts:subscribe'],
        ['quiero las alertas', 'alerts:subscribe'],
        ['quiero que me manden las alertas', 'alerts:subscribe'],
        ['recibir alertas por favor', 'alerts:subscribe'],
        // Unsubscribe.
        ['no quiero recibir más alertas', 'alerts:unsubscribe'],
        ['no me manden más alertas', 'alerts:unsubscribe'],
        ['No me envíen más alertas, gracias', 'alerts:unsubscribe'],
        ['ya no quiero recibir alertas', 'alerts:unsubscribe'],
        ['no más alertas', 'alerts:unsubscribe'],
        ['baja por favor', 'alerts:unsubscribe'],
        ['BAJA gracias', 'alerts:unsubscribe'],
        ['quiero darme de baja', 'alerts:unsubscribe'],
        ['darme de baja de las alertas', 'alerts:unsubscribe'],
        ['quiero dejar de recibir las alertas', 'alerts:unsubscribe'],
        ['cancelar las alertas', 'alerts:unsubscribe'],
        ['cancelar mi suscripción', 'alerts:unsubscribe'],
        ['cancelar las alertas, por favor', 'alerts:unsubscribe'],
        ['STOP', 'alerts:unsubscribe'],
        // List.
        ['mis alertas por favor', 'alerts:list'],
        // Cancel.
        ['cancelar por favor', 'cancel'],
        ['quiero cancelar el reporte', 'cancel'],
        ['Cancelar el reporte, gracias', 'cancel'],
        ['cancelar todo', 'cancel'],
        ['Cancelo, ya se solucionó', 'cancel'],
        ['quiero cancelar', 'cancel'],
        ['cancelar', 'cancel'],
        // Help and a person, politely.
        ['ayuda por favor', 'help'],
        ['operador por favor', 'operator'],
        // Not commands: an emergency that mentions an alert, a complaint, an address, thanks.
        ['hay alerta de crecida y se inunda mi casa', undefined],
        ['hay alerta de crecida', undefined],
        ['con la alerta de viento se voló el techo', undefined],
        ['no hay alertas', undefined],
        ['no me llegan las alertas', undefined],
        ['alerta roja en Belén, se cayó un árbol', undefined],
        ['cancelaron las clases por la alerta', undefined],
        ['calle baja 123', undefined],
        ['gracias', undefined],
        ['por favor', undefined],
        ['hola', undefined]
    ];
    for (const [input, expected] of table) {
        it(`"${input}" -> ${expected ?? 'no command'}`, () => {
            const intent = recognizeIntent(input);
            expect(intent === undefined ? undefined : intent.kind === 'alerts' ? `alerts:${intent.command}` : intent.kind).to.equal(expected);
        });
    }
});
