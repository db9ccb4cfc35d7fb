import { expect } from 'chai';
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import { projectRoot } from '../../common/projectRoot';
import { entryPoint } from '../support/childServer';
import { makeTempDir } from '../support/tempDir';

/** The line's own bound: a stop takes at most SHUTDOWN_TIMEOUT_MS, and the process is gone 2 s after that. */
const SHUTDOWN_TIMEOUT_MS = 1000;
const GONE_WITHIN_MS = SHUTDOWN_TIMEOUT_MS + 2000;

interface Started {
    process: ChildProcess;
    url: string;
    /** Every line the line printed on stdout and stderr, as it comes. */
    output: string[];
    /** The node process serving the line. */
    nodePid: number;
    /** Resolves when the process has exited and its output pipes are closed: everything it printed is in `output`. */
    closed: Promise<void>;
}

/** Waits for a "line listening" log line on `process`'s stdout; the node pid is the line's (npm's child when via npm). */
function listening(process: ChildProcess, viaNpm: boolean): Promise<Started> {
    const output: string[] = [];
    const closed = new Promise<void>((resolve) => process.once('close', () => resolve()));
    return new Promise((resolve, reject) => {
        let buffered = '';
        const read = (chunk: Buffer): void => {
            buffered += chunk.toString();
            let newline: number;
            while ((newline = buffered.indexOf('\n')) >= 0) {
                const line = buffered.slice(0, newline);
                buffered = buffered.slice(newline + 1);
                output.push(line);
                if (!line.includes('"line listening"')) continue;
                const url = String((JSON.parse(line) as { url: string }).url);
                const nodePid = viaNpm ? childPidsOf(process.pid!)[0] : process.pid!;
                resolve({ process, url, output, nodePid, closed });
            }
        };
        process.stdout!.on('data', read);
        process.stderr!.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n')));
        process.once('exit', (code) => reject(new Error(`exited (${code}) before listening:\n${output.join('\n')}`)));
    });
}

function childPidsOf(pid: number): number[] {
    const listed = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
    return listed
        .split('\n')
        .map((line) => Number(line.trim()))
        .filter((n) => n > 0);
}

function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

/**
 * Resolves when the process is gone; rejects when it is still there GONE_WITHIN_MS after the signal. The process is
 * not our child (npm's), so there is no exit event to wait for: its existence is checked until the deadline.
 */
async function goneWithinBound(pid: number): Promise<void> {
    const deadline = Date.now() + GONE_WITHIN_MS;
    while (isAlive(pid)) {
        if (Date.now() > deadline) {
            process.kill(pid, 'SIGKILL');
            throw new Error(`process ${pid} still running ${GONE_WITHIN_MS} ms after the signal`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
    }
}

const lineEnv = (dataDir: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    PORT: '0',
    DATA_DIR: dataDir,
    SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS)
});

/** `npm start`, as a person runs it (the build is already done: its pre-step is skipped). Its own process group. */
function npmStart(dataDir: string): ChildProcess {
    return spawn('npm', ['start', '--ignore-scripts', '--silent'], {
        cwd: projectRoot(),
        env: lineEnv(dataDir),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true
    });
}

describe('the line always stops on a signal', function () {
    this.timeout(30_000);
    let temp: ReturnType<typeof makeTempDir>;
    const started: ChildProcess[] = [];
    beforeEach(() => (temp = makeTempDir('stops')));
    afterEach(() => {
        for (const child of started.splice(0)) if (child.pid && isAlive(child.pid)) child.kill('SIGKILL');
        temp.remove();
    });

    /** What `npm start` printed in the SIGTERM test, from its start to its end: the deprecation test reads it. */
    let printedByNpmStart: string | undefined;

    it('SIGTERM to the pid of `npm start` stops the node process serving the line, cleanly', async () => {
        const npm = npmStart(temp.dir);
        started.push(npm);
        const line = await listening(npm, true);
        expect(line.nodePid).to.not.equal(npm.pid);
        expect((await fetch(`${line.url}/healthz`)).status).to.equal(200);
        process.kill(npm.pid!, 'SIGTERM');
        await goneWithinBound(line.nodePid);
        await line.closed;
        await fetch(`${line.url}/healthz`).then(
            () => expect.fail('the port still answers'),
            (error: Error) => expect(error.message).to.match(/fetch failed/)
        );
        printedByNpmStart = line.output.join('\n');
        expect(printedByNpmStart).to.include('"stopped"');
    });

    it('Ctrl+C (SIGINT to the process group) stops cleanly, though node gets the signal twice', async () => {
        const npm = npmStart(temp.dir);
        started.push(npm);
        const line = await listening(npm, true);
        process.kill(-npm.pid!, 'SIGINT');
        await goneWithinBound(line.nodePid);
        await line.closed;
        const printed = line.output.join('\n');
        expect(printed).to.include('"stopped"');
        expect(printed, 'the second signal did not cut the clean stop short').to.not.include('exiting now');
    });

    it('stops on SIGTERM when whoever read its logs has gone (stdout a closed pipe)', async () => {
        const node = spawn(process.execPath, [entryPoint()], { cwd: temp.dir, env: lineEnv(temp.dir), stdio: ['ignore', 'pipe', 'pipe'] });
        started.push(node);
        const exited = new Promise<number | null>((resolve) => node.once('exit', (code) => resolve(code)));
        const line = await listening(node, false);
        node.stdout.destroy();
        // Requests after the reader left: each may log, and every line now fails to be written.
        for (let i = 0; i < 20; i++) expect((await fetch(`${line.url}/healthz`)).status).to.equal(200);
        node.kill('SIGTERM');
        await goneWithinBound(node.pid!);
        expect(await exited).to.equal(0);
    });

    // The same start as the SIGTERM test's (a start of its own cost five seconds of CPU): all it printed, start to end.
    it("prints no deprecation warning at start (DEP0111 of restify's spdy)", () => {
        expect(printedByNpmStart, 'the SIGTERM test ran npm start to its end').to.be.a('string');
        expect(printedByNpmStart).to.include('"line listening"').and.not.include('DeprecationWarning');
    });
});
