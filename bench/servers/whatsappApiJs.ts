import * as restify from 'restify';
import { LOOPBACK, serveParent } from './childProtocol';

/**
 * Baseline: the webhook handler of `whatsapp-api-js` (node-http middleware) on restify, checking the signature
 * and emitting each message to a handler that records nothing.
 */
async function main(): Promise<void> {
    const { WhatsAppAPI } = await import('whatsapp-api-js/middleware/node-http');
    const whatsapp = new WhatsAppAPI({
        token: 'bench-access-token',
        appSecret: process.env.WHATSAPP_APP_SECRET ?? 'bench-app-secret',
        webhookVerifyToken: 'bench-verify-token',
        v: 'v24.0'
    });
    let received = 0;
    whatsapp.on.message = () => {
        received++;
    };
    const server = restify.createServer({ name: 'whatsapp-api-js', handleUncaughtExceptions: false });
    server.post('/api/whatsapp', async (req, res) => {
        let status: number;
        try {
            status = await whatsapp.handle_post(req);
        } catch (error) {
            status = typeof error === 'number' ? error : 500;
        }
        res.writeHead(status, { 'content-length': 0 });
        res.end();
    });
    server.listen(0, LOOPBACK, () => {
        const { port } = server.address();
        serveParent(`http://${LOOPBACK}:${port}`, {
            stop: () => new Promise((resolve) => server.close(() => resolve())),
            counters: () => ({ received })
        });
    });
}

main().catch((error: Error) => {
    process.stderr.write(`whatsappApiJs bench server: ${error.stack}\n`);
    process.exit(1);
});
