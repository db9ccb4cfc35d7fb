import { buildMessageWebhook, type SimulatedBusiness, type SimulatedInput } from '../adapters/simulator/webhookBuilder';
import { signBody } from '../adapters/whatsapp/webhookSignature';

export const BENCH_SECRETS = {
    accessToken: 'bench-access-token',
    appSecret: 'bench-app-secret',
    verifyToken: 'bench-verify-token',
    phoneNumberId: '109876543210'
};

export const BENCH_BUSINESS: SimulatedBusiness = {
    phoneNumberId: BENCH_SECRETS.phoneNumberId,
    displayPhoneNumber: '543834000000',
    wabaId: 'BENCH-WABA'
};

/** One signed webhook POST as Meta sends it: the exact bytes and the headers that go with them. */
export interface SignedWebhook {
    wamid: string;
    body: Buffer;
    headers: Record<string, string>;
}

/** Builds and signs a webhook carrying one citizen message (ASCII text only, so the bytes are what JSON.stringify gives). */
export function signedMessageWebhook(
    phone: string,
    name: string,
    input: SimulatedInput | string,
    appSecret = BENCH_SECRETS.appSecret
): SignedWebhook {
    const message = typeof input === 'string' ? ({ kind: 'text', text: input } as const) : input;
    const { wamid, payload } = buildMessageWebhook(BENCH_BUSINESS, { address: phone, name }, message);
    const body = Buffer.from(
        JSON.stringify(payload).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
        'utf8'
    );
    return {
        wamid,
        body,
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, appSecret), 'user-agent': 'facebookexternalua' }
    };
}

/** A stream of distinct citizens: `prefix` keeps two runs of one benchmark apart. */
export class PhoneNumbers {
    private next = 0;
    constructor(private readonly prefix = '54938') {}

    take(): string {
        return `${this.prefix}${String(this.next++).padStart(8, '0')}`;
    }
}

/** The line's environment for a Meta-mode run against a Graph peer at `graphUrl`. */
export function lineEnv(dataDir: string, graphUrl: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        WHATSAPP_ACCESS_TOKEN: BENCH_SECRETS.accessToken,
        WHATSAPP_APP_SECRET: BENCH_SECRETS.appSecret,
        WHATSAPP_VERIFY_TOKEN: BENCH_SECRETS.verifyToken,
        WHATSAPP_PHONE_NUMBER_ID: BENCH_SECRETS.phoneNumberId,
        WHATSAPP_GRAPH_URL: graphUrl,
        WHATSAPP_MEDIA_HOSTS: '127.0.0.1',
        ...extra
    };
}
