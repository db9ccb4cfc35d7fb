import { expect } from 'chai';
import { spawn } from 'child_process';
import * as path from 'path';
import { LeaseDoc } from '../../adapters/whatsapp/conversationLease';
import { recordInbound } from '../../adapters/whatsapp/inbox';
import { parseWebhook } from '../../adapters/whatsapp/webhookParser';
import { EchoBot, deliveryLine, sqliteStore, waitFor, webhookBody } from './harness';

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

            const other = await deliveryLine({
                store: db.reopen(),
                closeStore: true,
                prefix: 'wa-restart-other',
                adapter: { instanceId: 'linea-2', leaseTtlMs: LEASE_TTL_MS }
            });
            lines.push(other);
            const otherBot = new EchoBot();
            await other.adapter.start(otherBot.logic);
            await new Promise((resolve) => setTimeout(resolve, 700));
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
