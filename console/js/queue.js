// The live queue: waiting cases in the API's order (critical > high > normal, then who waited longest) and
// the cases operators are attending. Each row shows priority (colour and word), time waiting counting up,
// department and emergency type. "Consultas" (questions the bot could not answer) have their own list, waiting or
// attended, outside the emergency lists and their counts.

import { clear, el, setText } from './dom.js';
import { citizenName, formatElapsed, priorityClass, priorityLabel, reasonLabel } from './format.js';

export class QueueView {
    /**
     * @param nodes {{ queuedList, assignedList, queuedCount, assignedCount, queuedEmpty, assignedEmpty,
     *   consultaList, consultaCount, consultaEmpty }}
     * @param onOpen (caseId) => void
     */
    constructor(nodes, onOpen) {
        this.nodes = nodes;
        this.onOpen = onOpen;
        this.queued = [];
        this.assigned = [];
        this.selectedId = undefined;
        this.unread = new Set();
        this.me = undefined;
    }

    setUser(username) {
        this.me = username;
    }

    /** Replaces both lists (as the API ordered them) and redraws, keeping keyboard focus on the same case. */
    update(queued, assigned) {
        this.queued = queued;
        this.assigned = assigned;
        this.render();
    }

    has(caseId) {
        return this.queued.some((c) => c.id === caseId) || this.assigned.some((c) => c.id === caseId);
    }

    find(caseId) {
        return this.queued.find((c) => c.id === caseId) || this.assigned.find((c) => c.id === caseId);
    }

    select(caseId) {
        this.selectedId = caseId;
        this.unread.delete(caseId);
        this.render();
    }

    markUnread(caseId) {
        if (caseId === this.selectedId || !this.has(caseId)) return;
        this.unread.add(caseId);
        this.render();
    }

    render() {
        const active = /** @type {HTMLElement | null} */ (document.activeElement);
        const focused = active && active.dataset ? active.dataset.caseId : undefined;
        const { queuedList, assignedList, queuedCount, assignedCount, queuedEmpty, assignedEmpty, consultaList, consultaCount, consultaEmpty } =
            this.nodes;
        const queued = this.queued.filter((c) => !isConsulta(c));
        const assigned = this.assigned.filter((c) => !isConsulta(c));
        const consultas = this.queued.filter(isConsulta).concat(this.assigned.filter(isConsulta));
        this.fill(queuedList, queued);
        this.fill(assignedList, assigned);
        this.fill(consultaList, consultas);
        setText(queuedCount, queued.length);
        setText(assignedCount, assigned.length);
        setText(consultaCount, consultas.length);
        queuedEmpty.hidden = queued.length > 0;
        assignedEmpty.hidden = assigned.length > 0;
        consultaEmpty.hidden = consultas.length > 0;
        if (focused) {
            const again = /** @type {HTMLElement | null} */ (document.querySelector(`.row[data-case-id="${CSS.escape(focused)}"]`));
            if (again) again.focus();
        }
        this.tick();
    }

    fill(list, cases) {
        clear(list);
        for (const value of cases) list.append(this.row(value));
    }

