import type { Logger } from '../../common/logger';
import { isPreconditionFailed } from '../../storage';
import type { CaseChangeWriter } from '../repository/caseChangeWriter';
import type { CaseRepository } from '../repository/caseRepository';
import type { CaseLiveEvents } from './caseLiveEvents';
import { newEntry } from './caseTranscript';
import { nextTriageQuestion, triageText, type TriageQuestion } from './triage';
import type { Clock } from '../../common/clock';

const MAX_ATTEMPTS = 5;

/**
 * The first question of the triage, asked in the turn that opened an urgent case, after the emergency numbers and the
 * place in the queue: where the citizen is. The question asked is committed on the case (with its line in the trail)
 * before it is sent, so the next message is read as its answer and the same question is never asked twice; the turn
 * run again asks it again (its replies may not have reached the citizen).
 */
export class CaseTriage {
    constructor(private readonly options: { cases: CaseRepository; writer: CaseChangeWriter; live: CaseLiveEvents; logger: Logger; clock: Clock }) {}

    async askFirst(caseId: string): Promise<TriageQuestion | undefined> {
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            const doc = await this.options.cases.findById(caseId);
            if (!doc) return undefined;
            const asked = doc.value.triage?.asked ?? [];
            if (asked.length > 0) return doc.value.triage?.openedWith;
            const question = nextTriageQuestion(doc.value);
            if (!question) return undefined;
            const at = new Date(this.options.clock.now());
            const now = at.toISOString();
            try {
                const asked = newEntry(doc.value, at, 'bot', { text: triageText(question) });
                const committed = await this.options.writer.commit(
                    {
                        value: {
                            ...doc.value,
                            triage: { asked: [question], openedWith: question },
                            messageCount: doc.value.messageCount + 1,
                            updatedAt: now
                        },
                        etag: doc.etag,
                        entries: [{ entry: asked }],
                        audit: [{ actor: 'system', action: 'triage_asked', detail: { question, messageId: asked.id } }]
                    },
                    now
                );
                this.options.live.changed(committed.doc.value);
                this.options.live.message(asked);
                return question;
            } catch (error) {
                if (!isPreconditionFailed(error)) throw error;
            }
        }
        this.options.logger.warn({ caseId }, 'CaseTriage.askFirst(): the case kept changing; no question asked');
        return undefined;
    }
}
