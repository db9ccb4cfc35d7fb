// The operator's own availability in the header: three buttons, one pressed; one click changes it.

import { clear, el } from './dom.js';

/** The three states as operators read them (the API's words are English). */
export const AVAILABILITY_LABELS = { available: 'Disponible', break: 'En pausa', off: 'Fuera de turno' };

export class AvailabilityControl {
    /** @param deps {{ api, session, node, notify(message, kind), announce(message) }} */
    constructor(deps) {
        this.api = deps.api;
        this.session = deps.session;
        this.node = deps.node;
        this.notify = deps.notify;
        this.announce = deps.announce;
        this.busy = false;
    }

    render() {
        const current = (this.session.user && this.session.user.availability) || 'available';
        clear(this.node);
        for (const [value, label] of Object.entries(AVAILABILITY_LABELS)) {
            const button = el('button', {
                className: `availability__option availability__option--${value}`,
                text: label,
                attrs: { type: 'button', 'data-availability': value, 'aria-pressed': value === current ? 'true' : 'false', disabled: this.busy }
            });
            button.addEventListener('click', () => this.set(value));
            this.node.append(button);
        }
    }

    async set(availability) {
        if (this.busy || (this.session.user && this.session.user.availability === availability)) return;
        this.busy = true;
        this.render();
        try {
            const answer = await this.api.put('/api/operator/availability', { availability });
            if (this.session.user) this.session.user = { ...this.session.user, availability: answer.availability };
            this.announce(`Su estado ahora es: ${AVAILABILITY_LABELS[answer.availability]}.`);
        } catch (error) {
            this.notify(error.message, 'error');
        } finally {
            this.busy = false;
            this.render();
        }
    }
}
