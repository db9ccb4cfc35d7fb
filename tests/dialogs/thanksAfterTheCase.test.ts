import { expect } from 'chai';
import { ReportBotHarness } from './support/reportBotHarness';

const REPORT = ['hola', 'Ana Díaz', 'capital', 'Av. Belgrano 900', 'Derrumbe', 'no tengo', 'Sí, enviar'];

/**
 * after the report was handed over (and the operator closed the case or gave it back to the
 * bot, which leaves no dialog running), thanks and emoji get a short "De nada", not a new report.
 */
describe('dialogs: thanks after the case', () => {
    let h: ReportBotHarness;
    beforeEach(async () => {
        h = await ReportBotHarness.start();
    });
    afterEach(async () => {
        await h.stop();
    });

    const courtesy = [
        'gracias',
        'Muchas gracias por todo!',
        'ok',
        '👍',
        'Gracias 🙏',
        '🙏🙏',
        'ok gracias',
        'dale, muchas gracias',
        'listo, gracias por la ayuda',
        'Mil gracias ❤️'
    ];
    for (const message of courtesy) {
        it(`"${message}" after a handed-over report gets "De nada" and starts no report`, async () => {
            for (const m of REPORT) await h.send(m);
            const reply = await h.say(message);
            expect(reply).to.include('De nada');
            expect(reply).to.not.include('¿Cuál es su nombre?').and.not.include('¿Es usted').and.not.include('le responde Defensa Civil');
            // Nothing was started: the next message opens a report as usual.
            expect(await h.say('hola'))
                .to.include('le responde Defensa Civil Catamarca')
                .and.include('¿Es usted Ana Díaz');
            expect(await h.reportsOf()).to.have.length(1);
            expect(await h.handoffsOf()).to.have.length(1);
        });
    }

    it('after an urgent handover too', async () => {
        await h.send('hola');
        await h.send('hay gente atrapada');
        expect(await h.say('gracias'))
            .to.include('De nada')
            .and.not.include('¿Cuál es su nombre?');
        expect(await h.handoffsOf()).to.have.length(1);
    });

    for (const message of ['no, gracias', 'No gracias', 'nada más', 'No, nada más, gracias', '❤️', '😊', '🙂👏']) {
        it(`"${message}" soon after the case is thanks too`, async () => {
            for (const m of REPORT) await h.send(m);
            h.advanceClock({ hours: 2 });
            expect(await h.say(message))
                .to.include('De nada')
                .and.not.include('le responde Defensa Civil');
        });
    }

    for (const message of ['🆘', '🔥🔥🏠']) {
        it(`"${message}" after the case is a cry for help: a person is asked for at once`, async () => {
            for (const m of REPORT) await h.send(m);
            expect(await h.say(message))
                .to.include('Entiendo que es urgente')
                .and.not.include('De nada');
        });
    }

    for (const message of ['😭😭', '👋']) {
        it(`"${message}" after the case is not thanks: it starts a report`, async () => {
            for (const m of REPORT) await h.send(m);
            expect(await h.say(message))
                .to.include('le responde Defensa Civil Catamarca')
                .and.include('¿Es usted Ana Díaz')
                .and.not.include('De nada');
        });
    }

    it('thanks more than 6 hours after the case starts a report like any message', async () => {
        for (const m of REPORT) await h.send(m);
        h.advanceClock({ hours: 6, minutes: 1 });
        expect(await h.say('gracias'))
            .to.include('le responde Defensa Civil Catamarca')
            .and.include('¿Es usted Ana Díaz')
            .and.not.include('De nada');
    });

    for (const message of ['gracias, se cayó un árbol en la calle', 'hola, gracias', 'ok, hay un derrumbe']) {
        it(`"${message}" says more than thanks: it starts a report`, async () => {
            for (const m of REPORT) await h.send(m);
            expect(await h.say(message))
                .to.include('le responde Defensa Civil Catamarca')
                .and.not.include('De nada');
        });
    }
});

/**
 * Review (regression of the thanks reply): a frightened citizen's first message may be only an emoji or a word.
 * With no case behind it, it is greeted and the report starts; "De nada" is only for thanks after a case.
 */
describe('dialogs: a first message of one word or only emoji starts the report', () => {
    let h: ReportBotHarness;
    beforeEach(async () => {
        h = await ReportBotHarness.start();
    });
    afterEach(async () => {
        await h.stop();
    });

    // a house on fire in emoji is a home on fire now (language/corpus/README.md: urgent)
    for (const message of ['🆘', '🔥🔥🏠']) {
        it(`"${message}" as the very first message is a cry for help: a person is asked for at once`, async () => {
            expect(await h.say(message))
                .to.include('Entiendo que es urgente')
                .and.include('911');
            expect((await h.handoffsOf())[0]).to.include({ reason: 'urgent', priority: 'critical' });
        });
    }

    for (const message of ['😭😭', '👋', 'Bueno', 'ok', 'gracias', '👍', 'no, gracias']) {
        it(`"${message}" as the very first message is greeted and asked the first question`, async () => {
            const reply = await h.say(message);
            expect(reply).to.include('le responde Defensa Civil Catamarca').and.include('¿Cuál es su nombre?').and.not.include('De nada');
            expect(await h.say('Rosa Díaz')).to.include('Rosa, ¿en qué departamento');
        });
    }

    it('a cancelled report is no case: "gracias" after it starts a report', async () => {
        for (const m of ['hola', 'Ana Díaz', 'cancelar']) await h.send(m);
        expect(await h.say('gracias'))
            .to.include('le responde Defensa Civil Catamarca')
            .and.not.include('De nada');
    });
});
