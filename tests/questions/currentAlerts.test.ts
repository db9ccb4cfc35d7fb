import { expect } from 'chai';
import * as path from 'path';
import { BroadcastRepository } from '../../alerts/broadcastRepository';
import type { Broadcast } from '../../alerts/types';
import { createSilentLogger } from '../../common/logger';
import { SessionService } from '../../handoff/auth/sessionService';
import { createQuestions, Questions, untilText } from '../../questions';
import { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { makeTempDir } from '../support/tempDir';

const DEPT = { belen: '10035', tinogasta: '10105', capital: '10049' };
/** Thursday 10 December 2026, 15:00 in Catamarca (UTC-3). */
const NOW = new Date('2026-12-10T18:00:00Z');
const hoursFromNow = (hours: number): string => new Date(NOW.getTime() + hours * 3_600_000).toISOString();

function broadcast(id: string, fields: Partial<Broadcast>): Broadcast {
    return {
        id,
        source: 'api',
        level: 'amarillo',
        phenomenon: 'Tormentas',
        departments: [DEPT.belen],
        wholeProvince: false,
        text: 'Evite cruzar ríos y badenes.',
        validUntil: hoursFromNow(6),
        state: 'completed',
        createdAt: hoursFromNow(-1),
        createdBy: 'supervisora',
        ...fields
    };
}

describe('Questions: "¿hay alerta en …?" from the broadcasts the line stands behind', () => {
    let temp: ReturnType<typeof makeTempDir>;
    let store: SqliteDocumentStore;
    let questions: Questions;

    before(async () => {
        temp = makeTempDir('questions-alerts');
        store = SqliteDocumentStore.open({ file: path.join(temp.dir, 'line.sqlite') });
        const repository = new BroadcastRepository(store);
        for (const b of [
            broadcast('zonda-belen', {
                level: 'naranja',
                phenomenon: 'Viento Zonda',
                text: 'Cierre puertas y ventanas. No haga fuego.',
                validUntil: '2026-12-12T21:00:00Z',
                state: 'sending'
            }),
            broadcast('expired-belen', { phenomenon: 'Lluvias', validUntil: hoursFromNow(-2) }),
            broadcast('waiting-belen', { source: 'cap', level: 'rojo', phenomenon: 'Granizo', state: 'awaiting_approval' }),
            broadcast('cancelled-belen', { phenomenon: 'Nevadas', state: 'cancelled' }),
            broadcast('approved-tinogasta', {
                phenomenon: 'Tormentas',
                departments: [DEPT.tinogasta],
                state: 'preparing',
                approvedBy: 'jefa',
                validUntil: hoursFromNow(20)
            })
        ])
            expect(await repository.create(b)).to.equal(true);
        questions = createQuestions({
            store,
            logger: createSilentLogger(),
            auth: { sessions: {} as SessionService },
            now: () => NOW
        });
    });
    after(async () => {
        await store.close();
        temp.remove();
    });

    it('tells the alert in force for the department asked about, with level, phenomenon, validity and advice', async () => {
        const answer = await questions.answerAlertsQuery({ departmentId: DEPT.belen });
        expect(answer.broadcastIds).to.deep.equal(['zonda-belen']);
        expect(answer.text)
            .to.contain('Alertas vigentes para Belén:')
            .and.contain('Alerta NARANJA por viento zonda, hasta el sábado 12 a las 18:00.')
            .and.contain('Cierre puertas y ventanas. No haga fuego.');
        expect(answer.scope).to.deep.equal({ kind: 'department', departmentIds: [DEPT.belen] });
    });

    it('leaves out expired, awaiting-approval and cancelled alerts', async () => {
        const answer = await questions.answerAlertsQuery({ departmentId: DEPT.belen });
        expect(answer.text)
            .not.to.contain('Lluvias')
            .and.not.to.contain('lluvias')
            .and.not.to.contain('granizo')
            .and.not.to.contain('ROJA')
            .and.not.to.contain('nevadas');
    });

    it('says there are none for another department, and reads the department from the question', async () => {
        const none = await questions.answerAlertsQuery({ departmentId: DEPT.capital });
        expect(none.text).to.equal('No hay alertas vigentes para Capital.');
        expect(none.broadcastIds).to.deep.equal([]);
        const asked = await questions.answerAlertsQuery({ text: '¿Hay alerta en Belén?' });
        expect(asked.broadcastIds).to.deep.equal(['zonda-belen']);
    });

    it("answers for the subscription's departments, or the whole province; offers to subscribe only to those who are not", async () => {
        const mine = await questions.answerAlertsQuery({
            subscription: { active: true, departments: [DEPT.tinogasta, DEPT.capital], wholeProvince: false }
        });
        expect(mine.text)
            .to.contain('Alertas vigentes para sus departamentos (Tinogasta y Capital):')
            .and.contain('Alerta AMARILLA por tormentas en Tinogasta, hasta mañana a las 11:00.');
        expect(mine.subscribeOffer).to.equal(undefined);
        const all = await questions.answerAlertsQuery({ text: 'qué alertas hay' });
        expect(all.broadcastIds).to.deep.equal(['zonda-belen', 'approved-tinogasta']);
        expect(all.text).to.contain('Alertas vigentes en la provincia de Catamarca:').and.contain('en Belén,');
        expect(all.subscribeOffer).to.contain('ALERTAS');
        const later = await questions.answerAlertsQuery({ departmentId: DEPT.belen, now: new Date('2026-12-13T00:00:00Z') });
        expect(later.text).to.equal('No hay alertas vigentes para Belén.');
    });

    it("writes validity in Catamarca's time", () => {
        expect(untilText('2026-12-10T23:30:00Z', NOW)).to.equal('hasta hoy a las 20:30');
        expect(untilText('2026-12-11T03:30:00Z', NOW)).to.equal('hasta mañana a las 00:30');
        expect(untilText('2026-12-30T12:00:00Z', NOW)).to.equal('hasta el miércoles 30 de diciembre a las 09:00');
    });
});
