import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { createHash } from 'crypto';
import { loadConfig } from '../../config';
import { createSilentLogger } from '../../common/logger';
import { startApplication } from '../../server/application';
import { mountFeatures } from '../../server/features';
import { LineHarness } from '../support/lineHarness';
import { makeTempDir } from '../support/tempDir';
import { samplePng } from '../console/consoleBrowser';

async function until(condition: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error(`never: ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}

/** The line as `npm start` runs it (simulator mode) on this DATA_DIR, until stopped. */
async function startOn(dataDir: string): Promise<{ stop(): Promise<void> }> {
    return startApplication(loadConfig({ PORT: '0', DATA_DIR: dataDir }), createSilentLogger(), { mountFeatures });
}

/** Every entry below `dir`, with its permission bits. */
function modes(dir: string): Array<{ entry: string; mode: number }> {
    const found: Array<{ entry: string; mode: number }> = [];
    const walk = (at: string): void => {
        const stat = fs.lstatSync(at);
        found.push({ entry: path.relative(dir, at) || '.', mode: stat.mode & 0o777 });
        if (stat.isDirectory()) for (const name of fs.readdirSync(at)) walk(path.join(at, name));
    };
    walk(dir);
    return found;
}

/**
 * DATA_DIR holds password hashes, transcripts, phone numbers and citizens' photos: nobody but the line's own user
 * may read it, whatever the umask of the process, and files left readable by an earlier start are fixed.
 */
describe("DATA_DIR is private to the line's user", function () {
    this.timeout(30_000);
    let umask: number;
    let line: LineHarness | undefined;
    beforeEach(() => (umask = process.umask(0o022)));
    afterEach(async () => {
        process.umask(umask);
        await line?.stop();
        line = undefined;
    });

    it('creates the database, its journals, the media and their folders readable by the owner only', async () => {
        line = await LineHarness.start();
        const photo = samplePng();
        const mediaId = line.peer.addMedia(photo, 'image/png');
        await line.citizenSays('5493834007401', 'Ana', 'hola');
        await line.citizenSays('5493834007401', 'Ana', {
            kind: 'image',
            mediaId,
            mimeType: 'image/png',
            sha256: createHash('sha256').update(photo).digest('hex')
        });
        const media = path.join(line.dataDir, 'media', createHash('sha256').update(photo).digest('hex'));
        await until(() => fs.existsSync(media), 'the photo stored');

        const entries = modes(line.dataDir).filter((e) => !e.entry.endsWith('.tmp'));
        expect(entries.map((e) => e.entry)).to.include.members(['.', 'media', path.relative(line.dataDir, media)]);
        expect(
            entries.some((e) => e.entry.endsWith('.sqlite')),
            'the database is there'
        ).to.equal(true);
        const open = entries.filter((e) => (e.mode & 0o077) !== 0);
        expect(open, 'entries others can read or enter').to.deep.equal([]);
    });

    it('fixes, at start, files and folders an earlier start left open to others', async () => {
        const temp = makeTempDir('private');
        try {
            await (await startOn(temp.dir)).stop();
            fs.mkdirSync(path.join(temp.dir, 'media'), { recursive: true });
            fs.writeFileSync(path.join(temp.dir, 'media', 'left-over.json'), '{}', { mode: 0o644 });
            for (const e of modes(temp.dir)) fs.chmodSync(path.join(temp.dir, e.entry), e.entry === '.' || e.entry === 'media' ? 0o755 : 0o644);
            expect(modes(temp.dir).filter((e) => (e.mode & 0o077) !== 0)).to.have.length.greaterThan(2);

            const again = await startOn(temp.dir);
            const open = modes(temp.dir).filter((e) => (e.mode & 0o077) !== 0);
            await again.stop();
            expect(open).to.deep.equal([]);
        } finally {
            temp.remove();
        }
    });
});
