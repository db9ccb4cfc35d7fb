import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { AppConfig } from '../config';
import type { Logger } from '../common/logger';
import type { DocumentStore } from '../storage';
import { FIRST_LOGIN_FILE, type FirstSupervisorLogin } from '../handoff';

/**
 * The first supervisor: ADMIN_USERNAME / ADMIN_PASSWORD when set. With neither set, in simulator mode and on
 * an empty user list only, one is made up so `npm start` gives a working console at once; its password goes to
 * a file readable only by this user under DATA_DIR, and the log names the file, not the password. The made-up
 * supervisor carries the file's path (`loginFile`): it must change the password at first login, and the file is
 * removed when it does (SessionService).
 */
export async function firstSupervisor(config: AppConfig, store: DocumentStore, logger: Logger): Promise<FirstSupervisorLogin | undefined> {
    if (config.admin) return config.admin;
    if (config.whatsapp.mode !== 'simulator') return undefined;
    if ((await store.count('users', {})) > 0) return undefined;

    const admin = { username: 'supervisor', password: crypto.randomBytes(12).toString('base64url') };
    const file = path.join(config.dataDir, FIRST_LOGIN_FILE);
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, `usuario: ${admin.username}\ncontraseña: ${admin.password}\n`, { mode: 0o600 });
    logger.info({ file }, 'simulator mode: a first supervisor was created; its login is in this file');
    return { ...admin, loginFile: file };
}
