import type { Logger } from '../../common/logger';
import { CaseRepository } from '../repository/caseRepository';
import { Clock, systemClock } from '../types';
import { CaseService } from './caseService';
import { dueDeadline } from './deadlinePolicy';
import { ConflictError } from './errors';

export interface DeadlineServiceOptions {
    cases: CaseRepository;
    caseService: CaseService;
    logger: Logger;
    clock?: Clock;
    /** How often due cases are looked for. */
    intervalMs?: number;
}

/**
 * Keeps the case deadlines. They are stored in the case documents; this poller asks storage every few
 * seconds for cases whose `nextDeadlineAt` has passed, so a restart loses nothing. Every action is a
 * conditional write: when two instances poll at once, one acts and the other sees the case changed.
 */
export class DeadlineService {
    private timer: NodeJS.Timeout | undefined;
    private running: Promise<number> | undefined;
    private readonly clock: Clock;
    private readonly intervalMs: number;

    constructor(private readonly options: DeadlineServiceOptions) {
        this.clock = options.clock ?? systemClock;
        this.intervalMs = options.intervalMs ?? 5000;
    }

    start(): void {
        if (this.timer) return;
        this.timer = setInterval(
            () => void this.pollOnce().catch((error: unknown) => this.options.logger.error({ err: error }, 'DeadlineService.pollOnce(): failed')),
            this.intervalMs
        );
        this.timer.unref();
    }

    async stop(): Promise<void> {
        if (this.timer) clearInterval(this.timer);
        this.timer = undefined;
        await this.running?.catch(() => undefined);
    }

    /** Acts on every case whose deadline has passed; returns how many it acted on. One poll at a time. */
    pollOnce(): Promise<number> {
        this.running ??= this.poll().finally(() => (this.running = undefined));
        return this.running;
    }

    private async poll(): Promise<number> {
        const now = new Date(this.clock.now());
        const due = await this.options.cases.listDue(now.toISOString());
        let acted = 0;
        for (const doc of due) {
            try {
                if (await this.act(doc.value.id, now)) acted++;
            } catch (error) {
                this.options.logger.warn({ err: error, caseId: doc.value.id }, 'DeadlineService.poll(): a deadline could not be kept');
            }
        }
        return acted;
    }

    private async act(caseId: string, now: Date): Promise<boolean> {
        const { cases, caseService } = this.options;
        const doc = await cases.findById(caseId);
        if (!doc) return false;
        switch (dueDeadline(doc.value, now)) {
            case 'wait': {
                // The emergency numbers go out right after the flag and its audit line are committed (one batch);
                // only the instance whose commit won sends them (see CaseCommands.systemUpdate).
                const flagged = await caseService.systemUpdate(
                    doc,
                    caseService.policy.waitExpired(doc.value, now),
                    'wait_deadline_passed',
                    {
                        waitDeadlineAt: doc.value.waitDeadlineAt
                    },
                    async () => ({ key: 'emergencyNumbers' })
                );
                return flagged !== undefined;
            }
            case 'operator_silence': {
                const reminded = await caseService.systemUpdate(doc, caseService.policy.reminded(doc.value, now), 'operator_reminded', {
                    operator: doc.value.assignedTo
                });
                return reminded !== undefined;
            }
            case 'requeue':
                try {
                    await caseService.timeoutRelease(caseId, (value) => dueDeadline(value, now) === 'requeue');
                    return true;
                } catch (error) {
                    if (error instanceof ConflictError) return false; // another instance, or the operator, got there first
                    throw error;
                }
            default:
                return false;
        }
    }
}
