// A supervisor composes a weather alert: level (colour and what it asks of the public), phenomenon,
// departments, text, valid until (Catamarca time); sees how many subscribers it reaches while choosing; and
// confirms before anything is sent.

import { confirmAction } from './confirmDialog.js';
import { DEPARTMENTS } from './departments.js';
import { clear, el, setText } from './dom.js';
import { catamarcaLocalInput, catamarcaLocalToIso, formatDateTime } from './format.js';
import { LEVELS, PHENOMENA, countOf, describeDepartments, formatCount, levelOf } from './weatherAlertWords.js';

export const MAX_TEXT = 600;
const PREVIEW_PAUSE_MS = 250;
/** The default validity offered: the next full hour six hours from now. */
const DEFAULT_VALIDITY_MS = 6 * 3600_000;

export class WeatherAlertForm {
    /**
     * @param deps {{ api, notify(message, kind), onSent(broadcast),
     *   nodes: { form, levels, phenomenon, all, departments, text, counter, validUntil, reach, message, submit } }}
     */
    constructor(deps) {
        this.api = deps.api;
        this.notify = deps.notify;
        this.onSent = deps.onSent;
        this.n = deps.nodes;
        this.previewTimer = undefined;
        /** Answers to older questions are ignored: only the last preview asked may change the screen. */
        this.previewSeq = 0;
        this.sending = false;
        this.build();
        this.n.form.addEventListener('submit', (event) => {
            event.preventDefault();
            this.submit();
        });
        this.n.all.addEventListener('change', () => {
            for (const box of this.departmentBoxes()) box.checked = this.n.all.checked;
            this.departmentsChanged();
        });
        this.n.departments.addEventListener('change', () => {
            this.n.all.checked = this.departmentBoxes().every((box) => box.checked);
            this.departmentsChanged();
        });
        this.n.text.addEventListener('input', () => this.renderCounter());
        // A message about what was missing goes as soon as the supervisor changes something.
        this.n.form.addEventListener('change', () => this.formMessage(''));
    }

    /** The controls whose choices come from data shared with the broadcast list. */
    build() {
        clear(this.n.levels);
        for (const level of LEVELS) {
            this.n.levels.append(
                el('label', { className: `level level--${level.id}` }, [
                    el('input', { attrs: { type: 'radio', name: 'level', value: level.id, required: true } }),
                    el('span', { className: 'level__name', text: level.name }),
                    el('span', { className: 'level__meaning', text: level.meaning })
                ])
            );
        }
        clear(this.n.phenomenon);
        this.n.phenomenon.append(el('option', { text: 'Elija el fenómeno…', attrs: { value: '' } }));
        for (const name of PHENOMENA) this.n.phenomenon.append(el('option', { text: name, attrs: { value: name } }));
        clear(this.n.departments);
        for (const department of DEPARTMENTS) {
            this.n.departments.append(
                el('label', { className: 'check' }, [
                    el('input', { attrs: { type: 'checkbox', name: 'department', value: department.id } }),
                    el('span', { text: department.name })
                ])
            );
        }
        this.n.text.maxLength = MAX_TEXT;
        this.reset();
    }

