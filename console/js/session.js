// Who is logged in: login, resuming a session after a reload (the HttpOnly cookie stays with the browser;
// the CSRF token comes back from GET /session), logout, and noticing the end of the session.

export class Session {
    constructor(api) {
        this.api = api;
        this.user = undefined;
        this.expiresAt = undefined;
        this.expiryTimer = undefined;
        /** Called when the session ends without the operator logging out. */
        this.onExpired = () => {};
    }

    get isSupervisor() {
        return Boolean(this.user && this.user.role === 'supervisor');
    }

    /** The password was set by someone else: the server opens nothing else until the operator picks their own. */
    get mustChangePassword() {
        return Boolean(this.user && this.user.mustChangePassword);
    }

    async login(username, password) {
        const answer = await this.api.post('/api/operator/login', { username, password });
        this.start(answer);
        return this.user;
    }

    /** The session the cookie still holds, or undefined when there is none. */
    async resume() {
        try {
            this.start(await this.api.get('/api/operator/session'));
            return this.user;
        } catch (error) {
            if (error.status === 401) return undefined;
            throw error;
        }
    }

    /** Replaces the operator's own password; this session goes on, the operator's other sessions end. */
    async changePassword(currentPassword, newPassword) {
        const answer = await this.api.post('/api/operator/password', { currentPassword, newPassword });
        this.user = { ...this.user, ...answer.user, mustChangePassword: false };
        return this.user;
    }

    async logout() {
        try {
            await this.api.post('/api/operator/logout');
        } finally {
            this.end();
        }
    }

    /** Asks the server whether the session is still valid (the answer 401 ends it through the API's hook). */
    async check() {
        await this.api.get('/api/operator/session');
    }

    start(answer) {
        this.user = answer.user;
        this.expiresAt = answer.expiresAt;
        this.api.setCsrfToken(answer.csrfToken);
        clearTimeout(this.expiryTimer);
        const remaining = Date.parse(answer.expiresAt) - Date.now();
        // setTimeout holds at most ~24.8 days; a shift is hours.
        if (Number.isFinite(remaining)) this.expiryTimer = setTimeout(() => this.onExpired(), Math.min(Math.max(remaining, 0), 2_000_000_000));
    }

    end() {
        clearTimeout(this.expiryTimer);
        this.user = undefined;
        this.expiresAt = undefined;
        this.api.setCsrfToken('');
    }
}
