import { createHash, randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { Logger } from '../common/logger';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './privateDataDir';
import { isMediaId, MediaMeta, MediaStore, StoredMedia } from './mediaStore';

/**
 * Media on the local disk, content-addressed: `<folder>/<sha256>` holds the bytes and
 * `<folder>/<sha256>.json` their description. Both are written to a temporary file and renamed, so a
 * crash never leaves half a photo under a valid id. Ids are validated before they touch a path.
 *
 * @example
 * const media = new FileMediaStore({ dataDir: config.dataDir, logger });   // <dataDir>/media
 */
export class FileMediaStore implements MediaStore {
    readonly folder: string;
    private readonly logger?: Logger;

    /** `folder` wins; otherwise `<dataDir>/media` (dataDir defaults to `./data`, as DATA_DIR does). */
    constructor(options: { folder?: string; dataDir?: string; logger?: Logger }) {
        this.folder = path.resolve(options.folder ?? path.join(options.dataDir ?? './data', 'media'));
        this.logger = options.logger;
    }

    async save(bytes: Buffer, meta: MediaMeta): Promise<StoredMedia> {
        if (!Buffer.isBuffer(bytes)) throw new Error('FileMediaStore.save(): bytes must be a Buffer');
        if (!meta?.mimeType || !/^[\w.+-]+\/[\w.+-]+$/.test(meta.mimeType)) {
            throw new Error(`FileMediaStore.save(): invalid mime type ${JSON.stringify(meta?.mimeType)}`);
        }
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        if (meta.sha256 !== undefined && meta.sha256.toLowerCase() !== sha256) {
            throw new Error(`FileMediaStore.save(): content does not match the stated sha256 (got ${sha256})`);
        }
        const existing = await this.readMeta(sha256);
        if (existing) return existing;
        const stored: StoredMedia = { id: sha256, mimeType: meta.mimeType, sha256, size: bytes.length, createdAt: new Date().toISOString() };
        await fs.mkdir(this.folder, { recursive: true, mode: PRIVATE_DIR_MODE });
        // Bytes first, description last: a description on disk means the bytes are complete.
        await this.writeAtomically(this.bytesPath(sha256), bytes);
        await this.writeAtomically(this.metaPath(sha256), Buffer.from(JSON.stringify(stored)));
        this.logger?.debug({ mediaId: sha256, size: bytes.length, mimeType: meta.mimeType, source: meta.source }, 'media saved');
        return stored;
    }

    async get(id: string): Promise<{ meta: StoredMedia; bytes: Buffer } | undefined> {
        if (!isMediaId(id)) throw new Error(`FileMediaStore.get(): invalid media id ${JSON.stringify(String(id).slice(0, 80))}`);
        const meta = await this.readMeta(id);
        if (!meta) return undefined;
        const bytes = await readIfExists(this.bytesPath(id));
        return bytes ? { meta, bytes } : undefined;
    }

    private async readMeta(id: string): Promise<StoredMedia | undefined> {
        const text = await readIfExists(this.metaPath(id));
        return text ? (JSON.parse(text.toString('utf8')) as StoredMedia) : undefined;
    }

    private bytesPath(id: string): string {
        return path.join(this.folder, id);
    }

    private metaPath(id: string): string {
        return path.join(this.folder, `${id}.json`);
    }

    private async writeAtomically(file: string, data: Buffer): Promise<void> {
        const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
        const handle = await fs.open(temporary, 'w', PRIVATE_FILE_MODE);
        try {
            await handle.writeFile(data);
            await handle.sync();
        } finally {
            await handle.close();
        }
        try {
            await fs.rename(temporary, file);
        } catch (error) {
            await fs.rm(temporary, { force: true });
            throw error;
        }
    }
}

async function readIfExists(file: string): Promise<Buffer | undefined> {
    try {
        return await fs.readFile(file);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
    }
}
