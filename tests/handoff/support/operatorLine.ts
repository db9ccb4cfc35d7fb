import { loadConfig } from '../../../config';
import { createSilentLogger } from '../../../common/logger';
import { createHandoff, type Handoff, type HandoffDeps } from '../../../handoff';
import { startApplication, type RunningApplication } from '../../../server/application';
import type { HttpTimeouts } from '../../../server/httpTimeouts';
import { makeTempDir } from '../../support/tempDir';
import { RecordingMessenger, TEST_HASHING } from './handoffHarness';

/** The first supervisor of {@link startOperatorLine}. */
export const SUPERVISOR = { username: 'jefa', password: 'Crecida-del-Ancasti-en-Valle-Viejo-2026' };

export interface OperatorLine {
    app: RunningApplication;
    handoff: Handoff;
    close(): Promise<void>;
}

/**
 * The line's HTTP server (startApplication, on 127.0.0.1:0, with its metrics listener) with the operator API and live
 * stream mounted as the line mounts them; `httpTimeouts` lowered, `handoff` settings (e.g. a fast heartbeat) as given.
 */
export async function startOperatorLine(options: { httpTimeouts?: HttpTimeouts; handoff?: Partial<HandoffDeps> } = {}): Promise<OperatorLine> {
    const temp = makeTempDir('operator-line');
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: temp.dir });
    let handoff: Handoff | undefined;
    const app = await startApplication(config, createSilentLogger(), {
        ...(options.httpTimeouts ? { httpTimeouts: options.httpTimeouts } : {}),
        async mountFeatures({ server, store, logger }) {
            handoff = createHandoff({
                store,
                logger,
                messenger: new RecordingMessenger(),
                passwordHashing: TEST_HASHING,
                maxBodyBytes: config.maxBodyBytes,
                admin: SUPERVISOR,
                ...options.handoff
            });
            handoff.mountRoutes(server);
            await handoff.start();
            return [handoff];
        }
    });
    return {
        app,
        handoff: handoff!,
        async close() {
            await app.stop();
            temp.remove();
        }
    };
}
