import * as crypto from 'crypto';
import { signBody } from '../adapters/whatsapp/webhookSignature';
import { BENCH_BUSINESS, BENCH_SECRETS } from './signedWebhooks';

// autocannon ships no types; this is the part of its API the benchmark uses.
interface AutocannonResult {
    duration: number;
    '2xx': number;
    non2xx: number;
    errors: number;
    timeouts: number;
    latency: { p50: number; p99: number; average: number };
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- autocannon's CommonJS export, typed above
const autocannon: Autocannon = require('autocannon');

export interface IngestOptions {
    url: string;
    connections: number;
    durationSeconds: number;
    /** Requests per second over all connections; unset: as fast as the server answers. */
    overallRate?: number;
    /** Distinct citizens the messages cycle through. */
    citizens?: number;
}

export interface IngestResult {
    /** Acknowledged (2xx) webhooks per second. */
    perSecond: number;
    acknowledged: number;
    p50Ms: number;
    p99Ms: number;
    failed: number;
}

/**
 * Signed WhatsApp webhooks at `connections` concurrent connections, each a distinct message (fresh wamid) of one
 * of `citizens` citizens, signed with the app secret: the server must verify, may record, and acknowledges.
 */
export async function runIngest(options: IngestOptions): Promise<IngestResult> {
    const run = crypto.randomBytes(4).toString('hex');
    const citizens = options.citizens ?? 2000;
    let sequence = 0;
    const result = await autocannon({
        url: `${options.url}/api/whatsapp`,
        method: 'POST',
        connections: options.connections,
        duration: options.durationSeconds,
        timeout: 10,
        ...(options.overallRate ? { overallRate: options.overallRate } : {}),
        requests: [
            {
                setupRequest: (request: Record<string, unknown>) => {
                    const n = sequence++;
                    const body = webhookBytes(`5493830${String(n % citizens).padStart(6, '0')}`, `wamid.bench${run}${n}`, `mensaje ${n}`);
                    return {
                        ...request,
                        method: 'POST',
                        body,
                        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, BENCH_SECRETS.appSecret) }
                    };
                }
            }
        ]
    });
    return {
        perSecond: result['2xx'] / result.duration,
        acknowledged: result['2xx'],
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        failed: result.non2xx + result.errors + result.timeouts
    };
}

/** The bytes of a one-text-message webhook, built from a template (the load generator must stay cheap). */
function webhookBytes(phone: string, wamid: string, text: string): Buffer {
    const now = Math.floor(Date.now() / 1000);
    return Buffer.from(
        `{"object":"whatsapp_business_account","entry":[{"id":"${BENCH_BUSINESS.wabaId}","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",` +
            `"metadata":{"display_phone_number":"${BENCH_BUSINESS.displayPhoneNumber}","phone_number_id":"${BENCH_BUSINESS.phoneNumberId}"},` +
            `"contacts":[{"profile":{"name":"Vecino ${phone.slice(-4)}"},"wa_id":"${phone}"}],` +
            `"messages":[{"from":"${phone}","id":"${wamid}","timestamp":"${now}","type":"text","text":{"body":"${text}"}}]}}]}]}`,
        'utf8'
    );
}
