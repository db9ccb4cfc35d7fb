import { expect } from 'chai';
import { jsonDepthExceeds } from '../../common/http/jsonNesting';
import { LineHarness } from '../support/lineHarness';

/**
 * An outside probe stalled the line for most of a second per request with a megabyte of nested brackets sent to the
 * login route, which anyone may call: bodies that nest deeper than the line ever needs are refused before parsing,
 * and the login body is small.
 */
describe('JSON bodies the operator API refuses before parsing them', function () {
    this.timeout(30_000);
    let line: LineHarness;
    before(async () => (line = await LineHarness.start()));
    after(async () => line?.stop());

    const post = (route: string, body: string): Promise<Response> =>
        fetch(`${line.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

    it('answers 400 to deeply nested JSON at the login, naming the limit', async () => {
        const nested = '['.repeat(200_000) + ']'.repeat(200_000);
        const answer = await post('/api/operator/login', nested);
        expect(answer.status).to.equal(413);
        const deep = '{"username":' + '['.repeat(5_000) + ']'.repeat(5_000) + '}';
        const refused = await post('/api/operator/login', deep);
        expect(refused.status).to.equal(400);
        expect(((await refused.json()) as { message: string }).message).to.include('nests deeper than 32');
    });

    it('keeps the login body small (413), and a normal login works', async () => {
        expect((await post('/api/operator/login', JSON.stringify({ username: 'x', password: 'y'.repeat(20_000) }))).status).to.equal(413);
        expect((await post('/api/operator/login', JSON.stringify({ username: 'supervisora', password: 'clave-de-prueba-larga' }))).status).to.equal(
            200
        );
    });

    it('counts nesting outside strings only', () => {
        expect(jsonDepthExceeds(JSON.stringify({ text: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[' }))).to.equal(false);
        expect(jsonDepthExceeds(JSON.stringify({ text: 'a \\" [[[[' }))).to.equal(false);
        expect(jsonDepthExceeds('['.repeat(33) + ']'.repeat(33))).to.equal(true);
        expect(jsonDepthExceeds('['.repeat(32) + ']'.repeat(32))).to.equal(false);
    });
});
