import * as fs from 'fs';
import * as path from 'path';

let cached: string | undefined;

/**
 * The folder holding package.json, found from wherever the compiled code runs (dist/, or a helper's
 * own output folder), so static assets (console/, adapters/simulator/public/) resolve the same way.
 */
export function projectRoot(): string {
    if (cached) return cached;
    let dir = __dirname;
    while (!fs.existsSync(path.join(dir, 'package.json'))) {
        const parent = path.dirname(dir);
        if (parent === dir) throw new Error(`projectRoot(): no package.json above ${__dirname}`);
        dir = parent;
    }
    cached = dir;
    return dir;
}
