// Supervisors follow the citizens' service requests ("Solicitudes"): a list by state, newest first, with "Ver más";
// the detail of one (what was asked, where, the photo, its history) and the moves its state allows, each with an
// optional note the citizen receives by WhatsApp.

import { confirmAction } from './confirmDialog.js';
import { clear, el, setText } from './dom.js';
import { formatDateTime, formatShortTime, safeMediaUrl } from './format.js';

const BASE = '/api/supervisor/requests';
const PAGE_SIZE = 25;

/** The state labels (the server gives `stateLabel` for the request's own state, only codes for the moves). */
export const REQUEST_STATE_LABELS = {
    recibida: 'Recibida',
    en_evaluacion: 'En evaluación',
    programada: 'Programada',
    resuelta: 'Resuelta',
    rechazada: 'Rechazada'
};
/** Moves after which the request cannot change again: asked once more before sending. */
const FINAL = new Set(['resuelta', 'rechazada']);

const NOTICE_LABELS = {
    text: 'Aviso enviado por WhatsApp',
    template: 'Aviso enviado por WhatsApp (plantilla)',
    none: 'No se pudo avisar al ciudadano'
};

export function requestStateLabel(state) {
    return REQUEST_STATE_LABELS[state] || String(state || '');
}

export class RequestsView {
    /**
     * @param deps {{ api, notify(message, kind),
     *   nodes: { state, refresh, status, list, empty, more, placeholder, body } }}
     */
    constructor(deps) {
        this.api = deps.api;
        this.notify = deps.notify;
        this.n = deps.nodes;
        this.requests = [];
        this.nextCursor = undefined;
        this.selected = undefined;
        this.busy = false;
        this.n.state.addEventListener('change', () => this.load().catch(() => {}));
        this.n.refresh.addEventListener('click', () => this.refresh().catch(() => {}));
        this.n.more.addEventListener('click', () => this.loadMore().catch(() => {}));
    }

    /** After a logout: nothing of the last session stays on screen. */
    reset() {
        this.requests = [];
        this.nextCursor = undefined;
        this.selected = undefined;
        this.n.state.value = 'recibida';
        this.renderList();
        this.n.empty.hidden = true;
        clear(this.n.body);
        this.n.body.hidden = true;
        this.n.placeholder.hidden = false;
        setText(this.n.status, '');
    }

    /** The list of the chosen state, from its newest; the open detail is read again too. */
    async load() {
        try {
            const page = await this.api.get(this.pagePath());
            this.requests = page.requests;
            this.nextCursor = page.nextCursor;
            this.renderList();
            this.status(`Actualizado a las ${formatShortTime(new Date().toISOString())}.`);
        } catch (error) {
            this.status(`No se pudo cargar el listado: ${error.message}`, true);
            throw error;
        }
    }

    /** The section is shown, or "Actualizar": the list and the open request. */
    async refresh() {
        await Promise.all([this.load(), this.selected ? this.reloadSelected() : Promise.resolve()]);
    }

    async loadMore() {
        if (!this.nextCursor) return;
        this.n.more.disabled = true;
        try {
            const page = await this.api.get(this.pagePath(this.nextCursor));
            const known = new Set(this.requests.map((r) => r.id));
            this.requests = this.requests.concat(page.requests.filter((r) => !known.has(r.id)));
            this.nextCursor = page.nextCursor;
            this.renderList();
        } catch (error) {
            this.notify(error.message, 'error');
        } finally {
            this.n.more.disabled = false;
        }
    }

    pagePath(before) {
        const query = new URLSearchParams({ state: this.n.state.value, limit: String(PAGE_SIZE) });
        if (before) query.set('before', before);
        return `${BASE}?${query}`;
    }

    status(text, problem = false) {
        setText(this.n.status, text);
        this.n.status.className = `broadcasts__status${problem ? ' broadcasts__status--problem' : ''}`;
    }

    renderList() {
        const { list, empty, more } = this.n;
        clear(list);
        for (const request of this.requests) list.append(this.row(request));
        empty.hidden = this.requests.length > 0;
        more.hidden = !this.nextCursor;
    }

