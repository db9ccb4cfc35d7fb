import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import { loadConfig } from '../../config';
import { createSilentLogger } from '../../common/logger';
import { startApplication, type RunningApplication } from '../../server/application';
import { mountFeatures } from '../../server/features';
import { makeTempDir } from '../support/tempDir';

describe('POST /api/messages (the standard Bot Framework endpoint, same bot)', () => {
    let temp: ReturnType<typeof makeTempDir>;
    let app: RunningApplication;
    let sequence = 0;

    const start = async (): Promise<RunningApplication> =>
        startApplication(loadConfig({ PORT: '0', DATA_DIR: temp.dir }), createSilentLogger(), { mountFeatures });

    beforeEach(async () => {
        temp = makeTempDir('bf-endpoint');
        app = await start();
    });

    afterEach(async () => {
        await app.stop();
        temp.remove();
    });

    /** Posts one Emulator-like message with expectReplies and returns the bot's replies' texts. */
    async function say(text: string, conversationId = 'conversation-1'): Promise<string[]> {
        const activity: Partial<Activity> = {
            type: 'message',
            id: `activity-${++sequence}`,
            channelId: 'emulator',
            serviceUrl: 'http://127.0.0.1:9', // never called: replies come back in the response body
            from: { id: 'vecina-1', name: 'Vecina' },
            recipient: { id: 'bot', name: 'Defensa Civil' },
            conversation: { id: conversationId } as Activity['conversation'],
            text,
            locale: 'es-AR',
            deliveryMode: 'expectReplies'
        };
        const response = await fetch(`${app.url}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(activity)
        });
        expect(response.status).to.equal(200);
        const body = (await response.json()) as { activities: Partial<Activity>[] };
        return body.activities.filter((reply) => reply.type === 'message').map((reply) => reply.text ?? '');
    }

    it('greets, says who answers and the other numbers, and asks the name', async () => {
        const replies = (await say('hola')).join('\n');
        expect(replies).to.include('Defensa Civil Catamarca');
        expect(replies).to.include('103');
        expect(replies).to.include('911');
        expect(replies).to.include('operador');
        expect(replies).to.include('¿Cuál es su nombre?');
    });

    it('keeps the conversation in storage: after a restart the next answer continues the report', async () => {
        await say('hola');
        const afterName = (await say('María Pérez')).join('\n');
        expect(afterName).to.include('departamento');

        await app.stop();
        app = await start();

        const afterDepartment = (await say('valle viejo')).join('\n');
        expect(afterDepartment).to.include('¿Dónde es exactamente?');
    });

    it('refuses an activity that claims to come from WhatsApp: only the signed webhook speaks for WhatsApp citizens', async () => {
        const response = await fetch(`${app.url}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
                type: 'message',
                id: 'x-1',
                channelId: 'whatsapp',
                serviceUrl: 'http://127.0.0.1:9',
                from: { id: '5493834000001' },
                conversation: { id: '5493834000001' },
                text: 'cancelar',
                deliveryMode: 'expectReplies'
            })
        });
        expect(response.status).to.equal(400);
        expect(((await response.json()) as { error: string }).error).to.include('whatsapp');
    });

    it('answers ALERTAS on this channel that alerts go out only on WhatsApp, and subscribes no one', async () => {
        const replies = (await say('ALERTAS')).join('\n');
        expect(replies).to.include('solo por WhatsApp');
        expect(await app.store.count('subscribers', {})).to.equal(0);
    });

    it('refuses anonymous requests (401) when the line talks to Meta and no MicrosoftAppId is set', async () => {
        await app.stop();
        app = await startApplication(
            loadConfig({
                PORT: '0',
                DATA_DIR: temp.dir,
                WHATSAPP_ACCESS_TOKEN: 'test-token',
                WHATSAPP_APP_SECRET: 'test-secret',
                WHATSAPP_VERIFY_TOKEN: 'test-verify',
                WHATSAPP_PHONE_NUMBER_ID: '100',
                WHATSAPP_GRAPH_URL: 'http://127.0.0.1:9/v24.0'
            }),
            createSilentLogger(),
            { mountFeatures }
        );
        const response = await fetch(`${app.url}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
                type: 'message',
                id: 'x-2',
                channelId: 'emulator',
                serviceUrl: 'http://127.0.0.1:9',
                from: { id: 'vecina-1' },
                conversation: { id: 'c-9' },
                text: 'hola',
                deliveryMode: 'expectReplies'
            })
        });
        expect(response.status).to.equal(401);
        expect(await app.store.count('botstate', {}), 'no turn ran').to.equal(0);
    });

    it('answers a malformed body with 400 and keeps serving', async () => {
        const response = await fetch(`${app.url}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"type":'
        });
        expect(response.status).to.equal(400);
        expect((await say('hola', 'conversation-2')).join('\n')).to.include('Defensa Civil Catamarca');
    });
});
