import * as path from 'path';
import { Worker } from 'worker_threads';
import { StorageUnavailableError } from '../documentStore';
import { CallOutcome, FromWriter, ToWriter, WriteCall, WriterOptions, revivedError } from './writerProtocol';

/**
 * A group holds at most this many calls, or this many documents (a batch is many), so one transaction stays short
 * and one message to the writer stays small (a broadcast writes 100,000 delivery records at once: sent whole, the
 * copy for the writer thread alone added 50 MB to the line's peak memory). More callers wait for the next group.
 */
const MAX_GROUP_SIZE = 500;
const MAX_GROUP_ROWS = 2000;

interface QueuedCall {
    operation: string;
    call: WriteCall;
    resolve(outcome: CallOutcome): void;
    reject(error: unknown): void;
}

/** Calls committed together: one transaction, one fsync. */
interface Group {
    id: number;
    calls: QueuedCall[];
    /** Documents the group writes. */
    rows: number;
    keys: Set<string>;
    /** Resolves once every call of the group has its outcome (committed or failed). */
    done: Promise<void>;
    settle(): void;
}

/**
 * The main thread's side of the writer thread: group commit with one group in flight. Calls made while a group
 * commits gather into the next one, so the group size follows the disk's fsync time by itself (no timer): a lone
 * write after a quiet spell commits on the next turn of the event loop, a burst shares one fsync per group.
 *
 * Each call carries the keys it writes (a collection, a collection's partition); {@link settledFor} tells a
 * reader which group it must wait for to see every write called before it, and none called after it.
 */
export class SqliteWriterClient {
    private worker?: Worker;
    private accumulating?: Group;
    private readonly sealed: Group[] = [];
    private inFlight?: Group;
    /** The latest unsettled group writing each key. Groups settle in order, so the latest is the one to wait for. */
    private readonly latestGroupOf = new Map<string, Group>();
    private nextGroupId = 1;
    private dispatchScheduled = false;
    /** Set by the first close(); every close() returns it. */
    private closing?: Promise<void>;

    constructor(private readonly options: WriterOptions) {}

    /** Queues one call for the next group; resolves with its own outcome after that group's commit. */
    submit(operation: string, call: WriteCall, keys: string[]): Promise<CallOutcome> {
        if (this.closing) return Promise.reject(new Error(`SqliteDocumentStore.${operation}(): the store is closed`));
        return new Promise<CallOutcome>((resolve, reject) => {
            const group = (this.accumulating ??= this.newGroup());
            group.calls.push({ operation, call, resolve, reject });
            group.rows += call.op === 'batch' ? call.writes.length : 1;
            for (const key of keys) {
                group.keys.add(key);
                this.latestGroupOf.set(key, group);
            }
            if (group.calls.length >= MAX_GROUP_SIZE || group.rows >= MAX_GROUP_ROWS) this.seal();
            this.scheduleDispatch();
        });
    }

    /** Resolves once every write called so far on any of `keys` is settled; `undefined` when none is pending. */
    settledFor(keys: string[]): Promise<void> | undefined {
        let latest: Group | undefined;
        for (const key of keys) {
            const group = this.latestGroupOf.get(key);
            if (group && (!latest || group.id > latest.id)) latest = group;
        }
        // Writes called after this read go to a later group, which leaves only once the read has run.
        if (latest && latest === this.accumulating) this.seal();
        return latest?.done;
    }

    /** Commits what is queued, then stops the writer thread. Every call returns the same promise. */
    close(): Promise<void> {
        this.closing ??= this.finish();
        return this.closing;
    }

    private async finish(): Promise<void> {
        this.seal();
        this.dispatch();
        const last = this.sealed[this.sealed.length - 1] ?? this.inFlight;
        if (last) await last.done;
        const worker = this.worker;
        if (!worker) return;
        this.worker = undefined;
        // An idle writer is unref'd (it must not keep a finished process alive); while we wait for it, it must.
        worker.ref();
        await new Promise<void>((resolve) => {
            worker.once('exit', () => resolve());
            worker.postMessage({ type: 'close' } satisfies ToWriter);
        });
    }

    private newGroup(): Group {
        let settle!: () => void;
        const done = new Promise<void>((resolve) => {
            settle = resolve;
        });
        return { id: this.nextGroupId++, calls: [], rows: 0, keys: new Set(), done, settle };
    }

    private seal(): void {
        if (this.accumulating && this.accumulating.calls.length > 0) this.sealed.push(this.accumulating);
        this.accumulating = undefined;
    }

    /** Calls of one tick travel together: the group leaves on the next turn of the event loop. */
    private scheduleDispatch(): void {
        if (this.inFlight || this.dispatchScheduled) return;
        this.dispatchScheduled = true;
        setImmediate(() => {
            this.dispatchScheduled = false;
            this.seal();
            this.dispatch();
        });
    }

    private dispatch(): void {
        if (this.inFlight) return;
        const group = this.sealed.shift();
        if (!group) {
            this.worker?.unref();
            return;
        }
        this.inFlight = group;
        let worker: Worker | undefined;
        try {
            worker = this.ensureWorker();
            worker.ref();
            worker.postMessage({ type: 'group', groupId: group.id, calls: group.calls.map((queued) => queued.call) } satisfies ToWriter);
        } catch (error) {
            // No thread could be started (or reached): this group fails now rather than waiting forever.
            this.onWorkerGone(worker, error instanceof Error ? error : new Error(String(error)));
        }
    }

    private ensureWorker(): Worker {
        if (this.worker) return this.worker;
        const worker = new Worker(path.join(__dirname, 'sqliteWriterThread.js'), { workerData: this.options });
        worker.on('message', (message: FromWriter) => this.onMessage(message));
        // The thread died (could not open the file, native crash): the group it held fails, later ones get a new thread.
        worker.on('error', (error) => this.onWorkerGone(worker, error));
        worker.on('exit', (code) => this.onWorkerGone(worker, new Error(`the writer thread exited with code ${code}`)));
        this.worker = worker;
        return worker;
    }

    private onMessage(message: FromWriter): void {
        if (message.type === 'closed') return;
        const group = this.inFlight;
        if (!group || group.id !== message.groupId) return;
        this.inFlight = undefined;
        if (message.type === 'committed') {
            group.calls.forEach((queued, i) => queued.resolve(message.outcomes[i]));
        } else {
            const cause = revivedError(message.error);
            for (const queued of group.calls) queued.reject(new StorageUnavailableError(`SqliteDocumentStore.${queued.operation}()`, cause));
        }
        this.settle(group);
        this.dispatchAfterReaders();
    }

    /**
     * Readers waiting for a settled group run as microtasks queued by its settling; the next group leaves after
     * them, so a read never sees a write called after it.
     */
    private dispatchAfterReaders(): void {
        queueMicrotask(() => {
            if (!this.inFlight) this.seal();
            this.dispatch();
        });
    }

    private onWorkerGone(worker: Worker | undefined, error: Error): void {
        if (this.worker !== worker) return;
        worker?.unref();
        this.worker = undefined;
        const group = this.inFlight;
        this.inFlight = undefined;
        if (group) {
            for (const queued of group.calls) queued.reject(new StorageUnavailableError(`SqliteDocumentStore.${queued.operation}()`, error));
            this.settle(group);
        }
        this.dispatchAfterReaders();
    }

    private settle(group: Group): void {
        for (const key of group.keys) {
            if (this.latestGroupOf.get(key) === group) this.latestGroupOf.delete(key);
        }
        group.settle();
    }
}