    row(request) {
        const selected = this.selected && this.selected.id === request.id;
        const open = el('button', {
            className: 'link-button mono',
            text: request.id,
            attrs: { type: 'button', 'aria-label': `Ver la solicitud ${request.id}`, 'aria-current': selected ? 'true' : false }
        });
        open.addEventListener('click', () => this.open(request.id));
        const row = el('tr', { className: `requests__row${selected ? ' requests__row--selected' : ''}`, attrs: { 'data-request-id': request.id } }, [
            el('td', {}, [open]),
            el('td', { text: request.kindLabel || request.requestKind }),
            el('td', { text: request.departmentName || '—' }),
            el('td', { className: 'requests__name', text: request.name || '—' }),
            el('td', { className: 'requests__time', text: formatDateTime(request.createdAt) }),
            el('td', {}, [stateTag(request.state, request.stateLabel)])
        ]);
        // The whole row opens it too (the button stays the keyboard's way in).
        row.addEventListener('click', (event) => {
            if (event.target !== open) this.open(request.id);
        });
        return row;
    }

    async open(id) {
        try {
            const { request } = await this.api.get(`${BASE}/${encodeURIComponent(id)}`);
            this.show(request);
        } catch (error) {
            this.notify(error.message, 'error');
        }
    }

    async reloadSelected() {
        if (!this.selected) return;
        try {
            const { request } = await this.api.get(`${BASE}/${encodeURIComponent(this.selected.id)}`);
            this.show(request, this.noteText());
        } catch (error) {
            this.notify(error.message, 'error');
        }
    }

    noteText() {
        const note = this.n.body.querySelector('#request-note');
        return note ? note.value : '';
    }

    /** The detail pane of one request; `keepNote` keeps what the supervisor typed across a reload. */
    show(request, keepNote = '', message) {
        this.selected = request;
        this.renderList();
        const { body, placeholder } = this.n;
        placeholder.hidden = true;
        body.hidden = false;
        clear(body);
        body.dataset.requestId = request.id;
        body.dataset.revision = String(request.revision);

        body.append(
            el('div', { className: 'request__heading' }, [
                el('span', { className: 'request__number mono', text: request.id }),
                stateTag(request.state, request.stateLabel),
                el('span', { className: 'request__kind', text: request.kindLabel || request.requestKind })
            ])
        );
        const facts = el('dl', { className: 'facts request__facts' });
        const fact = (label, value, className) =>
            facts.append(el('div', { className: 'facts__row' }, [el('dt', { text: label }), el('dd', { className, text: value })]));
        fact('Nombre', request.name || '—');
        fact('Departamento', request.departmentName || '—');
        fact('Dirección', request.address || '—', 'request__address');
        fact('Recibida', formatDateTime(request.createdAt));
        body.append(facts);

        body.append(el('h3', { className: 'request__subtitle', text: 'Descripción' }));
        body.append(el('p', { className: 'request__description', text: request.description || '—' }));
        body.append(photoBlock(request.photo));

        if (message) body.append(el('p', { className: 'notice', text: message, attrs: { id: 'request-message', role: 'alert' } }));
        body.append(this.moveBlock(request, keepNote));

        body.append(el('h3', { className: 'request__subtitle', text: 'Historial' }));
        const history = el('ol', { className: 'request__history', attrs: { id: 'request-history' } });
        for (const entry of request.history || []) history.append(historyLine(entry));
        body.append(history);
    }

    moveBlock(request, keepNote) {
        const allowed = request.allowedStates || [];
        if (!allowed.length) {
            return el('p', {
                className: 'request__final muted',
                text: `La solicitud está ${requestStateLabel(request.state).toLowerCase()}: ya no cambia de estado.`
            });
        }
        const note = el('textarea', { attrs: { id: 'request-note', rows: '2', maxlength: '500', 'aria-describedby': 'request-note-hint' } });
        note.value = keepNote;
        const buttons = allowed.map((state) => {
            const button = el('button', {
                className: `button button--small ${state === 'rechazada' ? 'button--danger-outline' : 'button--primary'}`,
                text: `Pasar a «${requestStateLabel(state)}»`,
                attrs: { type: 'button', 'data-state': state }
            });
            button.addEventListener('click', () => this.move(request, state));
            return button;
        });
        return el('div', { className: 'request__move' }, [
            el('label', { className: 'field__label', text: 'Nota para el ciudadano (opcional)', attrs: { for: 'request-note' } }),
            note,
            el('p', {
                className: 'hint',
                text: 'La recibe por WhatsApp junto con el nuevo estado. Hasta 500 caracteres.',
                attrs: { id: 'request-note-hint' }
            }),
            el('div', { className: 'request__actions', attrs: { role: 'group', 'aria-label': 'Cambiar el estado' } }, buttons)
        ]);
    }

