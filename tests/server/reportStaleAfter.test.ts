import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import { ConfigError, loadConfig, type AppConfig } from '../../config';
import { createSilentLogger } from '../../common/logger';
import { startApplication, type RunningApplication } from '../../server/application';
import { mountFeatures } from '../../server/features';
import { LineHarness, textOf } from '../support/lineHarness';
import { makeTempDir } from '../support/tempDir';

/**
 * About 0.36 s: short enough for a test to outwait, far shorter than the 6 h default. Below what
 * REPORT_STALE_AFTER_HOURS accepts, so set on the configuration loadConfig() read, as the variable would set it.
 */
const STALE_AFTER_HOURS = 0.0001;
const staleSoon = (config: AppConfig): AppConfig => ({ ...config, reports: { ...config.reports, staleAfterHours: STALE_AFTER_HOURS } });
/** Longer than STALE_AFTER_HOURS. */
const SILENCE_MS = 600;
/** What the greeting of a new report says (and a question mid-report does not). */
const GREETING = 'le responde Defensa Civil Catamarca';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('REPORT_STALE_AFTER_HOURS: an unfinished report is dropped after the configured silence', () => {
    it("is dropped on /api/messages: the citizen's next message is greeted as a new report", async () => {
        const temp = makeTempDir('stale-web');
        const app: RunningApplication = await startApplication(staleSoon(loadConfig({ PORT: '0', DATA_DIR: temp.dir })), createSilentLogger(), {
            mountFeatures
        });
        let sequence = 0;
        const say = async (text: string): Promise<string> => {
            const activity: Partial<Activity> = {
                type: 'message',
                id: `stale-${++sequence}`,
                channelId: 'emulator',
                serviceUrl: 'http://127.0.0.1:9',
                from: { id: 'vecina-1', name: 'Vecina' },
                recipient: { id: 'bot', name: 'Defensa Civil' },
                conversation: { id: 'conversation-stale' } as Activity['conversation'],
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
            return body.activities.map((reply) => reply.text ?? '').join('\n');
        };
        try {
            expect(await say('hola'))
                .to.include(GREETING)
                .and.include('¿Cuál es su nombre?');
            await pause(SILENCE_MS);
            expect(await say('Hola')).to.include(GREETING);
        } finally {
            await app.stop();
            temp.remove();
        }
    });

    it("is dropped on WhatsApp: the citizen's next message is greeted as a new report", async () => {
        const line = await LineHarness.start({}, staleSoon);
        const phone = '5493834555001';
        const greetings = (): number => line.sentTo(phone).filter((message) => textOf(message).includes(GREETING)).length;
        try {
            await line.citizenSays(phone, 'Ana', 'hola');
            await line.waitForText(phone, '¿Cuál es su nombre?');
            expect(greetings()).to.equal(1);
            await pause(SILENCE_MS);
            const before = line.sentTo(phone).length;
            await line.citizenSays(phone, 'Ana', 'Hola');
            await line.waitForMessages(phone, 1, before);
            await line.waitForText(phone, '¿Cuál es su nombre?');
            expect(greetings(), JSON.stringify(line.sentTo(phone).slice(before).map(textOf))).to.equal(2);
        } finally {
            await line.stop();
        }
    });
});

describe('config: REPORT_STALE_AFTER_HOURS', () => {
    it('is 6 hours by default and takes a fraction of an hour, from half an hour to 720', () => {
        expect(loadConfig({}).reports.staleAfterHours).to.equal(6);
        expect(loadConfig({ REPORT_STALE_AFTER_HOURS: '0.5' }).reports.staleAfterHours).to.equal(0.5);
        expect(loadConfig({ REPORT_STALE_AFTER_HOURS: '1.5' }).reports.staleAfterHours).to.equal(1.5);
        expect(loadConfig({ REPORT_STALE_AFTER_HOURS: '24' }).reports.staleAfterHours).to.equal(24);
        expect(loadConfig({ REPORT_STALE_AFTER_HOURS: '720' }).reports.staleAfterHours).to.equal(720);
    });

    // Below half an hour a typo (0.05 for 5 h: 3 minutes) would drop the report of a citizen still typing an address.
    for (const bad of ['0', '0.0', '0.0003', '0.05', '0.49', '-1', 'seis', '1e3', '721', '6h']) {
        it(`stops the start on REPORT_STALE_AFTER_HOURS="${bad}" with a message naming the variable and the range`, () => {
            expect(() => loadConfig({ REPORT_STALE_AFTER_HOURS: bad })).to.throw(
                ConfigError,
                `Configuration error: REPORT_STALE_AFTER_HOURS must be a number from 0.5 to 720 (got "${bad}")`
            );
        });
    }
});
