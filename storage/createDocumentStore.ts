import type { CosmosClientOptions } from '@azure/cosmos';
import type { Logger } from '../common/logger';
import { CosmosDocumentStore } from './cosmos/cosmosDocumentStore';
import type { DocumentStore } from './documentStore';
import { SqliteDocumentStore } from './sqlite/sqliteDocumentStore';

export type DocumentStoreSettings =
    | { engine: 'sqlite'; file: string }
    | {
          engine: 'cosmos';
          endpoint: string;
          key: string;
          databaseId: string;
          clientOptions?: Partial<CosmosClientOptions>;
          /** Tests on `@vercel/cosmosdb-server` only: see CosmosDocumentStoreOptions.nonAtomicBatchServer. */
          nonAtomicBatchServer?: boolean;
      };

/**
 * Opens the engine the configuration names (STORAGE=sqlite|cosmos), schema and containers included.
 *
 * @example
 * const store = await createDocumentStore({ engine: 'sqlite', file: path.join(config.dataDir, 'line.sqlite') }, logger);
 */
export async function createDocumentStore(settings: DocumentStoreSettings, logger: Logger): Promise<DocumentStore> {
    switch (settings.engine) {
        case 'sqlite':
            return SqliteDocumentStore.open({ file: settings.file, logger });
        case 'cosmos':
            return CosmosDocumentStore.open({
                endpoint: settings.endpoint,
                key: settings.key,
                databaseId: settings.databaseId,
                clientOptions: settings.clientOptions,
                nonAtomicBatchServer: settings.nonAtomicBatchServer,
                logger
            });
        default: {
            const unknown: never = settings;
            throw new Error(`createDocumentStore(): unknown engine ${JSON.stringify((unknown as { engine?: unknown }).engine)}`);
        }
    }
}
