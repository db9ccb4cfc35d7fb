import { expect } from 'chai';
import { OutageStore } from '../handoff/support/outageStore';
import { AlertHarness, DEPT, inAnHour } from './support/alertHarness';
import { capDocument } from './fixtures/capDocuments';

const SUPERVISOR = { username: 'supervisora', password: 'clave-de-prueba-larga' };

interface AlertCall {
    name: string;
    method: string;
    path: (id: string) => string;
    body?: string;
    contentType?: string;
}

const ALERT = JSON.stringify({
    level: 'amarillo',
    phenomenon: 'Tormenta',
    departments: [DEPT.capital],
    text: 'Tormentas aisladas.',
    validUntil: inAnHour()
});

/** Every route of the alert API, on a broadcast `id` that exists (a CAP alert waiting for approval). */
const ROUTES: AlertCall[] = [
    { name: 'preview', method: 'POST', path: () => '/api/alerts/preview', body: JSON.stringify({ departments: [DEPT.capital] }) },
    {
        name: 'CAP ingest',
        method: 'POST',
        path: () => '/api/alerts/cap',
        body: capDocument({ identifier: 'SMN-outage-2' }),
        contentType: 'application/xml'
    },
    { name: 'send', method: 'POST', path: () => '/api/alerts', body: ALERT },
    { name: 'list', method: 'GET', path: () => '/api/alerts' },
    { name: 'progress', method: 'GET', path: (id) => `/api/alerts/${id}` },
    { name: 'cancel', method: 'POST', path: (id) => `/api/alerts/${id}/cancel` },
    { name: 'approve', method: 'POST', path: (id) => `/api/alerts/${id}/approve` }
];

/**
 * The supervisors' alert API when the alerts' storage does not answer: "retry in a moment" (503, Retry-After,
 * {code: 'StorageUnavailable'}) on every route, and a real bug still a 500.
 */
describe('Weather alerts: the API while storage is unavailable', function () {
    this.timeout(30_000);
    let h: AlertHarness;
    let outage: OutageStore;
    let token: string;
    let waiting: string;

    beforeEach(async () => {
        h = await AlertHarness.start({}, { http: true, storeForAlerts: (store) => (outage = new OutageStore(store)) });
        await h.handoff.sessions.ensureFirstSupervisor(SUPERVISOR);
        token = (await h.handoff.sessions.login(SUPERVISOR.username, SUPERVISOR.password))!.token;
        const ingested = await send({
            name: 'CAP',
            method: 'POST',
            path: () => '/api/alerts/cap',
            body: capDocument({ identifier: 'SMN-outage-1' }),
            contentType: 'application/xml'
        });
        expect(ingested.status).to.equal(201);
        waiting = ((await ingested.json()) as { broadcastId: string }).broadcastId;
    });
    afterEach(async () => {
        outage.restore();
        await h.close();
    });

    function send(route: AlertCall): Promise<Response> {
        const headers: Record<string, string> = { authorization: `Bearer ${token}` };
        if (route.body !== undefined) headers['content-type'] = route.contentType ?? 'application/json';
        return fetch(`${h.url}${route.path(waiting)}`, { method: route.method, headers, body: route.body });
    }

    it('answers every route with 503 StorageUnavailable and Retry-After', async () => {
        outage.down();
        for (const route of ROUTES) {
            const response = await send(route);
            const text = await response.text();
            expect(response.status, `${route.name}: ${text}`).to.equal(503);
            expect(Number(response.headers.get('retry-after')), `${route.name}: Retry-After, a few seconds`).to.be.within(1, 30);
            expect(JSON.parse(text), route.name)
                .to.include({ code: 'StorageUnavailable' })
                .and.to.have.property('message')
                .that.matches(/storage/i);
        }
        expect(outage.failures, 'each answer came from a failed storage call').to.be.at.least(ROUTES.length);
    });

    it('keeps a real bug a 500 without Retry-After', async () => {
        outage.makeError = (where) => new TypeError(`${where}: cannot read properties of undefined (reading 'state')`);
        outage.down();
        const response = await send(ROUTES[3]);
        expect(response.status).to.equal(500);
        expect(response.headers.get('retry-after')).to.equal(null);
        expect(await response.json()).to.include({ code: 'InternalError' });
    });
});
