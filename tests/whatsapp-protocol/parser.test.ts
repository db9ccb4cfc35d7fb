import { expect } from 'chai';
import { MalformedWebhookError, parseWebhook } from '../../adapters/whatsapp/webhookParser';
import { BSUID, PHONE_NUMBER_ID, WA_ID, body, envelope, message, messageFixtures, value } from './fixtures';

describe('parseWebhook()', () => {
    it('reads every message type of the notes with identity, profile name and numeric timestamp', () => {
        const fixtures = Object.values(messageFixtures);
        const parsed = parseWebhook(body(envelope([value(fixtures)])));
        expect(parsed.rejected ?? []).to.deep.equal([]);
        expect(parsed.messages.map((m) => m.wamid)).to.deep.equal(fixtures.map((f) => f.id));
        for (const m of parsed.messages) {
            expect(m).to.include({
                citizenKey: WA_ID,
                waId: WA_ID,
                bsuid: BSUID,
                phoneNumberId: PHONE_NUMBER_ID,
                profileName: 'María',
                timestamp: 1764331200
            });
        }
        expect(parsed.messages.map((m) => m.type)).to.include.members([
            'text',
            'image',
            'location',
            'interactive',
            'button',
            'reaction',
            'unsupported',
            'request_welcome'
        ]);
        expect(parsed.messages[0].raw).to.deep.equal(messageFixtures.text);
    });

    it('keeps a location whose coordinates arrive as strings', () => {
        const parsed = parseWebhook(body(envelope([value([messageFixtures.locationStrings])])));
        expect(parsed.messages).to.have.length(1);
        expect(parsed.messages[0].type).to.equal('location');
    });

    it('keys a citizen who hides the number by the BSUID', () => {
        const bsuidOnly = message('text', { body: 'hola' }, { from: undefined });
        const parsed = parseWebhook(body(envelope([value([bsuidOnly], { contacts: [{ profile: { name: 'Anónimo' }, user_id: BSUID }] })])));
        expect(parsed.messages[0]).to.include({ citizenKey: BSUID, bsuid: BSUID, profileName: 'Anónimo' });
        expect(parsed.messages[0].waId).to.equal(undefined);
    });

    it('drops bidirectional controls from the profile name (they would reverse what is printed after it)', () => {
        const named = message('text', { body: 'hola' }, { from: undefined });
        const parsed = parseWebhook(
            body(envelope([value([named], { contacts: [{ profile: { name: 'Rosa \u202Eagima ruS\u202C\u2066x\u2069' }, user_id: BSUID }] })]))
        );
        expect(parsed.messages[0].profileName).to.equal('Rosa agima ruSx');
    });

    it('reads every message and status across 2 entries x 2 changes, with a thousand in one POST', () => {
        const values = [0, 1, 2, 3].map((change) =>
            value(
                Array.from({ length: 240 }, (_, i) => message('text', { body: `m${change}-${i}` }, { id: `wamid.${change}-${i}` })),
                {
                    statuses: Array.from({ length: 10 }, (_, i) => ({
                        id: `wamid.out-${change}-${i}`,
                        status: i % 2 ? 'delivered' : 'read',
                        timestamp: String(1764331300 + i),
                        recipient_id: WA_ID
                    }))
                }
            )
        );
        const parsed = parseWebhook(body(envelope(values, 2)));
        expect(parsed.messages).to.have.length(960);
        expect(parsed.statuses).to.have.length(40);
        expect(new Set(parsed.messages.map((m) => m.wamid)).size).to.equal(960);
        expect(parsed.messages.at(-1)!.wamid).to.equal('wamid.3-239');
        expect(parsed.statuses[0]).to.deep.equal({ wamid: 'wamid.out-0-0', status: 'read', timestamp: 1764331300, recipientId: WA_ID });
    });

    it('skips a malformed message, reports it, and keeps its neighbours', () => {
        const good1 = message('text', { body: 'uno' });
        const good2 = message('text', { body: 'dos' });
        const noId = { from: WA_ID, timestamp: '1764331200', type: 'text', text: { body: 'sin id' } };
        const badText = message('text', { nobody: true });
        const badLocation = message('location', { latitude: 'norte', longitude: -65 });
        const noSender = message('text', { body: 'x' }, { from: undefined, from_user_id: undefined });
        const parsed = parseWebhook(body(envelope([value([good1, noId, badText, badLocation, noSender, good2], { contacts: [] })])));
        expect(parsed.messages.map((m) => m.wamid)).to.deep.equal([good1.id, good2.id]);
        expect(parsed.rejected!.map((r) => r.id)).to.deep.equal([undefined, badText.id, badLocation.id, noSender.id]);
        expect(parsed.rejected!.every((r) => r.kind === 'message' && r.reason.length > 0)).to.equal(true);
    });

    it('reads failed statuses and system errors by code and details', () => {
        const parsed = parseWebhook(
            body(
                envelope([
                    value([], {
                        statuses: [
                            {
                                id: 'wamid.out',
                                status: 'failed',
                                timestamp: 1764331300,
                                recipient_id: WA_ID,
                                errors: [{ code: 131047, title: 'Re-engagement message', error_data: { details: 'More than 24 hours have passed' } }]
                            },
                            { id: 'wamid.bad', status: 'exploded', timestamp: '1' }
                        ],
                        errors: [{ code: 131000, title: 'Something went wrong', message: 'Something went wrong' }]
                    })
                ])
            )
        );
        expect(parsed.statuses).to.deep.equal([
            {
                wamid: 'wamid.out',
                status: 'failed',
                timestamp: 1764331300,
                recipientId: WA_ID,
                errors: [{ code: 131047, title: 'Re-engagement message', details: 'More than 24 hours have passed' }]
            }
        ]);
        expect(parsed.rejected!.map((r) => [r.kind, r.id])).to.deep.equal([['status', 'wamid.bad']]);
        expect(parsed.systemErrors).to.deep.equal([{ code: 131000, title: 'Something went wrong', message: 'Something went wrong' }]);
    });

    it('skips a status whose time is past what a date can hold (it would break the delivery state), keeping its neighbours', () => {
        const statuses = [
            { id: 'wamid.before', status: 'sent', timestamp: '1764331300', recipient_id: WA_ID },
            { id: 'wamid.far', status: 'read', timestamp: '99999999999999999999', recipient_id: WA_ID },
            { id: 'wamid.edge', status: 'read', timestamp: '8640000000001', recipient_id: WA_ID },
            { id: 'wamid.last', status: 'delivered', timestamp: '8640000000000', recipient_id: WA_ID }
        ];
        const parsed = parseWebhook(body(envelope([value([], { statuses })])));
        expect(parsed.statuses.map((s) => s.wamid)).to.deep.equal(['wamid.before', 'wamid.last']);
        expect(parsed.rejected!.map((r) => [r.kind, r.id])).to.deep.equal([
            ['status', 'wamid.far'],
            ['status', 'wamid.edge']
        ]);
        for (const status of parsed.statuses) expect(() => new Date(status.timestamp * 1000).toISOString()).not.to.throw();
    });

    it('ignores changes of other fields and tolerates unknown fields', () => {
        const json = envelope([value([message('text', { body: 'hola' }, { brand_new_field: { x: 1 } })], { surprise: true })]);
        (json.entry as Array<{ changes: unknown[] }>)[0].changes.push({ field: 'account_update', value: { event: 'VERIFIED' } });
        const parsed = parseWebhook(body(json));
        expect(parsed.messages).to.have.length(1);
        expect(parsed.rejected).to.deep.equal([]);
    });

    it('throws MalformedWebhookError for non-JSON and for a body that is not a webhook', () => {
        for (const raw of ['not json', '{"entry":', '[]', '"text"', '{"object":"whatsapp_business_account"}', '{"entry":{}}']) {
            expect(() => parseWebhook(Buffer.from(raw)), raw).to.throw(MalformedWebhookError, /parseWebhook\(\)/);
        }
    });
});
