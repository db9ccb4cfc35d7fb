import { expect } from 'chai';
import { Writable } from 'stream';
import { createLogger } from '../../common/logger';
import type { HandoffCase } from '../../handoff/types';
import { StorageUnavailableError } from '../../storage/documentStore';
import { createReadyAccount } from './support/accounts';
import { OutageMatcher, OutageStore, READS } from './support/outageStore';
import { ApiHarness, call, handoffRequest, login, Session, startApiHarness } from './support/handoffHarness';

const CITIZEN = '5493834777001';

/** One request of the operator API, as a test sends it: who asks (a Bearer session, or nobody), where, with what. */
interface RouteCall {
    name: string;
    method: string;
    path: (caseId: string) => string;
    as: 'operator' | 'supervisor' | 'nobody';
    body?: unknown;
}

const LUIS_PASSWORD = 'operador-luis-1';

const CASE_ROUTES: RouteCall[] = [
    { name: 'list cases', method: 'GET', path: () => '/api/operator/cases?status=assigned', as: 'operator' },
    { name: 'case details', method: 'GET', path: (id) => `/api/operator/cases/${id}`, as: 'operator' },
    { name: 'claim', method: 'POST', path: (id) => `/api/operator/cases/${id}/claim`, as: 'operator' },
    {
        name: 'message',
        method: 'POST',
        path: (id) => `/api/operator/cases/${id}/messages`,
        as: 'operator',
        body: { text: 'Vamos en camino.', clientMessageId: 'msg-outage-0001' }
    },
    { name: 'note', method: 'POST', path: (id) => `/api/operator/cases/${id}/notes`, as: 'operator', body: { text: 'Llamar a bomberos' } },
    { name: 'release', method: 'POST', path: (id) => `/api/operator/cases/${id}/release`, as: 'operator' },
    { name: 'resolve', method: 'POST', path: (id) => `/api/operator/cases/${id}/resolve`, as: 'operator', body: { outcome: 'asistido' } },
    { name: 'return to bot', method: 'POST', path: (id) => `/api/operator/cases/${id}/return-to-bot`, as: 'operator' }
];

const ACCOUNT_ROUTES: RouteCall[] = [
    { name: 'login', method: 'POST', path: () => '/api/operator/login', as: 'nobody', body: { username: 'luis', password: LUIS_PASSWORD } },
    { name: 'logout', method: 'POST', path: () => '/api/operator/logout', as: 'operator' },
    {
        name: 'create user',
        method: 'POST',
        path: () => '/api/operator/users',
        as: 'supervisor',
        body: { username: 'marta', password: 'operadora-marta-1' }
    },
    { name: 'update user', method: 'PATCH', path: () => '/api/operator/users/luis', as: 'supervisor', body: { displayName: 'Luis P.' } },
    { name: 'delete user', method: 'DELETE', path: () => '/api/operator/users/ana', as: 'supervisor' }
];

/** Routes whose only storage call is checking the session (or that read only accounts). */
const SESSION_ROUTES: RouteCall[] = [
    { name: 'session', method: 'GET', path: () => '/api/operator/session', as: 'operator' },
    { name: 'live events', method: 'GET', path: () => '/api/operator/events', as: 'operator' },
    { name: 'media', method: 'GET', path: () => '/api/operator/media/does-not-matter', as: 'operator' },
    { name: 'list users', method: 'GET', path: () => '/api/operator/users', as: 'supervisor' }
];

/** Storage that lost its writes: sessions and accounts are still read (the session checks), nothing is written. */
const WRITES_DOWN: OutageMatcher = (operation) => !READS.has(operation);
/** The case data is unreachable; sessions and accounts answer (the session checks, the route's own work fails). */
const CASE_DATA_DOWN: OutageMatcher = (_operation, collection) => collection !== 'sessions' && collection !== 'users';

async function expectStorageUnavailable(response: Response, what: string): Promise<void> {
    const text = await response.text();
    expect(response.status, `${what}: ${text}`).to.equal(503);
    const retryAfter = response.headers.get('retry-after');
    expect(retryAfter, `${what}: Retry-After`).to.match(/^\d+$/);
    expect(Number(retryAfter), `${what}: a few seconds`).to.be.within(1, 30);
    expect(response.headers.get('content-type'), what).to.match(/application\/json/);
    const body = JSON.parse(text) as { code: string; message: string };
    expect(body.code, what).to.equal('StorageUnavailable');
    expect(body.message, what)
        .to.be.a('string')
        .and.match(/storage/i);
}

/**
 * Storage that does not answer is "retry in a moment", not a bug: every operator route answers it with 503,
 * `Retry-After` and {code: 'StorageUnavailable'}, the login included (not 401, not 500, and not counted as a wrong
 * password), logged at warn without secrets; anything else that fails stays a 500.
 */
