import * as fs from 'fs';
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import * as path from 'path';
import { projectRoot } from '../../common/projectRoot';
import { productionNodeFlags } from '../../bench/environment';

/** The compiled composition root, as `npm start` runs it. */
export function entryPoint(): string {
    return path.join(projectRoot(), 'dist', 'index.js');
}

export interface ChildServer {
    child: ChildProcessWithoutNullStreams;
    url: string;
    logLines: Record<string, unknown>[];
    /** Resolves with the exit code (or signal name) when the process ends. */
    exited: Promise<number | string>;
}

/**
 * Starts the line as a child process (real `node dist/index.js`), waits for its "line listening" log line
 * and returns the URL it listens on. Rejects if the process exits first.
 */
export function startChildServer(options: { cwd: string; env: Record<string, string>; entry?: string }): Promise<ChildServer> {
    // As `npm start` runs it: the same Node flags (package.json's start script).
    const child = spawn(process.execPath, [...productionNodeFlags(), options.entry ?? entryPoint()], {
        cwd: options.cwd,
        env: { PATH: process.env.PATH ?? '', ...options.env },
        stdio: ['pipe', 'pipe', 'pipe']
    });
    const logLines: Record<string, unknown>[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // 'close', not 'exit': it comes after the last of stdout is read, so the final log lines ("stopped") are in logLines.
    const exited = new Promise<number | string>((resolve) => child.once('close', (code, signal) => resolve(code ?? signal ?? -1)));

    return new Promise((resolve, reject) => {
        let buffered = '';
        child.stdout.on('data', (chunk: Buffer) => {
            buffered += chunk.toString();
            let newline: number;
            while ((newline = buffered.indexOf('\n')) >= 0) {
                const line = buffered.slice(0, newline);
                buffered = buffered.slice(newline + 1);
                try {
                    const record = JSON.parse(line) as Record<string, unknown>;
                    logLines.push(record);
                    // DUMP_CHILD_LOGS=<file>: every child server's log lines, for reading a failed reliability run.
                    if (process.env.DUMP_CHILD_LOGS) fs.appendFileSync(process.env.DUMP_CHILD_LOGS, `${line}\n`);
                    if (record.msg === 'line listening') resolve({ child, url: String(record.url), logLines, exited });
                } catch {
                    // not a log record
                }
            }
        });
        exited.then((code) => reject(new Error(`child server exited (${code}) before listening: ${stderr}`)), reject);
    });
}
