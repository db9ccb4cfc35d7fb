import { expect } from 'chai';
import * as path from 'path';
import { ConfigError, loadConfig } from '../../config';

describe('config', () => {
    const cwd = '/srv/linea';

    it('runs with no environment at all: sqlite under ./data, simulator, port 3978 on this machine only', () => {
        const config = loadConfig({}, cwd);
        expect(config.port).to.equal(3978);
        expect(config.host).to.equal('127.0.0.1');
        expect(config.storage).to.deep.equal({ engine: 'sqlite', file: path.join(cwd, 'data', 'linea.sqlite') });
        expect(config.whatsapp.mode).to.equal('simulator');
        expect(config.whatsapp.ratePerSecond).to.equal(80);
        expect(config.whatsapp.retry).to.deep.equal({ baseDelayMs: 1000, maxDelayMs: 30_000 });
        expect(config.whatsapp.retryForMs).to.equal(15 * 60_000);
        expect(config.admin).to.equal(undefined);
    });

    it('makes a fresh webhook secret per start in simulator mode', () => {
        expect(loadConfig({}, cwd).whatsapp.appSecret).to.not.equal(loadConfig({}, cwd).whatsapp.appSecret);
    });

    it('reads a full Meta and Cosmos configuration', () => {
        const config = loadConfig(
            {
                PORT: '8080',
                DATA_DIR: '/var/lib/linea',
                STORAGE: 'COSMOS',
                COSMOS_ENDPOINT: 'https://cuenta.documents.azure.com:443/',
                COSMOS_KEY: 'c2VjcmV0',
                WHATSAPP_ACCESS_TOKEN: 'EAAG',
                WHATSAPP_APP_SECRET: 'app-secret',
                WHATSAPP_VERIFY_TOKEN: 'verify',
                WHATSAPP_PHONE_NUMBER_ID: '1234567890',
                WHATSAPP_RATE_PER_SECOND: '250',
                WHATSAPP_RETRY_BASE_MS: '500',
                WHATSAPP_RETRY_MAX_MS: '10000',
                WHATSAPP_RETRY_FOR_MINUTES: '60',
                ADMIN_USERNAME: 'supervisora',
                ADMIN_PASSWORD: 'una clave muy larga'
            },
            cwd
        );
        expect(config.port).to.equal(8080);
        expect(config.host).to.equal('0.0.0.0');
        expect(config.dataDir).to.equal('/var/lib/linea');
        expect(config.storage).to.deep.equal({
            engine: 'cosmos',
            endpoint: 'https://cuenta.documents.azure.com:443',
            key: 'c2VjcmV0',
            databaseId: 'linea-emergencia'
        });
        expect(config.whatsapp).to.include({
            mode: 'meta',
            graphUrl: 'https://graph.facebook.com/v24.0',
            phoneNumberId: '1234567890',
            ratePerSecond: 250
        });
        expect(config.whatsapp.retry).to.deep.equal({ baseDelayMs: 500, maxDelayMs: 10_000 });
        expect(config.whatsapp.retryForMs).to.equal(60 * 60_000);
        expect(config.admin).to.deep.equal({ username: 'supervisora', password: 'una clave muy larga' });
    });

    it("looks for other instances' case changes every 2 s on Cosmos DB, not at all on one SQLite file, unless told", () => {
        const cosmos = { STORAGE: 'cosmos', COSMOS_ENDPOINT: 'https://x.documents.azure.com', COSMOS_KEY: 'k' };
        expect(loadConfig(cosmos, cwd).handoff.liveEventsPollSeconds).to.equal(2);
        expect(loadConfig({}, cwd).handoff.liveEventsPollSeconds).to.equal(0);
        expect(loadConfig({ LIVE_EVENTS_POLL_SECONDS: '1.5' }, cwd).handoff.liveEventsPollSeconds).to.equal(1.5);
        expect(loadConfig({ ...cosmos, LIVE_EVENTS_POLL_SECONDS: '0' }, cwd).handoff.liveEventsPollSeconds).to.equal(0);
    });

    const mistakes: [string, Record<string, string>, string][] = [
        [
            'cosmos without an endpoint',
            { STORAGE: 'cosmos', COSMOS_KEY: 'k' },
            'Configuration error: COSMOS_ENDPOINT is required when STORAGE=cosmos'
        ],
        [
            'cosmos without a key',
            { STORAGE: 'cosmos', COSMOS_ENDPOINT: 'https://x.documents.azure.com' },
            'Configuration error: COSMOS_KEY is required when STORAGE=cosmos'
        ],
        ['an unknown engine', { STORAGE: 'postgres' }, 'Configuration error: STORAGE must be one of sqlite, cosmos (got "postgres")'],
        ['a port that is not a number', { PORT: 'http' }, 'Configuration error: PORT must be a whole number from 0 to 65535 (got "http")'],
        ['a port out of range', { PORT: '70000' }, 'Configuration error: PORT must be a whole number from 0 to 65535 (got "70000")'],
        [
            'a fractional rate',
            { WHATSAPP_RATE_PER_SECOND: '1.5' },
            'Configuration error: WHATSAPP_RATE_PER_SECOND must be a whole number from 1 to 1000 (got "1.5")'
        ],
        [
            'a retry ceiling below its first wait',
            { WHATSAPP_RETRY_BASE_MS: '5000', WHATSAPP_RETRY_MAX_MS: '1000' },
            'Configuration error: WHATSAPP_RETRY_MAX_MS must be a whole number from 5000 to 3600000 (got "1000")'
        ],
        [
            'a token without its app secret',
            { WHATSAPP_ACCESS_TOKEN: 'EAAG', WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_PHONE_NUMBER_ID: '1' },
            'Configuration error: WHATSAPP_APP_SECRET is required when WHATSAPP_ACCESS_TOKEN is set'
        ],
        [
            'a phone number id with letters',
            { WHATSAPP_ACCESS_TOKEN: 'EAAG', WHATSAPP_APP_SECRET: 's', WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_PHONE_NUMBER_ID: 'abc' },
            'Configuration error: WHATSAPP_PHONE_NUMBER_ID must be the numeric phone number id from Meta (got "abc")'
        ],
        [
            'a graph URL that is not a URL',
            { WHATSAPP_GRAPH_URL: 'graph.facebook.com' },
            'Configuration error: WHATSAPP_GRAPH_URL must be an http(s) URL (got "graph.facebook.com")'
        ],
        [
            'a media host list with a URL in it',
            { WHATSAPP_MEDIA_HOSTS: 'https://evil.example/x' },
            'Configuration error: WHATSAPP_MEDIA_HOSTS has an entry that is not a host, host:port or .suffix (got "https://evil.example/x")'
        ],
        ['an admin without a password', { ADMIN_USERNAME: 'ana' }, 'Configuration error: ADMIN_PASSWORD is required when ADMIN_USERNAME is set'],
        [
            'a short admin password',
            { ADMIN_USERNAME: 'ana', ADMIN_PASSWORD: 'corta' },
            'Configuration error: ADMIN_PASSWORD must be at least 12 characters long'
        ],
        [
            'a live-view poll that would hammer storage',
            { LIVE_EVENTS_POLL_SECONDS: '0.1' },
            'Configuration error: LIVE_EVENTS_POLL_SECONDS must be 0 (off) or from 0.5 to 60 (got "0.1")'
        ],
        [
            'a live-view poll slower than a minute',
            { LIVE_EVENTS_POLL_SECONDS: '90' },
            'Configuration error: LIVE_EVENTS_POLL_SECONDS must be a number from 0 to 60 (got "90")'
        ],
        [
            'an unknown log level',
            { LOG_LEVEL: 'verbose' },
            'Configuration error: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")'
        ]
    ];
    for (const [what, env, message] of mistakes) {
        it(`stops on ${what} with one line naming the variable`, () => {
            expect(() => loadConfig(env, cwd)).to.throw(ConfigError, message);
        });
    }

    it('never repeats a secret in its message', () => {
        try {
            loadConfig({ ADMIN_USERNAME: 'ana', ADMIN_PASSWORD: 'corta' }, cwd);
            expect.fail('should have thrown');
        } catch (error) {
            expect((error as Error).message).to.not.include('corta');
        }
    });
});

