import { parentPort } from 'worker_threads';
import { judgePassword } from './passwordPolicy';

/**
 * The worker thread of {@link WorkerPasswordStrength}: judges one password per message, in order, so the estimate
 * (up to ~1.5 s of CPU) never holds the line's event loop.
 */
if (!parentPort) throw new Error('passwordStrengthWorker: run me as a worker thread');
const port = parentPort;
port.on('message', (request: { id: number; password: string; userInputs: string[] }) => {
    try {
        port.postMessage({ id: request.id, verdict: judgePassword(request.password, request.userInputs) });
    } catch (error) {
        port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
    }
});
