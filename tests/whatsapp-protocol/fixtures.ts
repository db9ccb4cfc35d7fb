/**
 * Webhook payloads shaped exactly as the Cloud API notes show them (one per message type), for the parser and
 * mapping tests. Built by hand, not by the simulator, so the simulator cannot agree with itself by mistake.
 */
export const PHONE_NUMBER_ID = '106540352242922';
export const WA_ID = '5493834123456';
export const BSUID = 'AR.1234567890';

export function envelope(values: Array<Record<string, unknown>>, entries = 1): Record<string, unknown> {
    const perEntry = Math.ceil(values.length / entries);
    const entry = [];
    for (let i = 0; i < entries; i++) {
        entry.push({
            id: `WABA-${i}`,
            changes: values.slice(i * perEntry, (i + 1) * perEntry).map((value) => ({ field: 'messages', value }))
        });
    }
    return { object: 'whatsapp_business_account', entry };
}

export function value(messages: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '543834090909', phone_number_id: PHONE_NUMBER_ID },
        contacts: [{ profile: { name: 'María' }, wa_id: WA_ID, user_id: BSUID }],
        messages,
        ...extra
    };
}

export function message(type: string, payload: unknown, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        from: WA_ID,
        from_user_id: BSUID,
        id: `wamid.${type}-${Math.random().toString(36).slice(2, 10)}`,
        timestamp: '1764331200',
        type,
        [type]: payload,
        ...overrides
    };
}

export function body(json: unknown): Buffer {
    return Buffer.from(JSON.stringify(json), 'utf8');
}

/** One message of every type the notes list, keyed by a readable name. */
export const messageFixtures: Record<string, Record<string, unknown>> = {
    text: message('text', { body: 'hola, ¿me ayudan? 🚨' }),
    image: message('image', { id: 'MEDIA-IMG', mime_type: 'image/jpeg', sha256: 'abc', caption: 'el río crecido' }),
    video: message('video', { id: 'MEDIA-VID', mime_type: 'video/mp4', sha256: 'abc' }),
    document: message('document', { id: 'MEDIA-DOC', mime_type: 'application/pdf', sha256: 'abc', filename: 'denuncia.pdf' }),
    audio: message('audio', { id: 'MEDIA-AUD', mime_type: 'audio/mpeg', sha256: 'abc', voice: false }),
    voice: message('audio', { id: 'MEDIA-VOICE', mime_type: 'audio/ogg; codecs=opus', sha256: 'abc', voice: true }),
    sticker: message('sticker', { id: 'MEDIA-STK', mime_type: 'image/webp', sha256: 'abc', animated: false }),
    location: message('location', { latitude: -28.4696, longitude: -65.7795, name: 'Plaza 25 de Mayo', address: 'San Fernando del Valle' }),
    locationStrings: message('location', { latitude: '-28.4696', longitude: '-65.7795' }),
    buttonReply: message('interactive', { type: 'button_reply', button_reply: { id: 'si', title: 'Sí' } }),
    listReply: message('interactive', { type: 'list_reply', list_reply: { id: 'capital', title: 'Capital', description: 'San Fernando' } }),
    templateButton: message('button', { text: 'Darme de baja', payload: 'BAJA' }),
    reaction: message('reaction', { message_id: 'wamid.SENT1', emoji: '👍' }),
    reactionRemoved: message('reaction', { message_id: 'wamid.SENT1' }),
    contacts: message('contacts', [{ name: { formatted_name: 'Juan' }, phones: [{ phone: '+5493834000000' }] }]),
    order: message('order', { catalog_id: '1', product_items: [] }),
    system: message('system', { body: 'cambió de número', new_wa_id: '5493834999999', type: 'user_changed_number' }),
    requestWelcome: message('request_welcome', undefined),
    unsupported: message('unsupported', undefined, {
        errors: [{ code: 131051, title: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }]
    })
};