describe('config: ADMIN_PASSWORD follows the same strength rule as every password of the line', () => {
    const cwd = '/srv/linea';
    const refused: [string, Record<string, string>, RegExp][] = [
        [
            'twelve times the same letter',
            { ADMIN_USERNAME: 'ana', ADMIN_PASSWORD: 'aaaaaaaaaaaa' },
            /Los caracteres repetidos, como "aaa", son fáciles de adivinar\./
        ],
        ['digits in a row', { ADMIN_USERNAME: 'ana', ADMIN_PASSWORD: '123456789012' }, /fácil de adivinar/],
        [
            'the username and a year',
            { ADMIN_USERNAME: 'guardia.central', ADMIN_PASSWORD: 'guardia.central2024' },
            /No use su usuario, su nombre ni el nombre de la institución/
        ],
        ['the institution and a year', { ADMIN_USERNAME: 'ana', ADMIN_PASSWORD: 'defensacivil2024' }, /\(Defensa Civil, Catamarca\)/]
    ];
    for (const [what, env, reason] of refused) {
        it(`stops on ${what}: a ConfigError naming ADMIN_PASSWORD, saying why in Spanish, without the password`, () => {
            let thrown: unknown;
            try {
                loadConfig(env, cwd);
            } catch (error) {
                thrown = error;
            }
            expect(thrown).to.be.instanceOf(ConfigError);
            const message = (thrown as ConfigError).message;
            expect((thrown as ConfigError).variable).to.equal('ADMIN_PASSWORD');
            expect(message).to.match(
                /^Configuration error: ADMIN_PASSWORD is too easy to guess \(strength [0-2] of 4, at least 3 needed\): La contraseña es demasiado fácil de adivinar\. /
            );
            expect(message).to.match(reason);
            expect(message).to.not.include(env.ADMIN_PASSWORD);
        });
    }

    it('takes a password of a few uncommon words', () => {
        expect(loadConfig({ ADMIN_USERNAME: 'ana', ADMIN_PASSWORD: 'granizo-sobre-los-olivares' }, cwd).admin).to.deep.equal({
            username: 'ana',
            password: 'granizo-sobre-los-olivares'
        });
    });
});
