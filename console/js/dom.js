// Tiny DOM helpers. Everything a citizen or an operator wrote goes in as text (textContent), never as
// markup: there is deliberately no helper here that parses HTML.

/**
 * Bidirectional formatting characters (embeddings, overrides, isolates, marks). A citizen's name or an alert's text
 * carrying U+202E would reverse the console's own labels around it; legitimate right-to-left text renders without
 * them, so every string shown is passed through this.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** A value as display text, without bidirectional controls. */
export function displayText(value) {
    return value === undefined || value === null ? '' : String(value).replace(BIDI_CONTROLS, '');
}

/**
 * Creates an element. `options.text` becomes its textContent; `options.className` its classes;
 * `options.attrs` plain attributes (never event handlers: names starting with "on" are refused).
 * `children` are nodes or strings (strings become text nodes).
 */
export function el(tag, options = {}, children = []) {
    const node = document.createElement(tag);
    if (options.className) node.className = options.className;
    if (options.text !== undefined && options.text !== null) node.textContent = displayText(options.text);
    for (const [name, value] of Object.entries(options.attrs || {})) {
        if (/^on/i.test(name)) throw new Error(`dom.el(): refusing the event-handler attribute ${name}`);
        if (value === false || value === undefined || value === null) continue;
        node.setAttribute(name, value === true ? '' : displayText(value));
    }
    for (const child of children) {
        if (child === null || child === undefined || child === false) continue;
        node.append(typeof child === 'string' ? document.createTextNode(displayText(child)) : child);
    }
    return node;
}

/** Removes every child of a node. */
export function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
}

/** Sets a node's text (as text). */
export function setText(node, value) {
    node.textContent = displayText(value);
}

/**
 * The element with this id (throws when the page has none). Typed as an input unless the caller says otherwise.
 * @template {HTMLElement} [T=HTMLInputElement]
 * @param {string} id
 * @returns {T}
 */
export function byId(id) {
    const node = document.getElementById(id);
    if (!node) throw new Error(`dom.byId(): no element #${id}`);
    return /** @type {T} */ (node);
}

export function show(node, visible) {
    node.hidden = !visible;
}

/** A link that opens outside the console without giving the other site a handle on it. */
export function externalLink(href, text, className) {
    return el('a', { text, className, attrs: { href, target: '_blank', rel: 'noopener noreferrer' } });
}
