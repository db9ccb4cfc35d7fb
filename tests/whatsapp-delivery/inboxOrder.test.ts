import { expect } from 'chai';
import { pendingInboxEntries, recordInbound } from '../../adapters/whatsapp/inbox';
import { parseWebhook } from '../../adapters/whatsapp/webhookParser';
import { sqliteStore, webhookBody } from './harness';

const ROSA = '5493834000051';

describe('WhatsApp delivery: the order of the inbox', () => {
    let db: ReturnType<typeof sqliteStore>;

    beforeEach(() => (db = sqliteStore('wa-inbox-order')));
    afterEach(async () => {
        await db.store.close();
        db.remove();
    });

    function messages(...specs: { id: string; text: string }[]) {
        return parseWebhook(Buffer.from(webhookBody([specs.map((spec) => ({ from: ROSA, ...spec }))]))).messages;
    }

    it('runs two POSTs received in the same millisecond in the order they were recorded, whatever their wamids', async () => {
        // A burst puts several POSTs of one citizen in one millisecond; the one recorded first may already be
        // running its turn when the second commits, so the second must not sort before it.
        const sameInstant = '2026-11-28T15:00:00.000Z';
        await recordInbound(db.store, messages({ id: 'wamid.ZZZ', text: 'primero' }), sameInstant);
        await recordInbound(db.store, messages({ id: 'wamid.AAA', text: 'segundo' }), sameInstant);
        const pending = await pendingInboxEntries(db.store, ROSA);
        expect(pending.map((doc) => (doc.value.message.raw.text as { body: string }).body)).to.deep.equal(['primero', 'segundo']);
    });

    it('keeps the order of the messages inside one POST, and time order between POSTs', async () => {
        await recordInbound(db.store, messages({ id: 'wamid.B2', text: 'tres' }), '2026-11-28T15:00:00.002Z');
        await recordInbound(db.store, messages({ id: 'wamid.Z', text: 'uno' }, { id: 'wamid.A', text: 'dos' }), '2026-11-28T15:00:00.001Z');
        const pending = await pendingInboxEntries(db.store, ROSA);
        expect(pending.map((doc) => (doc.value.message.raw.text as { body: string }).body)).to.deep.equal(['uno', 'dos', 'tres']);
    });
});
