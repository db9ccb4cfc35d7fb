import { expect } from 'chai';
import * as path from 'path';
import type { Handoff } from '../../handoff';
import type { SqliteDocumentStore } from '../../storage/sqlite/sqliteDocumentStore';
import { makeTempDir } from '../support/tempDir';
import { handoffRequest, MovableClock, openHandoff, RecordingMessenger } from './support/handoffHarness';

const CITIZEN = '5493834000021';
const VOICE_NOTE = { text: '[audio]', otherMedia: [{ contentType: 'audio/ogg', contentUrl: `/api/operator/media/${'b'.repeat(64)}` }] };

describe('handoff: the message that asked for a person, when it carried media', () => {
    let temp: ReturnType<typeof makeTempDir>;
    let store: SqliteDocumentStore;
    let handoff: Handoff;

    beforeEach(() => {
        temp = makeTempDir('opening-message');
        ({ store, handoff } = openHandoff(path.join(temp.dir, 'line.sqlite'), new MovableClock(), new RecordingMessenger()));
    });

    afterEach(async () => {
        await store.close();
        temp.remove();
    });

    it("is the case's first transcript line (a voice note the operator can play), recorded once when its turn runs again", async () => {
        const reference = { ...handoffRequest(CITIZEN).conversationReference, activityId: 'wamid.voice-1' };
        const request = handoffRequest(CITIZEN, 'high', { reason: 'voice_note', conversationReference: reference, openingMessage: VOICE_NOTE });
        const opened = await handoff.caseService.open(request);
        await handoff.caseService.open(request);
        const { transcript } = await handoff.caseService.get(opened.id);
        expect(transcript.map((e) => [e.author, e.otherMedia])).to.deep.equal([['citizen', VOICE_NOTE.otherMedia]]);
    });

    it('adds nothing for a request whose message was text only (the case keeps it as its trigger)', async () => {
        const opened = await handoff.caseService.open(handoffRequest(CITIZEN, 'critical', { triggerText: 'hay un herido' }));
        expect((await handoff.caseService.get(opened.id)).transcript).to.deep.equal([]);
    });
});
