// How the console names weather alerts: levels and their public meaning, phenomena, states, the departments
// reached, and counts of people, in Spanish.

import { DEPARTMENTS, departmentName } from './departments.js';

/** The national weather service's colours, lowest first, with what each asks of the public. */
export const LEVELS = Object.freeze([
    { id: 'verde', name: 'Verde', feminine: 'verde', meaning: 'Sin riesgo' },
    { id: 'amarillo', name: 'Amarillo', feminine: 'amarilla', meaning: 'Infórmese' },
    { id: 'naranja', name: 'Naranja', feminine: 'naranja', meaning: 'Prepárese' },
    { id: 'rojo', name: 'Rojo', feminine: 'roja', meaning: 'Siga las instrucciones oficiales' }
]);

export const PHENOMENA = Object.freeze([
    'Lluvia',
    'Viento',
    'Niebla',
    'Tormenta',
    'Nevada',
    'Altas temperaturas',
    'Bajas temperaturas',
    'Ceniza volcánica',
    'Polvo',
    'Viento zonda',
    'Humo'
]);

/** The text and CSS modifier of a level (unknown values look like the lowest). */
export function levelOf(id) {
    return LEVELS.find((level) => level.id === id) || LEVELS[0];
}

const STATES = {
    awaiting_approval: 'Espera aprobación',
    preparing: 'Preparando',
    sending: 'Enviando',
    completed: 'Completada',
    cancelled: 'Cancelada',
    stopped: 'Detenida por WhatsApp',
    ignored: 'Descartada'
};

export function stateLabel(state) {
    return STATES[state] || String(state || '');
}

/** Still going out (the list refreshes itself while any is). */
export function isRunning(state) {
    return state === 'preparing' || state === 'sending';
}

/** "Belén, Tinogasta y Andalgalá", or "toda la provincia". */
export function describeDepartments(ids, wholeProvince = false) {
    const list = ids || [];
    if (wholeProvince || (list.length === DEPARTMENTS.length && DEPARTMENTS.every((d) => list.includes(d.id)))) return 'toda la provincia';
    const names = list.map(departmentName);
    if (names.length <= 1) return names.join('');
    return `${names.slice(0, -1).join(', ')} y ${names[names.length - 1]}`;
}

const numbers = new Intl.NumberFormat('es-AR');

/** "1.234" */
export function formatCount(value) {
    return numbers.format(Number(value) || 0);
}

/** "1 persona", "1.234 personas" (and the like for other nouns). */
export function countOf(value, singular, plural) {
    return `${formatCount(value)} ${Number(value) === 1 ? singular : plural}`;
}
