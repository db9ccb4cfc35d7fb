import type { Logger } from '../../common/logger';
import { isPreconditionFailed, StoredDocument } from '../../storage';
import type { AssignerLease } from '../repository/assignerLease';
import type { AuditLine } from '../repository/auditRepository';
import type { CaseChangeWriter } from '../repository/caseChangeWriter';
import type { CaseRepository } from '../repository/caseRepository';
import { availabilityOf, UserRepository } from '../repository/userRepository';
import { Clock, HandoffCase } from '../types';
import type { CaseEvents } from './caseEvents';
import type { CaseLiveEvents } from './caseLiveEvents';
import { compareCases, isConsulta } from './caseOrdering';
import type { OperatorTeam } from './operatorTeam';

/** HANDOFF_ASSIGNMENT and its companions. */
export interface AssignmentSettings {
    /** 'manual': operators take cases from the queue. 'auto': waiting cases are offered to them one by one. */
    mode: 'manual' | 'auto';
    /** OPERATOR_MAX_OPEN_CASES: an operator holding (or being offered) this many cases is offered no more. */
    maxOpenCases: number;
    /** HANDOFF_OFFER_SECONDS, in ms: an offer not accepted in this time goes to the next operator. */
    offerTimeoutMs: number;
}

export const DEFAULT_ASSIGNMENT: AssignmentSettings = { mode: 'manual', maxOpenCases: 3, offerTimeoutMs: 30_000 };

/** What one round did, for the log and the tests. */
export interface AssignmentRound {
    /** False when another instance holds the assigner lease: this one did nothing. */
    held: boolean;
    offered: { caseId: string; to: string }[];
    lapsed: { caseId: string; from: string }[];
    withdrawn: { caseId: string; from: string }[];
}

export interface CaseAssignerOptions {
    cases: CaseRepository;
    writer: CaseChangeWriter;
    live: CaseLiveEvents;
    events: CaseEvents;
    users: UserRepository;
    team: OperatorTeam;
    lease: AssignerLease;
    settings: AssignmentSettings;
    logger: Logger;
    clock: Clock;
    /** How often offers are checked when nothing happens (lapsed offers, other instances' cases). */
    intervalMs: number;
}

/**
 * Auto assignment, as contact centres do it: each waiting case, critical first and then whoever waited longest, is
 * offered to the available operator with the fewest open cases under the limit; the operator accepts it by claiming
 * it (the claim stays the one atomic step that gives a case an owner). An offer not accepted in time goes to the next
 * operator, and the one who let it lapse is put on a break: an operator away from the desk must not keep receiving
 * cases that will wait for nothing ("redirection on no answer"). Offers go to operators only; supervisors take cases
 * by hand. Offers are fields of the case document, so they survive restarts and show on every console.
 */
export class CaseAssigner {
    private timer: NodeJS.Timeout | undefined;
    private unsubscribe: (() => void) | undefined;
    private running: Promise<AssignmentRound> | undefined;
    private again = false;

    constructor(private readonly options: CaseAssignerOptions) {}

    /** Runs a round now and whenever a case or an availability changes, and every `intervalMs`. */
    start(): void {
        if (this.timer) return;
        this.timer = setInterval(() => this.schedule(), this.options.intervalMs);
        this.timer.unref();
        // A new case, a claim, a resolve or an operator back from a break may open room: offer at once.
        this.unsubscribe = this.options.events.subscribe((event) => {
            if (event.type === 'case.created' || event.type === 'case.updated' || event.type === 'operator.availability') this.schedule();
        });
        this.schedule();
    }

    async stop(): Promise<void> {
        if (!this.timer) return;
        clearInterval(this.timer);
        this.timer = undefined;
        this.unsubscribe?.();
        this.unsubscribe = undefined;
        await this.running?.catch(() => undefined);
        await this.options.lease
            .release()
            .catch((error: unknown) => this.options.logger.warn({ err: error }, 'CaseAssigner.stop(): the lease was not released; it expires'));
    }

    /** One round at a time; a round asked for while one runs runs once after it. */
    runOnce(): Promise<AssignmentRound> {
        if (this.running) {
            this.again = true;
            return this.running;
        }
        this.running = this.round().finally(() => {
            this.running = undefined;
            if (this.again) {
                this.again = false;
                this.schedule();
            }
        });
        return this.running;
    }

    private schedule(): void {
        this.runOnce().catch((error: unknown) =>
            this.options.logger.error({ err: error }, 'CaseAssigner.round(): failed; trying again on the next change')
        );
    }