    row(value) {
        if (isConsulta(value)) return this.consultaRow(value);
        const priority = priorityClass(value.priority);
        const who = citizenName(value);
        const report = value.report || {};
        const department = report.departmentName || 'Departamento sin indicar';
        const type = report.emergencyTypeLabel || reasonLabel((value.reasons || [])[0]) || 'Tipo sin indicar';
        const queued = value.status === 'queued';
        const since = queued ? value.queuedAt : value.assignedAt || value.queuedAt;
        const selected = value.id === this.selectedId;
        const tags = [];
        if (value.status === 'assigned') {
            const mine = value.assignedTo === this.me;
            tags.push(
                el('span', { className: `tag ${mine ? 'tag--mine' : ''}`, text: mine ? 'Lo atiende usted' : `Atiende: ${value.assignedTo || '—'}` })
            );
        }
        if (queued && value.offer && Date.parse(value.offer.expiresAt) > Date.now()) {
            const mine = value.offer.to === this.me;
            tags.push(el('span', { className: `tag ${mine ? 'tag--mine' : ''}`, text: mine ? 'Ofrecido a usted' : `Ofrecido a: ${value.offer.to}` }));
        }
        if (value.flagged) tags.push(el('span', { className: 'tag tag--warning', text: 'Sin operador a tiempo' }));
        if (this.unread.has(value.id)) tags.push(el('span', { className: 'tag tag--unread', text: 'Mensaje nuevo' }));

        const button = el(
            'button',
            {
                className: `row row--${priority}${selected ? ' row--selected' : ''}`,
                attrs: { type: 'button', 'data-case-id': value.id, 'aria-current': selected ? 'true' : false }
            },
            [
                el('span', { className: 'row__top' }, [
                    el('span', { className: `badge badge--${priority}`, text: priorityLabel(value.priority) }),
                    queued && value.position ? el('span', { className: 'row__position', text: `N.º ${value.position}` }) : null,
                    el(
                        'span',
                        { className: 'row__elapsed', attrs: { 'data-since': since, title: queued ? 'Tiempo de espera' : 'Tiempo en atención' } },
                        [
                            el('span', { className: 'row__clock-label', text: queued ? 'espera ' : 'en atención ' }),
                            el('span', { className: 'row__clock' })
                        ]
                    )
                ]),
                el('span', { className: 'row__name', text: who.name }),
                el('span', { className: 'row__meta' }, [
                    el('span', { className: 'row__department', text: department }),
                    el('span', { className: 'row__sep', text: ' · ', attrs: { 'aria-hidden': 'true' } }),
                    el('span', { className: 'row__type', text: type })
                ]),
                value.triggerText ? el('span', { className: 'row__preview', text: `“${value.triggerText}”` }) : null,
                tags.length ? el('span', { className: 'row__tags' }, tags) : null
            ]
        );
        button.addEventListener('click', () => this.onOpen(value.id));
        return el('li', { className: 'queue__item' }, [button]);
    }

    /** A question for a person: no priority nor place in the queue; the citizen's question as its preview. */
    consultaRow(value) {
        const who = citizenName(value);
        const report = value.report || {};
        const queued = value.status === 'queued';
        const since = queued ? value.queuedAt : value.assignedAt || value.queuedAt;
        const selected = value.id === this.selectedId;
        const tags = [];
        if (value.status === 'assigned') {
            const mine = value.assignedTo === this.me;
            tags.push(
                el('span', { className: `tag ${mine ? 'tag--mine' : ''}`, text: mine ? 'La atiende usted' : `Atiende: ${value.assignedTo || '—'}` })
            );
        }
        if (this.unread.has(value.id)) tags.push(el('span', { className: 'tag tag--unread', text: 'Mensaje nuevo' }));
        const button = el(
            'button',
            {
                className: `row row--consulta${selected ? ' row--selected' : ''}`,
                attrs: { type: 'button', 'data-case-id': value.id, 'data-topic': 'consulta', 'aria-current': selected ? 'true' : false }
            },
            [
                el('span', { className: 'row__top' }, [
                    el('span', { className: 'badge badge--consulta', text: 'Consulta' }),
                    el(
                        'span',
                        { className: 'row__elapsed', attrs: { 'data-since': since, title: queued ? 'Tiempo de espera' : 'Tiempo en atención' } },
                        [
                            el('span', { className: 'row__clock-label', text: queued ? 'espera ' : 'en atención ' }),
                            el('span', { className: 'row__clock' })
                        ]
                    )
                ]),
                el('span', { className: 'row__name', text: who.name }),
                report.departmentName
                    ? el('span', { className: 'row__meta' }, [el('span', { className: 'row__department', text: report.departmentName })])
                    : null,
                value.triggerText ? el('span', { className: 'row__preview', text: `“${value.triggerText}”` }) : null,
                tags.length ? el('span', { className: 'row__tags' }, tags) : null
            ]
        );
        button.addEventListener('click', () => this.onOpen(value.id));
        return el('li', { className: 'queue__item' }, [button]);
    }

    /** Redraws every waiting time (called each second). */
    tick(now = Date.now()) {
        for (const node of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('.row__elapsed[data-since]'))) {
            const clock = node.querySelector('.row__clock');
            if (clock) setText(clock, formatElapsed(node.dataset.since, now));
        }
    }
}

/** A question the bot could not answer, not an emergency. */
export function isConsulta(value) {
    return Boolean(value) && value.topic === 'consulta';
}
