import { expect } from 'chai';
import type { AppConfig } from '../../config';
import type { DocumentStoreSettings } from '../../storage/createDocumentStore';
import { LocalCosmosServer } from '../storage/storageTestSupport';
import { ADMIN, LineHarness } from '../support/lineHarness';
import { login } from './support/handoffHarness';

const PHONE = '5493834077001';
const URGENT = 'Socorro, hay una persona atrapada en el agua';

/** An operator's live view (Server-Sent Events) on one instance, read as it arrives. */
class LiveView {
    private received = '';
    private constructor(
        private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
        private readonly abort: AbortController
    ) {}

    static async open(url: string, token: string): Promise<LiveView> {
        const abort = new AbortController();
        const response = await fetch(`${url}/api/operator/events`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
        expect(response.status).to.equal(200);
        const view = new LiveView(response.body!.getReader(), abort);
        await view.waitFor(/: connected/, 5_000);
        return view;
    }

    /** The data of every `type` event so far. */
    events<T>(type: string): T[] {
        return [...this.received.matchAll(new RegExp(`event: ${type.replace('.', '\\.')}\\ndata: (.*)\\n`, 'g'))].map((m) => JSON.parse(m[1]) as T);
    }

    async waitFor(pattern: RegExp, timeoutMs: number): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        while (!pattern.test(this.received)) {
            if (!(await this.readSome(deadline - Date.now()))) {
                throw new Error(`LiveView.waitFor(): no ${String(pattern)} within ${timeoutMs} ms; received ${JSON.stringify(this.received)}`);
            }
        }
    }

    /** Everything that arrives within `ms` (to count events after the first has come). */
    async readFor(ms: number): Promise<void> {
        const deadline = Date.now() + ms;
        while (Date.now() < deadline) await this.readSome(deadline - Date.now());
    }

    private pending: ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']> | undefined;

    /** One chunk, or false when none came within `ms` (the read stays pending for the next call). */
    private async readSome(ms: number): Promise<boolean> {
        this.pending ??= this.reader.read();
        let timer: NodeJS.Timeout | undefined;
        const chunk = await Promise.race([
            this.pending,
            new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), Math.max(0, ms))))
        ]);
        clearTimeout(timer);
        if (!chunk) return false;
        this.pending = undefined;
        if (chunk.done) throw new Error(`LiveView: the stream ended; received ${JSON.stringify(this.received)}`);
        this.received += Buffer.from(chunk.value).toString('utf8');
        return true;
    }

    close(): void {
        this.abort.abort();
    }
}

/**
 * Two instances of the whole line on one Cosmos DB database (the local server, through the real SDK), as behind a
 * load balancer: Meta's webhooks reach instance A, the operator's console is connected to instance B.
 */
describe('the line as two instances on Cosmos DB: an operator sees what the other instance received', function () {
    this.timeout(60_000);
    const cosmos = new LocalCosmosServer();
    let a: LineHarness;
    let b: LineHarness;

    before(async () => {
        await cosmos.start();
        const storage = {
            engine: 'cosmos',
            endpoint: cosmos.endpoint,
            key: Buffer.from('test-key').toString('base64'),
            databaseId: 'two-instances',
            clientOptions: cosmos.clientOptionsForTests(),
            nonAtomicBatchServer: true
        } satisfies DocumentStoreSettings;
        const onCosmos = (config: AppConfig): AppConfig => ({ ...config, storage: storage });
        a = await LineHarness.start(
            { INSTANCE_ID: 'a', STORAGE: 'cosmos', COSMOS_ENDPOINT: cosmos.endpoint, COSMOS_KEY: storage.key, LIVE_EVENTS_POLL_SECONDS: '0.5' },
            onCosmos
        );
        b = await LineHarness.start(
            { INSTANCE_ID: 'b', STORAGE: 'cosmos', COSMOS_ENDPOINT: cosmos.endpoint, COSMOS_KEY: storage.key, LIVE_EVENTS_POLL_SECONDS: '0.5' },
            onCosmos
        );
    });

    after(async () => {
        await b?.stop();
        await a?.stop();
        await cosmos.stop();
    });

    it("raises the critical case on B's live view, carries the citizen's next message there, and B's claim back", async () => {
        const operator = await login(b.url, ADMIN.username, ADMIN.password);
        const onB = await LiveView.open(b.url, operator.token);
        try {
            expect(await a.citizenSays(PHONE, 'Marta', URGENT)).to.equal(200);
            await onB.waitFor(/event: case\.created\n/, 15_000);
            const [created] = onB.events<{ case: { id: string; priority: string; status: string; citizenKey: string } }>('case.created');
            expect(created.case).to.include({ priority: 'critical', status: 'queued' });
            // Three more polls of B's feed: the case must not come again.
            await onB.readFor(1_500);
            expect(onB.events('case.created'), 'one alarm').to.have.length(1);

            // The operator on B takes the case; the citizen writes again, through A.
            const claim = await fetch(`${b.url}/api/operator/cases/${created.case.id}/claim`, {
                method: 'POST',
                headers: { authorization: `Bearer ${operator.token}` }
            });
            expect(claim.status).to.equal(200);
            expect(await a.citizenSays(PHONE, 'Marta', 'estamos en el techo, somos tres')).to.equal(200);
            await onB.waitFor(/estamos en el techo, somos tres/, 15_000);
            await onB.readFor(1_500);
            const messages = onB.events<{ caseId: string; message: { author: string; text?: string } }>('message');
            expect(messages.filter((m) => m.message.text === 'estamos en el techo, somos tres')).to.deep.equal([
                { caseId: created.case.id, message: messages.find((m) => m.message.text === 'estamos en el techo, somos tres')!.message }
            ]);
            expect(messages.find((m) => m.message.text === 'estamos en el techo, somos tres')!.message.author).to.equal('citizen');
        } finally {
            onB.close();
        }

        // And the other way: an operator on A hears B's claim.
        const other = await login(a.url, ADMIN.username, ADMIN.password);
        const onA = await LiveView.open(a.url, other.token);
        try {
            const cases = (await (
                await fetch(`${b.url}/api/operator/cases?status=assigned`, { headers: { authorization: `Bearer ${operator.token}` } })
            ).json()) as { cases: { id: string }[] };
            const caseId = cases.cases[0].id;
            const release = await fetch(`${b.url}/api/operator/cases/${caseId}/release`, {
                method: 'POST',
                headers: { authorization: `Bearer ${operator.token}` }
            });
            expect(release.status).to.equal(200);
            await onA.waitFor(/event: case\.updated\ndata: .*"status":"queued"/, 15_000);
        } finally {
            onA.close();
        }
    });
});
