import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import { Writable } from 'stream';
import { createLogger } from '../../common/logger';
import type { HandoffCase } from '../../handoff/types';
import { createReadyAccount } from './support/accounts';
import { ApiHarness, call, handoffRequest, login, Session, startApiHarness } from './support/handoffHarness';

interface Identities {
    supervisor: Session;
    operator: Session;
}

describe('handoff: the operator API over HTTP', function () {
    let h: ApiHarness;
    let who: Identities;
    let citizenCounter = 0;

    beforeEach(async () => {
        h = await startApiHarness();
        const supervisor = await login(h.app.url, 'jefa', 'supervisora-123');
        await createReadyAccount(h.app.url, supervisor.token, { username: 'luis', password: 'operador-luis-1', displayName: 'Luis Pérez' });
        who = { supervisor, operator: await login(h.app.url, 'luis', 'operador-luis-1') };
    });

    afterEach(async () => {
        await h.close();
    });

    async function freshCase(claimedBy?: Session): Promise<HandoffCase> {
        citizenCounter++;
        const opened = await h.handoff.caseService.open(handoffRequest(`54938350${String(citizenCounter).padStart(5, '0')}`));
        if (claimedBy)
            expect((await call(h.app.url, 'POST', `/api/operator/cases/${opened.id}/claim`, { bearer: claimedBy.token })).status).to.equal(200);
        return opened;
    }

    interface RouteCase {
        name: string;
        method: string;
        /** Prepares what the route needs for this caller and returns the path and body. */
        prepare(caller: Session | undefined): Promise<{ path: string; body?: unknown }>;
        operator: number;
        supervisor: number;
        changes: boolean;
    }

    let userCounter = 0;
    const routes: RouteCase[] = [
        { name: 'logout', method: 'POST', prepare: async () => ({ path: '/api/operator/logout' }), operator: 200, supervisor: 200, changes: true },
        { name: 'session', method: 'GET', prepare: async () => ({ path: '/api/operator/session' }), operator: 200, supervisor: 200, changes: false },
        {
            name: 'list cases',
            method: 'GET',
            prepare: async () => ({ path: '/api/operator/cases?status=queued' }),
            operator: 200,
            supervisor: 200,
            changes: false
        },
        {
            name: 'case details',
            method: 'GET',
            prepare: async () => ({ path: `/api/operator/cases/${(await freshCase()).id}` }),
            operator: 200,
            supervisor: 200,
            changes: false
        },
        {
            name: 'claim',
            method: 'POST',
            prepare: async () => ({ path: `/api/operator/cases/${(await freshCase()).id}/claim` }),
            operator: 200,
            supervisor: 200,
            changes: true
        },
        {
            name: 'message',
            method: 'POST',
            operator: 200,
            supervisor: 200,
            changes: true,
            prepare: async (caller) => ({
                path: `/api/operator/cases/${(await freshCase(caller ?? who.operator)).id}/messages`,
                body: { text: 'Vamos en camino.' }
            })
        },
        {
            name: 'note',
            method: 'POST',
            operator: 200,
            supervisor: 200,
            changes: true,
            prepare: async () => ({ path: `/api/operator/cases/${(await freshCase()).id}/notes`, body: { text: 'Avisar a bomberos' } })
        },
        {
            name: 'release',
            method: 'POST',
            operator: 200,
            supervisor: 200,
            changes: true,
            prepare: async (caller) => ({ path: `/api/operator/cases/${(await freshCase(caller ?? who.operator)).id}/release` })
        },
        {
            name: 'resolve',
            method: 'POST',
            operator: 200,
            supervisor: 200,
            changes: true,
            prepare: async (caller) => ({
                path: `/api/operator/cases/${(await freshCase(caller ?? who.operator)).id}/resolve`,
                body: { outcome: 'asistido' }
            })
        },
        {
            name: 'return to bot',
            method: 'POST',
            operator: 200,
            supervisor: 200,
            changes: true,
            prepare: async (caller) => ({ path: `/api/operator/cases/${(await freshCase(caller ?? who.operator)).id}/return-to-bot` })
        },
        {
            name: 'transfer',
            method: 'POST',
            operator: 200,
            supervisor: 200,
            changes: true,
            prepare: async (caller) => ({
                path: `/api/operator/cases/${(await freshCase(caller ?? who.operator)).id}/transfer`,
                body: { to: await tempUser(), note: 'Cambio de turno' }
            })
        },
        {
            name: 'availability',
            method: 'PUT',
            prepare: async () => ({ path: '/api/operator/availability', body: { availability: 'break' } }),
            operator: 200,
            supervisor: 200,
            changes: true
        },
        { name: 'team', method: 'GET', prepare: async () => ({ path: '/api/operator/team' }), operator: 200, supervisor: 200, changes: false },
        {
            name: 'media',
            method: 'GET',
            operator: 200,
            supervisor: 200,
            changes: false,
            prepare: async () => ({ path: `/api/operator/media/${(await h.media.save(Buffer.from('foto'), { mimeType: 'image/jpeg' })).id}` })
        },
        { name: 'list users', method: 'GET', prepare: async () => ({ path: '/api/operator/users' }), operator: 403, supervisor: 200, changes: false },
        {
            name: 'create user',
            method: 'POST',
            operator: 403,
            supervisor: 201,
            changes: true,
            prepare: async () => ({ path: '/api/operator/users', body: { username: `op${++userCounter}`, password: 'una-clave-larga' } })
        },
        {
            name: 'update user',
            method: 'PATCH',
            operator: 403,
            supervisor: 200,
            changes: true,
            prepare: async () => ({ path: `/api/operator/users/${await tempUser()}`, body: { displayName: 'Nuevo nombre' } })
        },
        {
            name: 'delete user',
            method: 'DELETE',
            operator: 403,
            supervisor: 200,
            changes: true,
            prepare: async () => ({ path: `/api/operator/users/${await tempUser()}` })
        }
    ];

    async function tempUser(): Promise<string> {
        const username = `temp${++userCounter}`;
        await h.handoff.sessions.createUser({ username, password: 'una-clave-larga', role: 'operator' });
        return username;
    }

    it('answers every route with 401 without a session, 403 for an operator on user management, and serves a supervisor everywhere', async () => {
        for (const route of routes) {
            const anonymous = await route.prepare(undefined);
            expect(
                (await call(h.app.url, route.method, anonymous.path, { body: anonymous.body })).status,
                `${route.name} without a session`
            ).to.equal(401);

            for (const role of ['operator', 'supervisor'] as const) {
                // Logout ends the session: give it its own.
                const session =
                    route.name === 'logout'
                        ? await login(h.app.url, role === 'operator' ? 'luis' : 'jefa', role === 'operator' ? 'operador-luis-1' : 'supervisora-123')
                        : who[role];
                const prepared = await route.prepare(session);
                const response = await call(h.app.url, route.method, prepared.path, { bearer: session.token, body: prepared.body });
                expect(response.status, `${route.name} as ${role}: ${await response.clone().text()}`).to.equal(route[role]);
            }
        }
        // The SSE stream: 401 without a session, a stream for both roles.
        expect((await call(h.app.url, 'GET', '/api/operator/events')).status).to.equal(401);
        for (const session of [who.operator, who.supervisor]) {
            const abort = new AbortController();
            const response = await fetch(`${h.app.url}/api/operator/events`, {
                headers: { authorization: `Bearer ${session.token}` },
                signal: abort.signal
            });
            expect(response.status).to.equal(200);
            expect(response.headers.get('content-type')).to.match(/^text\/event-stream/);
            abort.abort();
        }
    });

    it('refuses a cookie-authenticated change without the CSRF header (403) and accepts it with the header', async () => {
        for (const route of routes.filter((r) => r.changes)) {
            const prepared = await route.prepare(who.supervisor);
            const response = await call(h.app.url, route.method, prepared.path, { cookie: who.supervisor.cookie, body: prepared.body });
            expect(response.status, route.name).to.equal(403);
            const wrong = await call(h.app.url, route.method, prepared.path, {
                cookie: who.supervisor.cookie,
                csrf: 'x'.repeat(32),
                body: prepared.body
            });
            expect(wrong.status, `${route.name} with a wrong token`).to.equal(403);
        }
        const opened = await freshCase();
        const ok = await call(h.app.url, 'POST', `/api/operator/cases/${opened.id}/claim`, {
            cookie: who.operator.cookie,
            csrf: who.operator.csrfToken
        });
        expect(ok.status).to.equal(200);
        // Reading needs no CSRF header, and the session route hands the token back.
        const session = await call(h.app.url, 'GET', '/api/operator/session', { cookie: who.operator.cookie });
        expect(await session.json()).to.deep.include({ csrfToken: who.operator.csrfToken });
    });

    it('sets the session cookie HttpOnly and SameSite=Strict, Secure with X-Forwarded-Proto: https from any peer (no TRUST_PROXY set)', async () => {
        const plain = await call(h.app.url, 'POST', '/api/operator/login', { body: { username: 'luis', password: 'operador-luis-1' } });
        const cookie = plain.headers.get('set-cookie')!;
        expect(cookie).to.match(/^linea_session=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28800$/);
        // A proxy that terminated TLS and is not named in TRUST_PROXY: the cookie must still not travel over http://.
        const proxied = await fetch(`${h.app.url}/api/operator/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
            body: JSON.stringify({ username: 'luis', password: 'operador-luis-1' })
        });
        expect(proxied.headers.get('set-cookie')).to.match(
            /^linea_session=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28800; Secure$/
        );
    });

    it('gives exactly one of 50 operators claiming one case at once a 200, and the other 49 a 409', async () => {
        const sessions: Session[] = [];
        for (let i = 0; i < 50; i++) await h.handoff.sessions.createUser({ username: `op-${i}`, password: 'clave-de-turno', role: 'operator' });
        // Logged in ten at a time: what must race is the claims. Fifty logins at once from one address would meet the
        // per-address limit (30), which counts a login while its password is checked (a CI run got 429 for op-30).
        for (let first = 0; first < 50; first += 10) {
            sessions.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => login(h.app.url, `op-${first + i}`, 'clave-de-turno')))));
        }
        const opened = await freshCase();

        const responses = await Promise.all(
            sessions.map((s) => call(h.app.url, 'POST', `/api/operator/cases/${opened.id}/claim`, { bearer: s.token }))
        );
        const statuses = responses.map((r) => r.status);
        expect(statuses.filter((s) => s === 200)).to.have.length(1);
        expect(statuses.filter((s) => s === 409)).to.have.length(49);

        const winner = sessions[statuses.indexOf(200)];
        const { case: claimed, audit } = await h.handoff.caseService.get(opened.id);
        const winnerName = (
            (await (await call(h.app.url, 'GET', '/api/operator/session', { bearer: winner.token })).json()) as { user: { username: string } }
        ).user.username;
        expect(claimed.assignedTo).to.equal(winnerName);
        expect(audit.filter((e) => e.action === 'claim')).to.have.length(1);
    });

    it('limits failed logins per username and address: 429 with Retry-After, even for the right password, until the window passes', async () => {
        for (let i = 0; i < 5; i++) {
            expect((await call(h.app.url, 'POST', '/api/operator/login', { body: { username: 'luis', password: 'adivinanza' } })).status).to.equal(
                401
            );
        }
        const blocked = await call(h.app.url, 'POST', '/api/operator/login', { body: { username: 'luis', password: 'operador-luis-1' } });
        expect(blocked.status).to.equal(429);
        expect(Number(blocked.headers.get('retry-after'))).to.be.within(1, 900);
        // Another username from the same address is not affected.
        expect((await call(h.app.url, 'POST', '/api/operator/login', { body: { username: 'jefa', password: 'supervisora-123' } })).status).to.equal(
            200
        );

        h.clock.advanceMinutes(15);
        expect((await call(h.app.url, 'POST', '/api/operator/login', { body: { username: 'luis', password: 'operador-luis-1' } })).status).to.equal(
            200
        );
    });

    it('counts a login when it begins: of 20 wrong passwords sent at once, at most 5 are checked and the rest get 429', async () => {
        const statuses = await Promise.all(
            Array.from({ length: 20 }, () =>
                call(h.app.url, 'POST', '/api/operator/login', { body: { username: 'luis', password: 'adivinanza' } }).then((r) => r.status)
            )
        );
        expect(statuses.filter((s) => s === 401)).to.have.length(5);
        expect(statuses.filter((s) => s === 429)).to.have.length(15);
        expect((await call(h.app.url, 'POST', '/api/operator/login', { body: { username: 'luis', password: 'operador-luis-1' } })).status).to.equal(
            429
        );
    });

    it('limits failed logins from one address over many usernames, and forgets a successful one', async () => {
        for (let i = 0; i < 29; i++) {
            expect(
                (await call(h.app.url, 'POST', '/api/operator/login', { body: { username: `nadie${i}`, password: 'adivinanza' } })).status
            ).to.equal(401);
        }
        // A successful login does not count against the address.
        expect((await call(h.app.url, 'POST', '/api/operator/login', { body: { username: 'jefa', password: 'supervisora-123' } })).status).to.equal(
            200
        );
        expect((await call(h.app.url, 'POST', '/api/operator/login', { body: { username: 'nadie-mas', password: 'adivinanza' } })).status).to.equal(
            401
        );
        const blocked = await call(h.app.url, 'POST', '/api/operator/login', { body: { username: 'luis', password: 'operador-luis-1' } });
        expect(blocked.status).to.equal(429);
        h.clock.advanceMinutes(15);
        expect((await call(h.app.url, 'POST', '/api/operator/login', { body: { username: 'luis', password: 'operador-luis-1' } })).status).to.equal(
            200
        );
    });

    it('answers two supervisors editing one account at the same moment with 200 and 409, never 500', async () => {
        const statuses = await Promise.all(
            Array.from({ length: 10 }, (_, i) =>
                call(h.app.url, 'PATCH', '/api/operator/users/luis', { bearer: who.supervisor.token, body: { displayName: `Luis ${i}` } }).then(
                    (r) => r.status
                )
            )
        );
        expect(statuses).to.include(200);
        expect(
            statuses.filter((s) => s !== 200 && s !== 409),
            statuses.join(',')
        ).to.deep.equal([]);
    });

    it('takes only JSON bodies: a multipart upload or a form post is refused with 415 and nothing is written to disk', async () => {
        const uploadsBefore = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('upload_')).length;
        const form = new FormData();
        form.append('username', 'luis');
        form.append('password', 'operador-luis-1');
        form.append('file', new Blob([Buffer.alloc(50_000, 1)]), 'big.bin');
        const multipart = await fetch(`${h.app.url}/api/operator/login`, { method: 'POST', body: form });
        expect(multipart.status).to.equal(415);
        const urlencoded = await fetch(`${h.app.url}/api/operator/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: 'username=luis&password=operador-luis-1'
        });
        expect(urlencoded.status).to.equal(415);
        expect(urlencoded.headers.get('set-cookie'), 'no session from a form post').to.equal(null);
        expect(fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('upload_')).length).to.equal(uploadsBefore);
        const oversized = await call(h.app.url, 'POST', '/api/operator/login', { body: { username: 'luis', password: 'x'.repeat(2 * 1024 * 1024) } });
        expect(oversized.status).to.equal(413);
    });

    it('ends a session after its 8-hour shift, and at logout', async () => {
        h.clock.advanceMinutes(8 * 60 - 1);
        expect((await call(h.app.url, 'GET', '/api/operator/session', { bearer: who.operator.token })).status).to.equal(200);
        h.clock.advanceMinutes(1);
        expect((await call(h.app.url, 'GET', '/api/operator/session', { bearer: who.operator.token })).status).to.equal(401);

        const fresh = await login(h.app.url, 'luis', 'operador-luis-1');
        expect((await call(h.app.url, 'POST', '/api/operator/logout', { bearer: fresh.token })).status).to.equal(200);
        expect((await call(h.app.url, 'GET', '/api/operator/session', { bearer: fresh.token })).status).to.equal(401);
    });

    it('ends the sessions of a user a supervisor disables, and never returns password hashes', async () => {
        const disabled = await call(h.app.url, 'PATCH', '/api/operator/users/luis', { bearer: who.supervisor.token, body: { active: false } });
        expect(disabled.status).to.equal(200);
        expect((await call(h.app.url, 'GET', '/api/operator/cases', { bearer: who.operator.token })).status).to.equal(401);
        const listed = await (await call(h.app.url, 'GET', '/api/operator/users', { bearer: who.supervisor.token })).text();
        expect(listed).to.not.include('passwordHash');
        expect(listed).to.not.include('$argon2id$');
        expect(JSON.parse(listed).users.map((u: { username: string }) => u.username)).to.deep.equal(['jefa', 'luis']);
    });

    it('validates input with clear 400s and answers an unknown case with 404', async () => {
        const opened = await freshCase(who.operator);
        const empty = await call(h.app.url, 'POST', `/api/operator/cases/${opened.id}/messages`, {
            bearer: who.operator.token,
            body: { text: '   ' }
        });
        expect(empty.status).to.equal(400);
        expect(await empty.json()).to.deep.equal({ code: 'BadRequest', message: 'text: text must not be empty' });
        const noOutcome = await call(h.app.url, 'POST', `/api/operator/cases/${opened.id}/resolve`, { bearer: who.operator.token, body: {} });
        expect(noOutcome.status).to.equal(400);
        expect(((await noOutcome.json()) as { message: string }).message).to.match(/^outcome: /);
        const badStatus = await call(h.app.url, 'GET', '/api/operator/cases?status=lost', { bearer: who.operator.token });
        expect(badStatus.status).to.equal(400);
        const weak = await call(h.app.url, 'POST', '/api/operator/users', {
            bearer: who.supervisor.token,
            body: { username: 'ana', password: 'corta' }
        });
        expect(weak.status).to.equal(400);
        expect(((await weak.json()) as { message: string }).message).to.include('at least 10 characters');
        expect((await call(h.app.url, 'GET', '/api/operator/cases/case-unknown', { bearer: who.operator.token })).status).to.equal(404);
        expect((await call(h.app.url, 'POST', '/api/operator/cases/case-unknown/claim', { bearer: who.operator.token })).status).to.equal(404);
        expect((await call(h.app.url, 'GET', `/api/operator/media/${'f'.repeat(64)}`, { bearer: who.operator.token })).status).to.equal(404);
        expect((await call(h.app.url, 'GET', '/api/operator/media/..%2F..%2Fetc%2Fpasswd', { bearer: who.operator.token })).status).to.equal(404);
    });

    it('shows a case with its report, transcript, media links, location and audit; serves media inline with nosniff', async () => {
        const stored = await h.media.save(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), { mimeType: 'image/jpeg' });
        const opened = await freshCase(who.operator);
        await h.handoff.caseService.addCitizenMessage(opened.citizenKey, {
            text: 'mire',
            images: [{ contentType: 'image/jpeg', contentUrl: `/api/operator/media/${stored.id}` }]
        });
        await h.handoff.caseService.addCitizenMessage(opened.citizenKey, { location: { latitude: -28.47, longitude: -65.78 } });
        const details = (await (await call(h.app.url, 'GET', `/api/operator/cases/${opened.id}`, { bearer: who.operator.token })).json()) as {
            case: HandoffCase;
            transcript: unknown[];
            media: { url: string }[];
            location: { latitude: number };
            audit: { action: string }[];
        };
        expect(details.case.report).to.include({ name: 'Ana', departmentName: 'Capital' });
        expect(details.transcript).to.have.length(2);
        expect(details.media.map((m) => m.url)).to.deep.equal([`/api/operator/media/${stored.id}`]);
        expect(details.location).to.include({ kind: 'pin', latitude: -28.47 });
        expect(details.audit.map((e) => e.action)).to.include.members(['opened', 'claim', 'citizen_message']);

        const media = await call(h.app.url, 'GET', details.media[0].url, { bearer: who.operator.token });
        expect(media.status).to.equal(200);
        expect(media.headers.get('content-type')).to.equal('image/jpeg');
        expect(media.headers.get('x-content-type-options')).to.equal('nosniff');
        expect(media.headers.get('content-disposition')).to.equal('inline');
        expect(Buffer.from(await media.arrayBuffer())).to.deep.equal(Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
        expect((await call(h.app.url, 'GET', details.media[0].url)).status).to.equal(401);

        // A report's album: every photo of it is listed for the operator, the first one first.
        const album = await h.handoff.caseService.open(
            handoffRequest('5493835099001', 'normal', {
                report: {
                    name: 'Luz',
                    departmentId: 'capital',
                    departmentName: 'Capital',
                    photo: { contentType: 'image/jpeg', contentUrl: `/api/operator/media/${'1'.repeat(64)}` },
                    morePhotos: [{ contentType: 'image/png', contentUrl: `/api/operator/media/${'2'.repeat(64)}` }]
                }
            })
        );
        const albumDetails = (await (await call(h.app.url, 'GET', `/api/operator/cases/${album.id}`, { bearer: who.operator.token })).json()) as {
            media: { url: string }[];
        };
        expect(albumDetails.media.map((m) => m.url)).to.deep.equal([
            `/api/operator/media/${'1'.repeat(64)}`,
            `/api/operator/media/${'2'.repeat(64)}`
        ]);
    });

    it('streams case.created and message events to a logged-in operator', async () => {
        const abort = new AbortController();
        const response = await fetch(`${h.app.url}/api/operator/events`, {
            headers: { authorization: `Bearer ${who.operator.token}` },
            signal: abort.signal
        });
        const reader = response.body!.getReader();
        let received = '';
        const readUntil = async (pattern: RegExp): Promise<void> => {
            while (!pattern.test(received)) {
                const { value, done } = await reader.read();
                if (done) throw new Error(`the stream ended before ${String(pattern)}`);
                received += Buffer.from(value).toString('utf8');
            }
        };
        await readUntil(/: connected/);
        const opened = await h.handoff.caseService.open(handoffRequest('5493834099999', 'critical'));
        await readUntil(/event: case\.created\ndata: .*\n\n/);
        await h.handoff.caseService.addCitizenMessage('5493834099999', { text: 'auxilio, se inunda todo' });
        await readUntil(/event: message\ndata: .*\n\n/);
        abort.abort();

        const created = JSON.parse(/event: case\.created\ndata: (.*)\n/.exec(received)![1]) as { case: HandoffCase };
        expect(created.case).to.include({ id: opened.id, priority: 'critical', status: 'queued' });
        const message = JSON.parse(/event: message\ndata: (.*)\n/.exec(received)![1]) as { caseId: string; message: { text: string } };
        expect(message).to.deep.include({ caseId: opened.id });
        expect(message.message.text).to.equal('auxilio, se inunda todo');
    });
});

