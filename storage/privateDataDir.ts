import * as fs from 'fs';
import * as path from 'path';

/** Folders under DATA_DIR: only the line's own user may list or enter them. */
export const PRIVATE_DIR_MODE = 0o700;
/** Files under DATA_DIR (the database with password hashes, transcripts, phone numbers; citizens' media). */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Makes DATA_DIR and everything in it private to the line's user, whatever the umask was when each file was made
 * (an earlier version, a restore from a backup, a file copied in by hand). Links are left alone: following one could
 * change a file outside the folder. Answers how many entries it had to fix, for the start-up log.
 */
export function makeDataDirPrivate(dataDir: string): number {
    fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    return privatize(path.resolve(dataDir));
}

function privatize(entry: string): number {
    const stat = fs.lstatSync(entry);
    if (stat.isSymbolicLink()) return 0;
    const wanted = stat.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
    let fixed = 0;
    if ((stat.mode & 0o777) !== wanted) {
        fs.chmodSync(entry, wanted);
        fixed += 1;
    }
    if (stat.isDirectory()) {
        for (const name of fs.readdirSync(entry)) fixed += privatize(path.join(entry, name));
    }
    return fixed;
}
