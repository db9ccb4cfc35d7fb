import { expect } from 'chai';
import * as path from 'path';
import * as restify from 'restify';
import { createSilentLogger } from '../../common/logger';
import { PasswordHasher } from '../../handoff/auth/passwordHasher';
import { inlinePasswordStrength } from '../../handoff/auth/passwordStrength';
import { SessionService } from '../../handoff/auth/sessionService';
import { SessionRepository } from '../../handoff/repository/sessionRepository';
import { UserRepository } from '../../handoff/repository/userRepository';
import { createQuestions, Questions } from '../../questions';
import { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { makeTempDir } from '../support/tempDir';

const SUPERVISOR = { username: 'supervisora', password: 'clave-de-prueba-larga' };
const OPERATOR = { username: 'operador', password: 'otra-clave-de-prueba' };
const BASE = '/api/supervisor/knowledge';

describe("Questions: the supervisors' knowledge-base API over real HTTP and SQLite", function () {
    this.timeout(30_000);
    let temp: ReturnType<typeof makeTempDir>;
    let store: SqliteDocumentStore;
    let server: restify.Server;
    let url: string;
    let questions: Questions;
    let supervisorToken: string;
    let operatorToken: string;

    before(async () => {
        temp = makeTempDir('questions-api');
        store = SqliteDocumentStore.open({ file: path.join(temp.dir, 'line.sqlite') });
        const logger = createSilentLogger();
        const sessions = new SessionService({
            users: new UserRepository(store),
            sessions: new SessionRepository(store),
            hasher: new PasswordHasher(),
            logger,
            passwordStrength: inlinePasswordStrength
        });
        await sessions.ensureFirstSupervisor(SUPERVISOR);
        await sessions.createUser({ ...OPERATOR, role: 'operator' });
        supervisorToken = (await sessions.login(SUPERVISOR.username, SUPERVISOR.password))!.token;
        operatorToken = (await sessions.login(OPERATOR.username, OPERATOR.password))!.token;
        questions = createQuestions({ store, logger, auth: { sessions }, maxBodyBytes: 64 * 1024 });
        server = restify.createServer({ name: 'questions-test', handleUncaughtExceptions: false });
        questions.mountRoutes(server);
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
        url = `http://127.0.0.1:${server.address().port}`;
    });
    after(async () => {
        server.close();
        await store.close();
        temp.remove();
    });

    async function call(
        method: string,
        route: string,
        body?: unknown,
        token: string | null = supervisorToken
    ): Promise<{ status: number; body: Record<string, unknown> }> {
        const headers: Record<string, string> = {};
        if (token) headers.authorization = `Bearer ${token}`;
        if (body !== undefined) headers['content-type'] = 'application/json';
        const response = await fetch(`${url}${route}`, {
            method,
            headers,
            body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }

    const entry = {
        title: 'Bolsas de arena',
        answer: 'Defensa Civil entrega bolsas de arena en su sede de cada departamento cuando hay alerta por lluvias.',
        askedAs: ['tienen bolsas de arena', 'donde consigo bolsas de arena', 'me dan bolsas con arena para la puerta']
    };

    it('is for supervisors only: no session 401, an operator 403, a supervisor 200, on every route', async () => {
        for (const [method, route, body] of [
            ['GET', BASE, undefined],
            ['PUT', `${BASE}/bolsas-arena`, entry],
            ['DELETE', `${BASE}/bolsas-arena`, undefined],
            ['POST', `${BASE}/preview`, { text: 'hola' }]
        ] as const) {
            expect((await call(method, route, body, null)).status, `${method} ${route} without a session`).to.equal(401);
            expect((await call(method, route, body, operatorToken)).status, `${method} ${route} as an operator`).to.equal(403);
        }
        const listed = await call('GET', BASE);
        expect(listed.status).to.equal(200);
        expect((listed.body.entries as unknown[]).length).to.be.within(10, 14);
    });

    it('adds, edits and deletes entries, keeping who and when; the matcher follows at once', async () => {
        expect((await call('POST', `${BASE}/preview`, { text: 'donde consigo bolsas de arena' })).body.wouldAnswer).to.equal(false);

        const added = await call('PUT', `${BASE}/bolsas-arena`, entry);
        expect(added.status).to.equal(200);
        expect(added.body.entry).to.include({ id: 'bolsas-arena', origin: 'added', updatedBy: SUPERVISOR.username });
        const preview = await call('POST', `${BASE}/preview`, { text: 'donde me dan bolsas de arena?' });
        expect(preview.status).to.equal(200);
        expect(preview.body).to.include({ wouldAnswer: true });
        expect((preview.body.answer as { id: string }).id).to.equal('bolsas-arena');
        const top = (preview.body.matches as Array<{ id: string; score: number; matchedWords: string[] }>)[0];
        expect(top.id).to.equal('bolsas-arena');
        expect(top.score)
            .to.be.a('number')
            .and.at.least(preview.body.threshold as number);
        expect(top.matchedWords).to.include('bolsas');

        const edited = await call('PUT', `${BASE}/numeros-emergencia`, {
            title: 'Teléfonos útiles',
            answer: 'Llame al 911 o al 103.',
            askedAs: ['numero de emergencias', 'telefono de bomberos', 'a quien llamo']
        });
        expect(edited.body.entry).to.include({ origin: 'edited', answer: 'Llame al 911 o al 103.' });

        expect((await call('DELETE', `${BASE}/viento-zonda`)).status).to.equal(200);
        expect((await call('DELETE', `${BASE}/viento-zonda`)).status).to.equal(404);
        expect((await questions.matchQuestion('que hago si hay zonda')).entry?.id).not.to.equal('viento-zonda');

        const entries = (await call('GET', BASE)).body.entries as Array<{
            id: string;
            origin: string;
            updatedBy?: string;
            updatedAt?: string;
            history?: unknown[];
        }>;
        expect(entries.map((e) => e.id))
            .to.include('bolsas-arena')
            .and.not.include('viento-zonda');
        const numbers = entries.find((e) => e.id === 'numeros-emergencia')!;
        expect(numbers).to.include({ origin: 'edited', updatedBy: SUPERVISOR.username });
        expect(Date.parse(numbers.updatedAt!)).to.be.a('number').and.not.NaN;
        expect(numbers.history).to.have.length(1);

        // Put back: the shipped zonda entry is in force again once a supervisor writes it.
        expect(
            (
                await call('PUT', `${BASE}/viento-zonda`, {
                    title: 'Viento zonda',
                    answer: 'Quédese bajo techo y no haga fuego.',
                    askedAs: ['que hago si hay zonda', 'recomendaciones zonda', 'viene el zonda']
                })
            ).status
        ).to.equal(200);
        expect((await questions.matchQuestion('que hago si hay zonda')).entry?.id).to.equal('viento-zonda');
    });

    it('answers a bad body or id with 400 naming the problem', async () => {
        const bad = await call('PUT', `${BASE}/otra`, { title: 'x', answer: '', askedAs: ['una'] });
        expect(bad.status).to.equal(400);
        expect(bad.body.message).to.contain('title').and.contain('answer').and.contain('askedAs');
        expect((await call('PUT', `${BASE}/Con%20Espacios`, entry)).status).to.equal(400);
        expect((await call('PUT', `${BASE}/otra`, { ...entry, id: 'distinta' })).body.message).to.contain('distinta');
        expect((await call('PUT', `${BASE}/otra`, { ...entry, extra: true })).status).to.equal(400);
        expect((await call('POST', `${BASE}/preview`, { text: '' })).status).to.equal(400);
        expect((await call('POST', `${BASE}/preview`, '{not json')).status).to.equal(400);
    });
});
