import { expect } from 'chai';
import { Activity, CardAction } from 'botbuilder';
import {
    CLOUD_LIMITS,
    OutboundLimitError,
    expandMorePage,
    parseMorePageId,
    splitText,
    toCloudMessages
} from '../../adapters/whatsapp/outboundMapping';
import { whatsAppTexts } from '../../adapters/whatsapp/texts';

function withChoices(text: string, titles: string[]): Partial<Activity> {
    return {
        type: 'message',
        text,
        suggestedActions: { to: [], actions: titles.map((title) => ({ type: 'imBack', title, value: title })) }
    };
}

interface Row {
    id: string;
    title: string;
    description?: string;
}
function rowsOf(message: Record<string, unknown>): Row[] {
    const interactive = message.interactive as { type: string; action: { sections: Array<{ rows: Row[] }> } };
    expect(interactive.type).to.equal('list');
    return interactive.action.sections.flatMap((s) => s.rows);
}

function expectLimit(build: () => unknown, limit: string): void {
    try {
        build();
    } catch (err) {
        expect(err).to.be.instanceOf(OutboundLimitError);
        expect((err as OutboundLimitError).limit).to.equal(limit);
        expect((err as Error).message).to.contain(limit);
        return;
    }
    expect.fail(`expected an OutboundLimitError naming ${limit}`);
}