    private async round(): Promise<AssignmentRound> {
        const { cases, users, settings, clock } = this.options;
        const result: AssignmentRound = { held: false, offered: [], lapsed: [], withdrawn: [] };
        const now = new Date(clock.now());
        if (!(await this.options.lease.acquire(now))) return result;
        result.held = true;
        const nowIso = now.toISOString();
        const [queued, assigned, accounts] = await Promise.all([cases.listByStatus('queued'), cases.listByStatus('assigned'), users.list()]);
        const load = new Map<string, number>();
        for (const user of accounts) {
            if (user.active && user.role === 'operator' && availabilityOf(user) === 'available') load.set(user.username, 0);
        }
        for (const doc of assigned) {
            const holder = doc.value.assignedTo;
            if (holder !== undefined && load.has(holder)) load.set(holder, (load.get(holder) ?? 0) + 1);
        }

        const waiting: StoredDocument<HandoffCase>[] = [];
        const missed = new Set<string>();
        for (const doc of queued.sort((a, b) => compareCases(a.value, b.value))) {
            const offer = doc.value.offer;
            if (!offer) {
                waiting.push(doc);
            } else if (offer.expiresAt <= nowIso) {
                const next: HandoffCase = { ...doc.value, offerLapsedBy: [...(doc.value.offerLapsedBy ?? []), offer.to] };
                delete next.offer;
                const lapsed = await this.commit(
                    doc,
                    next,
                    { actor: 'system', action: 'offer_lapsed', detail: { operator: offer.to, offeredAt: offer.at } },
                    nowIso
                );
                if (!lapsed) continue;
                result.lapsed.push({ caseId: doc.value.id, from: offer.to });
                missed.add(offer.to);
                waiting.push(lapsed);
            } else if (!load.has(offer.to)) {
                // The operator went on a break, off duty, or lost the account: the case must not wait for them.
                const next: HandoffCase = { ...doc.value };
                delete next.offer;
                const withdrawn = await this.commit(
                    doc,
                    next,
                    { actor: 'system', action: 'offer_withdrawn', detail: { operator: offer.to } },
                    nowIso
                );
                if (!withdrawn) continue;
                result.withdrawn.push({ caseId: doc.value.id, from: offer.to });
                waiting.push(withdrawn);
            } else {
                load.set(offer.to, (load.get(offer.to) ?? 0) + 1);
            }
        }
        for (const username of missed) {
            load.delete(username);
            await this.options.team.setAvailability(username, 'break', 'missed_offer');
        }

        // "Consultas" come after every emergency in `waiting`: one is offered only when no emergency is left unoffered.
        let emergencyWaits = false;
        for (const doc of waiting) {
            if (isConsulta(doc.value) && emergencyWaits) break;
            const to = this.pick(load, doc.value.offerLapsedBy ?? []);
            if (to === undefined) {
                emergencyWaits ||= !isConsulta(doc.value);
                continue;
            }
            const offer = { to, at: nowIso, expiresAt: new Date(now.getTime() + settings.offerTimeoutMs).toISOString() };
            const offered = await this.commit(
                doc,
                { ...doc.value, offer },
                { actor: 'system', action: 'offered', detail: { operator: to, expiresAt: offer.expiresAt } },
                nowIso
            );
            if (!offered) continue;
            load.set(to, (load.get(to) ?? 0) + 1);
            result.offered.push({ caseId: doc.value.id, to });
        }
        if (result.offered.length + result.lapsed.length + result.withdrawn.length > 0) {
            this.options.logger.info(
                { offered: result.offered.length, lapsed: result.lapsed.length, withdrawn: result.withdrawn.length },
                'case offers changed'
            );
        }
        return result;
    }

    /** The operator with the fewest open cases under the limit who has not let this case lapse; ties: by username. */
    private pick(load: ReadonlyMap<string, number>, lapsedBy: readonly string[]): string | undefined {
        let best: string | undefined;
        for (const [username, count] of load) {
            if (count >= this.options.settings.maxOpenCases || lapsedBy.includes(username)) continue;
            const bestCount = best === undefined ? Infinity : (load.get(best) ?? 0);
            if (count < bestCount || (count === bestCount && best !== undefined && username < best)) best = username;
        }
        return best;
    }

    /** Writes the case with its audit line under the etag read; undefined when it changed meanwhile (next round). */
    private async commit(
        doc: StoredDocument<HandoffCase>,
        next: HandoffCase,
        line: AuditLine,
        at: string
    ): Promise<StoredDocument<HandoffCase> | undefined> {
        try {
            const committed = await this.options.writer.commit({ value: { ...next, updatedAt: at }, etag: doc.etag, audit: [line] }, at);
            this.options.live.changed(committed.doc.value);
            return committed.doc;
        } catch (error) {
            if (isPreconditionFailed(error)) return undefined;
            throw error;
        }
    }
}
