import { call, login } from './handoffHarness';

export interface AccountToCreate {
    username: string;
    password: string;
    displayName?: string;
    role?: 'operator' | 'supervisor';
}

/**
 * An account as a supervisor creates it through the API, made ready to work with `password`: a supervisor's password
 * must be changed at first login (403 PasswordChangeRequired until then), so the account is created with a
 * temporary one and its owner then picks `password`, as the console asks them to.
 */
export async function createReadyAccount(url: string, supervisorToken: string, account: AccountToCreate): Promise<void> {
    // Words, not a random string: the estimate of a long random one takes a second or more.
    const temporary = 'clave-provisoria-de-la-quebrada';
    const created = await call(url, 'POST', '/api/operator/users', {
        bearer: supervisorToken,
        body: {
            username: account.username,
            password: temporary,
            role: account.role ?? 'operator',
            ...(account.displayName ? { displayName: account.displayName } : {})
        }
    });
    if (created.status !== 201)
        throw new Error(`createReadyAccount(${account.username}): creating answered ${created.status}: ${await created.text()}`);
    const first = await login(url, account.username, temporary);
    const changed = await call(url, 'POST', '/api/operator/password', {
        bearer: first.token,
        body: { currentPassword: temporary, newPassword: account.password }
    });
    if (changed.status !== 200)
        throw new Error(`createReadyAccount(${account.username}): the password change answered ${changed.status}: ${await changed.text()}`);
    await call(url, 'POST', '/api/operator/logout', { bearer: first.token });
}
