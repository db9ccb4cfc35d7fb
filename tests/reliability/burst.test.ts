import { expect } from 'chai';
import type { InboxEntry } from '../../adapters/whatsapp/inbox';
import { ADMIN, LineHarness } from '../support/lineHarness';
import { operatorSession, waitUntil } from './reliabilitySupport';

const PHONE = '5493834555000';

describe('reliability: a burst of 50 messages from one citizen', function () {
    this.timeout(60_000);
    let line: LineHarness;

    beforeEach(async () => (line = await LineHarness.start()));
    afterEach(async () => line.stop());

    it('reaches the operator as 50 transcript lines, in the order the line acknowledged them, each once', async () => {
        expect(await line.citizenSays(PHONE, 'Rosa', 'quiero hablar con un operador')).to.equal(200);
        const operator = await operatorSession(line.url, ADMIN);
        let caseId = '';
        await waitUntil('a queued case', async () => {
            const { cases } = (await (await operator('/api/operator/cases?status=queued')).json()) as { cases: { id: string; citizenKey: string }[] };
            caseId = cases.find((c) => c.citizenKey === PHONE)?.id ?? '';
            return caseId !== '';
        });

        // Fired back to back, each as soon as the previous one is acknowledged: 50 turns queue up behind the first.
        const texts = Array.from({ length: 50 }, (_, i) => `mensaje ${i + 1} de 50`);
        for (const text of texts) expect(await line.citizenSays(PHONE, 'Rosa', text)).to.equal(200);

        let transcript: { author: string; text?: string }[] = [];
        await waitUntil('50 lines in the transcript', async () => {
            ({ transcript } = (await (await operator(`/api/operator/cases/${caseId}`)).json()) as {
                transcript: { author: string; text?: string }[];
            });
            return transcript.filter((entry) => entry.text?.startsWith('mensaje ')).length >= 50;
        });
        expect(transcript.filter((entry) => entry.text?.startsWith('mensaje ')).map((entry) => entry.text)).to.deep.equal(texts);

        const inbox = await line.app.store.query<InboxEntry>('conversations', {
            partitionKey: `whatsapp/${PHONE}`,
            where: [{ field: 'kind', op: '=', value: 'inbox' }]
        });
        expect(inbox.length).to.equal(51);
        expect(inbox.filter((d) => d.value.status !== 'done')).to.deep.equal([]);
        const { cases } = (await (await operator('/api/operator/cases?status=queued')).json()) as { cases: { citizenKey: string }[] };
        expect(cases.filter((c) => c.citizenKey === PHONE).length, 'still one queued case').to.equal(1);
    });

    it('records all 50 when they arrive at the same instant, and runs them in the order it recorded them', async () => {
        const texts = Array.from({ length: 50 }, (_, i) => `a la vez ${i + 1}`);
        const statuses = await Promise.all(texts.map((text) => line.citizenSays(PHONE, 'Rosa', text)));
        expect(statuses.every((status) => status === 200)).to.equal(true);
        await waitUntil('every message processed', async () => {
            const pending = await line.app.store.query<InboxEntry>('conversations', {
                partitionKey: `whatsapp/${PHONE}`,
                where: [
                    { field: 'kind', op: '=', value: 'inbox' },
                    { field: 'status', op: '=', value: 'pending' }
                ]
            });
            return pending.length === 0;
        });
        const inbox = await line.app.store.query<InboxEntry>('conversations', {
            partitionKey: `whatsapp/${PHONE}`,
            where: [{ field: 'kind', op: '=', value: 'inbox' }],
            orderBy: [{ field: 'seq', direction: 'asc' }]
        });
        expect(inbox.map((d) => (d.value.message.raw.text as { body?: string } | undefined)?.body).sort()).to.deep.equal([...texts].sort());
        const processed = inbox.map((d) => d.value.processedAt ?? '');
        expect(processed, 'processed in the order recorded').to.deep.equal([...processed].sort());
    });
});
