import { expect } from 'chai';
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { createSilentLogger } from '../../common/logger';
import { createHandoff } from '../../handoff';
import type { DocumentStore } from '../../storage/documentStore';
import { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { describeWithLocalCosmos } from '../storage/storageTestSupport';
import { makeTempDir } from '../support/tempDir';
import { caseInconsistencies } from './support/caseConsistency';
import { CaseChangesRun, caseStepsOf, citizenKeyOf, expectedCase, reportIdOf } from './support/caseChangesScript';
import { TEST_HASHING } from './support/handoffHarness';

const CHILD = path.join(__dirname, 'fixtures', 'caseChangesChild.js');
const CITIZENS = 4;
const CASES_PER_CITIZEN = 4;
/**
 * Where each killed run stops: right after this many writes were committed (the child then holds every later write and
 * the test kills it). Four citizens' steps run at once, so each point falls inside some change, whatever it is.
 */
const KILL_POINTS = [7, 12, 18, 23, 29];

/** One run of the child: the steps it was seen to finish, per citizen, and how it ended. */
interface ChildRun {
    process: ChildProcess;
    finished: Record<number, number>;
    lines: number;
    stderr: string;
    /** Resolves when the child stopped at its kill point, or printed 'finished', or ended. */
    stopped: Promise<void>;
    exited: Promise<number | string>;
}

function startChild(run: CaseChangesRun): ChildRun {
    const child = spawn(process.execPath, [CHILD, JSON.stringify(run)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stop: () => void = () => undefined;
    const state: ChildRun = {
        process: child,
        finished: {},
        lines: 0,
        stderr: '',
        stopped: new Promise((resolve) => (stop = resolve)),
        exited: new Promise((resolve) => child.once('close', (code, signal) => resolve(code ?? signal ?? -1)))
    };
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, newline);
            buffer = buffer.slice(newline + 1);
            if (line === 'finished' || line === 'stopped') {
                stop();
                continue;
            }
            const [citizen, step] = line.split(' ').map(Number);
            state.finished[citizen] = step;
            state.lines++;
        }
    });
    child.stderr.on('data', (chunk: Buffer) => (state.stderr += chunk.toString()));
    void state.exited.then(() => stop());
    return state;
}

/** How to reach the child's store from the test: a fresh run's settings, and the store opened again to read it. */
interface Engine {
    run(): Omit<CaseChangesRun, 'resume'>;
    open(): Promise<DocumentStore>;
}

/**
 * The child killed with SIGKILL at each of the {@link KILL_POINTS}, and started again from the steps it had not been
 * seen to finish (those in flight run again); then once more to the end.
 * After every kill, and at the end, the cases, transcripts, trails and pointers must agree; at the end each case
 * must be exactly what its steps make, with nothing twice.
 */
async function killAndResume(engine: Engine): Promise<void> {
    const base = engine.run();
    const resume: Record<number, number> = {};
    const citizenKeys = Array.from({ length: CITIZENS }, (_, c) => citizenKeyOf(c));

    async function check(): Promise<string[]> {
        const store = await engine.open();
        try {
            const handoff = createHandoff({
                store,
                logger: createSilentLogger(),
                messenger: { sendText: async () => ({ ok: true }) },
                passwordHashing: TEST_HASHING
            });
            return await caseInconsistencies(handoff.caseService, store, citizenKeys);
        } finally {
            await store.close();
        }
    }

    for (const [round, stopAfterWrites] of KILL_POINTS.entries()) {
        const child = startChild({ ...base, resume, stopAfterWrites });
        try {
            await child.stopped;
            child.process.kill('SIGKILL');
            expect(await child.exited, `the child was killed mid-stream, not ended on its own: ${child.stderr}`).to.equal('SIGKILL');
        } finally {
            if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
        }
        for (const [citizen, step] of Object.entries(child.finished)) resume[Number(citizen)] = step + 1;
        expect(await check(), `after kill ${round + 1}`).to.deep.equal([]);
    }

    const last = startChild({ ...base, resume });
    expect(await last.exited, `the last run ends well: ${last.stderr}`).to.equal(0);
    expect(await check(), 'at the end').to.deep.equal([]);

    const store = await engine.open();
    try {
        const handoff = createHandoff({
            store,
            logger: createSilentLogger(),
            messenger: { sendText: async () => ({ ok: true }) },
            passwordHashing: TEST_HASHING
        });
        const all = (await Promise.all((['resolved', 'withdrawn', 'queued', 'assigned'] as const).map((s) => handoff.caseService.list(s)))).flat();
        expect(all, 'one case per opening step, none twice').to.have.length(CITIZENS * CASES_PER_CITIZEN);
        for (let citizen = 0; citizen < CITIZENS; citizen++) {
            expect(caseStepsOf(citizen, CASES_PER_CITIZEN).length).to.be.greaterThan(0);
            for (let k = 0; k < CASES_PER_CITIZEN; k++) {
                const found = all.find((c) => c.citizenKey === citizenKeyOf(citizen) && c.reportId === reportIdOf(citizen, k));
                expect(found, `case ${k} of citizen ${citizen}`).to.not.equal(undefined);
                const { case: value, transcript, audit } = await handoff.caseService.get(found!.id);
                const expected = expectedCase(k);
                expect(
                    {
                        status: value.status,
                        texts: transcript.map((e) => e.text),
                        trail: audit.filter((e) => e.action !== 'citizen_notified').map((e) => e.action)
                    },
                    `case ${k} of citizen ${citizen}`
                ).to.deep.equal(expected);
            }
        }
    } finally {
        await store.close();
    }
}

describe('handoff: kill -9 in the middle of case changes', function () {
    this.timeout(240_000);

    describe('on SQLite', () => {
        let temp: ReturnType<typeof makeTempDir>;

        beforeEach(() => {
            temp = makeTempDir('case-kill');
        });

        afterEach(() => temp.remove());

        it('leaves every case, its transcript and its trail consistent, and the steps run again add nothing twice', async () => {
            const file = path.join(temp.dir, 'line.sqlite');
            await killAndResume({
                run: () => ({ engine: 'sqlite', file, citizens: CITIZENS, casesPerCitizen: CASES_PER_CITIZEN }),
                open: async () => SqliteDocumentStore.open({ file })
            });
        });
    });

    describeWithLocalCosmos((cosmos) => {
        it('leaves every case, its transcript and its trail consistent on Cosmos DB, and the steps run again add nothing twice', async () => {
            const databaseId = `case-kill-${process.pid}`;
            await killAndResume({
                run: () => ({ engine: 'cosmos', endpoint: cosmos.endpoint, databaseId, citizens: CITIZENS, casesPerCitizen: CASES_PER_CITIZEN }),
                open: () => cosmos.openStore({ databaseId })
            });
        });
    });
});
