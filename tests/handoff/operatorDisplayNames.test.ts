import { expect } from 'chai';
import { ApiHarness, call, eachTestWithSupervisor, Session } from './support/handoffHarness';

/**
 * An operator's display name is shown in every console and by every client of the API: control, zero-width and
 * bidi characters (U+202E reversed the labels after it) are dropped when it is saved, and a name of nothing else is
 * refused.
 */
describe('handoff: operator display names are plain visible text', function () {
    let h: ApiHarness;
    let jefa: Session;
    eachTestWithSupervisor((harness, supervisor) => {
        h = harness;
        jefa = supervisor;
    });

    it('drops invisible and bidi characters on create and on change, and refuses a name of only those', async () => {
        const created = await call(h.app.url, 'POST', '/api/operator/users', {
            bearer: jefa.token,
            body: { username: 'op1', password: 'cerro-ambato-lluvia-9', role: 'operator', displayName: 'Op\u202Eerador\u0000 Uno' }
        });
        expect(created.status).to.equal(201);
        expect(((await created.json()) as { user: { displayName: string } }).user.displayName).to.equal('Operador Uno');
        const changed = await call(h.app.url, 'PATCH', '/api/operator/users/op1', {
            bearer: jefa.token,
            body: { displayName: '\u2067Ana\u2069 Díaz\u200B' }
        });
        expect(((await changed.json()) as { user: { displayName: string } }).user.displayName).to.equal('Ana Díaz');
        const empty = await call(h.app.url, 'PATCH', '/api/operator/users/op1', { bearer: jefa.token, body: { displayName: '\u200B\u202E' } });
        expect(empty.status).to.equal(400);
    });
});
