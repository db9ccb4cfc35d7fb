import { expect } from 'chai';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { FileMediaStore } from '../../storage/fileMediaStore';
import { makeTempDir, removeDir } from './storageTestSupport';

describe('FileMediaStore', function () {
    let dir: string;
    let media: FileMediaStore;
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('a photo of a flooded street')]);
    const sha256 = createHash('sha256').update(photo).digest('hex');

    beforeEach(function () {
        dir = makeTempDir('storage-media');
        media = new FileMediaStore({ dataDir: dir });
    });
    afterEach(function () {
        removeDir(dir);
    });

    it('stores under <dataDir>/media and reads back the same bytes and description', async function () {
        const stored = await media.save(photo, { mimeType: 'image/jpeg', source: 'wa-media-1' });
        expect(stored).to.include({ id: sha256, sha256, mimeType: 'image/jpeg', size: photo.length });
        expect(Date.parse(stored.createdAt)).to.not.be.NaN;
        const read = await media.get(stored.id);
        expect(read?.bytes.equals(photo)).to.equal(true);
        expect(read?.meta).to.deep.equal(stored);
        expect(fs.readdirSync(path.join(dir, 'media')).sort()).to.deep.equal([sha256, `${sha256}.json`]);
    });

    it('stores the same bytes once', async function () {
        const first = await media.save(photo, { mimeType: 'image/jpeg' });
        const second = await media.save(Buffer.from(photo), { mimeType: 'image/jpeg', sha256: sha256.toUpperCase() });
        expect(second).to.deep.equal(first);
    });

    it('refuses bytes that do not match the stated sha256', async function () {
        let failure: unknown;
        try {
            await media.save(photo, { mimeType: 'image/jpeg', sha256: '0'.repeat(64) });
        } catch (error) {
            failure = error;
        }
        expect(String(failure)).to.match(/does not match/);
        expect(fs.existsSync(path.join(dir, 'media', sha256))).to.equal(false);
    });

    it('answers undefined for an unknown id', async function () {
        expect(await media.get('a'.repeat(64))).to.equal(undefined);
    });

    it('refuses ids that are not a sha256, so no id can reach outside the folder', async function () {
        fs.writeFileSync(path.join(dir, 'secret.json'), '{"mimeType":"text/plain"}');
        for (const id of ['../secret', '..%2Fsecret', `../${'a'.repeat(61)}`, 'A'.repeat(64), 'a'.repeat(63), `${'a'.repeat(64)}.json`, '']) {
            let failure: unknown;
            try {
                await media.get(id);
            } catch (error) {
                failure = error;
            }
            expect(String(failure), id).to.match(/invalid media id/);
        }
    });
});
