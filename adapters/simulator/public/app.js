/* The simulated phone: plain JavaScript, no framework. Every text from the line is shown with textContent. */
(function () {
    'use strict';

    var base = document.querySelector('meta[name="simulator-base"]').getAttribute('content');
    var PLACES = [
        { name: 'Plaza 25 de Mayo, Capital', latitude: -28.4696, longitude: -65.7795 },
        { name: 'Valle Viejo', latitude: -28.4861, longitude: -65.7148 },
        { name: 'Andalgalá', latitude: -27.5819, longitude: -66.3164 },
        { name: 'Belén', latitude: -27.6496, longitude: -67.0325 },
        { name: 'Tinogasta', latitude: -28.0632, longitude: -67.5649 },
        { name: 'Santa María', latitude: -26.6956, longitude: -66.048 },
        { name: 'Recreo (La Paz)', latitude: -29.2769, longitude: -65.0611 },
        { name: 'Fiambalá', latitude: -27.687, longitude: -67.6153 }
    ];
    var TYPING_MS = 25000;

    var $ = function (id) {
        return document.getElementById(id);
    };
    var state = { phone: '', name: '', events: null, seen: {}, mine: {}, locationContext: undefined, typingTimer: 0 };

    function el(tag, className, text) {
        var node = document.createElement(tag);
        if (className) node.className = className;
        if (text !== undefined && text !== null) node.textContent = String(text);
        return node;
    }

    function time(ms) {
        var d = ms ? new Date(ms) : new Date();
        return ('0' + d.getHours()).slice(-2) + ':' + ('0' + d.getMinutes()).slice(-2);
    }

    function scrollDown() {
        var chat = $('chat');
        chat.scrollTop = chat.scrollHeight;
    }

    function setStatus(text) {
        $('status').textContent = text;
    }

    /* ---------- connecting ---------- */

    $('identity').addEventListener('submit', function (event) {
        event.preventDefault();
        state.phone = $('phone').value.trim();
        state.name = $('name').value.trim();
        if (!state.phone || !state.name) return;
        $('identity').hidden = true;
        $('chat').hidden = false;
        $('composer').hidden = false;
        connect();
        $('text').focus();
    });

    function connect() {
        if (state.events) state.events.close();
        var events = new EventSource(base + '/api/events?phone=' + encodeURIComponent(state.phone));
        state.events = events;
        events.addEventListener('open', function () {
            setStatus('en línea · ' + state.name + ' (' + state.phone + ')');
        });
        events.addEventListener('error', function () {
            setStatus('reconectando…');
        });
        events.addEventListener('message', function (event) {
            renderBotMessage(JSON.parse(event.data));
        });
        events.addEventListener('read', function (event) {
            var mark = JSON.parse(event.data);
            var meta = state.mine[mark.wamid];
            if (meta) {
                meta.textContent = meta.textContent.replace(/✓+$/, '') + '✓✓';
                meta.classList.add('read');
            }
            if (mark.typing) showTyping();
        });
    }

    function showTyping() {
        $('typing').hidden = false;
        clearTimeout(state.typingTimer);
        state.typingTimer = setTimeout(hideTyping, TYPING_MS);
    }

    function hideTyping() {
        clearTimeout(state.typingTimer);
        $('typing').hidden = true;
    }

    /* ---------- what the citizen sends ---------- */

    function send(input, label, contextId) {
        var bubble = el('div', 'bubble me');
        bubble.appendChild(el('div', '', label));
        var meta = el('div', 'meta', time() + ' · enviando…');
        bubble.appendChild(meta);
        $('chat').appendChild(bubble);
        scrollDown();
        return postJson('/api/send', { phone: state.phone, name: state.name, input: input, contextId: contextId })
            .then(function (answer) {
                if (answer.webhookStatus === 200) {
                    state.mine[answer.wamid] = meta;
                    meta.textContent = time() + ' ✓';
                } else {
                    meta.textContent = time() + ' · la línea no lo recibió (HTTP ' + answer.webhookStatus + ')';
                    meta.classList.add('error');
                }
            })
            .catch(function (error) {
                meta.textContent = 'No se pudo enviar: ' + error.message;
                meta.classList.add('error');
            });
    }

    function postJson(path, body) {
        return fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
            function (response) {
                return response.json().then(function (json) {
                    if (!response.ok) throw new Error(json.error || 'HTTP ' + response.status);
                    return json;
                });
            }
        );
    }

    $('composer').addEventListener('submit', function (event) {
        event.preventDefault();
        var text = $('text').value.trim();
        if (!text) return;
        $('text').value = '';
        send({ kind: 'text', text: text }, text);
    });

    $('photo').addEventListener('change', function () {
        var file = $('photo').files[0];
        $('photo').value = '';
        if (!file) return;
        var caption = $('text').value.trim();
        $('text').value = '';
        var reader = new FileReader();
        reader.onload = function () {
            var data = String(reader.result);
            postJson('/api/media', { mimeType: file.type, dataBase64: data.slice(data.indexOf(',') + 1) })
                .then(function (media) {
                    var input = { kind: 'image', mediaId: media.mediaId, mimeType: media.mimeType, sha256: media.sha256 };
                    if (caption) input.caption = caption;
                    send(input, '📷 Foto' + (caption ? ': ' + caption : ''));
                })
                .catch(function (error) {
                    alert('No se pudo adjuntar la foto: ' + error.message);
                });
        };
        reader.readAsDataURL(file);
    });

    /* ---------- location ---------- */

    function openLocation(contextId) {
        state.locationContext = contextId;
        $('location').hidden = false;
    }

    $('attach-location').addEventListener('click', function () {
        openLocation(undefined);
    });
    $('location-close').addEventListener('click', function () {
        $('location').hidden = true;
    });

    PLACES.forEach(function (place) {
        var button = el('button', '', place.name);
        button.type = 'button';
        button.addEventListener('click', function () {
            shareLocation(place.latitude, place.longitude, place.name);
        });
        $('places').appendChild(button);
    });

    $('location-form').addEventListener('submit', function (event) {
        event.preventDefault();
        var latitude = Number($('lat').value.replace(',', '.'));
        var longitude = Number($('lng').value.replace(',', '.'));
        if (!isFinite(latitude) || !isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
            alert('Revise la latitud y la longitud.');
            return;
        }
        shareLocation(latitude, longitude, $('place-name').value.trim());
    });

    function shareLocation(latitude, longitude, name) {
        $('location').hidden = true;
        var input = { kind: 'location', latitude: latitude, longitude: longitude };
        if (name) input.name = name;
        send(input, '📍 ' + (name ? name + ' ' : '') + '(' + latitude + ', ' + longitude + ')', state.locationContext);
    }

    /* ---------- what the line sends ---------- */

    function renderBotMessage(message) {
        if (state.seen[message.wamid]) return;
        state.seen[message.wamid] = true;
        hideTyping();
        var body = message.body || {};
        var bubble = el('div', 'bubble bot');
        var type = body.type || 'text';
        var payload = body[type] || {};
        if (type === 'text') {
            bubble.appendChild(el('div', '', payload.body));
        } else if (type === 'interactive') {
            renderInteractive(bubble, payload, message.wamid);
        } else if (type === 'location') {
            bubble.appendChild(
                el('div', '', '📍 ' + (payload.name ? payload.name + ' ' : '') + '(' + payload.latitude + ', ' + payload.longitude + ')')
            );
            if (payload.address) bubble.appendChild(el('div', 'note', payload.address));
        } else if (type === 'template') {
            bubble.appendChild(el('div', 'note', 'Plantilla «' + payload.name + '»'));
            (payload.components || []).forEach(function (component) {
                (component.parameters || []).forEach(function (parameter) {
                    if (parameter.type === 'text') bubble.appendChild(el('div', '', parameter.text));
                });
            });
        } else if (type === 'image' || type === 'video' || type === 'audio' || type === 'document' || type === 'sticker') {
            var names = { image: '📷 Imagen', video: '🎬 Video', audio: '🎤 Audio', document: '📄 Documento', sticker: 'Sticker' };
            bubble.appendChild(el('div', 'note', names[type] + (payload.filename ? ': ' + payload.filename : '')));
            if (payload.caption) bubble.appendChild(el('div', '', payload.caption));
        } else {
            bubble.appendChild(el('div', 'note', 'Mensaje de tipo ' + type));
        }
        bubble.appendChild(el('div', 'meta', time(message.at)));
        $('chat').appendChild(bubble);
        scrollDown();
    }

    function renderInteractive(bubble, interactive, wamid) {
        if (interactive.header && interactive.header.text) bubble.appendChild(el('strong', '', interactive.header.text));
        bubble.appendChild(el('div', '', interactive.body && interactive.body.text));
        if (interactive.footer && interactive.footer.text) bubble.appendChild(el('div', 'note', interactive.footer.text));
        var choices = el('div', 'choices');
        var action = interactive.action || {};
        if (interactive.type === 'button') {
            (action.buttons || []).forEach(function (button) {
                var reply = button.reply || {};
                choices.appendChild(
                    choiceButton(reply.title, function () {
                        send({ kind: 'button_reply', id: reply.id, title: reply.title }, reply.title, wamid);
                    })
                );
            });
        } else if (interactive.type === 'list') {
            choices.appendChild(
                choiceButton('☰ ' + action.button, function () {
                    openList(action, wamid);
                })
            );
        } else if (interactive.type === 'location_request_message') {
            choices.appendChild(
                choiceButton('📍 Enviar ubicación', function () {
                    openLocation(wamid);
                })
            );
        }
        bubble.appendChild(choices);
    }

    function choiceButton(label, onClick) {
        var button = el('button', '', label);
        button.type = 'button';
        button.addEventListener('click', onClick);
        return button;
    }

    function openList(action, wamid) {
        $('sheet-title').textContent = action.button;
        var body = $('sheet-body');
        body.textContent = '';
        (action.sections || []).forEach(function (section) {
            if (section.title) body.appendChild(el('div', 'section-title', section.title));
            (section.rows || []).forEach(function (row) {
                var button = el('button', 'row', row.title);
                button.type = 'button';
                if (row.description) button.appendChild(el('small', '', row.description));
                button.addEventListener('click', function () {
                    $('sheet').hidden = true;
                    var input = { kind: 'list_reply', id: row.id, title: row.title };
                    if (row.description) input.description = row.description;
                    send(input, row.title, wamid);
                });
                body.appendChild(button);
            });
        });
        $('sheet').hidden = false;
    }

    $('sheet-close').addEventListener('click', function () {
        $('sheet').hidden = true;
    });
})();
