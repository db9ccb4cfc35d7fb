import { expect } from 'chai';
import * as http from 'http';
import { AddressInfo } from 'net';
import { systemClock } from '../../common/clock';
import { CapFeedPoller } from '../../alerts/cap/capFeedPoller';
import { CAP_LIMITS, CapFormatError, parseCap } from '../../alerts/cap/capParser';
import { createLogger } from '../../common/logger';
import { AlertHarness, DEPT } from './support/alertHarness';
import { PROBE, capDocument, ringPolygon, smnLikeAlert } from './fixtures/capDocuments';

/*
 * One CAP document must not hold the event loop (every webhook and console request waits behind it), and no
 * document may answer 500. Bench note (not asserted; shared 2-core machine, other test suites running): posted to
 * this HTTP API with monitorEventLoopDelay on, the worst documents CAP_LIMITS allows hold the loop, once warm,
 * 12-15 ms (50 zigzag polygons over the whole province, 5,000 points; up to ~35 ms under load), ~14 ms (2,000
 * characters of areaDesc names), 8-9 ms (128 KB of character references), ~5 ms (50 circles), 2-3 ms (1,000
 * elements); the SMN-like alert 2-6 ms. The first few documents after start run cold (JIT) and take more: ~25 ms
 * for the SMN-like alert (as before the limits), up to 40-100 ms for the worst zigzag. Before the limits the probe's
 * 12,500 polygons held it 2.7 s and its 40,000-point polygon 0.4 s; now they are refused in 7-18 ms.
 */

const SUPERVISOR = { username: 'supervisora', password: 'clave-de-prueba-larga' };
const SANTA_MARIA = '10091';

