import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../config';
import { ADMIN, LineHarness } from '../support/lineHarness';
import { handoffRequest, login, type Session } from './support/handoffHarness';
import { LiveStreamClient } from './support/liveStreamClient';
import { startOperatorLine, SUPERVISOR, type OperatorLine } from './support/operatorLine';

/** Opens `count` streams for one session, each read up to its first comment. */
async function openStreams(url: string, session: Session, count: number): Promise<LiveStreamClient[]> {
    const streams: LiveStreamClient[] = [];
    for (let i = 0; i < count; i++) {
        const stream = await LiveStreamClient.open(url, session.token);
        expect(stream.status, `stream ${i + 1}: ${stream.text}`).to.equal(200);
        await stream.waitFor(/: connected\n\n/);
        streams.push(stream);
    }
    return streams;
}

function expectRefused(stream: LiveStreamClient, limit: number): void {
    expect(stream.status).to.equal(429);
    const body = JSON.parse(stream.text) as { code: string; message: string };
    expect(body.code).to.equal('TooManyRequests');
    expect(body.message).to.equal(
        `Este usuario ya tiene ${limit} ventanas de la consola recibiendo novedades en vivo. Cierre alguna que no use y vuelva a cargar esta página.`
    );
}

/** Asks for a stream until the server has let go of a closed one (it learns of the close a moment after the browser). */
async function openOnceFreed(url: string, session: Session): Promise<LiveStreamClient> {
    for (let attempt = 1; ; attempt++) {
        const stream = await LiveStreamClient.open(url, session.token);
        if (stream.status === 200) return stream;
        if (attempt === 200) throw new Error(`openOnceFreed(): still refused after ${attempt} tries: ${stream.text}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}

describe('handoff: live-view streams per operator account', () => {
    const open: LiveStreamClient[] = [];
    let stopLine: (() => Promise<void>) | undefined;

    afterEach(async () => {
        await Promise.all(open.splice(0).map((stream) => stream.close()));
        await stopLine?.();
        stopLine = undefined;
    });

    it('refuses a 21st stream of one account with 429 and a message in Spanish, and leaves the 20 open and other accounts alone', async () => {
        const line: OperatorLine = await startOperatorLine();
        stopLine = line.close;
        const url = line.app.url;
        await line.handoff.sessions.createUser({ username: 'luis', password: 'Zonda-sobre-Tinogasta-a-las-tres-47', role: 'operator' });
        const supervisor = await login(url, SUPERVISOR.username, SUPERVISOR.password);
        const operator = await login(url, 'luis', 'Zonda-sobre-Tinogasta-a-las-tres-47');

        open.push(...(await openStreams(url, supervisor, 20)));
        expectRefused(await LiveStreamClient.open(url, supervisor.token), 20);
        // Another session of the same account counts with it.
        const again = await login(url, SUPERVISOR.username, SUPERVISOR.password);
        expectRefused(await LiveStreamClient.open(url, again.token), 20);

        const luis = await LiveStreamClient.open(url, operator.token);
        open.push(luis);
        expect(luis.status, `another account: ${luis.text}`).to.equal(200);

        // Nothing was closed to make room: the oldest and the newest of the 20 still get the news.
        await line.handoff.caseService.open(handoffRequest('5493834011111', 'critical'));
        for (const stream of [open[0], open[19], luis]) await stream.waitFor(/event: case\.created\ndata: /);
    });

    it('gives the place of a stream the browser closed to the next one (LIVE_EVENTS_STREAMS_PER_USER=2, the whole line)', async () => {
        const line = await LineHarness.start({ LIVE_EVENTS_STREAMS_PER_USER: '2' });
        stopLine = () => line.stop();
        const supervisor = await login(line.url, ADMIN.username, ADMIN.password);
        const [first, second] = await openStreams(line.url, supervisor, 2);
        open.push(second);
        expectRefused(await LiveStreamClient.open(line.url, supervisor.token), 2);

        await first.close();
        const third = await openOnceFreed(line.url, supervisor);
        open.push(third);
        await third.waitFor(/: connected\n\n/);
        // Exactly one place was freed.
        expectRefused(await LiveStreamClient.open(line.url, supervisor.token), 2);
    });
});

describe('config: LIVE_EVENTS_STREAMS_PER_USER', () => {
    it('is 20 unless told, from 1 to 1000', () => {
        expect(loadConfig({}, '/srv/linea').handoff.liveStreamsPerUser).to.equal(20);
        expect(loadConfig({ LIVE_EVENTS_STREAMS_PER_USER: '5' }, '/srv/linea').handoff.liveStreamsPerUser).to.equal(5);
        expect(() => loadConfig({ LIVE_EVENTS_STREAMS_PER_USER: '0' }, '/srv/linea')).to.throw(
            ConfigError,
            'Configuration error: LIVE_EVENTS_STREAMS_PER_USER must be a whole number from 1 to 1000 (got "0")'
        );
    });
});
