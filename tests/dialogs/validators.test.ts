import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { expect } from 'chai';
import { Activity, ConversationState } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { createSilentLogger } from '../../common/logger';
import { NoAnswersYet } from '../../dialogs/citizenQuestions';
import { AlertsNotAvailableYet } from '../../dialogs/alertSubscriptionCommands';
import { CitizenProfileRepository } from '../../dialogs/citizenProfileRepository';
import { HandoffRequestRepository } from '../../dialogs/handoffRequestRepository';
import { ConversationLog, ConversationLogEntry } from '../../dialogs/conversationLog';
import { ReportDialog } from '../../dialogs/reportDialog';
import { ReportDraft } from '../../dialogs/report';
import { ReportRepository } from '../../dialogs/reportRepository';
import { DocumentStoreStorage } from '../../storage/botStateStorage';
import { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { FIXED_NOW, whatsapp } from './support/reportBotHarness';

type Say = string | Partial<Activity>;

/** Each validator: the answers that bring ReportDialog to its question, then [answer, the reply must contain]. */
const VALIDATOR_TABLES: { validator: string; before: Say[]; rows: [Say, string][] }[] = [
    {
        validator: 'name',
        before: [],
        rows: [
            ['hola', 'No entendí su nombre'],
            ['1234', 'No entendí su nombre'],
            ['?', 'Le hago unas preguntas'],
            ['Me llamo Rosa Vega', 'Rosa, ¿en qué departamento']
        ]
    },
    {
        validator: 'department',
        before: ['Rosa'],
        rows: [
            ['chacabuco', 'No encontré ese departamento'],
            [whatsapp.location(-34.6, -58.38), 'fuera de Catamarca'],
            ['fray mamerto', '¿Dónde es exactamente?']
        ]
    },
    {
        validator: 'department (by number)',
        before: ['Rosa'],
        rows: [
            ['17', 'del 1 al 16'],
            ['7', '¿Dónde es exactamente?']
        ]
    },
    {
        validator: 'location',
        before: ['Rosa', 'Belén'],
        rows: [
            ['a', 'Envíe su ubicación o escriba la dirección'],
            ['no', 'Envíe su ubicación o escriba la dirección'],
            ['Barrio 20 casas, casa 4', '¿Qué tipo de emergencia es?']
        ]
    },
    {
        validator: 'emergency type',
        before: ['Rosa', 'Belén', 'Barrio Norte'],
        rows: [
            ['hola', 'No entendí el tipo de emergencia'],
            ['99', 'No entendí el tipo de emergencia'],
            ['se volaron los techos con el zonda', '¿Puede enviar una foto?']
        ]
    },
    {
        validator: 'photo',
        before: ['Rosa', 'Belén', 'Barrio Norte', 'Temporal o viento'],
        rows: [
            ['tal vez', 'Envíe una foto, o toque "No tengo foto"'],
            [whatsapp.voiceNote(), 'no puedo escuchar audios']
        ]
    },
    {
        validator: 'confirmation',
        before: ['Rosa', 'Belén', 'Barrio Norte', 'Temporal o viento', 'sin foto'],
        rows: [
            ['quizás', 'Toque "Sí, enviar"'],
            ['No', '¿Qué dato quiere corregir?']
        ]
    },
    {
        validator: 'correction field',
        before: ['Rosa', 'Belén', 'Barrio Norte', 'Temporal o viento', 'sin foto', 'Corregir'],
        rows: [
            ['todo', 'Elija el dato que quiere corregir'],
            ['la dirección', '¿Dónde es exactamente?']
        ]
    }
];

describe('dialogs: validators (DialogTestClient on ReportDialog, SQLite state)', () => {
    let dir: string;
    let store: SqliteDocumentStore;
    let client: DialogTestClient;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialogs-validators-'));
        store = SqliteDocumentStore.open({ file: path.join(dir, 'line.db') });
        const conversationState = new ConversationState(new DocumentStoreStorage(store));
        const dialog = new ReportDialog({
            draftAccessor: conversationState.createProperty<ReportDraft>('reportDraft'),
            reports: new ReportRepository(store),
            profiles: new CitizenProfileRepository(store),
            handoffRequester: new HandoffRequestRepository(store),
            alertCommands: new AlertsNotAvailableYet(),
            questions: new NoAnswersYet(),
            conversationLog: new ConversationLog(conversationState.createProperty<ConversationLogEntry[]>('conversationLog'), () => FIXED_NOW, 6),
            logger: createSilentLogger(),
            clock: () => FIXED_NOW,
            lastActivityAccessor: conversationState.createProperty<string>('lastActivityAt'),
            staleAfterHours: 6,
            rerunsOnStorageFailure: () => false
        });
        client = new DialogTestClient('test', dialog, undefined, [], conversationState);
    });
    afterEach(async () => {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    /** Sends one message and returns the texts of every reply of that turn. */
    async function send(message: Say): Promise<string> {
        const texts: string[] = [];
        const first = await client.sendActivity(message);
        for (let reply = first; reply; reply = client.getNextReply()) texts.push(reply.text ?? '');
        return texts.join('\n');
    }

    for (const { validator, before, rows } of VALIDATOR_TABLES) {
        it(`the ${validator} validator`, async () => {
            expect(await send('hola')).to.include('¿Cuál es su nombre?');
            for (const message of before) await send(message);
            for (const [message, expected] of rows) {
                expect(await send(message), `answer ${JSON.stringify(message)}`).to.include(expected);
            }
        });
    }

    it('the photo validator accepts an image and the skip button', async () => {
        for (const message of ['hola', 'Rosa', 'Belén', 'Barrio Norte', 'Temporal o viento']) await send(message);
        expect(await send(whatsapp.image())).to.include('Foto: sí');
        await send('Corregir');
        await send('Foto');
        expect(await send('No tengo foto')).to.include('Foto: no');
    });
});
