import { expect } from 'chai';
import { spawn } from 'child_process';
import * as path from 'path';
import { LeaseDoc } from '../../adapters/whatsapp/conversationLease';
import { recordInbound } from '../../adapters/whatsapp/inbox';
import { parseWebhook } from '../../adapters/whatsapp/webhookParser';
import type { CollectionName, NewDocument, StoredDocument, WriteCondition } from '../../storage/documentStore';
import { ForwardingStore } from '../support/forwardingStore';
import { EchoBot, deliveryLine, sqliteStore, waitFor, webhookBody } from './harness';

/** The other instance's store: counts its reads of leases (once each has come back) and its lease writes. */
class LeaseWatch extends ForwardingStore {
    leaseReads = 0;
    leaseWrites = 0;

    override async get<T>(collection: CollectionName, partitionKey: string, id: string): Promise<StoredDocument<T> | undefined> {
        const found = await super.get<T>(collection, partitionKey, id);
        if (collection === 'leases') this.leaseReads++;
        return found;
    }

    override put<T>(collection: CollectionName, doc: NewDocument<T>, condition?: WriteCondition): Promise<StoredDocument<T>> {
        if (collection === 'leases') this.leaseWrites++;
        return super.put(collection, doc, condition);
    }
}

const ROSA = '5493834000041';
/** Far longer than the test may take: whatever runs here did not wait for a lease to expire. */
const LEASE_TTL_MS = 60_000;

describe('WhatsApp delivery: a restart under the same instance name', function () {
    this.timeout(10_000);

    it('answers at once the message a killed instance was in the middle of; an instance under another name keeps off it', async () => {
        const db = sqliteStore('wa-restart');
        const lines: Array<Awaited<ReturnType<typeof deliveryLine>>> = [];
        const child = spawn(process.execPath, [path.join(__dirname, 'fixtures', 'adapterChild.js'), db.file, 'linea-1', String(LEASE_TTL_MS)], {
            stdio: ['ignore', 'pipe', 'inherit']
        });
        const exited = new Promise((resolve) => child.once('exit', resolve));
        try {
            const { messages } = parseWebhook(Buffer.from(webhookBody([[{ from: ROSA, id: 'wamid.rs1', text: 'hay fuego en el cerro' }]])));
            await recordInbound(db.store, messages, new Date().toISOString());
            const started = await new Promise<string>((resolve, reject) => {
                let out = '';
                child.stdout.on('data', (chunk: Buffer) => {
                    out += chunk.toString();
                    const newline = out.indexOf('\n');
                    if (newline >= 0) resolve((JSON.parse(out.slice(0, newline)) as { turn: string }).turn);
                });
                child.once('exit', () => reject(new Error('the adapter child exited before its turn started')));
            });
            expect(started).to.equal('hay fuego en el cerro');
            child.kill('SIGKILL');
            await exited;

            const [lease] = await db.store.query<LeaseDoc>('leases', { where: [{ field: 'owner', op: '=', value: 'linea-1' }] });
            expect(lease?.value.expiresAt).to.be.greaterThan(Date.now() + LEASE_TTL_MS / 2); // the dead instance still holds it

            const watch = new LeaseWatch(db.reopen());
            const other = await deliveryLine({
                store: watch,
                closeStore: true,
                prefix: 'wa-restart-other',
                adapter: { instanceId: 'linea-2', leaseTtlMs: LEASE_TTL_MS }
            });
            lines.push(other);
            const otherBot = new EchoBot();
            await other.adapter.start(otherBot.logic);
            // It found the pending message and read the conversation's lease; what it does with what it read (write
            // the lease to take it, or leave it) follows at once: one turn of the event loop later it has done it.
            await waitFor('the other instance to read the lease', () => watch.leaseReads > 0, 5000);
            await new Promise((resolve) => setImmediate(resolve));
            expect(watch.leaseWrites, 'lease writes by the other instance').to.equal(0);
            expect(otherBot.turns).to.deep.equal([]);
            await other.adapter.stop(2000);

            const restarted = await deliveryLine({
                store: db.reopen(),
                closeStore: true,
                prefix: 'wa-restart-same',
                adapter: { instanceId: 'linea-1', leaseTtlMs: LEASE_TTL_MS }
            });
            lines.push(restarted);
            const bot = new EchoBot();
            await restarted.adapter.start(bot.logic);
            await waitFor('the answer', () => restarted.peer.peer.sent().length === 1, 5000);
            expect(bot.textsOf(ROSA)).to.deep.equal(['hay fuego en el cerro']);
            expect(restarted.repliesTo(ROSA)).to.deep.equal(['eco: hay fuego en el cerro']);
        } finally {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
            for (const line of lines.reverse()) await line.close();
            await db.store.close();
            db.remove();
        }
    });
});
