// One case: the report card, photos, location, the transcript (citizen / bot / operator / internal note),
// the reply box and the actions the case's status and holder allow.

import { cardEditor } from './cardEditor.js';
import { confirmAction } from './confirmDialog.js';
import { clear, el, externalLink, setText } from './dom.js';
import {
    auditLabel,
    citizenName,
    coordinate,
    formatDateTime,
    formatPhone,
    formatShortTime,
    mapUrl,
    priorityClass,
    priorityLabel,
    reasonLabel,
    safeMediaUrl,
    statusLabel
} from './format.js';

/** What WhatsApp last reported of an operator message, as the operator reads it (ticks as in WhatsApp). */
const DELIVERY_LABELS = { sent: 'Enviado ✓', delivered: 'Entregado ✓✓', read: 'Leído ✓✓' };

export class CaseView {
    /**
     * @param deps {{ api, session, nodes, notify(message, kind), onChanged(caseValue), openResolveDialog(): Promise<string|undefined>,
     *   openTransferDialog(caseValue): Promise<{ to, note }|undefined> }}
     */
    constructor(deps) {
        this.api = deps.api;
        this.session = deps.session;
        this.n = deps.nodes;
        this.notify = deps.notify;
        this.onChanged = deps.onChanged;
        this.openResolveDialog = deps.openResolveDialog;
        this.openTransferDialog = deps.openTransferDialog;
        this.details = undefined;
        this.loadToken = 0;
        this.busy = false;
        this.wire();
    }

    get caseId() {
        return this.details ? this.details.case.id : undefined;
    }

