import { expect } from 'chai';
import fc from 'fast-check';
import { buildMessageWebhook } from '../../adapters/simulator/webhookBuilder';
import { signBody } from '../../adapters/whatsapp/webhookSignature';
import type { InstrumentedDocumentStore } from '../../storage/instrumentedStore';
import { ADMIN, LINE_SECRETS, LineHarness } from '../support/lineHarness';
import { SCALE } from './reliabilitySupport';

/**
 * 400 cases for each property in `npm test` (a new seed each run), 1,000 × RELIABILITY_SCALE in `npm run soak` (5,000 at
 * its default scale).
 */
const RUN = { numRuns: SCALE > 1 ? 1000 * SCALE : 400, interruptAfterTimeLimit: 12_000 * SCALE };

/** One request as the fuzzer sends it; resolves with the status (0: the server could not be reached). */
async function send(url: string, method: string, body: Buffer | undefined, headers: Record<string, string>): Promise<number> {
    try {
        const response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        return response.status;
    } catch {
        return 0;
    }
}

/** A webhook that is well formed and correctly shaped, as a starting point for mutations. */
function validPayload(text: string): Record<string, unknown> {
    return buildMessageWebhook(
        { phoneNumberId: LINE_SECRETS.phoneNumberId, displayPhoneNumber: '543834000000', wabaId: 'W' },
        { address: '5493834111111', name: 'Fuzz' },
        { kind: 'text', text }
    ).payload;
}

/** Replaces the value at a random path of `value` with `replacement` (every object and array on the way may be hit). */
function mutate(value: unknown, choices: number[], replacement: unknown): unknown {
    if (choices.length === 0 || value === null || typeof value !== 'object') return replacement;
    const keys = Object.keys(value);
    if (keys.length === 0) return replacement;
    const key = keys[choices[0] % keys.length];
    const copy: Record<string, unknown> = Array.isArray(value)
        ? ([...value] as unknown as Record<string, unknown>)
        : { ...(value as Record<string, unknown>) };
    copy[key] = mutate(copy[key], choices.slice(1), replacement);
    return copy;
}

const anyBody = fc.oneof(
    fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
    fc.json({ maxDepth: 4 }).map((json) => Buffer.from(json)),
    fc.string({ maxLength: 500 }).map((text) => Buffer.from(JSON.stringify(validPayload(text)))),
    fc
        .tuple(fc.array(fc.nat(), { maxLength: 9 }), fc.jsonValue({ maxDepth: 3 }))
        .map(([path, replacement]) => Buffer.from(JSON.stringify(mutate(validPayload('hola'), path, replacement))))
);

