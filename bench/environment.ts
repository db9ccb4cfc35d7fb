import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Database from 'better-sqlite3';

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
