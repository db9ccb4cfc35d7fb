import * as restify from 'restify';
import { LOOPBACK, serveParent } from './childProtocol';

/** Baseline: a bare restify server that reads the webhook body and answers 200, nothing else. */
const server = restify.createServer({ name: 'bare-restify', handleUncaughtExceptions: false });
server.post('/api/whatsapp', (req, res, next) => {
    req.resume();
    req.once('end', () => {
        res.writeHead(200, { 'content-length': 0 });
        res.end();
        next();
    });
});
server.listen(0, LOOPBACK, () => {
    const { port } = server.address();
    serveParent(`http://${LOOPBACK}:${port}`, { stop: () => new Promise((resolve) => server.close(() => resolve())) });
});
