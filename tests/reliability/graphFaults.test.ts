import { expect } from 'chai';
import type { OutboxEntry } from '../../adapters/whatsapp/outboxEntry';
import { LineHarness } from '../support/lineHarness';
import { SCALE, SHORT_SCRIPT, waitUntil } from './reliabilitySupport';

const CITIZENS = 6 * SCALE;

describe('reliability: the Graph API fails 30% of sends and some hang', function () {
    this.timeout(90_000 * SCALE);
    let line: LineHarness;
    let releaseHung: NodeJS.Timeout | undefined;

    beforeEach(async () => (line = await LineHarness.start({ WHATSAPP_RATE_PER_SECOND: '500' })));
    afterEach(async () => {
        clearInterval(releaseHung);
        await line.stop();
    });

    /** Says every step of the script, each after the previous one was fully answered; returns what the citizen got. */
    async function converse(phone: string): Promise<string[]> {
        let expected = 0;
        for (const step of SHORT_SCRIPT) {
            expect(await line.citizenSays(phone, 'Ana', step.input)).to.equal(200);
            expected += step.replies;
            await waitUntil(`${expected} replies to ${phone}`, () => line.sentTo(phone).length >= expected, 60_000);
        }
        return line.sentTo(phone).map((m) => JSON.stringify(m.body));
    }

    it('every reply still reaches every citizen, once and in order', async () => {
        const reference = await converse('5493834900000');

        line.peer.injectFaults({ errorRate: 0.3, codes: [131000, 131016, 130429, 80007, 4], timeoutRate: 0.05 });
        // A hung request is cut by the peer after at most 1.5 s (the client's own 15 s timeout would make this test
        // minutes long); the line sees it as a network failure, which is retryable like a timeout.
        releaseHung = setInterval(() => line.peer.close(), 1500);

        const phones = Array.from({ length: CITIZENS }, (_, i) => `54938349${String(i + 1).padStart(5, '0')}`);
        const transcripts = await Promise.all(phones.map((phone) => converse(phone)));
        for (const [i, transcript] of transcripts.entries()) {
            expect(transcript, `${phones[i]} got the same replies, in the same order`).to.deep.equal(reference.map((body) => body.replace(/5493834900000/g, phones[i])));
        }

        const outbox = await line.app.store.query<OutboxEntry>('conversations', { where: [{ field: 'kind', op: '=', value: 'outbox' }] });
        expect(outbox.filter((d) => d.value.status !== 'sent').map((d) => d.value.error), 'nothing failed or left pending').to.deep.equal([]);
        expect(outbox.some((d) => d.value.attempts > 1), 'faults were really injected').to.equal(true);
    });
});
