import { expect } from 'chai';
import { createReadyAccount } from './support/accounts';
import { ApiHarness, call, login, Session, startApiHarness } from './support/handoffHarness';

/**
 * One account holds at most 20 sessions: the login past the limit ends the oldest (and its live view), so the operator
 * at the keyboard always gets in, and a forgotten session elsewhere is the one that goes.
 */
/** SessionService's DEFAULT_MAX_SESSIONS_PER_USER, written out: the number is part of what is promised. */
const DEFAULT_MAX_SESSIONS_PER_USER = 20;

describe('handoff: sessions per account are limited; a login past the limit ends the oldest', function () {
    let h: ApiHarness;
    let jefa: Session;

    beforeEach(async () => {
        h = await startApiHarness();
        jefa = await login(h.app.url, 'jefa', 'supervisora-123');
        await createReadyAccount(h.app.url, jefa.token, { username: 'luis', password: 'operador-luis-1' });
    });

    afterEach(async () => {
        await h.close();
    });

    async function status(session: Session): Promise<number> {
        return (await call(h.app.url, 'GET', '/api/operator/session', { bearer: session.token })).status;
    }

    it(`keeps ${DEFAULT_MAX_SESSIONS_PER_USER} sessions; the next login ends the oldest one, whose live view ends too`, async () => {
        const sessions: Session[] = [];
        for (let i = 0; i < DEFAULT_MAX_SESSIONS_PER_USER; i++) {
            sessions.push(await login(h.app.url, 'luis', 'operador-luis-1'));
            // Sessions made in one instant would tie on their creation time: the clock moves as a shift's would.
            h.clock.advanceMs(1000);
        }
        for (const session of sessions) expect(await status(session)).to.equal(200);

        // The oldest session's console is watching the live view.
        const stream = await fetch(`${h.app.url}/api/operator/events`, { headers: { authorization: `Bearer ${sessions[0].token}` } });
        expect(stream.status).to.equal(200);
        const reader = stream.body!.getReader();
        const ended = (async () => {
            for (;;) if ((await reader.read()).done) return true;
        })();

        const newest = await login(h.app.url, 'luis', 'operador-luis-1');
        expect(await status(newest), 'the login past the limit is not refused').to.equal(200);
        expect(await status(sessions[0]), 'the oldest session ended').to.equal(401);
        expect(await ended, 'its live view ended with it').to.equal(true);
        for (const session of sessions.slice(1)) expect(await status(session)).to.equal(200);

        h.clock.advanceMs(1000);
        await login(h.app.url, 'luis', 'operador-luis-1');
        expect(await status(sessions[1]), 'and the next oldest at the next login').to.equal(401);
        expect(await status(sessions[2])).to.equal(200);
        // Another account's sessions are not counted.
        expect(await status(jefa)).to.equal(200);
    });
});
