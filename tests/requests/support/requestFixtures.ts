import { createSilentLogger } from '../../../common/logger';
import { Clock, systemClock } from '../../../common/clock';
import type { DocumentStore } from '../../../storage/documentStore';
import { LastCitizenMessageAt } from '../../../requests/citizenWindow';
import { RequestNotifier, RequestNotifierSettings } from '../../../requests/requestNotifier';
import { RequestRepository } from '../../../requests/requestRepository';
import { RequestService } from '../../../requests/requestService';
import { NewServiceRequest } from '../../../requests/types';

export const TEMPLATE: RequestNotifierSettings = { templateName: 'actualizacion_solicitud', templateLanguage: 'es_AR' };

/** A clock the test moves by hand. */
export class HandClock {
    current: number;
    constructor(iso = '2026-12-01T15:00:00.000Z') {
        this.current = Date.parse(iso);
    }
    readonly now = (): Date => new Date(this.current);
    /** This clock as the line's components take it (common/clock.ts); timers are real ones. */
    readonly asClock: Clock = { ...systemClock, now: () => this.current };
    advanceHours(hours: number): void {
        this.current += hours * 3_600_000;
    }
}

export function newRequest(citizenKey = '5493834111111', extra: Partial<NewServiceRequest> = {}): NewServiceRequest {
    return {
        citizenKey,
        channelId: 'whatsapp',
        name: 'Ana Pérez',
        departmentId: '10049',
        address: 'Av. Belgrano 900',
        requestKind: 'poda',
        description: 'Un árbol está por caer sobre el cable',
        ...extra
    };
}

/** Numbers drawn in order from a list, then at random: a taken one must be drawn again. */
export function numbersFrom(list: string[], fallback: () => string): () => string {
    let i = 0;
    return () => (i < list.length ? list[i++] : fallback());
}

/**
 * Resolves every caller once `count` of them are waiting: two changes that both read the request before either commits
 * (the notifier asks for the citizen's last message between the read and the commit).
 */
export function barrier(count: number, value: Date | undefined): LastCitizenMessageAt {
    const waiting: (() => void)[] = [];
    return () =>
        new Promise<Date | undefined>((resolve) => {
            waiting.push(() => resolve(value));
            if (waiting.length >= count) waiting.splice(0).forEach((go) => go());
        });
}

export interface ServiceParts {
    repository: RequestRepository;
    notifier: RequestNotifier;
    service: RequestService;
    notified: string[];
}

export function serviceOn(
    store: DocumentStore,
    clock: HandClock,
    lastCitizenMessageAt: LastCitizenMessageAt,
    options: { settings?: RequestNotifierSettings; generateNumber?: () => string } = {}
): ServiceParts {
    const repository = options.generateNumber ? new RequestRepository(store, options.generateNumber) : new RequestRepository(store);
    const notifier = new RequestNotifier(options.settings ?? TEMPLATE, lastCitizenMessageAt);
    const notified: string[] = [];
    const service = new RequestService({
        repository,
        notifier,
        logger: createSilentLogger(),
        clock: clock.asClock,
        outbox: { notify: (key) => notified.push(key) }
    });
    return { repository, notifier, service, notified };
}
