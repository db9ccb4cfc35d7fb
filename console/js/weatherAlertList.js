// The alerts already sent or waiting: newest first, each with its level, phenomenon, departments and state;
// a progress bar with sent / delivered / read / failed while it goes out (refreshed every 2 s while any is
// running); Cancel for running ones; Approve for ingested (CAP) ones that wait for a supervisor.

import { confirmAction } from './confirmDialog.js';
import { clear, el, setText } from './dom.js';
import { formatDateTime, formatShortTime } from './format.js';
import { countOf, describeDepartments, formatCount, isRunning, levelOf, stateLabel } from './weatherAlertWords.js';

const FAST_REFRESH_MS = 2000;
/** New CAP alerts may arrive while nothing runs: the list still looks now and then. */
const SLOW_REFRESH_MS = 30_000;
/** Delivered and read keep arriving for a while after the last send. */
const SETTLING_MS = 60_000;
const MAX_SHOWN = 25;

const TALLIES = [
    ['sent', 'enviados'],
    ['delivered', 'entregados'],
    ['read', 'leídos'],
    ['failed', 'fallidos']
];
const OPTIONAL_TALLIES = [
    ['skipped', 'dados de baja antes de su turno'],
    ['cancelled', 'no enviados (cancelada)']
];

export class WeatherAlertList {
    /**
     * @param deps {{ api, notify(message, kind),
     *   nodes: { approvalSection, approvalList, approvalCount, list, empty, status, refresh } }}
     */
    constructor(deps) {
        this.api = deps.api;
        this.notify = deps.notify;
        this.n = deps.nodes;
        this.broadcasts = [];
        /** id -> BroadcastProgress of the last look. */
        this.progress = new Map();
        /** id -> how many subscribers an alert waiting for approval would reach now. */
        this.reach = new Map();
        this.timer = undefined;
        this.active = false;
        this.loading = undefined;
        /** A load was asked for while one ran: run once more when it ends. */
        this.again = false;
        this.highlightId = undefined;
        this.n.refresh.addEventListener('click', () => this.load().catch(() => {}));
    }

    /** The screen is showing: load now and keep up to date. */
    start() {
        this.active = true;
        this.load().catch(() => {});
    }

    stop() {
        this.active = false;
        clearTimeout(this.timer);
    }

    /** After sending from the form: show it at once, marked as the new one. */
    added(broadcast) {
        this.highlightId = broadcast && broadcast.id;
        return this.load();
    }

    /** One load at a time; a request while one runs waits for it and then loads again. */
    load() {
        if (this.loading) {
            this.again = true;
            return this.loading;
        }
        clearTimeout(this.timer);
        this.loading = this.fetchAll().finally(() => {
            this.loading = undefined;
            if (this.again) {
                this.again = false;
                this.load().catch(() => {});
            } else {
                this.schedule();
            }
        });
        return this.loading;
    }

    async fetchAll() {
        try {
            const { broadcasts } = await this.api.get('/api/alerts');
            const shown = broadcasts.slice(0, MAX_SHOWN);
            await Promise.all(shown.map((broadcast) => this.fetchDetails(broadcast)));
            this.broadcasts = shown;
            this.render();
            this.status(
                `Actualizado a las ${formatShortTime(new Date().toISOString())}.${this.anyRunning() ? ' Se actualiza cada 2 segundos mientras hay envíos en curso.' : ''}`
            );
        } catch (error) {
            this.status(`No se pudo actualizar la lista: ${error.message}`, true);
            throw error;
        }
    }

    /** Progress for what goes out (again only while it may still change); the reach of what waits for approval. */
    async fetchDetails(broadcast) {
        if (broadcast.state === 'awaiting_approval') {
            const { recipients } = await this.api.post('/api/alerts/preview', { departments: broadcast.departments });
            this.reach.set(broadcast.id, recipients);
            return;
        }
        if (!hasProgress(broadcast)) return;
        const known = this.progress.get(broadcast.id);
        const stable = known && known.state === broadcast.state && !isRunning(broadcast.state) && !settling(broadcast);
        if (stable) return;
        const { progress } = await this.api.get(`/api/alerts/${encodeURIComponent(broadcast.id)}`);
        this.progress.set(broadcast.id, progress);
    }