    /**
     * The same alert sent again (its answer was lost to the network) carries the same key, so the server does not
     * send it twice; a changed alert gets a new one. getRandomValues, unlike randomUUID, works over plain http too.
     */
    keyFor(alert) {
        const content = JSON.stringify(alert);
        if (this.lastAttempt?.content !== content) {
            const bytes = crypto.getRandomValues(new Uint8Array(16));
            this.lastAttempt = { content, key: Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') };
        }
        return this.lastAttempt.key;
    }

    /** A blank alert, valid for the next hours by default. */
    reset() {
        this.n.form.reset();
        // Catamarca's offset is whole hours: a full hour in UTC is a full hour there too.
        const until = new Date(Date.now() + DEFAULT_VALIDITY_MS + 3600_000);
        until.setUTCMinutes(0, 0, 0);
        this.n.validUntil.value = catamarcaLocalInput(until);
        this.n.validUntil.min = catamarcaLocalInput(new Date());
        this.renderCounter();
        this.formMessage('');
        this.departmentsChanged();
    }

    /** The screen shows again: a half-written alert stays; the reach is asked again (subscribers change). */
    shown() {
        this.n.validUntil.min = catamarcaLocalInput(new Date());
        this.departmentsChanged();
    }

    departmentBoxes() {
        return [...this.n.departments.querySelectorAll('input[name="department"]')];
    }

    /** 'all', the chosen ids, or undefined when none is chosen. */
    chosenDepartments() {
        if (this.n.all.checked) return 'all';
        const ids = this.departmentBoxes()
            .filter((box) => box.checked)
            .map((box) => box.value);
        return ids.length ? ids : undefined;
    }

    renderCounter() {
        const used = this.n.text.value.length;
        setText(this.n.counter, `${formatCount(used)} / ${formatCount(MAX_TEXT)} caracteres`);
        this.n.counter.classList.toggle('counter--near', used >= MAX_TEXT - 60);
    }

    departmentsChanged() {
        clearTimeout(this.previewTimer);
        const departments = this.chosenDepartments();
        if (!departments) {
            this.previewSeq += 1;
            this.renderReach('idle');
            return;
        }
        this.renderReach('loading');
        this.previewTimer = setTimeout(() => this.preview(departments).catch(() => {}), PREVIEW_PAUSE_MS);
    }

    /** Asks the server how many subscribers the departments have now; shows it if still the last question. */
    async preview(departments) {
        const seq = ++this.previewSeq;
        try {
            const { recipients } = await this.api.post('/api/alerts/preview', { departments });
            if (seq === this.previewSeq) this.renderReach('value', recipients);
            return recipients;
        } catch (error) {
            if (seq === this.previewSeq) this.renderReach('error', undefined, error.message);
            throw error;
        }
    }

    renderReach(kind, recipients, problem) {
        const node = this.n.reach;
        clear(node);
        node.className = `reach reach--${kind === 'value' && recipients === 0 ? 'zero' : kind}`;
        delete node.dataset.recipients;
        if (kind === 'idle') setText(node, 'Elija uno o más departamentos para saber a cuántas personas llegará.');
        else if (kind === 'loading') setText(node, 'Calculando a cuántas personas llegará…');
        else if (kind === 'error') setText(node, `No se pudo calcular el alcance. ${problem || ''}`.trim());
        else {
            node.dataset.recipients = String(recipients);
            node.append(
                'Llegará a ',
                el('strong', { className: 'reach__count', text: formatCount(recipients) }),
                ` ${recipients === 1 ? 'suscriptor' : 'suscriptores'}`
            );
            if (recipients === 0) node.append(el('span', { className: 'reach__note', text: 'Nadie se suscribió a alertas de esos departamentos.' }));
        }
    }

    /** The alert as the API takes it, or a message saying what is missing. */
    read() {
        const level = (this.n.form.querySelector('input[name="level"]:checked') || {}).value;
        const phenomenon = this.n.phenomenon.value;
        const departments = this.chosenDepartments();
        const text = this.n.text.value.trim();
        const validUntil = catamarcaLocalToIso(this.n.validUntil.value);
        const problem = !level
            ? ['Elija el nivel de la alerta.', this.n.levels.querySelector('input')]
            : !phenomenon
              ? ['Elija el fenómeno.', this.n.phenomenon]
              : !departments
                ? ['Elija al menos un departamento, o toda la provincia.', this.n.all]
                : !text
                  ? ['Escriba el texto de la alerta.', this.n.text]
                  : !validUntil
                    ? ['Indique hasta cuándo vale la alerta (fecha y hora de Catamarca).', this.n.validUntil]
                    : Date.parse(validUntil) <= Date.now() + 60_000
                      ? ['La alerta ya estaría vencida: elija una fecha y hora futuras.', this.n.validUntil]
                      : undefined;
        if (problem) return { problem: problem[0], field: problem[1] };
        return { alert: { level, phenomenon, departments, text, validUntil } };
    }

    async submit() {
        if (this.sending) return;
        const { alert, problem, field } = this.read();
        if (problem) {
            this.formMessage(problem);
            if (field) field.focus();
            return;
        }
        this.formMessage('');
        this.sending = true;
        this.n.submit.disabled = true;
        try {
            // The number in the question is the one at this moment, not the one shown a while ago.
            const recipients = await this.preview(alert.departments);
            if (recipients === 0) {
                this.formMessage('Nadie recibiría esta alerta: no hay suscriptores en esos departamentos.');
                return;
            }
            const level = levelOf(alert.level);
            const where = describeDepartments(alert.departments === 'all' ? [] : alert.departments, alert.departments === 'all');
            const confirmed = await confirmAction({
                title: `Alerta ${level.feminine} · ${alert.phenomenon}`,
                question: `¿Enviar alerta ${level.feminine} a ${countOf(recipients, 'persona', 'personas')} de ${where}?`,
                details: [
                    ['Nivel', `${level.name}: ${level.meaning}`],
                    ['Fenómeno', alert.phenomenon],
                    ['Vigente hasta', `${formatDateTime(alert.validUntil)} (hora de Catamarca)`],
                    ['Texto', alert.text]
                ],
                confirmLabel: 'Enviar alerta',
                tone: level.id
            });
            if (!confirmed) return;
            const { broadcast } = await this.api.post('/api/alerts', alert, { 'Idempotency-Key': this.keyFor(alert) });
            this.reset();
            this.n.form.scrollTop = 0;
            this.notify(`Alerta ${level.feminine} en camino a ${countOf(recipients, 'persona', 'personas')}.`, 'info');
            this.onSent(broadcast);
        } catch (error) {
            this.formMessage(error.status === 400 ? `El servidor rechazó la alerta: ${error.serverMessage}` : error.message);
        } finally {
            this.sending = false;
            this.n.submit.disabled = false;
        }
    }

    formMessage(text) {
        setText(this.n.message, text);
        this.n.message.hidden = !text;
    }
}