    wire() {
        const { n } = this;
        n.claim.addEventListener('click', () => this.act('claim'));
        n.release.addEventListener('click', () => this.act('release'));
        n.returnToBot.addEventListener('click', () => this.act('return-to-bot'));
        n.resolve.addEventListener('click', () => this.resolve());
        n.transfer.addEventListener('click', () => this.transfer());
        n.composer.addEventListener('submit', (event) => {
            event.preventDefault();
            this.send();
        });
        n.composerText.addEventListener('keydown', (event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
                event.preventDefault();
                this.send();
            }
        });
        for (const radio of n.composer.querySelectorAll('input[name="mode"]')) {
            radio.addEventListener('change', () => this.renderComposer());
        }
    }

    /** Loads and shows a case. */
    async open(caseId) {
        const token = ++this.loadToken;
        const details = await this.api.get(`/api/operator/cases/${encodeURIComponent(caseId)}`);
        if (token !== this.loadToken) return;
        const switched = this.caseId !== caseId;
        this.details = details;
        // Another case starts with the bot's questions folded again, and no card being edited.
        if (switched) {
            this.botShown = false;
            this.editingCard = false;
        }
        this.render(switched);
        if (switched) this.n.title.focus();
    }

    /** Reloads the open case (after a live change of its status, or a lost race). */
    async reload() {
        if (this.caseId) await this.open(this.caseId);
    }

    close() {
        this.details = undefined;
        this.loadToken++;
        this.n.view.hidden = true;
        this.n.empty.hidden = false;
    }

    /** A live message (new, or an update such as a delivery failure) for the open case. */
    addMessage(entry) {
        if (!this.details || entry.caseId !== this.caseId) return;
        const list = this.details.transcript;
        const index = list.findIndex((e) => e.id === entry.id);
        // Merged, not replaced: a late live event must not erase the delivery id the send answer already gave.
        if (index >= 0) list[index] = { ...list[index], ...entry };
        else list.push(entry);
        list.sort((a, b) => a.sequence - b.sequence);
        if (entry.location) this.details.location = { kind: 'pin', ...entry.location };
        for (const image of entry.images || []) {
            if (index < 0 && image.contentUrl)
                this.details.media.push({ messageId: entry.id, contentType: image.contentType, url: image.contentUrl });
        }
        this.renderTranscript();
        if (entry.location) this.renderLocation();
        if ((entry.images || []).length) this.renderPhotos();
    }

    render(switched) {
        const { n } = this;
        n.empty.hidden = true;
        n.view.hidden = false;
        const value = this.details.case;
        const priority = priorityClass(value.priority);
        // A "consulta" is a question for a person, not an emergency: it says so instead of a priority.
        const consulta = value.topic === 'consulta';
        n.priority.className = `badge badge--${consulta ? 'consulta' : priority} badge--large`;
        setText(n.priority, consulta ? 'Consulta' : priorityLabel(value.priority));
        n.view.dataset.priority = consulta ? 'consulta' : priority;
        const who = citizenName(value);
        setText(n.title, who.name);
        n.title.title = who.source === 'profile' ? 'Nombre del perfil de WhatsApp' : '';
        n.status.className = `status status--${value.status}`;
        setText(n.status, statusLabel(value.status));
        this.renderActions();
        this.renderReport();
        this.renderLocation();
        this.renderPhotos();
        this.renderAudit();
        this.renderTranscript(switched);
        this.renderComposer();
    }

    /** Who may do what now: the same rules the server enforces, so the buttons never promise a 403. */
    permissions() {
        const value = this.details.case;
        const me = this.session.user ? this.session.user.username : undefined;
        const holder = value.status === 'assigned' && value.assignedTo === me;
        const canAct = value.status === 'assigned' && (holder || this.session.isSupervisor);
        // Auto assignment: a case offered to a colleague is theirs to accept until the offer lapses (a supervisor may take it).
        const offeredToOther = value.status === 'queued' && value.offer && value.offer.to !== me && Date.parse(value.offer.expiresAt) > Date.now();
        return {
            claim: value.status === 'queued' && (!offeredToOther || this.session.isSupervisor),
            release: canAct,
            resolve: canAct,
            transfer: canAct,
            returnToBot: value.status === 'queued' || canAct,
            reply: canAct,
            holder
        };
    }

    renderActions() {
        const { n } = this;
        const may = this.permissions();
        const value = this.details.case;
        n.claim.disabled = this.busy || !may.claim;
        n.release.disabled = this.busy || !may.release;
        n.resolve.disabled = this.busy || !may.resolve;
        // Hidden, not just disabled, for whoever may not: most operators never hand over someone else's case.
        n.transfer.hidden = !may.transfer;
        n.transfer.disabled = this.busy || !may.transfer;
        n.returnToBot.disabled = this.busy || !may.returnToBot;
        let holder;
        if (value.status === 'queued' && value.offer && Date.parse(value.offer.expiresAt) > Date.now()) {
            holder =
                value.offer.to === (this.session.user && this.session.user.username)
                    ? 'Se le ofrece este caso. Tómelo para responder.'
                    : `Ofrecido a ${value.offer.to}, que tiene unos segundos para aceptarlo.`;
        } else if (value.status === 'queued') holder = 'En espera de un operador. Tómelo para responder.';
        else if (value.status === 'assigned' && may.holder) holder = `Usted atiende este caso desde las ${formatShortTime(value.assignedAt)}.`;
        else if (value.status === 'assigned')
            holder = `Lo atiende ${value.assignedTo || 'otro operador'}.${this.session.isSupervisor ? ' Como supervisor puede intervenir.' : ''}`;
        else holder = `Caso cerrado (${statusLabel(value.status)}).${value.outcome ? ` Resultado: ${value.outcome}` : ''}`;
        setText(n.holder, holder);
    }

    renderReport() {
        const value = this.details.case;
        const report = value.report || {};
        const who = citizenName(value);
        const location = report.location;
        // The citizen's own words each fact was read from, under it: the operator can tell a reading from a guess.
        const edited = Array.isArray(report.operatorEdited) ? report.operatorEdited : [];
        const said = (field) =>
            edited.includes(field)
                ? 'corregido por un operador'
                : report.evidence && typeof report.evidence[field] === 'string'
                  ? `«${report.evidence[field]}»`
                  : undefined;
        const rows = [
            ['Nombre', who.source === 'profile' ? `${who.name} (perfil de WhatsApp)` : who.name],
            ['Teléfono', formatPhone(value.citizenKey)],
            ['Departamento', report.departmentName || 'Sin indicar', said('department')],
            ...(report.locality ? [['Localidad', String(report.locality), said('locality')]] : []),
            ...(report.people ? [['Personas en riesgo', peopleLabel(report.people), said('people')]] : []),
            ...(typeof report.hurt === 'string' ? [['¿Heridos o sin poder salir?', report.hurt]] : []),
            ['Tipo de emergencia', report.emergencyTypeLabel || 'Sin indicar', said('emergencyType')],
            ...(report.emergencyDescription ? [['Descripción del ciudadano', report.emergencyDescription]] : []),
            ['N.º de reporte', value.reportId || 'Sin reporte guardado'],
            ['Motivo', (value.reasons || []).map(reasonLabel).join(', ') || '—'],
            ['Abierto', formatDateTime(value.openedAt)]
        ];
        // A pin is shown in the location card; only a written place belongs here.
        if (!location || location.kind !== 'pin')
            rows.splice(4, 0, ['Lugar indicado', location && location.kind === 'text' ? location.text : 'Sin indicar', said('location')]);
        if (value.queuedAt && value.queuedAt !== value.openedAt) rows.push(['En espera desde', formatDateTime(value.queuedAt)]);
        if (value.assignedAt && value.status === 'assigned')
            rows.push(['Tomado', `${formatDateTime(value.assignedAt)} por ${value.assignedTo || '—'}`]);
        if (value.closedAt) rows.push(['Cerrado', formatDateTime(value.closedAt)]);
        if (value.outcome) rows.push(['Resultado', value.outcome]);
        if (value.flagged) rows.push(['Aviso', 'Nadie lo tomó a tiempo: se le enviaron los números de emergencia.']);
        const list = this.n.report;
        clear(list);
        for (const [term, description, words] of rows) {
            const phone = term === 'Teléfono' && /^\+\d{6,15}$/.test(description);
            const value = phone
                ? el('dd', {}, [el('a', { text: description, attrs: { href: `tel:${description}` } })])
                : el('dd', { text: description });
            if (words) value.append(el('span', { className: 'facts__said', text: words }));
            list.append(el('div', { className: 'facts__row' }, [el('dt', { text: term }), value]));
        }
        this.renderCardEditing();
    }

    /** "Editar datos" (while the case waits: anyone; then its holder or a supervisor), or the form itself. */
    renderCardEditing() {
        const box = this.n.reportEdit;
        clear(box);
        const value = this.details.case;
        const may = value.status === 'queued' || (value.status === 'assigned' && (this.permissions().holder || this.session.isSupervisor));
        if (!may) return;
        if (!this.editingCard) {
            const button = el('button', { className: 'button button--small', text: 'Editar datos', attrs: { type: 'button', id: 'card-edit-open' } });
            button.addEventListener('click', () => {
                this.editingCard = true;
                this.renderCardEditing();
            });
            box.append(button);
            return;
        }
        const caseId = this.caseId;
        box.append(
            cardEditor(
                value,
                async (edit) => {
                    try {
                        await this.api.patch(`/api/operator/cases/${encodeURIComponent(caseId)}/card`, edit);
                        this.editingCard = false;
                        await this.reload();
                    } catch (error) {
                        this.notify(error.message, 'error');
                    }
                },
                () => {
                    this.editingCard = false;
                    this.renderCardEditing();
                }
            )
        );
    }

    renderLocation() {
        const body = this.n.locationBody;
        clear(body);
        const location = this.details.location;
        if (location && location.kind === 'pin') {
            const lat = coordinate(location.latitude, 90);
            const lon = coordinate(location.longitude, 180);
            if (lat !== undefined && lon !== undefined) {
                if (location.name) body.append(el('p', { className: 'place__name', text: location.name }));
                if (location.address) body.append(el('p', { className: 'place__address', text: location.address }));
                body.append(
                    el('p', { className: 'place__coords' }, [
                        el('span', { className: 'visually-hidden', text: 'Coordenadas: ' }),
                        el('span', { className: 'coords', text: `${lat.toFixed(5)}, ${lon.toFixed(5)}` })
                    ])
                );
                body.append(externalLink(mapUrl(lat, lon), 'Abrir en el mapa ↗', 'button button--small map-link'));
                return;
            }
        }
        if (location && location.kind === 'text' && location.text) {
            body.append(el('p', { className: 'place__name', text: location.text }));
            body.append(el('p', { className: 'muted', text: 'Escrita por el ciudadano; no compartió un punto en el mapa.' }));
            return;
        }
        body.append(el('p', { className: 'muted', text: 'Sin ubicación. Puede pedirle que comparta su ubicación por WhatsApp.' }));
    }

    renderPhotos() {
        const body = this.n.photoBody;
        clear(body);
        const seen = new Set();
        const images = (this.details.media || []).filter((m) => {
            const url = safeMediaUrl(m.url);
            if (!url || !/^image\//.test(m.contentType || '') || seen.has(url)) return false;
            seen.add(url);
            return true;
        });
        if (images.length === 0) {
            body.append(el('p', { className: 'muted', text: 'El ciudadano no envió fotos.' }));
            return;
        }
        images.forEach((image, index) => {
            const url = safeMediaUrl(image.url);
            const img = el('img', {
                className: index === 0 ? 'photo photo--main' : 'photo',
                attrs: { src: url, alt: `Foto ${index + 1} enviada por el ciudadano`, loading: 'lazy' }
            });
            body.append(
                el(
                    'a',
                    {
                        className: 'photo__link',
                        attrs: { href: url, target: '_blank', rel: 'noopener noreferrer', title: 'Abrir la foto en tamaño completo' }
                    },
                    [img]
                )
            );
        });
    }

    renderAudit() {
        const list = this.n.audit;
        clear(list);
        for (const entry of this.details.audit || []) {
            list.append(
                el('li', {}, [
                    el('time', { text: formatShortTime(entry.at), attrs: { datetime: entry.at } }),
                    ` ${auditLabel(entry.action)} · ${entry.actor}${editedLabel(entry)}`
                ])
            );
        }
    }

    renderTranscript(forceBottom = false) {
        const list = this.n.transcript;
        const nearBottom = forceBottom || list.scrollHeight - list.scrollTop - list.clientHeight < 80;
        clear(list);
        const value = this.details.case;
        // The message that asked for a person is already in the transcript when the conversation with the bot came along.
        const triggerShown = this.details.transcript.some((entry) => entry.author === 'citizen' && entry.text === value.triggerText);
        if (value.triggerText && !triggerShown) {
            list.append(this.message({ author: 'citizen', at: value.openedAt, text: value.triggerText, trigger: true }));
        }
        // The bot's questions are folded (one click shows them); every citizen message stays in view.
        const botCount = this.details.transcript.filter((entry) => entry.author === 'bot').length;
        if (botCount > 0) {
            const toggle = el('button', {
                className: 'button button--small',
                attrs: { type: 'button', id: 'toggle-bot-part', 'aria-expanded': this.botShown ? 'true' : 'false' },
                text: this.botShown ? 'Ocultar las preguntas del bot' : `Mostrar las preguntas del bot (${botCount})`
            });
            toggle.addEventListener('click', () => {
                this.botShown = !this.botShown;
                this.renderTranscript();
            });
            list.append(el('li', { className: 'transcript__toggle' }, [toggle]));
        }
        for (const entry of this.details.transcript) {
            const item = this.message(entry);
            if (entry.author === 'bot' && !this.botShown) item.hidden = true;
            list.append(item);
        }
        if (list.childElementCount === 0) {
            list.append(
                el('li', {
                    className: 'msg msg--system',
                    text: value.reportId
                        ? 'El ciudadano completó el reporte con el bot (ver los datos a la derecha). Todavía no hay mensajes con un operador.'
                        : 'Todavía no hay mensajes en este caso.'
                })
            );
        }
        if (nearBottom) list.scrollTop = list.scrollHeight;
    }

    message(entry) {
        let kind;
        let author;
        if (entry.internal) {
            kind = 'note';
            author = `Nota interna · ${entry.operator || 'operador'}`;
        } else if (entry.author === 'operator') {
            kind = 'operator';
            author = `Operador · ${entry.operator || ''}`;
        } else if (entry.author === 'bot') {
            kind = 'bot';
            author = 'Bot';
        } else if (entry.author === 'citizen') {
            kind = 'citizen';
            author = entry.trigger ? 'Ciudadano · mensaje que pidió atención' : 'Ciudadano';
        } else {
            kind = 'system';
            author = 'Bot / sistema';
        }
        const parts = [
            el('p', { className: 'msg__meta' }, [
                el('span', { className: 'msg__author', text: author }),
                el('time', { className: 'msg__time', text: formatShortTime(entry.at), attrs: { datetime: entry.at || '' } })
            ])
        ];
        if (entry.text) parts.push(el('p', { className: 'msg__text', text: entry.text }));
        if (Array.isArray(entry.choices) && entry.choices.length > 0) {
            parts.push(el('p', { className: 'msg__choices', text: `Opciones: ${entry.choices.map(String).join(' · ')}` }));
        }
        for (const image of entry.images || []) {
            const url = safeMediaUrl(image.contentUrl);
            if (url) {
                parts.push(
                    el('a', { className: 'msg__image', attrs: { href: url, target: '_blank', rel: 'noopener noreferrer' } }, [
                        el('img', { attrs: { src: url, alt: 'Foto enviada por el ciudadano', loading: 'lazy' } })
                    ])
                );
            } else {
                parts.push(el('p', { className: 'msg__text muted', text: 'Envió una foto que no se pudo descargar.' }));
            }
        }
        if (entry.location) {
            const lat = coordinate(entry.location.latitude, 90);
            const lon = coordinate(entry.location.longitude, 180);
            if (lat !== undefined && lon !== undefined) {
                parts.push(
                    el('p', { className: 'msg__location' }, [
                        `📍 Ubicación: ${entry.location.name ? `${entry.location.name} · ` : ''}${lat.toFixed(5)}, ${lon.toFixed(5)} `,
                        externalLink(mapUrl(lat, lon), 'Ver mapa ↗')
                    ])
                );
            }
        }
        for (const media of entry.otherMedia || []) {
            const url = safeMediaUrl(media.contentUrl);
            if (url && /^audio\//.test(media.contentType || '')) {
                parts.push(
                    el('audio', {
                        className: 'msg__audio',
                        attrs: { controls: true, preload: 'none', src: url, 'aria-label': 'Audio del ciudadano' }
                    })
                );
            } else if (url) {
                parts.push(el('p', {}, [externalLink(url, `Abrir archivo (${media.contentType || 'desconocido'}) ↗`)]));
            } else {
                parts.push(
                    el('p', {
                        className: 'msg__text muted',
                        text: `Envió un archivo (${media.contentType || 'desconocido'}) que no se pudo descargar.`
                    })
                );
            }
        }
        if (kind === 'operator' && entry.viaTemplate) {
            parts.push(
                el('p', {
                    className: 'msg__choices',
                    text: 'Enviado dentro de la plantilla de seguimiento (más de 24 h desde el último mensaje del ciudadano).'
                })
            );
        }
        if (kind === 'operator') {
            if (entry.deliveryError) {
                const reason = String(entry.deliveryError);
                parts.push(
                    el('p', {
                        className: 'msg__delivery msg__delivery--failed',
                        text: /^no entregado/i.test(reason) ? reason : `No entregado: ${reason}`
                    })
                );
            } else if (Object.prototype.hasOwnProperty.call(DELIVERY_LABELS, entry.deliveryStatus)) {
                parts.push(
                    el('p', { className: `msg__delivery msg__delivery--${entry.deliveryStatus}`, text: DELIVERY_LABELS[entry.deliveryStatus] })
                );
            } else if (entry.deliveryId) parts.push(el('p', { className: 'msg__delivery', text: 'Aceptado para envío ✓' }));
            else parts.push(el('p', { className: 'msg__delivery', text: 'Enviando…' }));
        }
        return el(
            'li',
            { className: `msg msg--${kind}${entry.deliveryError ? ' msg--failed' : ''}`, attrs: { 'data-message-id': entry.id || false } },
            parts
        );
    }

    mode() {
        const checked = this.n.composer.querySelector('input[name="mode"]:checked');
        return checked ? checked.value : 'reply';
    }

    renderComposer() {
        const { n } = this;
        const note = this.mode() === 'note';
        const allowed = note || this.permissions().reply;
        n.composer.classList.toggle('composer--note', note);
        setText(n.composerLabel, note ? 'Nota interna (no se envía al ciudadano)' : 'Respuesta al ciudadano');
        n.composerText.disabled = !allowed || this.busy;
        n.composerSend.disabled = !allowed || this.busy;
        n.composerText.placeholder = allowed
            ? note
                ? 'Nota para otros operadores. El ciudadano no la ve.'
                : 'Escriba la respuesta para el ciudadano…'
            : this.details && this.details.case.status === 'queued'
              ? 'Tome el caso para poder responder.'
              : 'No puede responder en este caso; sí puede dejar una nota interna.';
        setText(n.composerSend, note ? 'Guardar nota' : 'Enviar');
    }

    setBusy(busy) {
        this.busy = busy;
        this.renderActions();
        this.renderComposer();
    }

    async send() {
        if (!this.details || this.busy) return;
        const text = this.n.composerText.value.trim();
        if (!text) return;
        const note = this.mode() === 'note';
        const caseId = this.caseId;
        this.setBusy(true);
        try {
            const body = { text, clientMessageId: this.messageIdFor(caseId, text, note) };
            let answer;
            try {
                answer = await this.api.post(`/api/operator/cases/${encodeURIComponent(caseId)}/${note ? 'notes' : 'messages'}`, body);
            } catch (error) {
                // WhatsApp takes no free text 24 h after the citizen's last message: the approved template, if the operator agrees.
                if (note || error.code !== 'WindowClosed' || !(await askToSendAsTemplate(text))) throw error;
                answer = await this.api.post(`/api/operator/cases/${encodeURIComponent(caseId)}/messages`, { ...body, asTemplate: true });
            }
            this.unsentMessage = undefined;
            this.n.composerText.value = '';
            const sent = note ? answer.note : answer.message;
            this.addMessage(sent);
            if (!note && sent && sent.deliveryError) this.notify(`El mensaje no se entregó: ${sent.deliveryError}`, 'error');
        } catch (error) {
            this.notify(error.message, 'error');
            if (error.status === 409 || error.status === 403) await this.reload().catch(() => {});
        } finally {
            this.setBusy(false);
            this.n.composerText.focus();
        }
    }

    /**
     * A message sent again because its answer never came back (the network dropped it, the server failed after
     * saving it) carries the same id, so the citizen gets it once; another text or another case gets a new id.
     * getRandomValues, unlike randomUUID, works over plain http too.
     */
    messageIdFor(caseId, text, note) {
        // A note and a reply with the same words are two entries: their ids must differ.
        const content = `${caseId}\u0000${note ? 'note' : 'reply'}\u0000${text}`;
        if (this.unsentMessage?.content !== content) {
            const bytes = crypto.getRandomValues(new Uint8Array(16));
            this.unsentMessage = { content, id: Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') };
        }
        return this.unsentMessage.id;
    }

    async act(action, body) {
        if (!this.details || this.busy) return;
        const caseId = this.caseId;
        this.setBusy(true);
        try {
            const answer = await this.api.post(`/api/operator/cases/${encodeURIComponent(caseId)}/${action}`, body);
            this.notify(ACTION_DONE[action], 'info');
            this.onChanged(answer.case);
            await this.reload();
        } catch (error) {
            this.notify(error.message, 'error');
            if (error.status === 409 || error.status === 403 || error.status === 404) await this.reload().catch(() => {});
        } finally {
            this.setBusy(false);
        }
    }

    async resolve() {
        const outcome = await this.openResolveDialog();
        if (outcome) await this.act('resolve', { outcome });
    }

    async transfer() {
        if (!this.details || this.busy) return;
        let choice;
        try {
            choice = await this.openTransferDialog(this.details.case);
        } catch (error) {
            this.notify(error.message, 'error');
            return;
        }
        if (choice) await this.act('transfer', choice);
    }
}

const ACTION_DONE = {
    claim: 'Caso tomado. Ya puede responder.',
    release: 'Caso liberado: volvió a la fila.',
    'return-to-bot': 'El caso volvió al bot.',
    resolve: 'Caso resuelto.',
    transfer: 'Caso transferido. Quien lo recibe ya fue avisado.'
};

const VULNERABLE_LABELS = {
    bebe: 'bebé',
    nino: 'niño o niña',
    anciano: 'persona mayor',
    embarazada: 'embarazada',
    discapacitado: 'persona con discapacidad o que no puede moverse'
};

/** "4 · persona mayor, bebé": how many (when said) and who is vulnerable. */
function peopleLabel(people) {
    const parts = [];
    if (Number.isInteger(people.count) && people.count > 0) parts.push(String(people.count));
    const vulnerable = (Array.isArray(people.vulnerable) ? people.vulnerable : []).map((kind) =>
        Object.prototype.hasOwnProperty.call(VULNERABLE_LABELS, kind) ? VULNERABLE_LABELS[kind] : String(kind)
    );
    if (vulnerable.length > 0) parts.push(vulnerable.join(', '));
    return parts.join(' · ') || 'Sin indicar';
}

const CARD_FIELDS = {
    department: 'Departamento',
    locality: 'Localidad',
    location: 'Lugar',
    emergencyType: 'Tipo',
    priority: 'Prioridad',
    people: 'Personas'
};

/** For a corrected card field: " · Departamento: Capital → Valle Viejo". */
function editedLabel(entry) {
    if (entry.action === 'transfer' && entry.detail) return ` · ${String(entry.detail.from || '—')} → ${String(entry.detail.to || '—')}`;
    if (entry.action !== 'card_edited' || !entry.detail) return '';
    const shown = (v) => (v === null || v === undefined ? 'sin indicar' : typeof v === 'object' ? peopleLabel(v) : String(v));
    const field = Object.prototype.hasOwnProperty.call(CARD_FIELDS, entry.detail.field)
        ? CARD_FIELDS[entry.detail.field]
        : String(entry.detail.field);
    return ` · ${field}: ${shown(entry.detail.before)} → ${shown(entry.detail.after)}`;
}

/** The operator's choice when the citizen's 24-hour window has closed: their text inside the follow-up template. */
function askToSendAsTemplate(text) {
    return confirmAction({
        title: 'Pasaron más de 24 horas',
        question:
            'WhatsApp no permite escribirle libremente a esta persona: su último mensaje fue hace más de 24 horas. ' +
            'Su texto puede ir dentro de la plantilla aprobada de seguimiento, y la persona podrá responder. ¿Enviarlo así?',
        details: [['Texto', text]],
        confirmLabel: 'Enviar como plantilla'
    });
}