    async move(request, state) {
        if (this.busy) return;
        const note = this.noteText().trim();
        const label = requestStateLabel(state);
        if (FINAL.has(state)) {
            const confirmed = await confirmAction({
                title: `Pasar a «${label}»`,
                question: `La solicitud ${request.id} quedará ${label.toLowerCase()} y ya no podrá cambiar. Se le avisará al ciudadano.`,
                details: note ? [['Nota', note]] : [],
                confirmLabel: `Pasar a «${label}»`,
                danger: state === 'rechazada'
            });
            if (!confirmed) return;
        }
        this.busy = true;
        this.setButtonsDisabled(true);
        try {
            const { request: moved } = await this.api.post(`${BASE}/${encodeURIComponent(request.id)}/state`, {
                state,
                revision: request.revision,
                ...(note ? { note } : {})
            });
            this.notify(`La solicitud ${moved.id} pasó a «${requestStateLabel(moved.state)}». Se le avisó al ciudadano.`, 'info');
            this.show(moved);
            await this.load().catch(() => {});
        } catch (error) {
            if (error.status === 409) {
                await this.afterConflict(request, state, error, note);
            } else {
                this.notify(error.message, 'error');
                this.setButtonsDisabled(false);
            }
        } finally {
            this.busy = false;
        }
    }

    /** Someone else moved it first, or the move is no longer allowed: the view is read again and says so. */
    async afterConflict(request, state, error, note) {
        let current;
        try {
            ({ request: current } = await this.api.get(`${BASE}/${encodeURIComponent(request.id)}`));
        } catch {
            current = undefined;
        }
        const now = current ? ` Ahora está «${requestStateLabel(current.state)}».` : '';
        const message =
            error.code === 'InvalidTransition'
                ? `La solicitud ${request.id} ya no puede pasar a «${requestStateLabel(state)}».${now} Se actualizó la vista: revise y, si corresponde, elija de nuevo.`
                : `Otro supervisor cambió la solicitud ${request.id} mientras usted la miraba.${now} Se actualizó la vista: revise y, si corresponde, elija de nuevo.`;
        this.notify(message, 'error');
        if (current) this.show(current, note, message);
        await this.load().catch(() => {});
    }

    setButtonsDisabled(disabled) {
        for (const button of this.n.body.querySelectorAll('.request__actions button')) button.disabled = disabled;
    }
}

function stateTag(state, label) {
    return el('span', {
        className: `tag request-state request-state--${state}`,
        text: label || requestStateLabel(state),
        attrs: { 'data-state': state }
    });
}

/** A photo from the console's own media route is linked; anything else is only mentioned. */
function photoBlock(photo) {
    if (!photo) return el('p', { className: 'request__photo muted', text: 'Sin foto.' });
    const url = safeMediaUrl(photo.contentUrl);
    if (!url) return el('p', { className: 'request__photo muted', text: 'El ciudadano envió una foto, pero no está disponible en la consola.' });
    return el('p', { className: 'request__photo' }, [
        el('a', { text: 'Ver la foto que envió el ciudadano', attrs: { href: url, target: '_blank', rel: 'noopener noreferrer' } })
    ]);
}

function historyLine(entry) {
    const who = entry.by === 'citizen' ? 'el ciudadano' : entry.by;
    const what = entry.from ? `${requestStateLabel(entry.from)} → ${requestStateLabel(entry.to)}` : `Creada como «${requestStateLabel(entry.to)}»`;
    const notice = entry.notice ? NOTICE_LABELS[entry.notice.mode] : undefined;
    return el('li', { className: 'request__history-item' }, [
        el('time', { text: formatDateTime(entry.at), attrs: { datetime: entry.at } }),
        ' · ',
        el('span', { className: 'request__history-what', text: what }),
        ` · por ${who}`,
        entry.note ? el('span', { className: 'request__history-note', text: `Nota: ${entry.note}` }) : null,
        notice
            ? el('span', {
                  className: `request__history-notice${entry.notice.mode === 'none' ? ' request__history-notice--none' : ''}`,
                  text: notice
              })
            : null
    ]);
}