describe('reliability: malformed, oversized, wrongly typed and wrongly signed input', function () {
    this.timeout(90_000 * SCALE);
    let line: LineHarness;

    before(async () => (line = await LineHarness.start()));
    after(async () => line.stop());

    const writesOf = (collection: 'conversations' | 'messages'): number =>
        (line.app.store as InstrumentedDocumentStore).counters()[collection]?.writes ?? 0;

    it('answers 401 to every unsigned or wrongly signed webhook and stores nothing from it', async () => {
        const before = { conversations: writesOf('conversations'), messages: writesOf('messages') };
        const wrongSignature = fc.oneof(
            fc.constant(undefined),
            fc.string({ maxLength: 80 }),
            fc.constant('sha256='),
            fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => `sha256=${Buffer.from(bytes).toString('hex')}`),
            fc.constant('other-secret').map((secret) => ({ secret }))
        );
        const seen: string[] = [];
        await fc.assert(
            fc.asyncProperty(anyBody, wrongSignature, async (body, signature) => {
                const headers: Record<string, string> = { 'content-type': 'application/json' };
                if (typeof signature === 'string') headers['x-hub-signature-256'] = signature.replace(/[^\x20-\x7e]/g, '');
                else if (signature) headers['x-hub-signature-256'] = signBody(body, signature.secret);
                const status = await send(`${line.url}/api/whatsapp`, 'POST', body, headers);
                if (status !== 401) seen.push(`${status} for ${body.toString('utf8').slice(0, 120)}`);
            }),
            RUN
        );
        expect(seen, 'statuses other than 401').to.deep.equal([]);
        expect({ conversations: writesOf('conversations'), messages: writesOf('messages') }, 'nothing stored').to.deep.equal(before);
    });

    it('never answers 5xx to a signed webhook, however malformed, and stays up', async () => {
        const bad: string[] = [];
        await fc.assert(
            fc.asyncProperty(anyBody, async (body) => {
                const status = await send(`${line.url}/api/whatsapp`, 'POST', body, {
                    'content-type': 'application/json',
                    'x-hub-signature-256': signBody(body, LINE_SECRETS.appSecret)
                });
                if (status >= 500 || status === 0 || (status !== 200 && status !== 400))
                    bad.push(`${status} for ${body.toString('utf8').slice(0, 160)}`);
            }),
            RUN
        );
        expect(bad, 'answers other than 200/400').to.deep.equal([]);
        const oversized = Buffer.alloc(3 * 1024 * 1024 + 10, 0x20);
        expect(
            await send(`${line.url}/api/whatsapp`, 'POST', oversized, {
                'content-type': 'application/json',
                'x-hub-signature-256': signBody(oversized, LINE_SECRETS.appSecret)
            })
        ).to.equal(413);
        expect(await send(`${line.url}/healthz`, 'GET', undefined, {})).to.equal(200);
    });

    it('never answers 5xx to malformed operator API requests, logged in or not', async () => {
        const login = await fetch(`${line.url}/api/operator/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(ADMIN)
        });
        const { token } = (await login.json()) as { token: string };
        const routes = fc.constantFrom(
            ['POST', '/api/operator/login'],
            ['POST', '/api/operator/logout'],
            ['GET', '/api/operator/session'],
            ['GET', '/api/operator/cases?status=:x'],
            ['GET', '/api/operator/cases/:x'],
            ['POST', '/api/operator/cases/:x/claim'],
            ['POST', '/api/operator/cases/:x/messages'],
            ['POST', '/api/operator/cases/:x/notes'],
            ['POST', '/api/operator/cases/:x/release'],
            ['POST', '/api/operator/cases/:x/resolve'],
            ['POST', '/api/operator/cases/:x/return-to-bot'],
            ['GET', '/api/operator/media/:x'],
            ['GET', '/api/operator/users'],
            ['POST', '/api/operator/users'],
            ['PATCH', '/api/operator/users/:x'],
            ['DELETE', '/api/operator/users/:x']
        );
        const bodies = fc.oneof(
            fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
            fc.string({ maxLength: 300 }),
            fc.constant(''),
            fc.constant('x'.repeat(2 * 1024 * 1024))
        );
        const bad: string[] = [];
        await fc.assert(
            fc.asyncProperty(
                routes,
                fc.string({ maxLength: 40 }),
                bodies,
                fc.boolean(),
                fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
                async ([method, route], id, body, authenticated, contentType) => {
                    // Never the admin's own account: the fuzzer must not lock itself out or delete its login.
                    const path = route.replace(':x', encodeURIComponent(id === ADMIN.username ? `${id}x` : id));
                    const headers: Record<string, string> = { 'content-type': contentType };
                    if (authenticated) headers.authorization = `Bearer ${token}`;
                    if (path.endsWith('/logout')) delete headers.authorization;
                    const status = await send(
                        `${line.url}${path}`,
                        method,
                        method === 'GET' || method === 'DELETE' ? undefined : Buffer.from(body),
                        headers
                    );
                    if (status >= 500 || status === 0) bad.push(`${status} ${method} ${path} ${body.slice(0, 100)}`);
                }
            ),
            RUN
        );
        expect(bad, '5xx or no answer').to.deep.equal([]);
        expect(await send(`${line.url}/healthz`, 'GET', undefined, {})).to.equal(200);
    });
});