describe('handoff: the operator API while storage is unavailable', function () {
    this.timeout(30_000);
    let h: ApiHarness;
    let outage: OutageStore;
    let luis: Session;
    let jefa: Session;
    let opened: HandoffCase;
    let logLines: string[];

    beforeEach(async () => {
        logLines = [];
        const destination = new Writable({
            write(chunk, _encoding, done) {
                logLines.push(String(chunk));
                done();
            }
        });
        h = await startApiHarness(
            { deadlinePollMs: 3_600_000 },
            createLogger({ level: 'debug', destination }),
            {},
            (store) => (outage = new OutageStore(store))
        );
        jefa = await login(h.app.url, 'jefa', 'supervisora-123');
        for (const username of ['luis', 'ana']) {
            await createReadyAccount(h.app.url, jefa.token, { username, password: username === 'luis' ? LUIS_PASSWORD : 'operadora-ana-1' });
        }
        luis = await login(h.app.url, 'luis', LUIS_PASSWORD);
        opened = await h.handoff.caseService.open(handoffRequest(CITIZEN));
        expect((await call(h.app.url, 'POST', `/api/operator/cases/${opened.id}/claim`, { bearer: luis.token })).status).to.equal(200);
    });

    afterEach(async () => {
        outage.restore();
        await h.close();
    });

    function send(route: RouteCall): Promise<Response> {
        const bearer = route.as === 'operator' ? luis.token : route.as === 'supervisor' ? jefa.token : undefined;
        return call(h.app.url, route.method, route.path(opened.id), {
            ...(bearer ? { bearer } : {}),
            ...(route.body !== undefined ? { body: route.body } : {})
        });
    }

    it('answers every route with 503 StorageUnavailable and Retry-After when storage is down', async () => {
        outage.down();
        for (const route of [...CASE_ROUTES, ...ACCOUNT_ROUTES, ...SESSION_ROUTES]) await expectStorageUnavailable(await send(route), route.name);
    });

    it('answers 503 when the session checks but the case data does not answer', async () => {
        outage.failing = CASE_DATA_DOWN;
        for (const route of CASE_ROUTES) await expectStorageUnavailable(await send(route), route.name);
    });

    it('answers 503 when storage reads but cannot write: the login with the right password too (not 401)', async () => {
        outage.failing = WRITES_DOWN;
        // Not luis's claim of his own case: a retry, answered from what is already stored, writes nothing.
        for (const route of [...ACCOUNT_ROUTES, ...CASE_ROUTES.filter((r) => r.method !== 'GET' && r.name !== 'claim')]) {
            await expectStorageUnavailable(await send(route), route.name);
        }
        const wrong = await call(h.app.url, 'POST', '/api/operator/login', { body: { username: 'luis', password: 'no-es-la-clave' } });
        expect(wrong.status, 'a wrong password is still a wrong password').to.equal(401);
    });

    it('does not count logins storage kept from being checked as failed: after the outage the operator logs in', async () => {
        outage.down();
        // More than the 5 failures a username may have from one address.
        for (let attempt = 1; attempt <= 7; attempt++) {
            await expectStorageUnavailable(await send(ACCOUNT_ROUTES[0]), `login ${attempt} during the outage`);
        }
        outage.restore();
        const after = await call(h.app.url, 'POST', '/api/operator/login', { body: { username: 'luis', password: LUIS_PASSWORD } });
        expect(after.status, 'not 429: the operator never typed a wrong password').to.equal(200);
    });

    it("recognises the outage wrapped by another error, as `cause` or as botbuilder's DialogContextError `error`", async () => {
        outage.failing = CASE_DATA_DOWN;
        outage.makeError = (where) =>
            new Error(`CaseService: ${where} failed`, { cause: new StorageUnavailableError(where, new Error('socket hang up')) });
        await expectStorageUnavailable(await send(CASE_ROUTES[0]), 'wrapped as cause');
        outage.makeError = (where) =>
            Object.assign(new Error('DialogContextError'), { error: new StorageUnavailableError(where, new Error('socket hang up')) });
        await expectStorageUnavailable(await send(CASE_ROUTES[1]), 'wrapped as error');
    });

    it('keeps a real bug a 500 without Retry-After, on the session check and in a route', async () => {
        outage.makeError = (where) => new TypeError(`${where}: cannot read properties of undefined (reading 'value')`);
        for (const [failing, route] of [
            [() => true, CASE_ROUTES[0]],
            [CASE_DATA_DOWN, CASE_ROUTES[1]],
            [() => true, ACCOUNT_ROUTES[0]]
        ] as const) {
            outage.failing = failing;
            const response = await send(route);
            expect(response.status, route.name).to.equal(500);
            expect(response.headers.get('retry-after'), route.name).to.equal(null);
            expect(((await response.json()) as { code: string }).code, route.name).to.equal('InternalError');
        }
    });

    it('logs each outage answer at warn, naming the route and the failed storage call, never at error, without secrets', async () => {
        outage.down();
        await send(ACCOUNT_ROUTES[0]);
        await send(CASE_ROUTES[3]);
        outage.failing = CASE_DATA_DOWN;
        await send(CASE_ROUTES[3]);

        const records = logLines
            .join('')
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line) as { level: number; msg: string; route?: string });
        const outageRecords = records.filter((r) => /storage unavailable/i.test(r.msg));
        expect(
            outageRecords.map((r) => [r.level, r.route]),
            'one warn line per answer'
        ).to.deep.equal([
            [40, '/api/operator/login'],
            [40, '/api/operator/cases/:id/messages'],
            [40, '/api/operator/cases/:id/messages']
        ]);
        expect(JSON.stringify(outageRecords), 'the failed call is named').to.contain('OutageStore.');
        expect(
            records.filter((r) => r.level >= 50).map((r) => r.msg),
            'nothing at error or above'
        ).to.deep.equal([]);
        const log = logLines.join('');
        for (const secret of [LUIS_PASSWORD, luis.token, luis.csrfToken]) expect(log).not.to.contain(secret);
    });
});
