import { DateTime } from 'luxon';

/** The province's time zone: every time a citizen or operator reads is shown in it. */
export const CATAMARCA_ZONE = 'America/Argentina/Catamarca';

/** Instants are stored as UTC ISO-8601 strings. */
export function nowIso(): string {
    return DateTime.utc().toISO();
}

/** An instant as people in Catamarca read it, e.g. "28/11/2026 14:05". */
export function formatLocal(iso: string, format = 'dd/MM/yyyy HH:mm'): string {
    return DateTime.fromISO(iso, { zone: 'utc' }).setZone(CATAMARCA_ZONE).toFormat(format);
}
