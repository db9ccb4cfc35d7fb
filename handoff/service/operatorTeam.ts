import type { Logger } from '../../common/logger';
import { isPreconditionFailed } from '../../storage';
import { availabilityOf, UserRepository } from '../repository/userRepository';
import { Availability, AvailabilityReason, OperatorRole } from '../types';
import type { CaseEvents } from './caseEvents';
import type { CaseQueue } from './caseQueue';
import { backOff, MAX_ATTEMPTS } from './caseRules';
import { ConflictError, NotFoundError } from './errors';
import type { Clock } from '../../common/clock';

/** One operator as the supervisors' team view shows them. */
export interface TeamMember {
    username: string;
    displayName: string;
    role: OperatorRole;
    availability: Availability;
    /** Cases assigned to them now. */
    openCases: number;
}

/** What any operator sees of a colleague they may hand a case to. */
export type TransferTarget = Pick<TeamMember, 'username' | 'displayName'>;

/**
 * Who is on shift: each operator's availability (stored with the account, so it outlives restarts and is the same on
 * every instance) and the cases each one holds. A change is published live so supervisors' consoles follow it.
 */
export class OperatorTeam {
    constructor(private readonly options: { users: UserRepository; queue: CaseQueue; events: CaseEvents; logger: Logger; clock: Clock }) {}

    /**
     * Sets `username`'s availability; the same value again changes nothing. `reason` says why when it was not the
     * operator's own click (an offered case left unanswered), and their console tells them.
     */
    async setAvailability(username: string, availability: Availability, reason?: AvailabilityReason): Promise<Availability> {
        const where = 'OperatorTeam.setAvailability()';
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            const doc = await this.options.users.get(username);
            if (!doc || !doc.value.active) throw new NotFoundError(where, `no user ${username}`);
            const before = availabilityOf(doc.value);
            if (before === availability) return availability;
            try {
                await this.options.users.update(
                    { ...doc.value, availability, updatedAt: new Date(this.options.clock.now()).toISOString() },
                    doc.etag
                );
            } catch (error) {
                // A supervisor changed the account meanwhile (name, role): read it again, keep their change.
                if (!isPreconditionFailed(error)) throw error;
                await backOff(attempt);
                continue;
            }
            this.options.logger.info({ username, before, availability, reason }, 'operator availability changed');
            this.options.events.publish({ type: 'operator.availability', username, availability, ...(reason ? { reason } : {}) });
            return availability;
        }
        throw new ConflictError(where, `the account ${username} kept changing`);
    }

    /** Every active account with its availability and the number of cases it holds. */
    async members(): Promise<TeamMember[]> {
        const [users, assigned] = await Promise.all([this.options.users.list(), this.options.queue.list('assigned')]);
        const held = new Map<string, number>();
        for (const c of assigned) if (c.assignedTo) held.set(c.assignedTo, (held.get(c.assignedTo) ?? 0) + 1);
        return users
            .filter((u) => u.active)
            .map((u) => ({
                username: u.username,
                displayName: u.displayName,
                role: u.role,
                availability: availabilityOf(u),
                openCases: held.get(u.username) ?? 0
            }));
    }

    /** The colleagues a case may be handed to now: active and available. */
    async transferTargets(): Promise<TransferTarget[]> {
        const users = await this.options.users.list();
        return users.filter((u) => u.active && availabilityOf(u) === 'available').map((u) => ({ username: u.username, displayName: u.displayName }));
    }

    /** Whether `username` may receive a case now: 'missing' when there is no such active account. */
    async receiverState(username: string): Promise<Availability | 'missing'> {
        const user = (await this.options.users.get(username))?.value;
        return user && user.active ? availabilityOf(user) : 'missing';
    }
}
