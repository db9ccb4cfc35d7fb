import { expect } from 'chai';
import { applyStatusUpdate, type DeliveryStateDoc } from '../../adapters/whatsapp/deliveryStates';
import { sqliteStore } from './harness';

/**
 * Meta does not promise the order of a message's statuses: a 'delivered' may reach the webhook after its 'read'. The
 * message stays at the furthest state, and the late state's time is kept, not lost.
 */
describe('WhatsApp delivery: statuses that arrive out of order', () => {
    it("keeps a late 'delivered' time after 'read', leaves the message read, and tells no hook of a change", async () => {
        const db = sqliteStore('status-order');
        try {
            const status = (s: 'sent' | 'delivered' | 'read', timestamp: number) =>
                applyStatusUpdate(db.store, { wamid: 'wamid.order1', status: s, timestamp });
            await status('sent', 200);
            expect((await status('read', 202)).changed).to.equal(true);
            const late = await status('delivered', 201);
            expect(late.changed, 'the message did not move: no status hook runs').to.equal(false);
            const doc = await db.store.get<DeliveryStateDoc>('messages', 'wamid.order1', 'wamid.order1');
            expect(doc?.value.status).to.equal('read');
            expect(Object.keys(doc!.value.at).sort()).to.deep.equal(['delivered', 'read', 'sent']);
            expect(doc!.value.at.delivered).to.equal(new Date(201_000).toISOString());
            // the same status again changes nothing
            expect((await status('delivered', 205)).changed).to.equal(false);
            const again = await db.store.get<DeliveryStateDoc>('messages', 'wamid.order1', 'wamid.order1');
            expect(again!.value.at.delivered).to.equal(new Date(201_000).toISOString());
        } finally {
            await db.store.close();
            db.remove();
        }
    });
});
