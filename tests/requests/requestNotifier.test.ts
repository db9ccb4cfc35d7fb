import { expect } from 'chai';
import { conversationPartition, OutboxEntry } from '../../adapters/whatsapp';
import { recordInbound } from '../../adapters/whatsapp/inbox';
import type { InboundMessage } from '../../adapters/whatsapp/types';
import { inboxLastCitizenMessageAt } from '../../requests/citizenWindow';
import { RequestNotifier } from '../../requests/requestNotifier';
import { sqliteFactory, StoreFixture } from '../storage/storageTestSupport';
import { HandClock, newRequest, serviceOn, TEMPLATE } from './support/requestFixtures';

const CITIZEN = '5493834222222';

function inbound(wamid: string, sentAt: Date): InboundMessage {
    return {
        citizenKey: CITIZEN,
        waId: CITIZEN,
        wamid,
        phoneNumberId: 'PNID',
        timestamp: Math.floor(sentAt.getTime() / 1000),
        type: 'text',
        raw: { from: CITIZEN, id: wamid, type: 'text', text: { body: 'hola' } }
    };
}

describe('requests: telling the citizen, free text or template', function () {
    let fixture: StoreFixture;
    let clock: HandClock;
    beforeEach(async function () {
        fixture = await sqliteFactory()();
        clock = new HandClock();
    });
    afterEach(async function () {
        await fixture.dispose();
    });

    async function outboxOf(citizenKey: string): Promise<OutboxEntry[]> {
        const docs = await fixture.store.query<OutboxEntry>('conversations', {
            partitionKey: conversationPartition(citizenKey),
            where: [{ field: 'kind', op: '=', value: 'outbox' }],
            orderBy: [{ field: 'seq', direction: 'asc' }]
        });
        return docs.map((d) => d.value);
    }

    it("23 h after the citizen's last message: free text; 25 h after: the approved template with number, state and note", async function () {
        // The citizen's last message, as the WhatsApp inbox recorded it.
        const lastMessage = clock.now();
        await recordInbound(fixture.store, [inbound('wamid.last', lastMessage)], lastMessage.toISOString());
        const { service } = serviceOn(fixture.store, clock, inboxLastCitizenMessageAt(fixture.store));
        const made = await service.create(newRequest(CITIZEN));

        clock.advanceHours(23);
        const first = await service.changeState(made.id, { state: 'en_evaluacion', by: 'jefa', note: 'La cuadrilla evalúa el martes' });
        clock.advanceHours(2);
        const second = await service.changeState(made.id, { state: 'programada', by: 'jefa' });

        const [text, template] = await outboxOf(CITIZEN);
        expect(text.message).to.deep.equal({
            type: 'text',
            text: { body: `Su solicitud ${made.id} pasó a: En evaluación. Nota: La cuadrilla evalúa el martes`, preview_url: false }
        });
        expect(template.message).to.deep.equal({
            type: 'template',
            template: {
                name: 'actualizacion_solicitud',
                language: { code: 'es_AR' },
                components: [
                    {
                        type: 'body',
                        parameters: [
                            { type: 'text', text: made.id },
                            { type: 'text', text: 'Programada' },
                            { type: 'text', text: 'Sin observaciones' }
                        ]
                    }
                ]
            }
        });
        expect(first.history[1].notice).to.include({
            mode: 'text',
            lastCitizenMessageAt: new Date(Math.floor(lastMessage.getTime() / 1000) * 1000).toISOString()
        });
        expect(second.history[2].notice?.mode).to.equal('template');
        // The outbox sends a citizen's messages in seq order: the second notice after the first.
        expect(text.seq < template.seq).to.equal(true);
    });

    it('a message of the citizen in between opens the window again', async function () {
        const notifier = new RequestNotifier(TEMPLATE, inboxLastCitizenMessageAt(fixture.store));
        const start = clock.now();
        await recordInbound(fixture.store, [inbound('wamid.a', start)], start.toISOString());
        clock.advanceHours(30);
        await recordInbound(fixture.store, [inbound('wamid.b', clock.now())], clock.now().toISOString());
        clock.advanceHours(1);
        const request = {
            ...(await serviceOn(fixture.store, clock, async () => undefined).service.create(newRequest(CITIZEN))),
            state: 'resuelta' as const
        };
        expect((await notifier.plan(request, undefined, clock.now())).record.mode).to.equal('text');
    });

    it('decides at the edges with an injected last-message time, and says so when it cannot send', async function () {
        const now = clock.now();
        const at = (hoursAgo: number): Date => new Date(now.getTime() - hoursAgo * 3_600_000);
        const request = {
            ...(await serviceOn(fixture.store, clock, async () => undefined).service.create(newRequest(CITIZEN))),
            state: 'rechazada' as const
        };
        const plan = (last: Date | undefined, settings = TEMPLATE) =>
            new RequestNotifier(settings, async () => last).plan(request, 'Fuera de la jurisdicción', now);
        expect((await plan(at(23))).record.mode).to.equal('text');
        expect((await plan(at(24))).record.mode).to.equal('text');
        expect((await plan(at(25))).record.mode).to.equal('template');
        expect((await plan(undefined)).record.mode).to.equal('template', 'nothing known of the citizen: the window counts as closed');
        const none = await plan(at(25), { templateName: '', templateLanguage: 'es_AR' });
        expect(none.record).to.include({ mode: 'none', reason: 'no_template' });
        expect(none.outboxWrite).to.equal(undefined);
        const web = await new RequestNotifier(TEMPLATE, async () => at(1)).plan({ ...request, channelId: 'webchat' }, undefined, now);
        expect(web.record).to.deep.equal({ mode: 'none', reason: 'not_whatsapp' });
        expect(web.text).to.equal(`Su solicitud ${request.id} pasó a: Rechazada.`);
    });
});
