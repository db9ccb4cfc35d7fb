import { expect } from 'chai';
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { GraphApiPeer } from '../../adapters/simulator/graphPeer';
import { BroadcastRepository } from '../../alerts/broadcastRepository';
import { SubscriptionRepository } from '../../alerts/subscriptionRepository';
import { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { SCALE } from '../reliability/reliabilitySupport';
import { makeTempDir } from '../support/tempDir';
import { waitFor } from '../support/waitFor';
import { DEPT, SECRETS, StatusRelay, countByRecipient, httpTarget } from './support/alertHarness';

const CHILD = path.join(__dirname, 'fixtures', 'broadcastChild.js');
/**
 * Subscribers in all: 2,000 here, seven in ten of them in the chosen departments. `npm run soak` runs this test at
 * RELIABILITY_SCALE=5, the 10,000 it was written for (and `npm run bench` sends to 100,000, without a kill).
 */
const SUBSCRIBERS = 2_000 * SCALE;
const CHOSEN = SUBSCRIBERS * 0.7;
/**
 * How long the resumed child waits for the statuses of sends whose fate the kill left unknown before it sends them
 * again: long enough for the statuses piled up meanwhile to be applied on a busy machine (see broadcastChild.ts). A
 * window sized to the subscribers (8 s for 2,000) let a second full suite running beside this one delay the statuses
 * past it, and dozens of alerts went out twice; 40 s held for ten thousand. A send the kill caught before Meta took it
 * has no status coming, so a resume may wait this long.
 */
const RECONCILE_WINDOW_MS = 40_000;

interface Child {
    process: ChildProcess;
    lines: Array<Record<string, unknown>>;
    exited: Promise<unknown>;
}

function startChild(args: string[]): Child {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: Array<Record<string, unknown>> = [];
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
            lines.push(JSON.parse(buffer.slice(0, newline)) as Record<string, unknown>);
            buffer = buffer.slice(newline + 1);
        }
    });
    return { process: child, lines, exited: new Promise((resolve) => child.once('exit', resolve)) };
}

