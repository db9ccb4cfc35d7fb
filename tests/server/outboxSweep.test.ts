import { expect } from 'chai';
import { conversationPartition } from '../../adapters/whatsapp/inbox';
import { outboxWrites } from '../../adapters/whatsapp/outboxEntry';
import { ConfigError, loadConfig } from '../../config';
import { LineHarness } from '../support/lineHarness';

describe('WHATSAPP_OUTBOX_SWEEP_SECONDS: how soon the outbox finds replies nobody announced', () => {
    it('sends a reply another instance left in the outbox at the next sweep, seconds later instead of 30', async () => {
        // 1 s, below what WHATSAPP_OUTBOX_SWEEP_SECONDS accepts: set on the configuration loadConfig() read.
        const line = await LineHarness.start({}, (config) => ({ ...config, whatsapp: { ...config.whatsapp, outboxSweepMs: 1000 } }));
        const phone = '5493834555002';
        try {
            // As an instance that committed a turn and died before sending: in storage, and no signal to this one.
            const writes = outboxWrites(
                phone,
                'turn-of-a-dead-instance',
                [{ message: { type: 'text', text: { body: 'Respuesta pendiente', preview_url: false } }, origin: 'bot' }],
                new Date().toISOString()
            );
            await line.app.store.putBatch('conversations', conversationPartition(phone), writes);
            await line.waitForText(phone, 'Respuesta pendiente', 10_000);
        } finally {
            await line.stop();
        }
    });
});

describe('config: WHATSAPP_OUTBOX_SWEEP_SECONDS', () => {
    it('is 30 seconds by default, in both WhatsApp modes', () => {
        expect(loadConfig({}).whatsapp.outboxSweepMs).to.equal(30_000);
        const meta = { WHATSAPP_ACCESS_TOKEN: 'EAAG', WHATSAPP_APP_SECRET: 's', WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_PHONE_NUMBER_ID: '1' };
        expect(loadConfig({ ...meta, WHATSAPP_OUTBOX_SWEEP_SECONDS: '5' }).whatsapp.outboxSweepMs).to.equal(5000);
        expect(loadConfig({ WHATSAPP_OUTBOX_SWEEP_SECONDS: '3600' }).whatsapp.outboxSweepMs).to.equal(3_600_000);
    });

    // Below 5 s each sweep signals every citizen with anything pending, past their retry waits, a lease write each.
    for (const bad of ['0', '1', '4', '-5', '1.5', '3601', 'treinta']) {
        it(`stops the start on WHATSAPP_OUTBOX_SWEEP_SECONDS="${bad}" with a message naming the variable and the range`, () => {
            expect(() => loadConfig({ WHATSAPP_OUTBOX_SWEEP_SECONDS: bad })).to.throw(
                ConfigError,
                `Configuration error: WHATSAPP_OUTBOX_SWEEP_SECONDS must be a whole number from 5 to 3600 (got "${bad}")`
            );
        });
    }
});
