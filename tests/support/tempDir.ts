import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A fresh folder under the system temp dir, and a function that removes it. */
export function makeTempDir(prefix: string): { dir: string; remove: () => void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `linea-${prefix}-`));
    return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
