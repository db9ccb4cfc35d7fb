// "Transferir…": whom to hand the case to (available colleagues only) and a note they will read in the transcript.

import { byId, clear, el, setText } from './dom.js';
import { askInDialog } from './confirmDialog.js';

/**
 * Asks for the receiver and the note; resolves { to, note }, or undefined when cancelled or nobody can receive.
 * The list comes from /api/operator/team: supervisors get every account with its availability (only the available
 * are offered), operators get only the available ones. The current holder is never offered.
 */
export async function askTransfer(api, caseValue) {
    const dialog = byId('transfer-dialog');
    const select = byId('transfer-to');
    const note = byId('transfer-note');
    const message = byId('transfer-message');
    const none = byId('transfer-none');
    const confirm = byId('transfer-confirm');
    const { members } = await api.get('/api/operator/team');
    const targets = members.filter((m) => (m.availability === undefined || m.availability === 'available') && m.username !== caseValue.assignedTo);
    clear(select);
    for (const member of targets) {
        const name = member.displayName && member.displayName !== member.username ? `${member.displayName} (${member.username})` : member.username;
        select.append(el('option', { text: name, attrs: { value: member.username } }));
    }
    none.hidden = targets.length > 0;
    select.disabled = targets.length === 0;
    confirm.disabled = targets.length === 0;
    note.value = '';
    message.hidden = true;
    return askInDialog({
        dialog,
        form: byId('transfer-form'),
        cancel: byId('transfer-cancel'),
        focus: targets.length ? select : byId('transfer-cancel'),
        cancelled: undefined,
        submitted: () => {
            const text = note.value.trim();
            if (select.value && text) return { value: { to: select.value, note: text } };
            setText(
                message,
                select.value ? 'Escriba una nota: quien lo recibe la lee para saber en qué quedó.' : 'Elija a quién transferir el caso.'
            );
            message.hidden = false;
            (select.value ? note : select).focus();
            return undefined;
        }
    });
}
