import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Database from 'better-sqlite3';
import { projectRoot } from '../common/projectRoot';

export interface MachineFacts {
    cores: number;
    cpuModel: string;
    node: string;
    date: string;
    /** Committed one-row SQLite transactions per second with synchronous=FULL in the temp dir, right now. */
    fsyncCommitsPerSecond: number;
}

/** What the figures depend on: the machine, the runtime, and how fast the disk syncs at the time of the run. */
export function machineFacts(): MachineFacts {
    return {
        cores: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        node: process.version,
        date: new Date().toISOString(),
        fsyncCommitsPerSecond: probeCommitRate()
    };
}

function probeCommitRate(durationMs = 1000): number {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linea-bench-fsync-'));
    const db = new Database(path.join(dir, 'probe.sqlite'));
    try {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = FULL');
        db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)');
        const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
        const started = Date.now();
        let commits = 0;
        while (Date.now() - started < durationMs) {
            insert.run('x'.repeat(500));
            commits++;
        }
        return Math.round((commits * 1000) / (Date.now() - started));
    } finally {
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * The Node flags `npm start` runs the line with (package.json's start script, the one place they are written), so
 * every server under test runs as production does: e.g. the heap cap that makes V8 collect a broadcast's garbage
 * before the process grows.
 */
export function productionNodeFlags(): string[] {
    const start = (JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    const flags = /^(?:exec\s+)?node((?:\s+--\S+)*)\s+dist\/index\.js$/.exec(start.trim());
    if (!flags) throw new Error(`productionNodeFlags(): cannot read the start script ${JSON.stringify(start)}`);
    return flags[1].trim().split(/\s+/).filter(Boolean);
}
