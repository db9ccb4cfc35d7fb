import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Trained weights kept on disk between processes: the line, every child a test starts and every benchmark would
 * otherwise train the same three models from the same rows (about two seconds of CPU each time). The key is the
 * training rows and a fingerprint of the compiled language layer and its word files, so a change to any of them
 * trains anew; a file that cannot be read or written is no error, the model is then trained in-process as before.
 */

const PROJECT_ROOT = path.resolve(__dirname, '../../..');
/** Beside the other tools' caches (ESLint, Prettier): private to the installation, removed with node_modules. */
const CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'linea-language-models');
/** The compiled language layer (this file's parent folder) and the data it reads. */
const CODE_DIR = path.resolve(__dirname, '..');
const DATA_DIR = path.join(PROJECT_ROOT, 'language', 'data');

export interface Codec<T> {
    encode(model: T): unknown;
    /** Throws on anything that is not a model it wrote. */
    decode(stored: unknown): T;
}

let fingerprint: string | undefined;

/** A hash of every compiled file of the language layer and every word file: what the weights depend on. */
function codeFingerprint(): string {
    if (fingerprint !== undefined) return fingerprint;
    const hash = createHash('sha256');
    const visit = (dir: string, extension: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) visit(full, extension);
            else if (entry.name.endsWith(extension)) hash.update(entry.name).update(fs.readFileSync(full));
        }
    };
    visit(CODE_DIR, '.js');
    visit(DATA_DIR, '.json');
    fingerprint = hash.digest('hex');
    return fingerprint;
}

const rowHashes = new WeakMap<object, string>();

/** The three models train on the same dev rows: they are hashed once. */
function rowsHash(rows: object): string {
    let hash = rowHashes.get(rows);
    if (hash === undefined) rowHashes.set(rows, (hash = createHash('sha256').update(JSON.stringify(rows)).digest('hex')));
    return hash;
}

/** The model `name` trained on `rows`: read from the cache when the same rows and code trained it before. */
export function trainedOnce<T>(name: string, rows: object, train: () => T, codec: Codec<T>): T {
    let file: string | undefined;
    try {
        const key = createHash('sha256').update(codeFingerprint()).update(rowsHash(rows)).digest('hex').slice(0, 32);
        file = path.join(CACHE_DIR, `${name}-${key}.json`);
        return codec.decode(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch {
        // not cached yet, or unreadable: train
    }
    const model = train();
    if (file !== undefined) store(name, file, codec.encode(model));
    return model;
}

/**
 * How many versions of one model the cache keeps: two checkouts of the project sharing it (a test run of one commit
 * while another is being edited) must not keep deleting each other's weights.
 */
const VERSIONS_KEPT = 4;

/** Writes atomically (a reader never sees half a file) and removes the model's versions beyond the newest few. */
function store(name: string, file: string, encoded: unknown): void {
    try {
        fs.mkdirSync(CACHE_DIR, { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, JSON.stringify(encoded));
        fs.renameSync(temporary, file);
        const versions = fs
            .readdirSync(CACHE_DIR)
            .filter((other) => other.startsWith(`${name}-`) && other.endsWith('.json'))
            .map((other) => ({ file: path.join(CACHE_DIR, other), written: fs.statSync(path.join(CACHE_DIR, other)).mtimeMs }))
            .sort((a, b) => b.written - a.written);
        for (const old of versions.slice(VERSIONS_KEPT)) if (old.file !== file) fs.rmSync(old.file, { force: true });
    } catch {
        // a read-only installation trains at every start, as before; a version another process removed is no error
    }
}

/** For a codec's check of what it reads back. */
export function isStringArray(value: unknown): value is string[] {
    return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Float64 values as base64 (exact, and a tenth of the size of their decimal JSON). */
export function encodeFloats(values: Float64Array): string {
    return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

export function decodeFloats(text: unknown, length: number): Float64Array {
    if (typeof text !== 'string') throw new Error('not a stored model');
    const bytes = Buffer.from(text, 'base64');
    if (bytes.byteLength !== length * 8) throw new Error('not a stored model');
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    return new Float64Array(copy.buffer);
}
