import { expect } from 'chai';
import { loadConfig } from '../../config';
import { createSilentLogger } from '../../common/logger';
import { createHandoff } from '../../handoff';
import { createRequests, Requests } from '../../requests';
import { startApplication, RunningApplication } from '../../server/application';
import { makeTempDir } from '../support/tempDir';
import { createReadyAccount } from '../handoff/support/accounts';
import { call, login, RecordingMessenger, Session, TEST_HASHING } from '../handoff/support/handoffHarness';
import { barrier, HandClock, newRequest, TEMPLATE } from './support/requestFixtures';

describe("requests: the supervisors' API over real HTTP", function () {
    let app: RunningApplication;
    let requests: Requests;
    let remove: () => void;
    let jefa: Session;
    let url: string;
    const clock = new HandClock();
    /** What the notifier reads as the citizen's last message; replaced by a barrier for the race. */
    let lastMessage: (citizenKey: string) => Promise<Date | undefined> = async () => clock.now();

    before(async function () {
        const temp = makeTempDir('requests-api');
        remove = temp.remove;
        const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: temp.dir });
        app = await startApplication(config, createSilentLogger(), {
            async mountFeatures({ server, store, logger }) {
                const handoff = createHandoff({
                    store,
                    logger,
                    messenger: new RecordingMessenger(),
                    passwordHashing: TEST_HASHING,
                    maxBodyBytes: config.maxBodyBytes,
                    admin: { username: 'jefa', password: 'supervisora-123' }
                });
                handoff.mountRoutes(server);
                await handoff.start();
                requests = createRequests({
                    store,
                    logger,
                    settings: TEMPLATE,
                    sessions: handoff.sessions,
                    clock: clock.asClock,
                    lastCitizenMessageAt: (key) => lastMessage(key),
                    maxBodyBytes: config.maxBodyBytes
                });
                requests.mountRoutes(server);
                return [handoff];
            }
        });
        url = app.url;
        jefa = await login(url, 'jefa', 'supervisora-123');
    });

    after(async function () {
        await app?.stop();
        remove?.();
    });

    it('401 without a session, 403 for an operator', async function () {
        const made = await requests.service.create(newRequest('5493834300001'));
        expect((await call(url, 'GET', '/api/supervisor/requests')).status).to.equal(401);
        expect((await call(url, 'GET', `/api/supervisor/requests/${made.id}`, { bearer: 'x'.repeat(40) })).status).to.equal(401);
        expect((await call(url, 'POST', `/api/supervisor/requests/${made.id}/state`, { body: { state: 'en_evaluacion' } })).status).to.equal(401);
        await createReadyAccount(url, jefa.token, { username: 'ana', password: 'operadora-de-la-quebrada-2026' });
        const ana = await login(url, 'ana', 'operadora-de-la-quebrada-2026');
        expect((await call(url, 'GET', '/api/supervisor/requests', { bearer: ana.token })).status).to.equal(403);
        expect(
            (await call(url, 'POST', `/api/supervisor/requests/${made.id}/state`, { bearer: ana.token, body: { state: 'en_evaluacion' } })).status
        ).to.equal(403);
        // With the cookie, a change needs the CSRF header.
        expect(
            (await call(url, 'POST', `/api/supervisor/requests/${made.id}/state`, { cookie: jefa.cookie, body: { state: 'en_evaluacion' } })).status
        ).to.equal(403);
        expect((await requests.service.get(made.id)).state).to.equal('recibida');
    });

    it('200: lists by state, shows one, moves it with a note (labels and allowed moves included)', async function () {
        const made = await requests.service.create(newRequest('5493834300002', { requestKind: 'inspeccion' }));
        const list = await call(url, 'GET', '/api/supervisor/requests?state=recibida&limit=10', { bearer: jefa.token });
        expect(list.status).to.equal(200);
        const listed = (await list.json()) as { requests: { id: string; stateLabel: string }[] };
        expect(listed.requests.map((r) => r.id)).to.include(made.id);

        const one = await call(url, 'GET', `/api/supervisor/requests/${made.id.toLowerCase()}`, { bearer: jefa.token });
        expect(one.status).to.equal(200);
        const shown = ((await one.json()) as { request: Record<string, unknown> }).request;
        expect(shown).to.include({ id: made.id, state: 'recibida', stateLabel: 'Recibida', kindLabel: 'Inspección' });
        expect(shown.allowedStates).to.deep.equal(['en_evaluacion', 'rechazada']);

        const moved = await call(url, 'POST', `/api/supervisor/requests/${made.id}/state`, {
            cookie: jefa.cookie,
            csrf: jefa.csrfToken,
            body: { state: 'en_evaluacion', note: 'Va un inspector', revision: 0 }
        });
        expect(moved.status).to.equal(200);
        const after = ((await moved.json()) as { request: { state: string; revision: number; history: { by: string; note?: string }[] } }).request;
        expect(after).to.include({ state: 'en_evaluacion', revision: 1 });
        expect(after.history[1]).to.include({ by: 'jefa', note: 'Va un inspector' });
    });

    it('400 for a bad state, body or query; 404 for an unknown number', async function () {
        const made = await requests.service.create(newRequest('5493834300003'));
        const bad = await call(url, 'POST', `/api/supervisor/requests/${made.id}/state`, { bearer: jefa.token, body: { state: 'archivada' } });
        expect(bad.status).to.equal(400);
        expect(((await bad.json()) as { message: string }).message).to.match(/state/);
        expect(
            (await call(url, 'POST', `/api/supervisor/requests/${made.id}/state`, { bearer: jefa.token, body: { state: 'rechazada', extra: 1 } }))
                .status
        ).to.equal(400);
        expect((await call(url, 'GET', '/api/supervisor/requests?state=nueva', { bearer: jefa.token })).status).to.equal(400);
        expect((await call(url, 'GET', '/api/supervisor/requests/SOL-ZZZZ', { bearer: jefa.token })).status).to.equal(404);
        expect((await call(url, 'GET', '/api/supervisor/requests/DC-1234', { bearer: jefa.token })).status).to.equal(404);
        expect(
            (await call(url, 'POST', '/api/supervisor/requests/SOL-ZZZZ/state', { bearer: jefa.token, body: { state: 'rechazada' } })).status
        ).to.equal(404);
    });

    it('409: a move the table refuses, a stale revision, and the loser of two supervisors moving at once', async function () {
        const made = await requests.service.create(newRequest('5493834300004'));
        const refused = await call(url, 'POST', `/api/supervisor/requests/${made.id}/state`, { bearer: jefa.token, body: { state: 'resuelta' } });
        expect(refused.status).to.equal(409);
        expect(((await refused.json()) as { code: string }).code).to.equal('InvalidTransition');
        expect(
            (
                await call(url, 'POST', `/api/supervisor/requests/${made.id}/state`, {
                    bearer: jefa.token,
                    body: { state: 'en_evaluacion', revision: 3 }
                })
            ).status
        ).to.equal(409);

        await createReadyAccount(url, jefa.token, { username: 'beto', password: 'supervisor-de-la-quebrada-2026', role: 'supervisor' });
        const beto = await login(url, 'beto', 'supervisor-de-la-quebrada-2026');
        // Both read the request before either commits.
        lastMessage = barrier(2, clock.now());
        try {
            const [a, b] = await Promise.all([
                call(url, 'POST', `/api/supervisor/requests/${made.id}/state`, { bearer: jefa.token, body: { state: 'en_evaluacion' } }),
                call(url, 'POST', `/api/supervisor/requests/${made.id}/state`, {
                    bearer: beto.token,
                    body: { state: 'rechazada', note: 'Duplicada' }
                })
            ]);
            expect([a.status, b.status].sort()).to.deep.equal([200, 409]);
        } finally {
            lastMessage = async () => clock.now();
        }
        const stored = await requests.service.get(made.id);
        expect(stored.revision).to.equal(1);
    });
});