describe('toCloudMessages()', () => {
    it('sends plain text without link previews', () => {
        expect(toCloudMessages({ type: 'message', text: 'Hola' })).to.deep.equal([{ type: 'text', text: { body: 'Hola', preview_url: false } }]);
    });

    it('sends nothing for typing and other non-message activities', () => {
        expect(toCloudMessages({ type: 'typing' })).to.deep.equal([]);
        expect(toCloudMessages({ type: 'event', name: 'x' })).to.deep.equal([]);
    });

    it('splits text above 4096 characters at line or word boundaries without losing words', () => {
        const paragraph = 'La crecida del río afecta a los barrios bajos. '.repeat(40).trim();
        const text = Array.from({ length: 5 }, () => paragraph).join('\n');
        const messages = toCloudMessages({ type: 'message', text });
        expect(messages.length).to.be.greaterThan(1);
        const bodies = messages.map((m) => (m.text as { body: string }).body);
        for (const b of bodies) expect(b.length).to.be.at.most(4096);
        expect(bodies.join(' ').split(/\s+/)).to.deep.equal(text.split(/\s+/));
        expect(bodies[0].endsWith('bajos.')).to.equal(true);
        const unbroken = 'x'.repeat(9000);
        expect(splitText(unbroken, 4096).map((p) => p.length)).to.deep.equal([4096, 4096, 808]);
    });

    it('offers up to 3 short choices as reply buttons whose ids round-trip as the reply text', () => {
        const [message] = toCloudMessages(withChoices('¿Está en peligro ahora?', ['Sí', 'No', 'No sé']));
        expect(message).to.deep.equal({
            type: 'interactive',
            interactive: {
                type: 'button',
                body: { text: '¿Está en peligro ahora?' },
                action: {
                    buttons: [
                        { type: 'reply', reply: { id: 'Sí', title: 'Sí' } },
                        { type: 'reply', reply: { id: 'No', title: 'No' } },
                        { type: 'reply', reply: { id: 'No sé', title: 'No sé' } }
                    ]
                }
            }
        });
    });

    it('uses a list, not truncated buttons, when a title exceeds 20 characters or there are 4+ choices', () => {
        const long = toCloudMessages(withChoices('Tipo de emergencia', ['Incendio', 'Inundación o anegamiento']));
        expect(rowsOf(long[0]).map((r) => r.title)).to.deep.equal(['Incendio', 'Inundación o anegamiento']);
        const four = toCloudMessages(withChoices('Elija', ['a', 'b', 'c', 'd']));
        const interactive = four[0].interactive as { action: { button: string; sections: Array<{ title: string }> } };
        expect(interactive.action.button).to.equal(whatsAppTexts.listButton);
        expect(interactive.action.sections[0].title.length).to.be.at.most(CLOUD_LIMITS.sectionTitle);
        expect(rowsOf(four[0])).to.have.length(4);
        // WhatsApp refuses two buttons with the same title: same titles, different values go to a list.
        const twins = {
            type: 'message',
            text: 'x',
            suggestedActions: {
                to: [],
                actions: [
                    { type: 'imBack', title: 'Sí', value: 'si-1' },
                    { type: 'imBack', title: 'Sí', value: 'si-2' }
                ]
            }
        };
        expect(rowsOf(toCloudMessages(twins)[0]).map((r) => r.id)).to.deep.equal(['si-1', 'si-2']);
    });

    it('reads hero card buttons as choices and the card text as body', () => {
        const [message] = toCloudMessages({
            type: 'message',
            attachments: [
                {
                    contentType: 'application/vnd.microsoft.card.hero',
                    content: { text: '¿Confirma el reporte?', buttons: [{ type: 'imBack', title: 'Confirmar', value: 'confirmar' }] }
                }
            ]
        });
        expect((message.interactive as { body: { text: string } }).body.text).to.equal('¿Confirma el reporte?');
        expect((message.interactive as { type: string }).type).to.equal('button');
    });

    it('pages more than 10 choices: 9 rows and a "Ver más" row that expands to the next page', () => {
        const departments = Array.from({ length: 23 }, (_, i) => `Departamento ${i + 1}`);
        const activity = withChoices('¿En qué departamento está?', departments);
        const [first] = toCloudMessages(activity);
        const rows = rowsOf(first);
        expect(rows).to.have.length(10);
        expect(rows.slice(0, 9).map((r) => r.id)).to.deep.equal(departments.slice(0, 9));
        expect(rows[9].title).to.equal(whatsAppTexts.moreOptionsRow);
        expect(parseMorePageId(rows[9].id)!.page).to.equal(1);
        expect(new Set(rows.map((r) => r.id)).size).to.equal(10);

        const [second] = expandMorePage(rows[9].id, activity)!;
        const rows2 = rowsOf(second);
        expect(rows2.slice(0, 9).map((r) => r.id)).to.deep.equal(departments.slice(9, 18));
        const [third] = expandMorePage(rows2[9].id, activity)!;
        expect(rowsOf(third).map((r) => r.id)).to.deep.equal(departments.slice(18));

        expect(expandMorePage('Departamento 1', activity)).to.equal(undefined);
        expect(expandMorePage(rows[9].id, withChoices('otra', [...departments.slice(1), 'X']))).to.equal(undefined);
    });

    it('shows exactly 10 choices on one page, with no "Ver más"', () => {
        const rows = rowsOf(
            toCloudMessages(
                withChoices(
                    'Elija',
                    Array.from({ length: 10 }, (_, i) => `Opción ${i}`)
                )
            )[0]
        );
        expect(rows.map((r) => r.title)).to.not.include(whatsAppTexts.moreOptionsRow);
        expect(rows).to.have.length(10);
    });

    it('keeps interactive bodies within 1024 (buttons) and 4096 (lists) by sending the rest as text first', () => {
        const longQuestion = 'Lea con atención las indicaciones. '.repeat(60).trim() + ' ¿Entendió?';
        const messages = toCloudMessages(withChoices(longQuestion, ['Sí', 'No']));
        const last = messages.at(-1)!;
        expect((last.interactive as { type: string }).type).to.equal('button');
        expect((last.interactive as { body: { text: string } }).body.text.length).to.be.at.most(1024);
        expect((last.interactive as { body: { text: string } }).body.text.endsWith('¿Entendió?')).to.equal(true);
        expect(messages.slice(0, -1).every((m) => m.type === 'text')).to.equal(true);
    });

    it('throws OutboundLimitError naming the limit for what WhatsApp cannot carry', () => {
        expectLimit(() => toCloudMessages(withChoices('x', ['Una opción con un título larguísimo'])), 'rowTitle');
        expectLimit(() => toCloudMessages(withChoices('x', ['Sí', 'Sí'])), 'uniqueIds');
        const longId = {
            type: 'message',
            text: 'x',
            suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'a', value: 'v'.repeat(300) } as CardAction] }
        };
        expectLimit(() => toCloudMessages(longId), 'rowId');
        const description = {
            type: 'message',
            text: 'x',
            suggestedActions: {
                to: [],
                actions: [{ type: 'imBack', title: 'a', value: 'a', channelData: { description: 'd'.repeat(73) } } as CardAction]
            }
        };
        expectLimit(() => toCloudMessages(description), 'rowDescription');
        expectLimit(
            () =>
                toCloudMessages({ type: 'message', suggestedActions: { to: [], actions: [{ type: 'openUrl', title: 'web', value: 'https://x' }] } }),
            'cardAction'
        );
        expectLimit(
            () => toCloudMessages({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: {} }] }),
            'attachment'
        );
        expectLimit(
            () => toCloudMessages({ type: 'message', attachments: [{ contentType: 'image/gif', contentUrl: 'https://x/a.gif' }] }),
            'attachment'
        );
        expectLimit(
            () => toCloudMessages({ type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'data:image/png;base64,AAAA' }] }),
            'attachment'
        );
        expectLimit(() => toCloudMessages({ type: 'message', channelData: { whatsapp: { template: { language: 'es_AR' } } } }), 'template');
        expectLimit(() => toCloudMessages({ ...withChoices('x', ['a']), channelData: { whatsapp: { locationRequest: true } } }), 'combination');
    });

    it('asks for a location with a location_request_message', () => {
        const messages = toCloudMessages({ type: 'message', text: '¿Dónde está?', channelData: { whatsapp: { locationRequest: true } } });
        expect(messages).to.deep.equal([
            {
                type: 'interactive',
                interactive: { type: 'location_request_message', body: { text: '¿Dónde está?' }, action: { name: 'send_location' } }
            }
        ]);
    });

    it('sends images by media id or link, captioned with the text when it fits', () => {
        expect(
            toCloudMessages({
                type: 'message',
                text: 'Mapa de evacuación',
                attachments: [{ contentType: 'image/png', contentUrl: 'whatsapp-media:123' }]
            })
        ).to.deep.equal([{ type: 'image', image: { id: '123', caption: 'Mapa de evacuación' } }]);
        expect(
            toCloudMessages({ type: 'message', attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://example.org/a.jpg' }] })
        ).to.deep.equal([{ type: 'image', image: { link: 'https://example.org/a.jpg' } }]);
    });

    it('sends a template from channelData.whatsapp.template', () => {
        const components = [{ type: 'body', parameters: [{ type: 'text', text: 'Alerta naranja' }] }];
        expect(
            toCloudMessages({
                type: 'message',
                text: 'ignored',
                channelData: { whatsapp: { template: { name: 'alerta_meteo', language: 'es_AR', components } } }
            })
        ).to.deep.equal([{ type: 'template', template: { name: 'alerta_meteo', language: { code: 'es_AR' }, components } }]);
    });
});
