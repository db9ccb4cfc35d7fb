// How the console writes times, durations, priorities and statuses: in Spanish, in Catamarca's time.

export const TIME_ZONE = 'America/Argentina/Catamarca';

const dateTime = new Intl.DateTimeFormat('es-AR', {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false
});
const timeOnly = new Intl.DateTimeFormat('es-AR', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const dayOnly = new Intl.DateTimeFormat('es-AR', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });

/** "28/11/2026 14:05" in Catamarca; '—' when unknown. */
export function formatDateTime(iso) {
    const date = parseDate(iso);
    return date ? dateTime.format(date) : '—';
}

/** "14:05:09" when the instant is today in Catamarca, else "27/11/2026 14:05". */
export function formatShortTime(iso, now = new Date()) {
    const date = parseDate(iso);
    if (!date) return '';
    return dayOnly.format(date) === dayOnly.format(now) ? timeOnly.format(date) : dateTime.format(date);
}

/** Elapsed time, counting up: "0:07", "12:34", "1:02:03". */
export function formatElapsed(fromIso, now = Date.now()) {
    const from = parseDate(fromIso);
    if (!from) return '';
    const total = Math.max(0, Math.floor((now - from.getTime()) / 1000));
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const seconds = total % 60;
    const ss = String(seconds).padStart(2, '0');
    return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

/** Catamarca keeps UTC-3 all year (no daylight saving): its wall time is a fixed offset from UTC. */
export const CATAMARCA_OFFSET = '-03:00';
const CATAMARCA_OFFSET_MS = -3 * 3600_000;

/** A datetime-local value ("2026-11-29T02:00"), read as Catamarca time, as an ISO instant with its offset. */
export function catamarcaLocalToIso(local) {
    const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(String(local || ''));
    if (!match) return undefined;
    const iso = `${match[1]}T${match[2]}${match[3] || ':00'}${CATAMARCA_OFFSET}`;
    return Number.isNaN(Date.parse(iso)) ? undefined : iso;
}

/** An instant as a datetime-local value in Catamarca time ("2026-11-29T02:00"). */
export function catamarcaLocalInput(date) {
    return new Date(date.getTime() + CATAMARCA_OFFSET_MS).toISOString().slice(0, 16);
}

function parseDate(iso) {
    if (!iso) return undefined;
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? undefined : date;
}

export const PRIORITY_LABELS = { critical: 'Crítica', high: 'Alta', normal: 'Normal' };

export function priorityLabel(priority) {
    return PRIORITY_LABELS[priority] || 'Normal';
}

/** The CSS modifier of a priority (unknown values look normal). */
export function priorityClass(priority) {
    return PRIORITY_LABELS[priority] ? priority : 'normal';
}

const STATUS_LABELS = {
    queued: 'En espera',
    assigned: 'En atención',
    resolved: 'Resuelto',
    withdrawn: 'Cancelado por el ciudadano',
    returned_to_bot: 'Devuelto al bot'
};

export function statusLabel(status) {
    return STATUS_LABELS[status] || String(status || '');
}

const REASON_LABELS = {
    report_complete: 'Reporte completo',
    urgent: 'Urgencia detectada',
    voice_note: 'Envió un audio',
    repeated_failures: 'El bot no le entendió',
    citizen_request: 'Pidió hablar con una persona'
};

export function reasonLabel(reason) {
    return REASON_LABELS[reason] || String(reason || '');
}

const AUDIT_LABELS = {
    opened: 'Caso abierto',
    claim: 'Tomado',
    release: 'Liberado',
    resolve: 'Resuelto',
    return_to_bot: 'Devuelto al bot',
    withdraw: 'Cancelado por el ciudadano',
    timeout_release: 'Liberado por falta de respuesta',
    citizen_message: 'Mensaje del ciudadano',
    operator_message: 'Respuesta del operador',
    note: 'Nota interna',
    request_merged: 'Nuevo pedido sumado',
    conversation_attached: 'Conversación con el bot adjuntada',
    card_updated: 'Datos del caso actualizados por el ciudadano',
    card_edited: 'Dato corregido por un operador',
    triage_asked: 'Pregunta del bot mientras espera',
    triage_done: 'El ciudadano respondió las preguntas del bot',
    delivery_failed: 'Mensaje no entregado',
    citizen_notified: 'Aviso al ciudadano',
    flagged: 'Sin operador a tiempo',
    reminder: 'Recordatorio al operador',
    transfer: 'Transferido'
};

export function auditLabel(action) {
    return AUDIT_LABELS[action] || String(action || '');
}

/** Who the citizen is, as best known: the name given in the report, else the WhatsApp profile name. */
export function citizenName(caseValue) {
    const reported = caseValue && caseValue.report && caseValue.report.name;
    if (reported) return { name: String(reported), source: 'report' };
    const profile = caseValue && caseValue.conversationReference && caseValue.conversationReference.user && caseValue.conversationReference.user.name;
    if (profile) return { name: String(profile), source: 'profile' };
    return { name: 'Sin nombre', source: 'none' };
}

/** The citizen's WhatsApp number in international form ("+5493834123456"); other ids (BSUIDs) as given. */
export function formatPhone(citizenKey) {
    const key = String(citizenKey || '');
    return /^\d{6,15}$/.test(key) ? `+${key}` : key;
}

/** A finite coordinate, or undefined. */
export function coordinate(value, limit) {
    const number = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(number) && Math.abs(number) <= limit ? number : undefined;
}

/** The OpenStreetMap page centred on a point, with a marker. */
export function mapUrl(latitude, longitude) {
    const lat = latitude.toFixed(6);
    const lon = longitude.toFixed(6);
    return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
}

/** Only the console's own media route is ever used as an image or link source. */
export function safeMediaUrl(url) {
    return typeof url === 'string' && /^\/api\/operator\/media\/[A-Za-z0-9_-]{1,200}$/.test(url) ? url : undefined;
}
