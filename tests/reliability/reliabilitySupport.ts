import type { SimulatedInput } from '../../adapters/simulator/webhookBuilder';

/** A whole report, by text only (a pin for the place): each step with the number of messages the line answers. */
export const REPORT_SCRIPT: readonly { input: SimulatedInput | string; replies: number }[] = [
    { input: 'hola', replies: 2 },
    { input: 'María Pérez', replies: 1 },
    { input: 'valle viejo', replies: 1 },
    { input: { kind: 'location', latitude: -28.6001, longitude: -65.7079 }, replies: 1 },
    { input: 'inundación', replies: 1 },
    { input: 'no tengo', replies: 1 },
    { input: 'sí', replies: 2 }
];

/** The start of a report and "cancelar": every turn answered, no handoff. */
export const SHORT_SCRIPT: readonly { input: string; replies: number }[] = [
    { input: 'hola', replies: 2 },
    { input: 'Ana Gómez', replies: 1 },
    { input: 'valle viejo', replies: 1 },
    { input: 'cancelar', replies: 1 }
];

/** `npm run soak` runs these same tests longer and harder: RELIABILITY_SCALE=N multiplies their counts. */
export const SCALE = Math.max(1, Number(process.env.RELIABILITY_SCALE ?? 1) || 1);

export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every 20 ms until it holds; throws with `what` after `timeoutMs`. */
export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`waitUntil(): timed out waiting for ${what}`);
        await sleep(20);
    }
}

/** Logs in as the harness's supervisor and returns a fetch that carries the session. */
export async function operatorSession(
    baseUrl: string,
    credentials: { username: string; password: string }
): Promise<(path: string, init?: RequestInit) => Promise<Response>> {
    const login = await fetch(`${baseUrl}/api/operator/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(credentials)
    });
    if (login.status !== 200) throw new Error(`operatorSession(): login answered ${login.status}`);
    const { token } = (await login.json()) as { token: string };
    return (path, init = {}) =>
        fetch(`${baseUrl}${path}`, {
            ...init,
            headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` }
        });
}
