// Supervisors manage operator accounts (list, create, disable and re-enable) and see who is available and how
// many cases each one holds.

import { clear, el, setText } from './dom.js';
import { AVAILABILITY_LABELS } from './availability.js';
import { formatDateTime } from './format.js';

const ROLE_LABELS = { operator: 'Operador', supervisor: 'Supervisor' };

export class UsersView {
    /** @param deps {{ api, session, nodes: { list, form, message }, notify(message, kind) }} */
    constructor(deps) {
        this.api = deps.api;
        this.session = deps.session;
        this.n = deps.nodes;
        this.notify = deps.notify;
        this.n.form.addEventListener('submit', (event) => {
            event.preventDefault();
            this.create();
        });
    }

    async load() {
        const [{ users }, { members }] = await Promise.all([this.api.get('/api/operator/users'), this.api.get('/api/operator/team')]);
        this.render(users, new Map(members.map((m) => [m.username, m])));
    }

    /** @param team Map of username to { availability, openCases } (active accounts only). */
    render(users, team = new Map()) {
        const list = this.n.list;
        clear(list);
        const me = this.session.user ? this.session.user.username : undefined;
        for (const user of users) {
            const toggle = el('button', {
                className: `button button--small ${user.active ? 'button--danger-outline' : ''}`,
                text: user.active ? 'Desactivar' : 'Reactivar',
                attrs: {
                    type: 'button',
                    'aria-label': `${user.active ? 'Desactivar' : 'Reactivar'} a ${user.username}`,
                    disabled: user.username === me
                }
            });
            toggle.addEventListener('click', () => this.setActive(user.username, !user.active));
            list.append(
                el('tr', { className: user.active ? '' : 'table__row--inactive', attrs: { 'data-username': user.username } }, [
                    el('td', { className: 'mono', text: user.username }),
                    el('td', { text: user.displayName || '' }),
                    el('td', { text: ROLE_LABELS[user.role] || user.role }),
                    el('td', {}, [
                        el('span', {
                            className: `tag ${user.active ? 'tag--ok' : 'tag--off'}`,
                            text: user.active ? 'Activo' : 'Desactivado',
                            attrs: { title: `Creado: ${formatDateTime(user.createdAt)}` }
                        })
                    ]),
                    availabilityCell(team.get(user.username)),
                    el('td', {
                        text: team.has(user.username) ? String(team.get(user.username).openCases) : '—',
                        attrs: { 'data-column': 'open-cases' }
                    }),
                    el('td', { className: 'table__actions' }, [user.username === me ? el('span', { className: 'muted', text: 'Usted' }) : toggle])
                ])
            );
        }
    }

    async setActive(username, active) {
        try {
            await this.api.patch(`/api/operator/users/${encodeURIComponent(username)}`, { active });
            this.notify(active ? `${username} puede volver a ingresar.` : `${username} ya no puede ingresar.`, 'info');
            await this.load();
        } catch (error) {
            this.notify(error.message, 'error');
        }
    }

    async create() {
        const form = this.n.form;
        const field = (name) => form.elements.namedItem(name);
        const username = field('username').value.trim().toLowerCase();
        const password = field('password').value;
        const displayName = field('displayName').value.trim();
        const role = field('role').value;
        const problem = !/^[a-z0-9][a-z0-9._-]{1,39}$/.test(username)
            ? 'El usuario debe tener de 2 a 40 caracteres: minúsculas, números, punto, guion o guion bajo.'
            : password.length < 10
              ? 'La contraseña debe tener al menos 10 caracteres.'
              : '';
        if (problem) return this.formMessage(problem);
        try {
            await this.api.post('/api/operator/users', { username, password, role, ...(displayName ? { displayName } : {}) });
            form.reset();
            this.formMessage('');
            this.notify(`Cuenta ${username} creada.`, 'info');
            await this.load();
        } catch (error) {
            this.formMessage(error.status === 409 ? `El usuario ${username} ya existe.` : error.message);
        }
    }

    formMessage(text) {
        setText(this.n.message, text);
        this.n.message.hidden = !text;
    }
}

/** "Disponible" / "En pausa" / "Fuera de turno" as a coloured tag; a disabled account has none. */
function availabilityCell(member) {
    if (!member) return el('td', { className: 'muted', text: '—', attrs: { 'data-column': 'availability' } });
    const label = AVAILABILITY_LABELS[member.availability] || String(member.availability);
    return el('td', { attrs: { 'data-column': 'availability', 'data-availability': member.availability } }, [
        el('span', { className: `tag tag--availability-${member.availability}`, text: label })
    ]);
}
