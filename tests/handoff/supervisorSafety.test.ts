import { expect } from 'chai';
import { createReadyAccount } from './support/accounts';
import { ApiHarness, call, login, Session, eachTestWithSupervisor } from './support/handoffHarness';

interface Answer {
    status: number;
    code?: string;
    message?: string;
}

/** The line always keeps an active supervisor: nobody takes away their own account, nor the last supervisor's. */
describe('handoff: the line never loses its last supervisor', function () {
    let h: ApiHarness;
    let jefa: Session;

    eachTestWithSupervisor((harness, supervisor) => {
        h = harness;
        jefa = supervisor;
    });

    async function answer(method: string, route: string, who: Session, body?: unknown): Promise<Answer> {
        const response = await call(h.app.url, method, route, { bearer: who.token, body });
        const json = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
        return { status: response.status, ...(json.code ? { code: json.code } : {}), ...(json.message ? { message: json.message } : {}) };
    }

    async function activeSupervisors(): Promise<string[]> {
        const users = (await h.handoff.sessions.listUsers()).filter((user) => user.role === 'supervisor' && user.active);
        return users.map((user) => user.username).sort();
    }

    async function addSupervisor(username: string): Promise<Session> {
        const password = `clave-de-${username}-en-el-cerro`;
        await createReadyAccount(h.app.url, jefa.token, { username, password, role: 'supervisor' });
        return login(h.app.url, username, password);
    }

    it('refuses a supervisor demoting, disabling or deleting their own account under another spelling of the name (409 OwnAccount)', async () => {
        const sup9 = await addSupervisor('sup9');
        const sup8 = await addSupervisor('sup8');
        const attempts: [string, Session, string, string, unknown][] = [
            ['jefa demotes JEFA', jefa, 'PATCH', '/api/operator/users/JEFA', { role: 'operator' }],
            ['sup9 deletes SUP9', sup9, 'DELETE', '/api/operator/users/SUP9', undefined],
            ['sup8 disables " sup8"', sup8, 'PATCH', '/api/operator/users/%20sup8', { active: false }],
            ['sup8 disables Sup8', sup8, 'PATCH', '/api/operator/users/Sup8', { active: false, role: 'supervisor' }]
        ];
        for (const [what, who, method, route, body] of attempts) {
            const got = await answer(method, route, who, body);
            expect(got, what).to.deep.include({ status: 409, code: 'OwnAccount' });
            expect(got.message, what).to.match(/^No puede quitarse el rol de supervisor, desactivar ni borrar su propia cuenta/);
        }
        expect(await activeSupervisors()).to.deep.equal(['jefa', 'sup8', 'sup9']);
        // A change of one's own that takes nothing away still goes through.
        expect((await answer('PATCH', '/api/operator/users/JEFA', jefa, { displayName: 'La Jefa' })).status).to.equal(200);
    });

    it('refuses to take away the last active supervisor, whoever asks: 409 LastSupervisor, said in Spanish', async () => {
        for (const [method, body] of [
            ['PATCH', { role: 'operator' }],
            ['PATCH', { active: false }],
            ['DELETE', undefined]
        ] as const) {
            const got = await answer(method, '/api/operator/users/jefa', jefa, body);
            expect(got, `${method} ${JSON.stringify(body)}`).to.deep.include({ status: 409, code: 'LastSupervisor' });
            expect(got.message).to.equal(
                'No se puede: es el último supervisor activo de la línea. Primero dé el rol de supervisor a otra cuenta activa.'
            );
        }
        // Not through the service either (a caller that is no supervisor at all).
        let refused: unknown;
        await h.handoff.sessions.updateUser('jefa', { active: false }).catch((error: unknown) => (refused = error));
        expect(refused).to.have.property('code', 'LastSupervisor');
        expect(await activeSupervisors()).to.deep.equal(['jefa']);

        // A disabled supervisor is no supervisor: it does not count as the one left.
        const ana = await addSupervisor('ana');
        expect((await answer('PATCH', '/api/operator/users/jefa', ana, { active: false })).status).to.equal(200);
        const jefaBack = await answer('PATCH', '/api/operator/users/jefa', ana, { active: true });
        expect(jefaBack.status).to.equal(200);
        expect((await answer('PATCH', '/api/operator/users/jefa', ana, { role: 'operator' })).status).to.equal(200);
        expect(await activeSupervisors()).to.deep.equal(['ana']);
        expect(await answer('DELETE', '/api/operator/users/ana', ana)).to.deep.include({ status: 409, code: 'LastSupervisor' });
        expect(await activeSupervisors()).to.deep.equal(['ana']);
    });

    for (const [name, first, second] of [
        ['demote each other', { method: 'PATCH', body: { role: 'operator' } }, { method: 'PATCH', body: { role: 'operator' } }],
        ['disable each other', { method: 'PATCH', body: { active: false } }, { method: 'PATCH', body: { active: false } }],
        ['one deletes while the other disables', { method: 'DELETE', body: undefined }, { method: 'PATCH', body: { active: false } }]
    ] as const) {
        it(`keeps one supervisor when the only two ${name} at the same moment: one 200, one 409 LastSupervisor`, async () => {
            const sup2 = await addSupervisor('sup2');
            expect(await activeSupervisors()).to.deep.equal(['jefa', 'sup2']);
            const answers = await Promise.all([
                answer(first.method, '/api/operator/users/sup2', jefa, first.body),
                answer(second.method, '/api/operator/users/jefa', sup2, second.body)
            ]);
            expect(answers.map((a) => a.status).sort(), JSON.stringify(answers)).to.deep.equal([200, 409]);
            expect(answers.find((a) => a.status === 409)).to.include({ code: 'LastSupervisor' });
            expect(await activeSupervisors()).to.have.length(1);
            // The lock was given back: the supervisor left promotes and demotes another at once, as usual.
            const [left] = await activeSupervisors();
            const leftSession = left === 'jefa' ? jefa : sup2;
            await createReadyAccount(h.app.url, leftSession.token, { username: 'nuevo', password: 'clave-del-nuevo-en-el-cerro' });
            expect((await answer('PATCH', '/api/operator/users/nuevo', leftSession, { role: 'supervisor' })).status).to.equal(200);
            expect((await answer('PATCH', '/api/operator/users/nuevo', leftSession, { role: 'operator' })).status).to.equal(200);
        });
    }
});
