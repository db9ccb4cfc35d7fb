import { expect } from 'chai';
import { createHash } from 'crypto';
import { LineHarness } from '../support/lineHarness';
import { SUPERVISOR, apiCall, apiToken, samplePng, waitForCaseOf } from '../console/consoleBrowser';

const PHONE = '5493834066001';

/** The photo that made the bot call a person must be in the case the operator opens, not only its caption. */
describe("the line: a photo whose caption says a life is at risk, as a citizen's first message", function () {
    this.timeout(30_000);
    let line: LineHarness;

    beforeEach(async () => {
        line = await LineHarness.start();
    });

    afterEach(async () => {
        await line.stop();
    });

    it('opens a critical case whose transcript shows the photo', async () => {
        const photo = samplePng();
        const mediaId = line.peer.addMedia(photo, 'image/png');
        const sha256 = createHash('sha256').update(photo).digest('hex');
        expect(
            await line.citizenSays(PHONE, 'Rosa', {
                kind: 'image',
                mediaId,
                mimeType: 'image/png',
                sha256,
                caption: 'se derrumbó la pared, hay heridos'
            })
        ).to.equal(200);
        await line.waitForText(PHONE, 'Entiendo que es urgente');
        const caseId = await waitForCaseOf(line, PHONE);

        const token = await apiToken(line, SUPERVISOR);
        const { json } = await apiCall(line, token, 'GET', `/api/operator/cases/${caseId}`);
        expect(json.case).to.include({ priority: 'critical', status: 'queued' });
        // The citizen's part (the bot's triage question may follow it).
        const lines = (json.transcript as { author: string; text?: string; images?: { contentUrl?: string }[] }[]).filter(
            (e) => e.author === 'citizen'
        );
        expect(lines, 'the opening message, with its photo').to.have.length(1);
        expect(lines[0]).to.include({ author: 'citizen', text: 'se derrumbó la pared, hay heridos' });
        expect(lines[0].images).to.have.length(1);
        const photoUrl = lines[0].images![0].contentUrl!;
        expect(photoUrl).to.equal(`/api/operator/media/${sha256}`);
        const served = await fetch(`${line.url}${photoUrl}`, { headers: { authorization: `Bearer ${token}` } });
        expect(served.status).to.equal(200);
        expect(Buffer.from(await served.arrayBuffer()).equals(photo), "the operator gets the citizen's photo").to.equal(true);
    });
});
