import { expect } from 'chai';
import { Activity, ActivityTypes } from 'botbuilder';
import { createSilentLogger } from '../../common/logger';
import { RequestDialog } from '../../requests/requestDialog';
import type { ServiceRequest } from '../../requests/types';
import { ReportBotHarness } from '../dialogs/support/reportBotHarness';
import { RequestService } from '../../requests/requestService';
import { HandClock, serviceOn } from './support/requestFixtures';

/** The whole bot (createReportBot) with the request form wired, on a real SQLite file, through botbuilder's TestAdapter. */
class FormHarness {
    private constructor(
        readonly bot: ReportBotHarness,
        readonly service: RequestService
    ) {}

    static async start(profileName?: string): Promise<FormHarness> {
        let service: RequestService | undefined;
        const bot = await ReportBotHarness.start({
            requestForms: (store) => {
                const clock = new HandClock();
                service = serviceOn(store, clock, async () => clock.now()).service;
                const requests = service;
                return {
                    createDialog: (protocol, dialogId) =>
                        new RequestDialog(
                            {
                                requests,
                                logger: createSilentLogger(),
                                ...(profileName ? { profiles: { get: async () => ({ name: profileName }) } } : {})
                            },
                            protocol,
                            dialogId
                        )
                };
            }
        });
        return new FormHarness(bot, service!);
    }

    /** Sends one message; the replies' texts joined, and the buttons offered. */
    async say(message: string | Partial<Activity>): Promise<{ text: string; buttons: string[] }> {
        const replies = await this.bot.send(message);
        return {
            text: replies.map((r) => r.text ?? '').join('\n'),
            buttons: replies.flatMap((r) => (r.suggestedActions?.actions ?? []).map((a) => a.title ?? ''))
        };
    }

    async saved(): Promise<ServiceRequest[]> {
        return (await this.service.list({})).requests;
    }
}

describe('requests: the request form (dialog)', function () {
    let form: FormHarness;
    afterEach(async function () {
        await form.bot.stop();
    });

    it('takes a request written as a first message: name, department, address, photo, summary, saved with its number', async function () {
        form = await FormHarness.start();
        const opening = await form.say('quiero pedir una poda del arbol de la vereda');
        expect(opening.text).to.include('Defensa Civil Catamarca').and.include('Vamos a registrar su solicitud').and.include('¿Cuál es su nombre?');
        expect((await form.say('María Gómez')).text).to.include('¿En qué departamento es?');
        expect((await form.say('Capital')).text).to.include('¿Cuál es la dirección?');
        // The first message named the kind and said what is asked: neither is asked again.
        const photo = await form.say('Barrio 920 Viviendas, manzana 4 casa 12');
        expect(photo.buttons).to.deep.equal(['Sin foto']);
        const summary = await form.say('Sin foto');
        expect(summary.text)
            .to.include('Nombre: María Gómez')
            .and.include('Departamento: Capital')
            .and.include('Pedido: Poda')
            .and.include('Detalle: quiero pedir una poda del arbol de la vereda')
            .and.include('Foto: no');
        expect(summary.buttons).to.deep.equal(['Enviar', 'Corregir']);
        const saved = await form.say('Enviar');
        expect(saved.text).to.match(/^Su solicitud quedó registrada con el número SOL-[A-Z2-9]{4}\./);
        const [stored] = await form.saved();
        expect(stored).to.include({
            citizenKey: 'citizen-1',
            channelId: 'whatsapp',
            name: 'María Gómez',
            departmentName: 'Capital',
            address: 'Barrio 920 Viviendas, manzana 4 casa 12',
            requestKind: 'poda',
            state: 'recibida'
        });
        expect(saved.text).to.include(stored.id);
        expect(stored.photo).to.equal(undefined);
        // Nothing went to the emergency side.
        expect(await form.bot.reportsOf()).to.deep.equal([]);
        expect(await form.bot.handoffsOf()).to.deep.equal([]);
    });

    it('reaches the form from the greeting\'s button, skips the name it knows, and "Corregir" starts over', async function () {
        form = await FormHarness.start('Jorge Díaz');
        const greeting = await form.say('hola');
        expect(greeting.buttons).to.deep.equal(['Reportar emergencia', 'Consultar alertas', 'Consulta o pedido']);
        expect((await form.say('Consulta o pedido')).text).to.include('Escriba su consulta o su pedido');
        expect((await form.say('se volo el techo con la tormenta, necesitamos chapas')).text).to.include('¿En qué departamento es?');
        expect((await form.say('no sé')).text).to.include('No reconocí el departamento');
        await form.say('Valle Viejo');
        const photo = await form.say('Ruta 38 km 5, frente a la escuela');
        expect(photo.buttons).to.deep.equal(['Sin foto']);
        const summary = await form.say({
            type: ActivityTypes.Message,
            attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://line.example/media/abc', name: 'techo.jpg' }]
        });
        expect(summary.text).to.include('Nombre: Jorge Díaz').and.include('Pedido: Materiales').and.include('Foto: sí');
        expect((await form.say('Corregir')).text).to.include('¿En qué departamento es?');
        await form.say('Capital');
        await form.say('Esquiú 500');
        await form.say('3');
        await form.say('Revisar una pared rajada');
        await form.say({ type: ActivityTypes.Message, attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://line.example/media/def' }] });
        const saved = await form.say('sí');
        expect(saved.text).to.include('Su solicitud quedó registrada con el número SOL-');
        const [stored] = await form.saved();
        expect(stored).to.include({ name: 'Jorge Díaz', requestKind: 'inspeccion', description: 'Revisar una pared rajada', address: 'Esquiú 500' });
        expect(stored.photo).to.deep.equal({ contentType: 'image/jpeg', contentUrl: 'https://line.example/media/def' });
    });

    it('hands over at once when an emergency is written in the middle of the form', async function () {
        form = await FormHarness.start('Jorge Díaz');
        await form.say('necesito que limpien la acequia de mi cuadra');
        const urgent = await form.say('ayuda se cayo el arbol arriba de mi hijo y no se mueve');
        expect(urgent.text).to.include('103');
        const [handoff] = await form.bot.handoffsOf();
        expect(handoff).to.include({ reason: 'urgent', priority: 'critical' });
        expect(await form.saved()).to.deep.equal([]);
    });

    it('gives a request it cannot read three times to a person as a "consulta"', async function () {
        form = await FormHarness.start('Jorge Díaz');
        await form.say('quiero pedir una inspeccion de mi casa');
        await form.say('asdf');
        await form.say('zzz');
        const last = await form.say('xyz');
        expect(last.text).to.include('Su consulta quedó registrada');
        const [handoff] = await form.bot.handoffsOf();
        expect(handoff).to.include({ reason: 'consulta', priority: 'normal' });
    });
});