    anyRunning() {
        return this.broadcasts.some((b) => isRunning(b.state));
    }

    schedule() {
        clearTimeout(this.timer);
        if (!this.active) return;
        const fast = this.broadcasts.some((b) => isRunning(b.state) || settling(b));
        this.timer = setTimeout(() => this.load().catch(() => {}), fast ? FAST_REFRESH_MS : SLOW_REFRESH_MS);
    }

    status(text, problem = false) {
        setText(this.n.status, text);
        this.n.status.classList.toggle('broadcasts__status--problem', problem);
    }

    render() {
        const active = /** @type {HTMLElement | null} */ (document.activeElement);
        const focused = active && active.dataset ? active.dataset.focusKey : undefined;
        const waiting = this.broadcasts.filter((b) => b.state === 'awaiting_approval');
        const others = this.broadcasts.filter((b) => b.state !== 'awaiting_approval');
        clear(this.n.approvalList);
        for (const broadcast of waiting) this.n.approvalList.append(this.item(broadcast));
        setText(this.n.approvalCount, waiting.length);
        this.n.approvalSection.hidden = waiting.length === 0;
        clear(this.n.list);
        for (const broadcast of others) this.n.list.append(this.item(broadcast));
        this.n.empty.hidden = others.length > 0;
        if (focused) {
            const again = /** @type {HTMLElement | null} */ (document.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`));
            if (again) again.focus();
        }
    }

    item(broadcast) {
        const level = levelOf(broadcast.level);
        const where = describeDepartments(broadcast.departments, broadcast.wholeProvince);
        const waiting = broadcast.state === 'awaiting_approval';
        const progress = this.progress.get(broadcast.id);
        const reach = this.reach.get(broadcast.id);
        const isNew = broadcast.id === this.highlightId;
        return el(
            'li',
            {
                className: `broadcast broadcast--${level.id}${isNew ? ' broadcast--new' : ''}`,
                attrs: { 'data-broadcast-id': broadcast.id, 'data-state': broadcast.state }
            },
            [
                el('div', { className: 'broadcast__top' }, [
                    el('span', { className: `level-badge level-badge--${level.id}`, text: `Alerta ${level.feminine}` }),
                    el('span', { className: 'broadcast__phenomenon', text: broadcast.phenomenon }),
                    el('span', { className: `state state--${broadcast.state}`, text: stateLabel(broadcast.state) }),
                    el('time', {
                        className: 'broadcast__time',
                        text: formatDateTime(broadcast.createdAt),
                        attrs: { datetime: broadcast.createdAt, title: 'Creada' }
                    })
                ]),
                el('p', { className: 'broadcast__where' }, [
                    el('span', { className: 'broadcast__label', text: waiting ? 'Departamentos encontrados: ' : 'Departamentos: ' }),
                    el('span', { className: 'broadcast__departments', text: capitalize(where) })
                ]),
                broadcast.cap ? this.capSource(broadcast.cap) : null,
                el('p', { className: 'broadcast__text', text: broadcast.text }),
                el('p', { className: 'broadcast__meta', text: this.meta(broadcast) }),
                broadcast.reason && broadcast.state !== 'completed'
                    ? el('p', { className: 'broadcast__reason', text: `Detalle: ${broadcast.reason}` })
                    : null,
                waiting && reach !== undefined
                    ? el('p', { className: 'broadcast__reach', text: `Si la aprueba, llegará a ${countOf(reach, 'suscriptor', 'suscriptores')}.` })
                    : null,
                hasProgress(broadcast) && progress ? this.progressView(broadcast, progress) : null,
                this.actions(broadcast, reach)
            ]
        );
    }

    capSource(cap) {
        return el('div', { className: 'broadcast__source' }, [
            el('span', { className: 'broadcast__label', text: 'Origen CAP: ' }),
            el('span', { className: 'mono broadcast__cap-id', text: cap.identifier }),
            el('span', { text: ` · ${cap.sender}` }),
            cap.sent ? el('span', { className: 'muted', text: ` · emitida ${formatDateTime(cap.sent)}` }) : null,
            cap.headline ? el('span', { className: 'broadcast__headline', text: `“${cap.headline}”` }) : null
        ]);
    }

    meta(broadcast) {
        const parts = [`Vigente hasta ${formatDateTime(broadcast.validUntil)}`];
        if (broadcast.source === 'cap') parts.push('recibida por CAP');
        else parts.push(`creada por ${broadcast.createdBy}`);
        if (broadcast.approvedBy) parts.push(`aprobada por ${broadcast.approvedBy}`);
        if (broadcast.cancelledBy) parts.push(`cancelada por ${broadcast.cancelledBy}`);
        return parts.join(' · ');
    }

    progressView(broadcast, progress) {
        const total = progress.total || 0;
        // Accepted by WhatsApp counts as sent before its 'sent' status arrives.
        const counts = { ...progress, sent: Math.max(progress.sent || 0, progress.accepted || 0) };
        // A cancelled or stopped alert is "decided" for everyone: its bar shows how many it did reach instead.
        const ended = broadcast.state === 'cancelled' || broadcast.state === 'stopped';
        const percent = ended
            ? total === 0
                ? 0
                : Math.floor((Math.min(counts.sent, total) / total) * 100)
            : Math.max(0, Math.min(100, Math.round(Number(progress.percent) || 0)));
        const summary = ended
            ? `${stateLabel(broadcast.state)} · llegó a ${formatCount(counts.sent)} de ${countOf(total, 'destinatario', 'destinatarios')}`
            : `${percent} % · ${formatCount(total - (progress.pending || 0))} de ${countOf(total, 'destinatario', 'destinatarios')}`;
        const tallies = TALLIES.map(([key, label]) => tally(key, counts[key], label));
        for (const [key, label] of OPTIONAL_TALLIES) if (progress[key] > 0) tallies.push(tally(key, progress[key], label));
        return el('div', { className: 'progress' }, [
            el('div', { className: 'progress__row' }, [
                el(
                    'div',
                    {
                        className: `progress__track progress__track--${broadcast.state}`,
                        attrs: {
                            role: 'progressbar',
                            'aria-label': `Avance del envío: ${broadcast.phenomenon}`,
                            'aria-valuemin': 0,
                            'aria-valuemax': 100,
                            'aria-valuenow': percent,
                            'aria-valuetext': summary
                        }
                    },
                    [el('progress', { className: 'progress__meter', attrs: { max: 100, value: percent, 'aria-hidden': 'true' } })]
                ),
                el('span', { className: 'progress__label', text: summary, attrs: { 'aria-hidden': 'true' } })
            ]),
            el('ul', { className: 'tallies', attrs: { 'aria-label': 'Resultado del envío' } }, tallies)
        ]);
    }

    actions(broadcast, reach) {
        const buttons = [];
        if (broadcast.state === 'awaiting_approval') {
            const approve = button('Aprobar y enviar…', 'button--primary', `${broadcast.id}:approve`, 'approve');
            approve.addEventListener('click', () => this.approve(broadcast, reach));
            const discard = button('Descartar…', 'button--danger-outline', `${broadcast.id}:discard`, 'discard');
            discard.addEventListener('click', () => this.cancel(broadcast, true));
            buttons.push(approve, discard);
        } else if (isRunning(broadcast.state)) {
            const cancel = button('Cancelar envío…', 'button--danger-outline', `${broadcast.id}:cancel`, 'cancel');
            cancel.addEventListener('click', () => this.cancel(broadcast, false));
            buttons.push(cancel);
        }
        return buttons.length ? el('div', { className: 'broadcast__actions' }, buttons) : null;
    }

    async approve(broadcast, knownReach) {
        const level = levelOf(broadcast.level);
        let recipients = knownReach;
        try {
            recipients = (await this.api.post('/api/alerts/preview', { departments: broadcast.departments })).recipients;
        } catch {
            // The question still names the last number known.
        }
        const where = describeDepartments(broadcast.departments, broadcast.wholeProvince);
        const confirmed = await confirmAction({
            title: `Aprobar alerta ${level.feminine} · ${broadcast.phenomenon}`,
            question: `¿Aprobar y enviar alerta ${level.feminine} a ${countOf(recipients || 0, 'persona', 'personas')} de ${where}?`,
            details: [
                ['Nivel', `${level.name}: ${level.meaning}`],
                ['Fenómeno', broadcast.phenomenon],
                ['Vigente hasta', `${formatDateTime(broadcast.validUntil)} (hora de Catamarca)`],
                ...(broadcast.cap ? [/** @type {[string, string]} */ (['Origen CAP', `${broadcast.cap.identifier} · ${broadcast.cap.sender}`])] : []),
                ['Texto', broadcast.text]
            ],
            confirmLabel: 'Aprobar y enviar',
            tone: level.id
        });
        if (!confirmed) return;
        await this.act(broadcast, 'approve', `Alerta ${level.feminine} aprobada: se está enviando.`);
    }

    async cancel(broadcast, discard) {
        const level = levelOf(broadcast.level);
        const confirmed = await confirmAction({
            title: discard ? 'Descartar la alerta' : 'Cancelar el envío',
            question: discard
                ? `¿Descartar la alerta ${level.feminine} por ${broadcast.phenomenon} sin enviarla?`
                : `¿Cancelar el envío de la alerta ${level.feminine} por ${broadcast.phenomenon}? Quienes todavía no la recibieron ya no la recibirán.`,
            confirmLabel: discard ? 'Descartar alerta' : 'Cancelar envío',
            danger: true
        });
        if (!confirmed) return;
        await this.act(broadcast, 'cancel', discard ? 'Alerta descartada: no se envió.' : 'Envío cancelado.');
    }

    async act(broadcast, action, done) {
        try {
            await this.api.post(`/api/alerts/${encodeURIComponent(broadcast.id)}/${action}`);
            this.notify(done, 'info');
        } catch (error) {
            this.notify(
                error.status === 409 ? 'La alerta cambió de estado recién (por ejemplo, ya terminó o venció). La lista se actualizó.' : error.message,
                'error'
            );
        }
        this.progress.delete(broadcast.id);
        await this.load().catch(() => {});
    }
}

/** Has gone (or is going) out, so it has counts to show. */
function hasProgress(broadcast) {
    return (
        ['preparing', 'sending', 'completed', 'stopped'].includes(broadcast.state) ||
        (broadcast.state === 'cancelled' && Boolean(broadcast.startedAt))
    );
}

/** Finished less than a minute ago: statuses are still arriving. */
function settling(broadcast) {
    return Boolean(broadcast.finishedAt) && Date.now() - Date.parse(broadcast.finishedAt) < SETTLING_MS;
}

function tally(key, value, label) {
    const problem = key === 'failed' && value > 0;
    return el('li', { className: `tally tally--${key}${problem ? ' tally--problem' : ''}`, attrs: { 'data-tally': key } }, [
        el('span', { className: 'tally__count', text: formatCount(value || 0) }),
        el('span', { className: 'tally__label', text: ` ${label}` })
    ]);
}

function button(text, modifier, focusKey, action) {
    return el('button', {
        className: `button button--small ${modifier}`,
        text,
        attrs: { type: 'button', 'data-focus-key': focusKey, 'data-action': action }
    });
}

function capitalize(text) {
    return text ? text[0].toUpperCase() + text.slice(1) : text;
}