describe('handoff: the live view lives no longer than its session', () => {
    let h: ApiHarness;
    let operator: Session;

    beforeEach(async () => {
        h = await startApiHarness({ sseHeartbeatMs: 50 });
        const supervisor = await login(h.app.url, 'jefa', 'supervisora-123');
        await createReadyAccount(h.app.url, supervisor.token, { username: 'luis', password: 'operador-luis-1' });
        operator = await login(h.app.url, 'luis', 'operador-luis-1');
    });

    afterEach(async () => {
        await h.close();
    });

    /** Opens the operator's stream; `ended` resolves with everything received once the server ends it. */
    async function openStream(token: string): Promise<{ ended: Promise<string> }> {
        const response = await fetch(`${h.app.url}/api/operator/events`, { headers: { authorization: `Bearer ${token}` } });
        expect(response.status).to.equal(200);
        const reader = response.body!.getReader();
        let received = '';
        while (!received.includes(': connected')) received += Buffer.from((await reader.read()).value).toString('utf8');
        const ended = (async () => {
            for (;;) {
                const { value, done } = await reader.read();
                if (done) return received;
                received += Buffer.from(value).toString('utf8');
            }
        })();
        return { ended };
    }

    it('ends the stream at logout: nothing more about citizens reaches that browser', async () => {
        const stream = await openStream(operator.token);
        expect((await call(h.app.url, 'POST', '/api/operator/logout', { bearer: operator.token })).status).to.equal(200);
        const received = await stream.ended;
        await h.handoff.caseService.open(handoffRequest('5493834077777', 'critical'));
        expect(received).to.not.include('case.created');
    });

    it('ends the stream when a supervisor disables the account, and when the session expires', async () => {
        const disabled = await openStream(operator.token);
        const supervisor = await login(h.app.url, 'jefa', 'supervisora-123');
        expect((await call(h.app.url, 'PATCH', '/api/operator/users/luis', { bearer: supervisor.token, body: { active: false } })).status).to.equal(
            200
        );
        await disabled.ended;

        const expiring = await openStream(supervisor.token);
        h.clock.advanceMinutes(8 * 60 + 1);
        await expiring.ended;
    });

    it("does not hold the server's stop for a console left open: the stream ends and the stop finishes", async function () {
        await h.close();
        // A stop that waited for the open stream would take the whole minute; the test's own timeout is far shorter.
        this.timeout(20_000);
        h = await startApiHarness({ sseHeartbeatMs: 50 }, undefined, { SHUTDOWN_TIMEOUT_MS: '60000' });
        const stream = await openStream((await login(h.app.url, 'jefa', 'supervisora-123')).token);
        await h.app.stop();
        await stream.ended;
    });

    it('ends the stream at the next heartbeat when another instance ended the session', async () => {
        const stream = await openStream(operator.token);
        // What a logout on another instance leaves behind: the session's document is gone.
        const [session] = await h.store.query<{ tokenHash: string }>('sessions', { where: [{ field: 'username', op: '=', value: 'luis' }] });
        await h.store.delete('sessions', session.partitionKey, session.id);
        await stream.ended;
    });
});

