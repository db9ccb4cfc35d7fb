// One modal question before an action that cannot be undone (sending, approving or cancelling an alert).

import { byId, clear, el, setText } from './dom.js';

/**
 * Asks and resolves true (confirmed) or false (Volver, Escape).
 * @param options {{ title, question, details?: Array<[string, string]>, confirmLabel, tone?: string, danger?: boolean }}
 *   tone: a CSS modifier of the dialog (a level colour); danger: a red confirm button (cancelling).
 */
export function confirmAction(options) {
    const dialog = byId('confirm-dialog');
    const form = byId('confirm-form');
    const cancel = byId('confirm-cancel');
    const ok = byId('confirm-ok');
    const details = byId('confirm-details');
    setText(byId('confirm-title'), options.title);
    setText(byId('confirm-question'), options.question);
    clear(details);
    for (const [label, value] of options.details || []) {
        details.append(el('div', { className: 'facts__row' }, [el('dt', { text: label }), el('dd', { text: value })]));
    }
    details.hidden = !(options.details && options.details.length);
    setText(ok, options.confirmLabel);
    dialog.className = `modal modal--confirm${options.tone ? ` modal--${options.tone}` : ''}`;
    ok.className = `button ${options.danger ? 'button--danger' : 'button--primary'}`;
    // The safe answer has the focus: Enter alone never sends an alert.
    return askInDialog({ dialog, form, cancel, focus: cancel, cancelled: false, submitted: () => ({ value: true }) });
}

/**
 * Shows a modal <dialog> and resolves with what its form gave, or `cancelled` (the cancel button, Escape).
 * `submitted()` answers `{ value }` to close with it, or nothing to keep the dialog open (e.g. a missing field).
 */
export function askInDialog({ dialog, form, cancel, focus, cancelled, submitted }) {
    return new Promise((resolve) => {
        const done = (value) => {
            form.removeEventListener('submit', onSubmit);
            cancel.removeEventListener('click', onCancel);
            dialog.removeEventListener('cancel', onCancel);
            if (dialog.open) dialog.close();
            resolve(value);
        };
        const onSubmit = (event) => {
            event.preventDefault();
            const answer = submitted();
            if (answer) done(answer.value);
        };
        const onCancel = (event) => {
            event.preventDefault();
            done(cancelled);
        };
        form.addEventListener('submit', onSubmit);
        cancel.addEventListener('click', onCancel);
        dialog.addEventListener('cancel', onCancel);
        dialog.showModal();
        focus.focus();
    });
}
