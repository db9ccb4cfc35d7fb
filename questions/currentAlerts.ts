import { DateTime } from 'luxon';
import type { Broadcast } from '../alerts';
import { CATAMARCA_ZONE } from '../common/time';
import { DEPARTMENTS } from '../dialogs';
import type { DocumentStore } from '../storage';
import { say } from './texts';

/**
 * States of a broadcast the line stands behind: approved (being prepared), sending or sent. Never one awaiting a
 * supervisor's approval, cancelled, stopped by Meta or ignored.
 */
export const STANDING_STATES: ReadonlyArray<Broadcast['state']> = ['preparing', 'sending', 'completed'];

/** How many of the latest standing broadcasts are read: far more than can be in force at once. */
const READ_LIMIT = 200;

/** What the reader needs from the broadcasts: the standing ones, newest first. */
export interface StandingBroadcasts {
    standing(): Promise<Broadcast[]>;
}

/**
 * Reads the standing broadcasts through the DocumentStore contract (collection 'broadcasts', as
 * alerts/broadcastRepository.ts stores them): the latest {@link READ_LIMIT} in those states, newest first.
 */
export function standingBroadcastsIn(store: DocumentStore): StandingBroadcasts {
    return {
        async standing() {
            const docs = await store.query<Broadcast>('broadcasts', {
                where: [{ field: 'state', op: 'in', value: [...STANDING_STATES] }],
                orderBy: [{ field: 'createdAt', direction: 'desc' }],
                limit: READ_LIMIT
            });
            return docs.map((doc) => doc.value);
        }
    };
}

/** What the citizen asked about and who they are, for {@link answerCurrentAlerts}. */
export interface AlertsQuery {
    /** The department the citizen named ("¿Hay alerta en Belén?"); wins over the subscription. */
    departmentId?: string;
    /** The citizen's alert subscription, when they have one (alerts' Subscription satisfies it). */
    subscription?: { active: boolean; departments: readonly string[]; wholeProvince: boolean };
    /** Now (tests pass a fixed instant). */
    now?: Date;
}

export interface AlertsAnswer {
    /** The answer: the alerts in force for the place asked about, or that there are none. */
    text: string;
    /** "¿Quiere recibir las alertas…? Escriba ALERTAS.", when the citizen is not subscribed: a second message. */
    subscribeOffer?: string;
    /** What the answer is about: a department named, the subscription's departments, or the whole province. */
    scope: { kind: 'department' | 'subscription' | 'province'; departmentIds: string[] };
    /** The ids of the broadcasts told, most severe first. */
    broadcastIds: string[];
}

const LEVEL_ORDER: Record<Broadcast['level'], number> = { rojo: 0, naranja: 1, amarillo: 2, verde: 3 };
const LEVEL_TEXT = { rojo: 'alertLevelRojo', naranja: 'alertLevelNaranja', amarillo: 'alertLevelAmarillo', verde: 'alertLevelVerde' } as const;
const NAMES = new Map(DEPARTMENTS.map((d) => [d.id, d.name]));

/** Whether a department id is one of the province's. */
export function isDepartmentId(id: string): boolean {
    return NAMES.has(id);
}

/**
 * The answer to "¿hay alertas?": the standing broadcasts not yet expired that reach the department asked about (or
 * the citizen's subscribed departments, or any department when neither), with level, phenomenon, validity in
 * Catamarca's time and the agency's advice text; "No hay alertas vigentes para …" when none. Adds the offer to
 * subscribe when the citizen has no active subscription.
 */
export async function answerCurrentAlerts(broadcasts: StandingBroadcasts, query: AlertsQuery): Promise<AlertsAnswer> {
    const now = query.now ?? new Date();
    const subscribed = query.subscription?.active === true;
    const mine = subscribed && !query.subscription!.wholeProvince ? query.subscription!.departments.filter((id) => NAMES.has(id)) : [];
    const scope: AlertsAnswer['scope'] =
        query.departmentId !== undefined && NAMES.has(query.departmentId)
            ? { kind: 'department', departmentIds: [query.departmentId] }
            : mine.length > 0
              ? { kind: 'subscription', departmentIds: mine }
              : { kind: 'province', departmentIds: [] };

    const inForce = (await broadcasts.standing())
        .filter((b) => STANDING_STATES.includes(b.state) && Date.parse(b.validUntil) > now.getTime())
        .filter((b) => scope.kind === 'province' || b.wholeProvince || b.departments.some((id) => scope.departmentIds.includes(id)))
        .sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || Date.parse(a.validUntil) - Date.parse(b.validUntil));

    const place = joinList(scope.departmentIds.map((id) => NAMES.get(id)!));
    let text: string;
    if (inForce.length === 0) {
        text =
            scope.kind === 'department'
                ? say('alertsNoneDepartment', { department: place })
                : scope.kind === 'subscription'
                  ? say('alertsNoneMine', { departments: place })
                  : say('alertsNoneProvince');
    } else {
        const header =
            scope.kind === 'department'
                ? say('alertsHeaderDepartment', { department: place })
                : scope.kind === 'subscription'
                  ? say('alertsHeaderMine', { departments: place })
                  : say('alertsHeaderProvince');
        // Where each alert applies is said unless the question named one department (then it is that one).
        const blocks = inForce.map((b) => describeAlert(b, now, scope.kind !== 'department'));
        text = [header, ...blocks, say('alertsEmergencyNumbers')].join('\n\n');
    }
    return {
        text,
        ...(subscribed ? {} : { subscribeOffer: say('alertsSubscribeOffer') }),
        scope,
        broadcastIds: inForce.map((b) => b.id)
    };
}

function describeAlert(broadcast: Broadcast, now: Date, sayWhere: boolean): string {
    const values = {
        level: say(LEVEL_TEXT[broadcast.level]),
        phenomenon: broadcast.phenomenon.trim().toLowerCase(),
        until: untilText(broadcast.validUntil, now)
    };
    const where = broadcast.wholeProvince ? say('wholeProvince') : joinList(broadcast.departments.map((id) => NAMES.get(id) ?? id));
    const line = sayWhere ? say('alertLineWhere', { ...values, departments: where }) : say('alertLine', values);
    const advice = broadcast.text.trim();
    return advice.length > 0 ? `${line}\n${advice}` : line;
}

/** "hasta hoy a las 18:00", "hasta mañana a las 06:00", "hasta el sábado 12 a las 18:00" (Catamarca's time). */
export function untilText(validUntil: string, now: Date): string {
    const until = DateTime.fromISO(validUntil, { zone: 'utc' }).setZone(CATAMARCA_ZONE).setLocale('es');
    const today = DateTime.fromJSDate(now).setZone(CATAMARCA_ZONE).startOf('day');
    const days = Math.round(until.startOf('day').diff(today, 'days').days);
    const time = until.toFormat('HH:mm');
    if (days <= 0) return say('untilToday', { time });
    if (days === 1) return say('untilTomorrow', { time });
    const weekday = until.toFormat('cccc');
    if (days < 7) return say('untilDay', { weekday, day: until.day, time });
    return say('untilDate', { weekday, day: until.day, month: until.toFormat('LLLL'), time });
}

function joinList(items: readonly string[]): string {
    if (items.length <= 1) return items.join('');
    return `${items.slice(0, -1).join(', ')}${say('listJoiner')}${items[items.length - 1]}`;
}