describe('handoff: expired operator sessions', () => {
    it('are removed from storage by the periodic sweep, live ones kept', async () => {
        const h = await startApiHarness({ sessionSweepMs: 20 });
        try {
            await login(h.app.url, 'jefa', 'supervisora-123');
            h.clock.advanceMinutes(8 * 60 + 1);
            const current = await login(h.app.url, 'jefa', 'supervisora-123');
            for (const deadline = Date.now() + 20_000; (await h.store.count('sessions', {})) > 1 && Date.now() < deadline;)
                await new Promise((r) => setTimeout(r, 10));
            expect(await h.store.count('sessions', {})).to.equal(1);
            expect((await call(h.app.url, 'GET', '/api/operator/session', { bearer: current.token })).status).to.equal(200);
        } finally {
            await h.close();
        }
    });
});

describe('handoff: no password or token in the logs', () => {
    it('logs logins and account changes without the password, the token or the CSRF token', async () => {
        const lines: string[] = [];
        const destination = new Writable({
            write(chunk, _encoding, done) {
                lines.push(String(chunk));
                done();
            }
        });
        const h = await startApiHarness({}, createLogger({ level: 'trace', destination }));
        try {
            const session = await login(h.app.url, 'jefa', 'supervisora-123');
            await call(h.app.url, 'POST', '/api/operator/login', { body: { username: 'jefa', password: 'una-clave-equivocada' } });
            await call(h.app.url, 'POST', '/api/operator/users', { bearer: session.token, body: { username: 'ana', password: 'clave-de-ana-99' } });
            await call(h.app.url, 'PATCH', '/api/operator/users/ana', { bearer: session.token, body: { password: 'otra-clave-de-ana' } });
            const log = lines.join('');
            expect(log).to.include('operator logged in');
            for (const secret of [
                'supervisora-123',
                'una-clave-equivocada',
                'clave-de-ana-99',
                'otra-clave-de-ana',
                session.token,
                session.csrfToken,
                '$argon2id$'
            ]) {
                expect(log, secret).to.not.include(secret);
            }
        } finally {
            await h.close();
        }
    });
});
