import { expect } from 'chai';
import { signBody } from '../../adapters/whatsapp/webhookSignature';
import { LINE_SECRETS, LineHarness, textOf } from '../support/lineHarness';

/** What WhatsApp delivers that the bot cannot read still gets a polite answer, and the report goes on. */
describe('messages the bot cannot read, through WhatsApp', function () {
    this.timeout(30000);
    let line: LineHarness;
    let sequence = 0;

    beforeEach(async () => (line = await LineHarness.start()));
    afterEach(async () => line.stop());

    const PHONE = '5493834777000';

    /** Posts a signed webhook carrying one message of Meta's shape `message` (no `from`/`id`/`timestamp`). */
    async function deliver(message: Record<string, unknown>): Promise<number> {
        const body = {
            object: 'whatsapp_business_account',
            entry: [
                {
                    id: 'TEST-WABA',
                    changes: [
                        {
                            field: 'messages',
                            value: {
                                messaging_product: 'whatsapp',
                                metadata: { display_phone_number: '543834000000', phone_number_id: LINE_SECRETS.phoneNumberId },
                                contacts: [{ profile: { name: 'Rosa' }, wa_id: PHONE }],
                                messages: [
                                    {
                                        from: PHONE,
                                        id: `wamid.unsupported.${++sequence}`,
                                        timestamp: String(Math.floor(Date.now() / 1000)),
                                        ...message
                                    }
                                ]
                            }
                        }
                    ]
                }
            ]
        };
        const raw = Buffer.from(JSON.stringify(body));
        const response = await fetch(`${line.url}/api/whatsapp`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(raw, LINE_SECRETS.appSecret) },
            body: raw
        });
        return response.status;
    }

    const unreadable: [string, Record<string, unknown>][] = [
        ['an unsupported type (131051)', { type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] }],
        ['a shared contact', { type: 'contacts', contacts: [{ name: { formatted_name: 'Juan' }, phones: [{ phone: '+5493834000000' }] }] }],
        ['a sticker', { type: 'sticker', sticker: { id: '123456', mime_type: 'image/webp', sha256: 'abc', animated: false } }]
    ];

    for (const [what, message] of unreadable) {
        it(`answers ${what} in the middle of a report politely, then goes on with the report`, async () => {
            expect(await line.citizenSays(PHONE, 'Rosa', 'hola')).to.equal(200);
            await line.waitForMessages(PHONE, 2);
            const before = line.sentTo(PHONE).length;
            expect(await deliver(message)).to.equal(200);
            // The polite answer, then the question asked again.
            const answer = (await line.waitForMessages(PHONE, 2, before)).map(textOf);
            expect(answer[0], 'a short, polite answer in Spanish').to.match(/Gracias|Disculpe|no puedo|necesito/i);
            expect(answer[1]).to.include('¿Cuál es su nombre?');

            const next = line.sentTo(PHONE).length;
            expect(await line.citizenSays(PHONE, 'Rosa', 'Rosa Díaz')).to.equal(200);
            const after = (await line.waitForMessages(PHONE, 1, next)).map(textOf).join('\n');
            expect(after, JSON.stringify(line.sentTo(PHONE).map(textOf))).to.include('departamento');
        });
    }
});
