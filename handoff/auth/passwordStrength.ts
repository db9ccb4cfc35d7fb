import * as path from 'path';
import { Worker } from 'worker_threads';
import { judgePassword, PasswordVerdict } from './passwordPolicy';

/** Judges passwords against the line's one rule ({@link judgePassword}); how it spends the CPU is up to it. */
export interface PasswordStrength {
    judge(password: string, userInputs: string[]): Promise<PasswordVerdict>;
}

/** The estimate could not be made (the worker failed, or too many checks are waiting): answered 503, not "weak". */
export class PasswordCheckUnavailableError extends Error {
    constructor(where: string, detail: string) {
        super(`${where}: the password could not be checked: ${detail}`);
        this.name = 'PasswordCheckUnavailableError';
    }
}

/** In the calling thread: for the recovery command, which has nothing else to serve meanwhile. */
export const inlinePasswordStrength: PasswordStrength = {
    async judge(password, userInputs) {
        return judgePassword(password, userInputs);
    }
};

export interface WorkerPasswordStrengthOptions {
    /** A worker left with nothing to judge this long is ended (it holds ~30 MB of dictionaries); default 60 s. */
    idleMs?: number;
    /** Checks allowed to wait at once; more are refused (503) rather than queued for seconds. Default 20. */
    maxWaiting?: number;
}

let shared: WorkerPasswordStrength | undefined;

/**
 * The process's one judge (one worker thread for every SessionService of the process: the server has one, a test
 * run starts many lines in one process and must not hold a worker, and its dictionaries, per line).
 */
export function sharedPasswordStrength(): WorkerPasswordStrength {
    shared ??= new WorkerPasswordStrength();
    return shared;
}

interface Waiting {
    resolve(verdict: PasswordVerdict): void;
    reject(error: Error): void;
}

/**
 * The server's judge: one worker thread, started on the first check and ended when idle, judging one password after
 * another. The event loop only posts a message and waits, so logins, webhooks and live streams go on while a
 * password of 128 characters is estimated. Only signed-in operators can ask for a check (creating or changing an
 * account), and at most `maxWaiting` wait at once.
 */
export class WorkerPasswordStrength implements PasswordStrength {
    private worker: Worker | undefined;
    private readonly waiting = new Map<number, Waiting>();
    private nextId = 1;
    private idleTimer: NodeJS.Timeout | undefined;
    private readonly idleMs: number;
    private readonly maxWaiting: number;

    constructor(options: WorkerPasswordStrengthOptions = {}) {
        this.idleMs = options.idleMs ?? 60_000;
        this.maxWaiting = options.maxWaiting ?? 20;
    }

    judge(password: string, userInputs: string[]): Promise<PasswordVerdict> {
        if (this.waiting.size >= this.maxWaiting) {
            return Promise.reject(
                new PasswordCheckUnavailableError('WorkerPasswordStrength.judge()', `${this.waiting.size} checks are already waiting`)
            );
        }
        const worker = this.started();
        const id = this.nextId++;
        clearTimeout(this.idleTimer);
        // Held while a check is waiting (a command-line caller must not exit before its answer), let go when idle.
        worker.ref();
        return new Promise<PasswordVerdict>((resolve, reject) => {
            this.waiting.set(id, { resolve, reject });
            worker.postMessage({ id, password, userInputs });
        });
    }

    /** Ends the worker now (a stopping server or a test); checks still waiting fail. */
    async close(): Promise<void> {
        clearTimeout(this.idleTimer);
        const worker = this.worker;
        this.worker = undefined;
        this.failAll('the checker was closed');
        if (worker) await worker.terminate();
    }

    private started(): Worker {
        if (this.worker) return this.worker;
        const worker = new Worker(path.join(__dirname, 'passwordStrengthWorker.js'), { resourceLimits: { maxOldGenerationSizeMb: 96 } });
        worker.on('message', (answer: { id: number; verdict?: PasswordVerdict; error?: string }) => {
            const waiting = this.waiting.get(answer.id);
            this.waiting.delete(answer.id);
            if (answer.verdict) waiting?.resolve(answer.verdict);
            else waiting?.reject(new PasswordCheckUnavailableError('WorkerPasswordStrength.judge()', answer.error ?? 'no verdict'));
            if (this.waiting.size === 0) this.idle(worker);
        });
        worker.on('error', (error) => this.lost(worker, error.message));
        worker.on('exit', (code) => this.lost(worker, `the worker ended (exit code ${code})`));
        this.worker = worker;
        return worker;
    }

    private idle(worker: Worker): void {
        worker.unref();
        clearTimeout(this.idleTimer);
        this.idleTimer = setTimeout(() => {
            if (this.worker === worker && this.waiting.size === 0) {
                this.worker = undefined;
                void worker.terminate();
            }
        }, this.idleMs);
        this.idleTimer.unref();
    }

    private lost(worker: Worker, detail: string): void {
        if (this.worker !== worker) return;
        this.worker = undefined;
        this.failAll(detail);
    }

    private failAll(detail: string): void {
        const waiting = [...this.waiting.values()];
        this.waiting.clear();
        for (const check of waiting) check.reject(new PasswordCheckUnavailableError('WorkerPasswordStrength.judge()', detail));
    }
}
