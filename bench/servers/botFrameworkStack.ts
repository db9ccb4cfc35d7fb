import * as restify from 'restify';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, MemoryStorage } from 'botbuilder';
import { createSilentLogger } from '../../common/logger';
import { createReportBot } from '../../bots/createReportBot';
import { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { LOOPBACK, serveParent } from './childProtocol';

/**
 * Baseline for full turns: the Bot Framework standard stack as its samples build it (restify + bodyParser +
 * CloudAdapter, anonymous) running the SAME report dialogs, state in MemoryStorage and the bot's documents
 * (profiles, reports) in an in-memory SQLite database. Clients use deliveryMode `expectReplies`, so the replies
 * come back in the HTTP answer and nothing is sent anywhere.
 */
async function main(): Promise<void> {
    const logger = createSilentLogger();
    const store = SqliteDocumentStore.open({ file: ':memory:' });
    const { bot } = createReportBot({ store, storage: new MemoryStorage(), logger });
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    adapter.onTurnError = async (_context, error) => {
        process.stderr.write(`bot framework stack: turn failed: ${error.message}\n`);
    };
    const server = restify.createServer({ name: 'bot-framework-stack', handleUncaughtExceptions: false });
    server.use(restify.plugins.bodyParser());
    server.post('/api/messages', async (req, res) => {
        await adapter.process(req, res, (context) => bot.run(context));
    });
    server.listen(0, LOOPBACK, () => {
        const { port } = server.address();
        serveParent(`http://${LOOPBACK}:${port}`, {
            stop: async () => {
                await new Promise<void>((resolve) => server.close(() => resolve()));
                await store.close();
            }
        });
    });
}

main().catch((error: Error) => {
    process.stderr.write(`bot framework stack: ${error.stack}\n`);
    process.exit(1);
});
