import { expect } from 'chai';
import { Activity } from 'botbuilder';
import { TurnContext } from 'botbuilder-core';
import { InboxEntry } from '../../adapters/whatsapp/inbox';
import { LineHarness } from '../support/lineHarness';
import { SUPERVISOR, apiCall, apiToken, waitForCaseOf } from '../console/consoleBrowser';
import { PHONE_NUMBER_ID, deliveryLine, post, waitFor } from '../whatsapp-delivery/harness';

/** A lone half of a surrogate pair: what cutting an emoji in two leaves. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** What ends a text that was cut, for the operator to see (written out here: it is what the operator reads). */
const cutMark = (max: number): string => ` […] (recortado: WhatsApp admite hasta ${max} caracteres)`;
const TEXT_MARK = cutMark(4096);
const CAPTION_MARK = cutMark(1024);

/** One signed webhook carrying one message from each `[from, name, message]`. */
function webhook(messages: [string, string, Record<string, unknown>][]): string {
    return JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
            {
                id: 'WABA',
                changes: [
                    {
                        field: 'messages',
                        value: {
                            messaging_product: 'whatsapp',
                            metadata: { display_phone_number: '543834090909', phone_number_id: PHONE_NUMBER_ID },
                            contacts: messages.map(([from, name]) => ({ profile: { name }, wa_id: from })),
                            messages: messages.map(([from, , message]) => ({ from, timestamp: '1764331200', ...message }))
                        }
                    }
                ]
            }
        ]
    });
}

