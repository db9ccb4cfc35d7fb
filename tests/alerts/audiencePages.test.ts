import { expect } from 'chai';
import * as path from 'path';
import { SubscriptionRepository } from '../../alerts/subscriptionRepository';
import { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { makeTempDir } from '../support/tempDir';
import { DEPT } from './support/alertHarness';

describe('Weather alerts: the audience read a page at a time', () => {
    let store: SqliteDocumentStore;
    let remove: () => void;
    let subscriptions: SubscriptionRepository;

    beforeEach(() => {
        const temp = makeTempDir('alerts-audience');
        remove = temp.remove;
        store = SqliteDocumentStore.open({ file: path.join(temp.dir, 'line.sqlite') });
        subscriptions = new SubscriptionRepository(store);
    });
    afterEach(async () => {
        await store.close();
        remove();
    });

    it('reaches every subscriber of the departments exactly once across pages, skipping opt-outs and other departments', async () => {
        const at = new Date().toISOString();
        const subscribe = (key: string, departmentIds: string[]): Promise<unknown> =>
            subscriptions.subscribe(key, { departmentIds, wholeProvince: false }, 'opt-in de prueba', at);
        const capital = Array.from({ length: 8 }, (_, i) => `54938341000${i}`);
        await Promise.all(capital.map((key) => subscribe(key, [DEPT.capital])));
        await Promise.all(['549383420001', '549383420002', '549383420003'].map((key) => subscribe(key, [DEPT.belen])));
        await subscribe('549383430001', [DEPT.belen, DEPT.capital]);
        await subscriptions.unsubscribe(capital[3], at);

        const pages: string[][] = [];
        for await (const page of subscriptions.audiencePages([DEPT.capital], 3)) pages.push(page);

        const expected = [...capital.filter((key) => key !== capital[3]), '549383430001'].sort();
        expect(pages.flat()).to.deep.equal(expected);
        expect(pages.every((page) => page.length <= 3)).to.equal(true);
        expect(await subscriptions.audience([DEPT.capital])).to.deep.equal(expected);
    });
});
