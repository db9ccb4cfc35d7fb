import { expect } from 'chai';
import { TurnScopedConversationState, TurnScopedStorage, TurnScopedUserState } from '../../adapters/whatsapp/turnTransactionStorage';
import { createReportBot } from '../../bots/createReportBot';
import { createSilentLogger } from '../../common/logger';
import { HandoffRequest, HandoffRequester } from '../../dialogs/handoffRequester';
import { say } from '../../dialogs/texts';
import { STORAGE_RERUNS_BEFORE_APOLOGY, whatsAppRerunsOnStorageFailure, whatsAppTurnErrorHandler } from '../../server/turnErrors';
import { DocumentStore, StorageUnavailableError } from '../../storage/documentStore';
import { ReportRepository } from '../../dialogs/reportRepository';
import { deliveryLine, post, waitFor, webhookBody } from './harness';

const VECINA = '5493834000077';

/** What the citizen read: a text's body, or the body of a message with buttons or a list. */
function textsTo(line: Awaited<ReturnType<typeof deliveryLine>>, phone: string): string[] {
    return line.peer.peer
        .sent()
        .filter((m) => m.recipient === phone)
        .map((m) => {
            const body = m.body as { text?: { body?: string }; interactive?: { body?: { text?: string } } };
            return body.text?.body ?? body.interactive?.body?.text ?? '';
        });
}

/** Records each request for a person; the first `failures` calls fail as storage does when it is briefly unreachable. */
class FlakyRequester implements HandoffRequester {
    readonly recorded: HandoffRequest[] = [];
    calls = 0;
    constructor(private failures: number) {}
    async requestHandoff(request: HandoffRequest): Promise<void> {
        this.calls++;
        if (this.failures > 0) {
            this.failures--;
            throw new StorageUnavailableError('FlakyRequester.requestHandoff()', new Error('connection reset'));
        }
        this.recorded.push(request);
    }
}

/**
 * The report bot as the line runs it on WhatsApp (turn-scoped state, the line's onTurnError), with storage failing
 * for a moment under an urgent request for a person.
 */
describe('WhatsApp: a storage blip while an urgent case asks for a person', () => {
    let close: (() => Promise<void>) | undefined;
    afterEach(async () => {
        await close?.();
        close = undefined;
    });

    async function lineWithReportBot(requester: HandoffRequester, reports?: (store: DocumentStore) => ReportRepository) {
        const line = await deliveryLine({ prefix: 'wa-blip', adapter: { turnRetryDelayMs: 20 } });
        close = () => line.close();
        const storage = new TurnScopedStorage();
        const conversationState = new TurnScopedConversationState(storage);
        const { bot } = createReportBot({
            store: line.store,
            logger: createSilentLogger(),
            handoffRequester: requester,
            ...(reports ? { reports: reports(line.store) } : {}),
            states: { conversationState, userState: new TurnScopedUserState(storage) },
            rerunsOnStorageFailure: whatsAppRerunsOnStorageFailure
        });
        line.adapter.onTurnError = whatsAppTurnErrorHandler(createSilentLogger(), conversationState);
        await line.adapter.start((context) => bot.run(context));
        return line;
    }

    it('runs the message again and records the request, instead of apologising and losing it', async () => {
        const requester = new FlakyRequester(2);
        const line = await lineWithReportBot(requester);
        await post(line.server.url, webhookBody([[{ from: VECINA, id: 'wamid.u1', text: 'Socorro, se incendia mi casa y hay chicos adentro' }]]));
        await waitFor('the request for a person', () => requester.recorded.length === 1);
        await line.adapter.whenIdle();
        await waitFor('the answer', () => textsTo(line, VECINA).length > 0);
        expect(requester.calls).to.equal(3);
        expect(requester.recorded[0]).to.include({ reason: 'urgent', priority: 'critical', citizenKey: VECINA });
        const replies = textsTo(line, VECINA).join('\n');
        expect(replies).to.include(say('handoffUrgent'));
        expect(replies).not.to.include(say('storageError'));
    });

    it('gives the urgent notice and the phone numbers once storage has failed under the message a few times', async () => {
        const requester = new FlakyRequester(Number.MAX_SAFE_INTEGER);
        const line = await lineWithReportBot(requester);
        await post(line.server.url, webhookBody([[{ from: VECINA, id: 'wamid.u2', text: 'Socorro, se incendia mi casa y hay chicos adentro' }]]));
        await waitFor('an answer', () => textsTo(line, VECINA).length > 0, 10_000);
        await line.adapter.whenIdle();
        expect(requester.calls).to.equal(STORAGE_RERUNS_BEFORE_APOLOGY + 1);
        const replies = textsTo(line, VECINA).join('\n');
        expect(replies).to.include(say('handoffUrgent')).and.include(say('storageError'));
    });

    it('saves a finished report on the next run when storage failed as it was saved, and gives its number', async () => {
        const requester = new FlakyRequester(0);
        const reports: FlakyReports[] = [];
        const line = await lineWithReportBot(requester, (store) => {
            const repository = new FlakyReports(store, 1);
            reports.push(repository);
            return repository;
        });
        const script = ['hola', 'María Pérez', 'valle viejo', 'Calle Güemes 123, frente a la plaza', 'Inundación', 'No tengo foto', 'Sí, enviar'];
        for (const [i, text] of script.entries()) {
            const before = textsTo(line, VECINA).length;
            await post(line.server.url, webhookBody([[{ from: VECINA, id: `wamid.r${i}`, text }]]));
            await waitFor(`the answer to "${text}"`, () => textsTo(line, VECINA).length > before);
            await line.adapter.whenIdle();
        }
        const replies = textsTo(line, VECINA).join('\n');
        expect(reports[0].failed).to.equal(1);
        expect(replies).to.include('Su reporte fue registrado').and.include('Número: DC-');
        expect(replies).not.to.include(say('reportNotSaved'));
        expect(await reports[0].listByCitizen(VECINA)).to.have.length(1);
        expect(requester.recorded).to.have.length(1);
        expect(requester.recorded[0].reportId).to.match(/^DC-/);
    });
});

/** Reports saved in real storage; the first `failures` saves fail as storage does when briefly unreachable. */
class FlakyReports extends ReportRepository {
    failed = 0;
    constructor(
        store: DocumentStore,
        private failures: number
    ) {
        super(store);
    }
    override async create(report: Parameters<ReportRepository['create']>[0]) {
        if (this.failures > 0) {
            this.failures--;
            this.failed++;
            throw new StorageUnavailableError('FlakyReports.create()', new Error('connection reset'));
        }
        return super.create(report);
    }
}
