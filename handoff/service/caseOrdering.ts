import type { Priority } from '../../dialogs';
import { HandoffCase } from '../types';

export const PRIORITY_RANK: Readonly<Record<Priority, number>> = { critical: 2, high: 1, normal: 0 };

/**
 * The queue order, as a two-argument comparator: emergencies before "consultas", critical before high before normal, then whoever has
 * waited longest, then the case id so that equal cases always come out in the same order.
 */
export function compareCases(a: HandoffCase, b: HandoffCase): number {
    const byTopic = Number(isConsulta(a)) - Number(isConsulta(b));
    if (byTopic !== 0) return byTopic;
    const byPriority = PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority];
    if (byPriority !== 0) return byPriority;
    if (a.queuedAt !== b.queuedAt) return a.queuedAt < b.queuedAt ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A question for a person, not an emergency: answered when no emergency waits. */
export function isConsulta(value: Pick<HandoffCase, 'topic'>): boolean {
    return value.topic === 'consulta';
}

/** Whether a waiting citizen should hear their new place: they reached the front, or moved up a lot. */
export function positionChangedMuch(told: number | undefined, now: number): boolean {
    if (told === undefined) return true;
    if (now >= told) return false;
    return now === 1 || told - now >= 3 || now <= Math.floor(told / 2);
}
