import * as fs from 'fs';
import * as https from 'https';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import type { CosmosClientOptions } from '@azure/cosmos';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { createSilentLogger } from '../../common/logger';
import { CosmosDocumentStore } from '../../storage/cosmos/cosmosDocumentStore';
import type { DocumentStore } from '../../storage/documentStore';
import { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';

/** A store under test and how to dispose of it. */
export interface StoreFixture {
    store: DocumentStore;
    dispose(): Promise<void>;
}

export type StoreFactory = () => Promise<StoreFixture>;

export function makeTempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export function removeDir(dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
}

/** A fresh SQLite file in its own temp folder per call. */
export function sqliteFactory(): StoreFactory {
    return async () => {
        const dir = makeTempDir('storage-sqlite');
        const store = SqliteDocumentStore.open({ file: path.join(dir, 'nested', 'line.sqlite'), logger: createSilentLogger() });
        return {
            store,
            async dispose() {
                await store.close();
                removeDir(dir);
            }
        };
    };
}

/**
 * @vercel/cosmosdb-server in this process on 127.0.0.1 (port chosen by the OS), reached through the real
 * SDK. Its certificate is self-signed: ONLY this test agent skips verification.
 */
export class LocalCosmosServer {
    private server?: ReturnType<typeof createHttpsServer>;
    private agent?: https.Agent;
    private databases = 0;
    endpoint = '';

    async start(): Promise<void> {
        // Connections are kept open, as the SDK's own agent keeps them open to Cosmos DB. Without keepAlive here and on
        // the server (which then answers `connection: close`), every request was a new TLS connection whose handshake
        // both sides computed in this process: the auto-assignment test's longest case made over 550 of them and took
        // 25-27 s of its 30 s on a loaded machine (three times the CPU it needs now). The server never closes an idle
        // connection (keepAliveTimeout 0), so no request goes out on a socket it is just closing ("socket hang up");
        // stop() closes them all.
        this.server = createHttpsServer({ keepAlive: true });
        this.server.keepAliveTimeout = 0;
        await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
        this.endpoint = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
        this.agent = new https.Agent({ rejectUnauthorized: false, keepAlive: true });
    }

    async stop(): Promise<void> {
        this.agent?.destroy();
        if (this.server) {
            this.server.closeAllConnections();
            await new Promise<void>((resolve) => this.server!.close(() => resolve()));
        }
    }

    async openStore(extra: { databaseId?: string } = {}): Promise<CosmosDocumentStore> {
        return CosmosDocumentStore.open({
            endpoint: this.endpoint,
            key: Buffer.from('test-key').toString('base64'),
            databaseId: extra.databaseId ?? `db${++this.databases}`,
            logger: createSilentLogger(),
            clientOptions: this.clientOptionsForTests(),
            // cosmosdb-server 1.0.1 does not roll back a failed transactional batch (see the report).
            nonAtomicBatchServer: true
        });
    }

    /** Trust the self-signed certificate of THIS server only; no endpoint discovery (one local endpoint). */
    clientOptionsForTests(): Partial<CosmosClientOptions> {
        return { agent: this.agent, connectionPolicy: { enableEndpointDiscovery: false } };
    }

    /** A fresh database per call, so tests never see each other's documents. */
    factory(): StoreFactory {
        return async () => {
            const store = await this.openStore();
            return { store, dispose: () => store.close() };
        };
    }
}

/** A mocha block with a local Cosmos DB server started before its tests and stopped after them. */
export function describeWithLocalCosmos(body: (cosmos: LocalCosmosServer) => void): void {
    describe('with a local Cosmos DB server', function () {
        const cosmos = new LocalCosmosServer();
        before(async function () {
            await cosmos.start();
        });
        after(async function () {
            await cosmos.stop();
        });
        body(cosmos);
    });
}
