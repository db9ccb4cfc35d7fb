import { expect } from 'chai';
import { spawn } from 'child_process';
import * as path from 'path';
import { APP_SECRET, EchoBot, deliveryLine, post, sqliteStore, waitFor, webhookBody } from './harness';

describe('WhatsApp delivery: kill -9 right after the 200', () => {
    it('loses no acknowledged message: a new instance on the same file answers every one', async () => {
        const db = sqliteStore('wa-kill');
        const child = spawn(process.execPath, [path.join(__dirname, 'fixtures', 'webhookChild.js'), db.file, APP_SECRET], {
            stdio: ['ignore', 'pipe', 'inherit']
        });
        const exited = new Promise((resolve) => child.once('exit', resolve));
        let line: Awaited<ReturnType<typeof deliveryLine>> | undefined;
        try {
            const port = await new Promise<number>((resolve, reject) => {
                let out = '';
                child.stdout.on('data', (chunk: Buffer) => {
                    out += chunk.toString();
                    const newline = out.indexOf('\n');
                    if (newline >= 0) resolve((JSON.parse(out.slice(0, newline)) as { port: number }).port);
                });
                child.once('exit', () => reject(new Error('webhook child exited before listening')));
            });
            const messages = Array.from({ length: 5 }, (_, i) => ({ from: '5493834000031', id: `wamid.k${i}`, text: `k${i}` }));
            const answer = await post(`http://127.0.0.1:${port}/api/whatsapp`, webhookBody([messages]));
            expect(answer.status).to.equal(200);
            child.kill('SIGKILL');
            await exited;

            line = await deliveryLine({ store: db.reopen(), closeStore: true, prefix: 'wa-kill-2' });
            const bot = new EchoBot();
            await line.adapter.start(bot.logic);
            await waitFor('five replies', () => line!.peer.peer.sent().length === 5);
            expect(bot.textsOf('5493834000031')).to.deep.equal(['k0', 'k1', 'k2', 'k3', 'k4']);
        } finally {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
            await line?.close();
            await db.store.close();
            db.remove();
        }
    });
});
