// The screen that asks an operator for their own password after logging in with one someone else set (a
// supervisor creating the account, the first start, the recovery command). The server refuses every other route
// until then (403 PasswordChangeRequired); the reasons it gives for a refused password come worded in Spanish.

import { setText } from './dom.js';

const MIN_LENGTH = 10;

export class PasswordChangeView {
    /**
     * @param deps {{ session, nodes: { screen, form, user, message, current, next, repeat, submit, logout },
     *   onChanged(): void, onLogout(): void }}
     */
    constructor(deps) {
        this.session = deps.session;
        this.n = deps.nodes;
        this.onChanged = deps.onChanged;
        this.n.form.addEventListener('submit', (event) => {
            event.preventDefault();
            this.submit();
        });
        this.n.logout.addEventListener('click', () => deps.onLogout());
    }

    get shown() {
        return !this.n.screen.hidden;
    }

    show(message) {
        const user = this.session.user || {};
        setText(this.n.user, user.displayName && user.displayName !== user.username ? `${user.displayName} (${user.username})` : user.username || '');
        for (const input of [this.n.current, this.n.next, this.n.repeat]) input.value = '';
        this.say(message || '');
        this.n.screen.hidden = false;
        this.n.current.focus();
    }

    hide() {
        this.n.screen.hidden = true;
        for (const input of [this.n.current, this.n.next, this.n.repeat]) input.value = '';
        this.say('');
    }

    async submit() {
        const current = this.n.current.value;
        const next = this.n.next.value;
        const problem = !current
            ? 'Escriba su contraseña actual.'
            : next.length < MIN_LENGTH
              ? `La contraseña nueva debe tener al menos ${MIN_LENGTH} caracteres.`
              : next !== this.n.repeat.value
                ? 'Las dos contraseñas nuevas no coinciden. Escríbalas de nuevo.'
                : '';
        if (problem) {
            this.say(problem);
            (problem.startsWith('Escriba') ? this.n.current : this.n.next).focus();
            return;
        }
        this.n.submit.disabled = true;
        try {
            await this.session.changePassword(current, next);
            this.hide();
            this.onChanged();
        } catch (error) {
            // The server's own Spanish for a refused password (why, and what to do); a network or storage problem as is.
            this.say(error.message);
            if (error.code === 'WrongPassword') {
                this.n.current.value = '';
                this.n.current.focus();
            } else if (error.code === 'WeakPassword' || error.code === 'SamePassword') {
                this.n.next.value = '';
                this.n.repeat.value = '';
                this.n.next.focus();
            }
        } finally {
            this.n.submit.disabled = false;
        }
    }

    say(text) {
        setText(this.n.message, text);
        this.n.message.hidden = !text;
    }
}
