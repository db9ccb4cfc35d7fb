import type { Logger } from '../../common/logger';
import { isPreconditionFailed } from '../../storage';
import type { CaseChangeWriter } from '../repository/caseChangeWriter';
import type { CaseRepository } from '../repository/caseRepository';
import { Actor, actorName, HandoffCase, TranscriptEntry } from '../types';
import type { CaseEvents } from './caseEvents';
import type { CaseLiveEvents } from './caseLiveEvents';
import { backOff, checkAction, MAX_ATTEMPTS } from './caseRules';
import { newEntry } from './caseTranscript';
import { ConflictError, NotFoundError } from './errors';
import type { Clock } from '../../common/clock';

/**
 * Hands an assigned case to another operator, with a note saying why. One batch: the new holder, the audit line
 * 'transfer' {from, to, note} and the note as an internal transcript entry, so the receiver reads it where they read
 * the conversation. The citizen is told nothing: for them the line goes on answering; the operator who takes over
 * introduces themselves if they wish. Whether `to` may receive (active, available) is checked by the caller
 * (OperatorTeam.receiverState) just before; an availability changed in between does not undo the transfer.
 */
export class CaseTransfer {
    constructor(
        private readonly options: {
            cases: CaseRepository;
            writer: CaseChangeWriter;
            live: CaseLiveEvents;
            events: CaseEvents;
            logger: Logger;
            clock: Clock;
        }
    ) {}

    async transfer(caseId: string, actor: Actor, to: string, note: string): Promise<HandoffCase> {
        const where = 'CaseTransfer.transfer()';
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            const doc = await this.options.cases.findById(caseId);
            if (!doc) throw new NotFoundError(where, `no case ${caseId}`);
            checkAction(doc.value, 'transfer', actor, where);
            const from = doc.value.assignedTo ?? '';
            if (from === to) throw new ConflictError(where, `case ${caseId} is already with ${to}`);
            const now = new Date(this.options.clock.now());
            const at = now.toISOString();
            const by = actorName(actor);
            const entry: TranscriptEntry = { ...newEntry(doc.value, now, 'operator', { text: note }, by), internal: true };
            const value: HandoffCase = { ...doc.value, assignedTo: to, assignedAt: at, updatedAt: at, messageCount: doc.value.messageCount + 1 };
            try {
                const committed = await this.options.writer.commit(
                    {
                        value,
                        etag: doc.etag,
                        entries: [{ entry }],
                        audit: [{ actor: by, action: 'transfer', detail: { from, to, note, messageId: entry.id } }]
                    },
                    at
                );
                const stored = committed.doc.value;
                this.options.live.changed(stored);
                this.options.live.message(entry);
                this.options.events.publish({ type: 'case.transferred', case: stored, from, to, note });
                this.options.logger.info({ caseId, from, to, by }, 'case transferred');
                return stored;
            } catch (error) {
                if (!isPreconditionFailed(error)) throw error;
                await backOff(attempt);
            }
        }
        throw new ConflictError(where, `case ${caseId} kept changing`);
    }
}