describe('CAP limits: one document cannot stall the line, and a malformed one is a 400', function () {
    this.timeout(30_000);
    let h: AlertHarness;
    let token: string;

    beforeEach(async () => {
        h = await AlertHarness.start({}, { http: true });
        await h.handoff.sessions.ensureFirstSupervisor(SUPERVISOR);
        token = (await h.handoff.sessions.login(SUPERVISOR.username, SUPERVISOR.password))!.token;
    });
    afterEach(async () => {
        await h.close();
    });

    async function postCap(xml: string): Promise<{ status: number; body: Record<string, unknown> }> {
        const response = await fetch(`${h.url}/api/alerts/cap`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' },
            body: xml
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }
    const stored = async (): Promise<unknown[]> => h.alerts.service.list();

    it('refuses 12,500 polygons with a 400 naming the polygon limit, before reading them', async () => {
        const xml = PROBE.manyPolygons('P-1');
        const answer = await postCap(xml);
        expect(answer.status).to.equal(400);
        expect(answer.body).to.deep.equal({
            code: 'BadRequest',
            message: `CAP: 12500 <polygon> elements; at most ${CAP_LIMITS.polygons} are accepted per document`
        });
        // Refused by parseCap, which runs before any geometry: the document never reaches departmentsTouched.
        expect(() => parseCap(xml)).to.throw(CapFormatError, '<polygon> elements');
        expect(await stored()).to.have.length(0);
    });

    it('refuses a 40,000-point polygon (over the size limit), and one just over the point limit', async () => {
        const huge = await postCap(PROBE.hugePolygon('P-2'));
        expect(huge.status).to.equal(400);
        expect(huge.body.message).to.match(new RegExp(`^CAP: the document is \\d+ bytes; at most ${CAP_LIMITS.bytes} are accepted$`));

        const justOver = capDocument({ identifier: 'P-3', polygon: ringPolygon({ lat: -27.5, lon: -67.0 }, 0.6, CAP_LIMITS.points + 1) });
        expect(Buffer.byteLength(justOver)).to.be.below(CAP_LIMITS.bytes);
        const answer = await postCap(justOver);
        expect(answer.status).to.equal(400);
        expect(answer.body.message).to.equal(`CAP: ${CAP_LIMITS.points + 1} polygon points; at most ${CAP_LIMITS.points} are accepted per document`);
        expect(await stored()).to.have.length(0);
    });

    it('refuses 20,000 nested tags, and nesting deeper than CAP needs, with a 400', async () => {
        const flood = await postCap(PROBE.deeplyNested('P-4'));
        expect(flood.status).to.equal(400);
        expect(flood.body.message).to.match(new RegExp(`tags \\("<"\\); at most ${CAP_LIMITS.tags} are accepted`));

        const deep = await postCap(capDocument({ identifier: 'P-5', extra: `<note>${'<a>'.repeat(40)}${'</a>'.repeat(40)}</note>` }));
        expect(deep.status).to.equal(400);
        expect(deep.body.message).to.contain('nested');
    });

    it('refuses <__proto__>, <constructor> and <prototype> elements with a 400 and pollutes nothing', async () => {
        for (const name of ['__proto__', 'constructor', 'prototype']) {
            const answer = await postCap(capDocument({ identifier: `P-6-${name}`, extra: `<${name}><polluted>yes</polluted></${name}>` }));
            expect(answer.status, name).to.equal(400);
            expect(answer.body.message, name).to.contain(`"${name}"`);
        }
        expect((await postCap(PROBE.protoElement('P-7'))).status).to.equal(400);
        expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
        expect(Object.prototype).not.to.have.property('polluted');
        expect(await stored()).to.have.length(0);
    });

    it('answers every malformed document with a 400 naming the problem, never a 500', async () => {
        const attributes = Array.from({ length: CAP_LIMITS.attributes + 1 }, (_, i) => `a${i}="1"`).join(' ');
        const cases: Array<[string, string, RegExp]> = [
            ['duplicate attribute', capDocument({ identifier: 'M-1', extra: '<note a="1" a="2">x</note>' }), /malformed XML/],
            ['unquoted attribute', capDocument({ identifier: 'M-2', extra: '<note a=1>x</note>' }), /malformed XML/],
            ['too many attributes', capDocument({ identifier: 'M-3', extra: `<note ${attributes}>x</note>` }), /"=" \(attributes\); at most/],
            ['an entity declared in a DOCTYPE', `<!DOCTYPE alert [<!ENTITY x "y">]>${capDocument({ identifier: 'M-4' })}`, /DOCTYPE/],
            ['non-numeric coordinates', capDocument({ identifier: 'M-5', polygon: 'a,b c,d e,f g,h a,b' }), /point "a,b" is not "lat,lon"/],
            ['open polygon', capDocument({ identifier: 'M-6', polygon: '-27,-68 -27,-66 -28,-66 -28,-68' }), /must end where it starts/],
            ['latitude out of range', capDocument({ identifier: 'M-7', polygon: '-127,-68 -27,-66 -28,-66 -127,-68' }), /is not "lat,lon"/],
            [
                'a date past any calendar',
                capDocument({ identifier: 'M-8', expires: '+275760-09-13T00:00:00Z' }),
                /<expires> .* is not a date and time/
            ],
            [
                'too many areas',
                capDocument({ identifier: 'M-9', areas: '<area><areaDesc>Belén</areaDesc></area>'.repeat(CAP_LIMITS.areas + 1) }),
                /<area> elements; at most/
            ],
            [
                'too many circles',
                capDocument({
                    identifier: 'M-10',
                    areas: `<area><areaDesc></areaDesc>${'<circle>-27.5,-67 10</circle>'.repeat(CAP_LIMITS.circles + 1)}</area>`
                }),
                /<circle> elements; at most/
            ],
            [
                'too long an areaDesc',
                capDocument({ identifier: 'M-11', polygon: '', areaDesc: 'Belén, '.repeat(CAP_LIMITS.areaDescChars / 6) }),
                /characters of <areaDesc>; at most/
            ]
        ];
        for (const [name, xml, problem] of cases) {
            const answer = await postCap(xml);
            expect(answer.status, name).to.equal(400);
            expect(answer.body.code, name).to.equal('BadRequest');
            expect(String(answer.body.message), name).to.match(problem);
        }
        expect(await stored()).to.have.length(0);
    });

    it('still ingests an SMN-like alert (a few areas, polygons of a couple of hundred points), well inside the limits', async () => {
        const xml = smnLikeAlert('urn:oid:2.49.0.1.32.0.2026.11.28.99');
        const alert = parseCap(xml);
        const areas = alert.infos[0].areas;
        const points = areas.reduce((sum, area) => sum + area.polygons.reduce((n, polygon) => n + polygon.length, 0), 0);
        // Comfortably: a quarter of every limit or less.
        expect(Buffer.byteLength(xml)).to.be.below(CAP_LIMITS.bytes / 4);
        expect(areas.length).to.be.at.most(CAP_LIMITS.areas / 4);
        expect(points)
            .to.be.above(500)
            .and.at.most(CAP_LIMITS.points / 4);

        const answer = await postCap(xml);
        expect(answer.status).to.equal(201);
        expect(answer.body).to.include({ outcome: 'awaiting_approval', level: 'amarillo' });
        expect(answer.body.departments).to.include.members([DEPT.belen, DEPT.tinogasta, DEPT.andalgala, SANTA_MARIA]);
        expect(answer.body.departments).not.to.include.members([DEPT.capital, DEPT.laPaz]);
    });

    describe('the CAP feed poller (CAP_FEED_URL)', () => {
        let feed: http.Server;
        let feedUrl: string;
        const files = new Map<string, string>();
        const logged: Array<{ level: number; msg: string; reason?: string }> = [];
        const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void logged.push(JSON.parse(line)) } });

        beforeEach(async () => {
            files.clear();
            logged.length = 0;
            feed = http.createServer((req, res) => {
                const body = files.get(req.url ?? '');
                res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/xml' });
                res.end(body ?? '');
            });
            await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
            feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}`;
        });
        afterEach(async () => {
            feed.closeAllConnections();
            await new Promise<void>((resolve) => feed.close(() => resolve()));
        });

        const poller = (path: string): CapFeedPoller =>
            new CapFeedPoller({ url: `${feedUrl}${path}`, intervalMs: 60_000, ingest: h.alerts.cap, clock: systemClock, logger });

        it('applies the same limits: each hostile document is one warning naming the limit, and the valid one still comes in', async () => {
            files.set('/many.xml', PROBE.manyPolygons('F-1'));
            files.set('/nested.xml', PROBE.deeplyNested('F-2'));
            files.set('/proto.xml', PROBE.protoElement('F-3'));
            files.set('/ok.xml', smnLikeAlert('F-4'));
            files.set(
                '/index.atom',
                `<feed xmlns="http://www.w3.org/2005/Atom">${['many', 'nested', 'proto', 'ok'].map((name) => `<entry><link rel="alternate" href="${feedUrl}/${name}.xml"/></entry>`).join('')}</feed>`
            );

            await poller('/index.atom').pollOnce();

            const warnings = logged.filter((entry) => entry.level === 40);
            expect(warnings).to.have.length(3);
            expect(warnings[0].reason).to.equal(`CAP: 12500 <polygon> elements; at most ${CAP_LIMITS.polygons} are accepted per document`);
            expect(warnings[1].reason).to.match(new RegExp(`^CAP: \\d+ tags \\("<"\\); at most ${CAP_LIMITS.tags} are accepted per document$`));
            expect(warnings[2].reason).to.contain('the XML cannot be read').and.contain('"__proto__"');
            expect(logged.filter((entry) => entry.level >= 50)).to.deep.equal([]);
            const broadcasts = await h.alerts.service.list();
            expect(broadcasts.map((b) => b.cap?.identifier)).to.deep.equal(['F-4']);
        });

        it('does not read a feed response past 1 MB', async () => {
            files.set('/huge.xml', `<alert>${'x'.repeat(2 * 1024 * 1024)}</alert>`);
            let failure: unknown;
            await poller('/huge.xml')
                .pollOnce()
                .catch((error: unknown) => {
                    failure = error;
                });
            expect(String(failure)).to.contain('larger than 1048576 bytes');
            expect(await h.alerts.service.list()).to.have.length(0);
        });
    });
});
