// Supervisors keep the agency's questions and answers (what the bot answers by itself): the list with where each
// entry comes from and who changed it last, an editor (title, answer, ways of asking), delete, add; and a preview
// that tells how a citizen's text would be matched.

import { confirmAction } from './confirmDialog.js';
import { clear, el, setText } from './dom.js';
import { formatDateTime } from './format.js';

const BASE = '/api/supervisor/knowledge';
const ORIGIN_LABELS = { shipped: 'Original', edited: 'Editada', added: 'Agregada' };
const ACTION_LABELS = { put: 'Guardada', delete: 'Borrada' };
const LIMITS = { title: [3, 120], answer: [10, 1500], phrasing: [3, 200], phrasings: [3, 40] };
const score = new Intl.NumberFormat('es-AR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export class KnowledgeView {
    /**
     * @param deps {{ api, notify(message, kind), nodes: { list, status, add, form, formTitle, id, title, answer, counter,
     *   askedAs, message, save, remove, history, previewForm, previewText, previewRun, previewResult } }}
     */
    constructor(deps) {
        this.api = deps.api;
        this.notify = deps.notify;
        this.n = deps.nodes;
        this.entries = [];
        /** The entry in the editor; undefined for a new one. */
        this.editing = undefined;
        this.n.add.addEventListener('click', () => this.edit(undefined));
        this.n.form.addEventListener('submit', (event) => {
            event.preventDefault();
            this.save();
        });
        this.n.remove.addEventListener('click', () => this.remove());
        this.n.answer.addEventListener('input', () => this.count());
        this.n.previewForm.addEventListener('submit', (event) => {
            event.preventDefault();
            this.preview();
        });
        this.n.previewText.addEventListener('keydown', (event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
                event.preventDefault();
                this.preview();
            }
        });
    }

    /** After a logout: nothing of the last session stays on screen. */
    reset() {
        this.entries = [];
        this.editing = undefined;
        clear(this.n.list);
        this.n.form.hidden = true;
        this.n.previewText.value = '';
        clear(this.n.previewResult);
        delete this.n.previewResult.dataset.wouldAnswer;
        delete this.n.previewResult.dataset.answerId;
        setText(this.n.status, '');
    }

    async load() {
        try {
            const { entries } = await this.api.get(BASE);
            this.entries = entries;
            this.renderList();
            setText(this.n.status, `${entries.length} ${entries.length === 1 ? 'respuesta' : 'respuestas'} en uso.`);
        } catch (error) {
            setText(this.n.status, `No se pudo cargar la lista: ${error.message}`);
            throw error;
        }
    }

    renderList() {
        const { list } = this.n;
        clear(list);
        const current = this.editing && this.editing.id;
        for (const entry of this.entries) {
            const selected = entry.id === current;
            const who = entry.updatedBy || entry.changedBy;
            const when = entry.updatedAt || entry.changedAt;
            const button = el(
                'button',
                {
                    className: `knowledge__item${selected ? ' knowledge__item--selected' : ''}`,
                    attrs: { type: 'button', 'data-entry-id': entry.id, 'aria-current': selected ? 'true' : false }
                },
                [
                    el('span', { className: 'knowledge__item-title', text: entry.title }),
                    el('span', { className: 'knowledge__item-meta' }, [
                        el('span', {
                            className: `tag knowledge__origin knowledge__origin--${entry.origin}`,
                            text: ORIGIN_LABELS[entry.origin] || entry.origin
                        }),
                        who ? el('span', { className: 'knowledge__changed', text: `Modificada por ${who} · ${formatDateTime(when)}` }) : null
                    ])
                ]
            );
            button.addEventListener('click', () => this.edit(entry));
            list.append(el('li', {}, [button]));
        }
    }

    /** Opens the editor on an entry, or empty for a new one. */
    edit(entry) {
        this.editing = entry;
        const { form, formTitle, id, title, answer, askedAs, remove, history } = this.n;
        form.hidden = false;
        setText(formTitle, entry ? 'Editar respuesta' : 'Nueva respuesta');
        setText(id, entry ? `Identificador: ${entry.id}` : 'El identificador se forma con el título al guardar.');
        title.value = entry ? entry.title : '';
        answer.value = entry ? entry.answer : '';
        askedAs.value = entry ? entry.askedAs.join('\n') : '';
        remove.hidden = !entry;
        clear(history);
        for (const line of (entry && entry.history) || []) {
            history.append(
                el('li', {}, [
                    el('time', { text: formatDateTime(line.at), attrs: { datetime: line.at } }),
                    ` · ${ACTION_LABELS[line.action] || line.action} por ${line.by}`
                ])
            );
        }
        history.parentElement.hidden = !(entry && entry.history && entry.history.length);
        this.message('');
        this.count();
        this.renderList();
        title.focus();
    }

    count() {
        const length = this.n.answer.value.trim().length;
        setText(this.n.counter, `${length} de ${LIMITS.answer[1]} caracteres.`);
    }

    /** What the editor holds, checked as the server checks it; a Spanish message when something is missing. */
    content() {
        const title = this.n.title.value.trim();
        const answer = this.n.answer.value.trim();
        const askedAs = this.n.askedAs.value
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean);
        const [tMin, tMax] = LIMITS.title;
        const [aMin, aMax] = LIMITS.answer;
        const [pMin, pMax] = LIMITS.phrasing;
        const [nMin, nMax] = LIMITS.phrasings;
        if (title.length < tMin || title.length > tMax)
            return { problem: `El título debe tener entre ${tMin} y ${tMax} caracteres.`, focus: this.n.title };
        if (answer.length < aMin || answer.length > aMax)
            return { problem: `La respuesta debe tener entre ${aMin} y ${aMax} caracteres.`, focus: this.n.answer };
        if (askedAs.length < nMin) return { problem: `Escriba al menos ${nMin} formas de preguntar, una por línea.`, focus: this.n.askedAs };
        if (askedAs.length > nMax) return { problem: `Como máximo ${nMax} formas de preguntar.`, focus: this.n.askedAs };
        const wrong = askedAs.find((line) => line.length < pMin || line.length > pMax);
        if (wrong !== undefined)
            return {
                problem: `Cada forma de preguntar debe tener entre ${pMin} y ${pMax} caracteres: «${wrong.slice(0, 60)}».`,
                focus: this.n.askedAs
            };
        return { value: { title, answer, askedAs } };
    }

    async save() {
        const checked = this.content();
        if (checked.problem) {
            this.message(checked.problem);
            checked.focus.focus();
            return;
        }
        const id = this.editing ? this.editing.id : this.newId(checked.value.title);
        this.n.save.disabled = true;
        try {
            const { entry } = await this.api.put(`${BASE}/${encodeURIComponent(id)}`, checked.value);
            this.message('');
            this.notify(`Respuesta «${entry.title}» guardada. El bot ya la usa.`, 'info');
            await this.load();
            const saved = this.entries.find((e) => e.id === entry.id);
            if (saved) this.edit(saved);
            if (this.n.previewText.value.trim()) await this.preview();
        } catch (error) {
            this.message(`No se pudo guardar: ${error.message}`);
        } finally {
            this.n.save.disabled = false;
        }
    }

    async remove() {
        const entry = this.editing;
        if (!entry) return;
        const confirmed = await confirmAction({
            title: 'Borrar la respuesta',
            question: 'El bot dejará de usarla: quien pregunte esto pasará a un operador como «Consulta».',
            details: [['Título', entry.title]],
            confirmLabel: 'Borrar',
            danger: true
        });
        if (!confirmed) return;
        try {
            await this.api.delete(`${BASE}/${encodeURIComponent(entry.id)}`);
            this.notify(`Respuesta «${entry.title}» borrada.`, 'info');
            this.editing = undefined;
            this.n.form.hidden = true;
            await this.load();
            if (this.n.previewText.value.trim()) await this.preview();
        } catch (error) {
            this.message(`No se pudo borrar: ${error.message}`);
        }
    }

    /** An id for a new entry, from its title ("Corte de agua" → "corte-de-agua"), not used by another. */
    newId(title) {
        const base =
            title
                .normalize('NFD')
                .replace(/[\u0300-\u036f]/g, '')
                .toLowerCase()
                .replace(/[^a-z0-9]+/g, '-')
                .replace(/^-+|-+$/g, '')
                .slice(0, 50)
                .replace(/-+$/, '') || 'respuesta';
        const taken = new Set(this.entries.map((e) => e.id));
        let id = base;
        for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
        return id;
    }

    message(text) {
        setText(this.n.message, text);
        this.n.message.hidden = !text;
    }

    async preview() {
        const text = this.n.previewText.value.trim();
        const result = this.n.previewResult;
        if (!text) {
            clear(result);
            result.append(el('p', { className: 'notice', text: 'Escriba una pregunta como la escribiría un ciudadano.' }));
            return;
        }
        this.n.previewRun.disabled = true;
        try {
            const answer = await this.api.post(`${BASE}/preview`, { text });
            this.renderPreview(answer);
        } catch (error) {
            clear(result);
            result.append(el('p', { className: 'notice', text: `No se pudo probar: ${error.message}` }));
        } finally {
            this.n.previewRun.disabled = false;
        }
    }

    renderPreview(preview) {
        const result = this.n.previewResult;
        clear(result);
        const best = (preview.matches || [])[0];
        result.dataset.wouldAnswer = String(Boolean(preview.wouldAnswer));
        if (preview.answer) result.dataset.answerId = preview.answer.id;
        else delete result.dataset.answerId;
        const chosen = preview.wouldAnswer && preview.answer;
        result.append(
            el(
                'p',
                { className: `knowledge__verdict knowledge__verdict--${chosen ? 'yes' : 'no'}` },
                chosen
                    ? ['Se respondería con ', el('strong', { className: 'knowledge__verdict-title', text: `«${preview.answer.title}»` }), '.']
                    : ['No se respondería: pasaría a un operador como «Consulta».']
            )
        );
        result.append(
            el('p', {
                className: 'hint',
                text: `Puntaje ${best ? score.format(best.score) : '—'} · mínimo para responder ${score.format(preview.threshold)}.`
            })
        );
        if (chosen) {
            result.append(el('p', { className: 'knowledge__answer-label', text: 'El ciudadano recibiría:' }));
            result.append(el('p', { className: 'knowledge__answer', text: preview.answer.answer, attrs: { id: 'knowledge-preview-answer' } }));
        }
        if (!(preview.matches || []).length) return;
        const rows = preview.matches.map((match) =>
            el(
                'tr',
                {
                    className: chosen && match.id === preview.answer.id ? 'knowledge__match--chosen' : '',
                    attrs: { 'data-entry-id': match.id }
                },
                [
                    el('td', { text: match.title }),
                    el('td', { className: 'knowledge__score', text: score.format(match.score) }),
                    el('td', { text: (match.matchedWords || []).join(', ') || '—' })
                ]
            )
        );
        result.append(
            el('table', { className: 'table knowledge__matches' }, [
                el('caption', { className: 'visually-hidden', text: 'Respuestas más parecidas' }),
                el('thead', {}, [
                    el('tr', {}, [
                        el('th', { text: 'Respuesta', attrs: { scope: 'col' } }),
                        el('th', { text: 'Puntaje', attrs: { scope: 'col' } }),
                        el('th', { text: 'Palabras que coinciden', attrs: { scope: 'col' } })
                    ])
                ]),
                el('tbody', {}, rows)
            ])
        );
    }
}