/** Polls `condition` every 20 ms (running `refresh` before each look, when given) until it holds. */
describe('Weather alerts: a broadcast to thousands killed with SIGKILL part-way and resumed', function () {
    this.timeout(150_000 * SCALE);

    it('every subscriber of the chosen departments gets exactly one message, nobody else gets any, faults are retried', async () => {
        const temp = makeTempDir('alerts-kill');
        const file = path.join(temp.dir, 'line.sqlite');
        const peer = await GraphApiPeer.listen({ accessToken: SECRETS.accessToken, phoneNumberId: SECRETS.phoneNumberId, statusDelayMs: 5 });
        const relay = new StatusRelay(undefined);
        peer.peer.setStatusCallback((status) => relay.push(status));
        const children: Child[] = [];
        try {
            const chosen: string[] = [];
            const others: string[] = [];
            {
                const store = SqliteDocumentStore.open({ file });
                const subscriptions = new SubscriptionRepository(store);
                const at = new Date().toISOString();
                // 200 at a time: they share commits, so a disk with slow fsyncs does not eat the test's time.
                for (let first = 0; first < SUBSCRIBERS; first += 200) {
                    await Promise.all(
                        Array.from({ length: 200 }, (_, offset) => {
                            const i = first + offset;
                            const key = `549383${String(4_000_000 + i)}`;
                            const inChosen = i % 10 < 7;
                            const departments = inChosen ? [i % 2 === 0 ? DEPT.capital : DEPT.valleViejo] : [DEPT.belen];
                            (inChosen ? chosen : others).push(key);
                            return subscriptions.subscribe(key, { departmentIds: departments, wholeProvince: false }, 'opt-in de prueba', at);
                        })
                    );
                }
                await store.close();
            }
            peer.peer.injectFaults({ errorRate: 0.03, codes: [131000, 130429], latencyMs: 2 });

            const first = startChild([file, peer.url, SECRETS.appSecret, `create:${DEPT.capital},${DEPT.valleViejo}`, String(RECONCILE_WINDOW_MS)]);
            children.push(first);
            await waitFor('the first child to listen', () => first.lines.length > 0, 20_000);
            relay.retarget(httpTarget(`http://127.0.0.1:${String(first.lines[0].port)}/api/whatsapp`));
            // Two fifths: at the child's 2,000 a second the kill lands with most of the rest still to go, on a busy machine too.
            await waitFor('two fifths of the messages', () => peer.peer.sent().length >= CHOSEN * 0.4, 30_000 * SCALE);
            first.process.kill('SIGKILL');
            await first.exited;
            relay.retarget(undefined); // statuses pile up, unanswered, as they would for Meta
            const sentBeforeKill = peer.peer.sent().length;
            expect(sentBeforeKill).to.be.below(chosen.length);

            const second = startChild([file, peer.url, SECRETS.appSecret, 'resume', String(RECONCILE_WINDOW_MS)]);
            children.push(second);
            await waitFor('the second child to listen', () => second.lines.length > 0, 20_000);
            relay.retarget(httpTarget(`http://127.0.0.1:${String(second.lines[0].port)}/api/whatsapp`));
            await waitFor('the resumed broadcast to end', () => second.lines.some((line) => line.done), 100_000 * SCALE);
            expect(second.lines.find((line) => line.done)!.done).to.equal('completed');
            peer.peer.injectFaults({});

            const counts = countByRecipient(peer.peer.sent());
            const twice = chosen.filter((key) => (counts.get(key) ?? 0) > 1);
            const missed = chosen.filter((key) => counts.get(key) === undefined);
            if (twice.length > 0) {
                const dbg = SqliteDocumentStore.open({ file });
                console.log('sent twice:', twice.length, 'sent before the kill:', sentBeforeKill, 'child lines:', JSON.stringify(second.lines));
                for (const key of twice.slice(0, 3)) {
                    console.log(JSON.stringify(await dbg.query('deliveries', { where: [{ field: 'citizenKey', op: '=', value: key }] })));
                    console.log(JSON.stringify(await dbg.query('messages', { where: [{ field: 'recipientId', op: '=', value: key }] })));
                    console.log(
                        JSON.stringify(
                            peer.peer
                                .sent()
                                .filter((m) => m.recipient === key)
                                .map((m) => [m.wamid, m.acceptedAt])
                        )
                    );
                }
                await dbg.close();
            }
            expect(twice, 'sent twice').to.deep.equal([]);
            expect(missed, 'never sent').to.deep.equal([]);
            expect(
                others.filter((key) => counts.has(key)),
                'not subscribed to those departments'
            ).to.deep.equal([]);
            expect(peer.peer.sent()).to.have.length(chosen.length);

            await waitFor('the statuses to reach the line', () => relay.backlog === 0, 20_000 * SCALE);
            // Read beside the running child (SQLite readers share the file): the statuses it acknowledged are counted
            // once it has applied them, which is the moment to stop it, not a pause of a guessed length.
            const store = SqliteDocumentStore.open({ file });
            try {
                const broadcasts = new BroadcastRepository(store);
                const [broadcast] = await broadcasts.list();
                const delivered = async (): Promise<number> => (await broadcasts.progress(broadcast)).delivered;
                let seen = 0;
                await waitFor(
                    'every delivered status counted',
                    () => seen === CHOSEN,
                    20_000 * SCALE,
                    async () => (seen = await delivered())
                );
                second.process.kill('SIGTERM');
                await second.exited;
                const progress = await broadcasts.progress(broadcast);
                expect(progress).to.include({ state: 'completed', total: CHOSEN, pending: 0, accepted: CHOSEN, failed: 0 });
                expect(progress.delivered).to.equal(CHOSEN);
            } finally {
                await store.close();
            }
        } finally {
            relay.stop();
            for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
            await Promise.all(children.map((child) => child.exited));
            await peer.close();
            temp.remove();
        }
    });
});