describe("WhatsApp webhook: what a citizen writes is kept within WhatsApp's limits, on real HTTP", function () {
    this.timeout(60_000);

    describe('in the inbox and in what the bot reads', () => {
        let line: Awaited<ReturnType<typeof deliveryLine>>;
        const activities: Partial<Activity>[] = [];

        beforeEach(async () => {
            activities.length = 0;
            line = await deliveryLine({ prefix: 'wa-limits' });
            await line.adapter.start(async (context: TurnContext) => {
                activities.push(context.activity);
                await context.sendActivity('recibido');
            });
        });
        afterEach(async () => line.close());

        async function inboxMessage(wamid: string): Promise<Record<string, any>> {
            const docs = await line.store.query<InboxEntry>('conversations', { where: [{ field: 'kind', op: '=', value: 'inbox' }] });
            const entry = docs.find((d) => d.value.message.wamid === wamid);
            expect(entry, `${wamid} is in the inbox`).not.to.equal(undefined);
            return entry!.value.message;
        }
        const activityOf = (wamid: string): Partial<Activity> => activities.find((a) => a.id === wamid)!;

        it('cuts a 2.5 MB text, an emoji flood, captions, titles, a place and a name to their caps, marked; leaves what fits alone', async () => {
            const huge = `Se inunda la casa, calle Sarmiento 300. ${'x'.repeat(2_500_000)}`;
            const emoji = '🚨'.repeat(5000);
            const exact = 'y'.repeat(4096);
            const body = webhook([
                ['5493834000201', `Rosa ${'z'.repeat(5000)}`, { id: 'wamid.huge', type: 'text', text: { body: huge } }],
                ['5493834000202', 'Ana', { id: 'wamid.emoji', type: 'text', text: { body: emoji } }],
                ['5493834000203', 'Luis', { id: 'wamid.exact', type: 'text', text: { body: exact } }],
                [
                    '5493834000204',
                    'Juan',
                    {
                        id: 'wamid.caption',
                        type: 'image',
                        image: { id: 'MEDIA-1', mime_type: 'image/jpeg', sha256: 'abc', caption: 'c'.repeat(3000) }
                    }
                ],
                [
                    '5493834000205',
                    'Eva',
                    {
                        id: 'wamid.place',
                        type: 'location',
                        location: { latitude: -28.47, longitude: -65.78, name: 'n'.repeat(1000), address: 'a'.repeat(1000) }
                    }
                ],
                [
                    '5493834000206',
                    'Noé',
                    {
                        id: 'wamid.button',
                        type: 'interactive',
                        interactive: { type: 'button_reply', button_reply: { id: 'si', title: 't'.repeat(500) } }
                    }
                ],
                [
                    '5493834000207',
                    'Sol',
                    {
                        id: 'wamid.row',
                        type: 'interactive',
                        interactive: { type: 'list_reply', list_reply: { id: 'capital', title: 'r'.repeat(500), description: 'd'.repeat(500) } }
                    }
                ],
                ['5493834000208', 'Gil', { id: 'wamid.template', type: 'button', button: { text: 'b'.repeat(500), payload: 'p'.repeat(5000) } }],
                [
                    '5493834000209',
                    'Paz',
                    {
                        id: 'wamid.document',
                        type: 'document',
                        document: {
                            id: 'MEDIA-2',
                            mime_type: 'application/pdf',
                            sha256: 'abc',
                            filename: `${'f'.repeat(1000)}.pdf`,
                            caption: 'k'.repeat(2000)
                        }
                    }
                ]
            ]);
            expect(Buffer.byteLength(body))
                .to.be.above(2_500_000)
                .and.below(3 * 1024 * 1024);
            const answer = await post(line.server.url, body);
            expect(answer.status, answer.body).to.equal(200);
            expect(JSON.parse(answer.body)).to.include({ received: 9 });

            // Stored: the text is at most 4096 characters, its start kept, its end saying it was cut.
            const stored = await inboxMessage('wamid.huge');
            expect(stored.raw.text.body.length).to.be.at.most(4096);
            expect(stored.raw.text.body.startsWith('Se inunda la casa, calle Sarmiento 300. xxxx')).to.equal(true);
            expect(stored.raw.text.body.endsWith(TEXT_MARK)).to.equal(true);
            expect(stored.raw.truncated).to.deep.equal(['text.body']);
            expect(stored.profileName.length).to.be.at.most(256);
            expect(JSON.stringify(stored).length, 'the whole inbox entry stays small').to.be.below(20_000);

            // Characters, not bytes, and never half an emoji.
            const flood = (await inboxMessage('wamid.emoji')).raw.text.body as string;
            expect(flood.length)
                .to.be.at.most(4096)
                .and.above(4096 - TEXT_MARK.length - 2);
            expect(flood).not.to.match(LONE_SURROGATE);
            expect(flood.endsWith(TEXT_MARK)).to.equal(true);

            // Exactly at the cap: kept as sent, not marked.
            const fits = await inboxMessage('wamid.exact');
            expect(fits.raw.text.body).to.equal(exact);
            expect(fits.raw).not.to.have.property('truncated');

            const caption = (await inboxMessage('wamid.caption')).raw;
            expect(caption.image.caption.length).to.be.at.most(1024);
            expect(caption.image.caption.endsWith(CAPTION_MARK)).to.equal(true);
            expect(caption.image).to.include({ id: 'MEDIA-1', mime_type: 'image/jpeg', sha256: 'abc' });
            expect(caption.truncated).to.deep.equal(['image.caption']);

            const place = (await inboxMessage('wamid.place')).raw;
            expect(place.location.name.length).to.be.at.most(200);
            expect(place.location.address.length).to.be.at.most(300);
            expect(place.location).to.include({ latitude: -28.47, longitude: -65.78 });

            expect((await inboxMessage('wamid.button')).raw.interactive.button_reply).to.deep.equal({ id: 'si', title: `${'t'.repeat(19)}…` });
            const row = (await inboxMessage('wamid.row')).raw.interactive.list_reply;
            expect([row.id, row.title.length, row.description.length]).to.deep.equal(['capital', 24, 72]);
            const template = (await inboxMessage('wamid.template')).raw.button;
            expect([template.text.length, template.payload.length]).to.deep.equal([25, 256]);
            const document = (await inboxMessage('wamid.document')).raw.document;
            expect([document.filename.length, document.caption.length]).to.deep.equal([255, 1024]);

            // What the bot (and through it the case transcript) reads is the same, cut text.
            await waitFor('every message reached the bot', () => activities.length >= 9, 20_000);
            const read = activityOf('wamid.huge');
            expect(read.text!.length).to.be.at.most(4096);
            expect(read.text!.endsWith(TEXT_MARK)).to.equal(true);
            expect(read.from!.name.length).to.be.at.most(256);
            expect(activityOf('wamid.emoji').text).to.equal(flood);
            expect(activityOf('wamid.exact').text).to.equal(exact);
            expect(activityOf('wamid.caption').text!.length).to.be.at.most(1024);
            expect((activityOf('wamid.place').attachments![0].content as { name: string }).name.length).to.be.at.most(200);
            expect((activityOf('wamid.button').value as { title: string }).title.length).to.be.at.most(20);
            expect(activityOf('wamid.template').text!.length).to.be.at.most(256);
            expect(activityOf('wamid.document').attachments![0].name!.length).to.be.at.most(255);
        });
    });

    describe('in the case an operator reads', () => {
        let line: LineHarness;
        const PHONE = '5493834000299';

        beforeEach(async () => (line = await LineHarness.start()));
        afterEach(async () => line.stop());

        it("shows a 2.5 MB message in the case transcript and the consoles' live view cut to 4096 characters, marked as cut", async () => {
            expect(await line.citizenSays(PHONE, 'Rosa', 'Quiero hablar con un operador')).to.equal(200);
            const caseId = await waitForCaseOf(line, PHONE);
            const token = await apiToken(line, SUPERVISOR);

            // The consoles' live view, as every open console receives it.
            const controller = new AbortController();
            const stream = await fetch(`${line.url}/api/operator/events`, {
                headers: { authorization: `Bearer ${token}` },
                signal: controller.signal
            });
            expect(stream.status).to.equal(200);
            const reader = stream.body!.getReader();
            const huge = `El agua ya entró a la casa. ${'x'.repeat(2_500_000)}`;
            expect(await line.citizenSays(PHONE, 'Rosa', huge)).to.equal(200);

            type PushedMessage = { caseId: string; message: { author: string; text?: string } };
            let buffered = '';
            let pushed: PushedMessage | undefined;
            let biggestEvent = 0;
            while (!pushed) {
                const { value, done } = await reader.read();
                if (done) break;
                buffered += Buffer.from(value).toString('utf8');
                const blocks = buffered.split('\n\n');
                buffered = blocks.pop()!;
                for (const block of blocks) {
                    biggestEvent = Math.max(biggestEvent, block.length);
                    const data = /^event: message\ndata: (.*)$/m.exec(block)?.[1];
                    if (!data) continue;
                    const event = JSON.parse(data) as PushedMessage;
                    if (event.caseId === caseId && event.message.author === 'citizen' && event.message.text?.startsWith('El agua')) pushed = event;
                }
                if (buffered.length > 100_000) biggestEvent = Math.max(biggestEvent, buffered.length);
            }
            controller.abort();
            expect(pushed, "the citizen's message reached the live view").not.to.equal(undefined);
            expect(biggestEvent, 'no event pushed to the consoles carries the whole text').to.be.below(20_000);
            expect(pushed!.message.text!.length).to.be.at.most(4096);
            expect(pushed!.message.text!.endsWith(TEXT_MARK)).to.equal(true);

            const { json } = await apiCall(line, token, 'GET', `/api/operator/cases/${caseId}`);
            const lines = json.transcript as { author: string; text?: string }[];
            const cut = lines.find((l) => l.author === 'citizen' && l.text?.startsWith('El agua'));
            expect(cut, JSON.stringify(lines.map((l) => l.text?.slice(0, 40)))).not.to.equal(undefined);
            expect(cut!.text!.length).to.be.at.most(4096);
            expect(cut!.text!.startsWith('El agua ya entró a la casa. xxx')).to.equal(true);
            expect(cut!.text!.endsWith(TEXT_MARK), 'the operator sees that it was cut').to.equal(true);
        });
    });
});
