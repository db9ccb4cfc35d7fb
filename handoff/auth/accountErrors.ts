import { ACCOUNT_TEXTS } from '../texts';

/**
 * An account rule refused a change. The API answers `status` with `{code, message}`, the message being the Spanish
 * text an operator reads (the console shows it as it comes); the recovery command prints the same text.
 *
 * | code | status | when |
 * |---|---|---|
 * | WeakPassword | 400 | the password scores below 3 of 4 (passwordPolicy.ts) |
 * | SamePassword | 400 | a password change to the same password |
 * | WrongPassword | 403 | the current password given to change one's own is not right |
 * | OwnAccount | 409 | a supervisor demoting, disabling or deleting their own account |
 * | LastSupervisor | 409 | the change would leave the line with no active supervisor |
 * | SupervisorChangeBusy | 409 | another supervisor change held the lock for too long; retry |
 */
export class AccountRuleError extends Error {
    constructor(
        where: string,
        readonly code: AccountRuleCode,
        readonly status: number,
        /** Spanish (usted), for the operator. */
        readonly text: string
    ) {
        super(`${where}: ${code}`);
        this.name = 'AccountRuleError';
    }
}

export type AccountRuleCode = 'WeakPassword' | 'SamePassword' | 'WrongPassword' | 'OwnAccount' | 'LastSupervisor' | 'SupervisorChangeBusy';

export function weakPassword(where: string, reason: string): AccountRuleError {
    return new AccountRuleError(where, 'WeakPassword', 400, reason);
}

export function lastSupervisor(where: string): AccountRuleError {
    return new AccountRuleError(where, 'LastSupervisor', 409, ACCOUNT_TEXTS.lastSupervisor);
}

export function ownAccount(where: string): AccountRuleError {
    return new AccountRuleError(where, 'OwnAccount', 409, ACCOUNT_TEXTS.ownAccount);
}
