import { expect } from 'chai';
import { capBroadcastId } from '../../alerts';
import { AlertHarness, DEPT, inAnHour } from './support/alertHarness';
import { MALFORMED, OUTSIDE_POLYGON, SENDER, capDocument, reference } from './fixtures/capDocuments';

const SUPERVISOR = { username: 'supervisora', password: 'clave-de-prueba-larga' };
const OPERATOR = { username: 'operador', password: 'otra-clave-de-prueba' };

describe("Weather alerts: the supervisors' API and CAP 1.2 ingest", function () {
    this.timeout(30_000);
    let h: AlertHarness;
    let supervisorToken: string;
    let operatorToken: string;

    beforeEach(async () => {
        h = await AlertHarness.start({}, { http: true });
        await h.handoff.sessions.ensureFirstSupervisor(SUPERVISOR);
        await h.handoff.sessions.createUser({ ...OPERATOR, role: 'operator' });
        supervisorToken = (await h.handoff.sessions.login(SUPERVISOR.username, SUPERVISOR.password))!.token;
        operatorToken = (await h.handoff.sessions.login(OPERATOR.username, OPERATOR.password))!.token;
    });
    afterEach(async () => {
        await h.close();
    });

    async function call(
        method: string,
        path: string,
        body?: unknown,
        options: { token?: string | null; contentType?: string; headers?: Record<string, string> } = {}
    ): Promise<{ status: number; body: Record<string, unknown> }> {
        const token = options.token === undefined ? supervisorToken : options.token;
        const headers: Record<string, string> = { ...options.headers };
        if (token) headers.authorization = `Bearer ${token}`;
        if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
        const response = await fetch(`${h.url}${path}`, {
            method,
            headers,
            body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }
    const postCap = (xml: string) => call('POST', '/api/alerts/cap', xml, { contentType: 'application/xml' });

    it('is for supervisors only: no session 401, an operator 403, a supervisor 200', async () => {
        expect((await call('GET', '/api/alerts', undefined, { token: null })).status).to.equal(401);
        expect((await call('GET', '/api/alerts', undefined, { token: operatorToken })).status).to.equal(403);
        expect(
            (await call('POST', '/api/alerts/cap', capDocument({ identifier: 'x' }), { token: operatorToken, contentType: 'text/xml' })).status
        ).to.equal(403);
        expect((await call('GET', '/api/alerts')).status).to.equal(200);
    });

    it('previews the reach, sends, shows progress, and answers a bad request with 400 naming the problem', async () => {
        await h.subscribe('5493835100', 30, [DEPT.capital]);
        await h.subscribe('5493835200', 10, [DEPT.belen]);
        expect((await call('POST', '/api/alerts/preview', { departments: [DEPT.capital] })).body).to.deep.equal({ recipients: 30 });
        expect((await call('POST', '/api/alerts/preview', { departments: 'all' })).body).to.deep.equal({ recipients: 40 });

        const bad = await call('POST', '/api/alerts', { level: 'violeta', phenomenon: '', departments: [], text: 'x', validUntil: 'mañana' });
        expect(bad.status).to.equal(400);
        expect(bad.body.message).to.contain('level').and.contain('validUntil').and.contain('departments');
        expect(
            (await call('POST', '/api/alerts', { level: 'rojo', phenomenon: 'Tormenta', departments: ['99999'], text: 'x', validUntil: inAnHour() }))
                .body.message
        ).to.contain('unknown department');

        const created = await call('POST', '/api/alerts', {
            level: 'amarillo',
            phenomenon: 'Tormenta',
            departments: [DEPT.capital],
            text: 'Tormentas aisladas.',
            validUntil: inAnHour()
        });
        expect(created.status).to.equal(201);
        const id = (created.body.broadcast as { id: string }).id;
        await h.alerts.service.whenDone(id);
        await h.waitFor('statuses', async () => ((await call('GET', `/api/alerts/${id}`)).body.progress as { read: number }).read === 30);
        expect((await call('GET', `/api/alerts/${id}`)).body.progress).to.include({
            state: 'completed',
            total: 30,
            accepted: 30,
            delivered: 30,
            read: 30,
            percent: 100
        });
        expect((await call('POST', `/api/alerts/${id}/cancel`)).status).to.equal(409);
        expect((await call('GET', '/api/alerts/nope')).status).to.equal(404);
    });

    it('sends an alert once when the same request comes again with its Idempotency-Key (the first answer was lost)', async () => {
        const subscribers = await h.subscribe('5493835300', 20, [DEPT.capital]);
        const alert = { level: 'naranja', phenomenon: 'Viento zonda', departments: [DEPT.capital], text: 'Ráfagas fuertes.', validUntil: inAnHour() };
        const headers = { 'idempotency-key': 'form-7f3a9c2e-1' };
        const first = await call('POST', '/api/alerts', alert, { headers });
        const again = await call('POST', '/api/alerts', alert, { headers });
        expect(first.status).to.equal(201);
        expect(again.status).to.equal(200);
        expect(again.body).to.deep.include({ replayed: true });
        const id = (first.body.broadcast as { id: string }).id;
        expect((again.body.broadcast as { id: string }).id).to.equal(id);
        expect((await call('GET', '/api/alerts')).body.broadcasts).to.have.length(1);
        await h.alerts.service.whenDone(id);
        const counts = h.sentCounts();
        expect(subscribers.filter((key) => counts.get(key) !== 1)).to.deep.equal([]);

        const different = await call('POST', '/api/alerts', { ...alert, text: 'Otro texto.' }, { headers });
        expect(different.status).to.equal(409);
        expect((await call('POST', '/api/alerts', alert, { headers: { 'idempotency-key': 'x' } })).status).to.equal(400);
    });

    it('ingests a valid alert (empty areaDesc, polygon, numeric character references), waits for approval, then sends once', async () => {
        const reached = [...(await h.subscribe('5493835300', 10, [DEPT.belen])), ...(await h.subscribe('5493835400', 10, [DEPT.tinogasta]))];
        await h.subscribe('5493835500', 10, [DEPT.laPaz]);
        const xml = capDocument({
            identifier: 'urn:oid:2.49.0.1.32.0.2026.11.28.1',
            description: 'R&#225;fagas fuertes en la regi&#xF3;n &amp; valles.'
        });
        const ingested = await postCap(xml);
        expect(ingested.status).to.equal(201);
        expect(ingested.body).to.include({ outcome: 'awaiting_approval', level: 'naranja' });
        // Centroids inside the polygon, plus departments whose nearest-centroid territory the polygon covers.
        expect(ingested.body.departments).to.include.members([DEPT.belen, DEPT.tinogasta, DEPT.andalgala]);
        expect(ingested.body.departments).not.to.include.members([DEPT.laPaz, DEPT.capital]);
        const id = String(ingested.body.broadcastId);
        const { broadcast } = await h.alerts.service.progress(id);
        expect(broadcast.text).to.contain('Ráfagas fuertes en la región & valles.');
        expect(h.peer.sent()).to.have.length(0);

        expect((await call('POST', `/api/alerts/${id}/approve`)).status).to.equal(200);
        await h.alerts.service.whenDone(id);
        expect(h.peer.sent().map((m) => m.recipient)).to.have.members(reached);
        expect((await postCap(xml)).body).to.deep.equal({ outcome: 'duplicate', broadcastId: id });
        expect((await call('POST', `/api/alerts/${id}/approve`)).status).to.equal(409);
        expect(h.peer.sent()).to.have.length(20);
    });

    it('Update supersedes the alert it references; Cancel cancels a pending one, or announces the lift of one already sent', async () => {
        await h.subscribe('5493835600', 5, [DEPT.belen]);
        const original = await postCap(capDocument({ identifier: 'A-1' }));
        const update = await postCap(capDocument({ identifier: 'A-2', msgType: 'Update', references: reference('A-1'), severity: 'Extreme' }));
        expect(update.body).to.include({ outcome: 'awaiting_approval', level: 'rojo' });
        expect(update.body.cancelled).to.deep.equal([original.body.broadcastId]);
        expect((await h.alerts.service.get(String(original.body.broadcastId)))!.state).to.equal('cancelled');

        const cancelPending = await postCap(capDocument({ identifier: 'A-3', msgType: 'Cancel', references: reference('A-2') }));
        expect(cancelPending.body).to.include({ outcome: 'cancelled' });
        expect(cancelPending.body.cancelled).to.deep.equal([capBroadcastId(SENDER, 'A-2')]);
        expect(cancelPending.body.notice).to.equal(undefined);

        const sent = await postCap(capDocument({ identifier: 'B-1' }));
        await call('POST', `/api/alerts/${String(sent.body.broadcastId)}/approve`);
        await h.alerts.service.whenDone(String(sent.body.broadcastId));
        const lift = await postCap(capDocument({ identifier: 'B-2', msgType: 'Cancel', references: reference('B-1') }));
        expect(lift.body).to.include({ outcome: 'cancelled', notice: 'awaiting_approval' });
        const notice = (await h.alerts.service.get(String(lift.body.broadcastId)))!;
        expect(notice).to.include({ level: 'verde', state: 'awaiting_approval' });
        expect(notice.text).to.contain('Se levantó la alerta por Viento zonda');
        expect(h.peer.sent()).to.have.length(5);
    });

    it('never sends to the public: a polygon outside Catamarca, Test, Exercise, an expired alert', async () => {
        await h.subscribe('5493835700', 5, [DEPT.belen]);
        const cases: Array<[string, string]> = [
            [capDocument({ identifier: 'O-1', polygon: OUTSIDE_POLYGON }), 'outside Catamarca'],
            [capDocument({ identifier: 'T-1', status: 'Test' }), 'Test'],
            [capDocument({ identifier: 'E-1', status: 'Exercise' }), 'Exercise'],
            [capDocument({ identifier: 'X-1', expires: '2020-01-01T00:00:00-03:00' }), 'expired']
        ];
        for (const [xml, reason] of cases) {
            const answer = await postCap(xml);
            expect(answer.status).to.equal(200);
            expect(answer.body.outcome).to.equal('ignored');
            expect(answer.body.reason).to.contain(reason);
            expect((await call('POST', `/api/alerts/${String(answer.body.broadcastId)}/approve`)).status).to.equal(409);
        }
        expect(h.peer.sent()).to.have.length(0);
    });

    it('answers malformed XML, a document that is not CAP and a wrong content type with a clear 400/415', async () => {
        const malformed = await postCap(MALFORMED);
        expect(malformed.status).to.equal(400);
        expect(malformed.body.message).to.match(/malformed XML at line 1, column \d+/);
        const notCap = await postCap('<rss><channel/></rss>');
        expect(notCap.status).to.equal(400);
        expect(notCap.body.message).to.contain('<alert>');
        const noSeverity = await postCap(capDocument({ identifier: 'N-1', severity: 'Terrible' }));
        expect(noSeverity.body.message).to.contain('<severity> Terrible is not one of');
        expect((await call('POST', '/api/alerts/cap', capDocument({ identifier: 'J-1' }), { contentType: 'application/json' })).status).to.equal(415);
    });
});
