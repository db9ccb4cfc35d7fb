import { expect } from 'chai';
import { spawn } from 'child_process';
import * as path from 'path';
import { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { makeTempDir, removeDir } from './storageTestSupport';

describe('SqliteDocumentStore durability', function () {
    this.timeout(30000);
    let dir: string;
    beforeEach(function () {
        dir = makeTempDir('storage-durability');
    });
    afterEach(function () {
        removeDir(dir);
    });

    const cases: [string, number, number][] = [
        ['keeps every confirmed write when the writing process is killed with SIGKILL', 1, 300],
        ['keeps every confirmed write of 20 concurrent writers (group commit) when the process is killed with SIGKILL', 20, 3000]
    ];
    for (const [title, loops, killAfter] of cases) {
        it(title, async function () {
            const file = path.join(dir, 'line.sqlite');
            const { confirmed, signal, stderr } = await writeUntilKilled(file, loops, killAfter);
            expect(stderr).to.equal('');
            expect(signal).to.equal('SIGKILL');
            expect(confirmed.length).to.be.at.least(killAfter);
            expect(new Set(confirmed).size).to.equal(confirmed.length);

            const store = SqliteDocumentStore.open({ file });
            try {
                for (const id of confirmed) {
                    const i = Number(id.slice('doc-'.length));
                    const doc = await store.get<{ i: number; text: string }>('reports', `citizen-${i % 7}`, id);
                    expect(doc?.value, id).to.deep.equal({ i, text: `reporte número ${i} — ñandú` });
                }
            } finally {
                await store.close();
            }
        });
    }
});

/** Runs the writer child with `loops` concurrent loops and kills it once `killAfter` ids were confirmed. */
async function writeUntilKilled(
    file: string,
    loops: number,
    killAfter: number
): Promise<{ confirmed: string[]; signal: NodeJS.Signals | null; stderr: string }> {
    const child = spawn(process.execPath, [path.join(__dirname, 'fixtures', 'durabilityWriter.js'), file, String(loops)], {
        stdio: ['ignore', 'pipe', 'pipe']
    });
    const confirmed: string[] = [];
    let pending = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.stdout.on('data', (chunk: Buffer) => {
        pending += chunk.toString();
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        confirmed.push(...lines);
        if (confirmed.length >= killAfter && !child.killed) child.kill('SIGKILL');
    });
    const signal = await exited;
    return { confirmed, signal, stderr };
}
