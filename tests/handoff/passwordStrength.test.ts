import { expect } from 'chai';
import { randomBytes } from 'crypto';
import { sharedPasswordStrength } from '../../handoff/auth/passwordStrength';
import { createReadyAccount } from './support/accounts';
import { ApiHarness, call, login, Session, eachTestWithSupervisor } from './support/handoffHarness';

/** Words of Spain's "tú" the library's own translation uses; the line speaks Argentine Spanish with "usted". */
const TU_FORMS = /\b(Evita|Evitas|Añade|Usa|Escribe|Puedes|tu|tus|contigo)\b/;

/** One rule for every password set through the API: strength 3 of 4, refusals explained in Spanish (usted). */
describe('handoff: passwords easy to guess are refused, and the operator is told why', function () {
    let h: ApiHarness;
    let jefa: Session;

    eachTestWithSupervisor((harness, supervisor) => {
        h = harness;
        jefa = supervisor;
    });

    async function refusal(route: string, method: string, who: Session, body: unknown): Promise<string> {
        const response = await call(h.app.url, method, route, { bearer: who.token, body });
        const json = (await response.json()) as { code: string; message: string };
        expect(response.status, `${method} ${route} ${JSON.stringify(body)}: ${json.message}`).to.equal(400);
        expect(json.code).to.equal('WeakPassword');
        expect(json.message).to.match(/^La contraseña es demasiado fácil de adivinar\. /);
        expect(json.message).to.not.match(TU_FORMS);
        return json.message;
    }

    it('refuses a new account whose password is a repetition, a common number, the username or the institution (400 WeakPassword)', async () => {
        const cases: [string, Record<string, string>, RegExp][] = [
            [
                'ten times the same letter',
                { username: 'luis', password: 'aaaaaaaaaa' },
                /Los caracteres repetidos, como "aaa", son fáciles de adivinar\./
            ],
            ['digits in a row', { username: 'luis', password: '1234567890' }, /Es una contraseña muy usada\./],
            [
                'the username itself',
                { username: 'operador.luis', password: 'operador.luis' },
                /No use su usuario, su nombre ni el nombre de la institución/
            ],
            [
                'the display name and a year',
                { username: 'luis', password: 'luisperez2024', displayName: 'Luis Pérez' },
                /No use su usuario, su nombre/
            ],
            [
                'the institution and a year',
                { username: 'luis', password: 'defensacivil2024' },
                /No use su usuario, su nombre ni el nombre de la institución \(Defensa Civil, Catamarca\)\./
            ],
            ['the province', { username: 'luis', password: 'Catamarca2024!' }, /Defensa Civil, Catamarca/]
        ];
        for (const [what, body, reason] of cases) {
            expect(await refusal('/api/operator/users', 'POST', jefa, body), what).to.match(reason);
        }
        expect((await h.handoff.sessions.listUsers()).map((user) => user.username)).to.deep.equal(['jefa']);
        // Words that are hard to guess together pass.
        const created = await call(h.app.url, 'POST', '/api/operator/users', {
            bearer: jefa.token,
            body: { username: 'luis', password: 'zonda-sobre-el-ambato' }
        });
        expect(created.status).to.equal(201);
    });

    it('refuses the same passwords when a supervisor sets one and when an operator changes their own', async () => {
        await createReadyAccount(h.app.url, jefa.token, { username: 'luis', password: 'operador-luis-1', displayName: 'Luis Pérez' });
        await refusal('/api/operator/users/luis', 'PATCH', jefa, { password: 'aaaaaaaaaa' });
        await refusal('/api/operator/users/luis', 'PATCH', jefa, { password: 'luis1234567' });
        const luis = await login(h.app.url, 'luis', 'operador-luis-1');
        await refusal('/api/operator/password', 'POST', luis, { currentPassword: 'operador-luis-1', newPassword: '1234567890' });
        await refusal('/api/operator/password', 'POST', luis, { currentPassword: 'operador-luis-1', newPassword: 'perezperez99' });
        // Nothing changed: the old password still opens the console.
        expect(
            (await call(h.app.url, 'GET', '/api/operator/cases', { bearer: (await login(h.app.url, 'luis', 'operador-luis-1')).token })).status
        ).to.equal(200);
        const changed = await call(h.app.url, 'POST', '/api/operator/password', {
            bearer: luis.token,
            body: { currentPassword: 'operador-luis-1', newPassword: 'la-chacarera-del-rancho' }
        });
        expect(changed.status).to.equal(200);
        expect(
            (await call(h.app.url, 'POST', '/api/operator/login', { body: { username: 'luis', password: 'la-chacarera-del-rancho' } })).status
        ).to.equal(200);
    });

    it('judges only the first 128 characters of a long password (the estimate grows fast with length)', async () => {
        const strong = 'el-zonda-baja-del-ambato-y-levanta-polvo-en-la-plaza';
        // Weak in its first 128 characters: refused, whatever follows.
        await refusal('/api/operator/users', 'POST', jefa, { username: 'ana', password: `${'a'.repeat(128)}${strong}` });
        // Strong in its first 128: taken, up to the API's 200 characters.
        const long = `${strong}-${'b'.repeat(199 - strong.length)}`;
        expect(long).to.have.length(200);
        const created = await call(h.app.url, 'POST', '/api/operator/users', { bearer: jefa.token, body: { username: 'ana', password: long } });
        expect(created.status, await created.clone().text()).to.equal(201);
    });
});

describe('handoff: the password estimate stays out of the event loop', function () {
    it('judges in a worker thread: the event loop keeps turning while a long random password is judged', async () => {
        // 128 random characters: the slowest kind of input the estimate gets (a second or more of CPU).
        const password = randomBytes(96).toString('base64');
        let settled = false;
        const verdict = sharedPasswordStrength()
            .judge(password, ['luis'])
            .finally(() => (settled = true));
        let turns = 0;
        while (!settled && turns < 3) {
            await new Promise((resolve) => setImmediate(resolve));
            turns++;
        }
        expect(settled, 'the verdict came before the event loop could turn: the estimate ran on it').to.equal(false);
        expect(await verdict).to.deep.equal({ acceptable: true, score: 4 });
    });
});
