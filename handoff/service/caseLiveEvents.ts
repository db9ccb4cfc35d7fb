import { HandoffCase, TranscriptEntry } from '../types';
import { CaseEvents } from './caseEvents';

/**
 * The live events of this instance's case changes, made from what was committed and published after the commit
 * (never before: a console must not show a change that a failed batch did not make). A change whose first run's
 * events may have been lost (the process died after the commit, or the request failed after it) is published again
 * by its re-run: at least once. Consoles merge cases and messages by id, and raise a critical case's alarm once
 * per case id, so an event twice is harmless; the {@link CaseChangeFeed} does the same for other instances' changes.
 */
export class CaseLiveEvents {
    constructor(private readonly events: CaseEvents) {}

    /** A case opened: for a critical one, the operators' alarm. */
    opened(value: HandoffCase): void {
        this.events.publish({ type: 'case.created', case: value });
    }

    /** A case as committed, when its change may be shown again: 'case.created' while it is as it was opened. */
    asCommitted(value: HandoffCase): void {
        const asOpened = value.status === 'queued' && value.updatedAt === value.openedAt;
        this.events.publish({ type: asOpened ? 'case.created' : 'case.updated', case: value });
    }

    changed(value: HandoffCase): void {
        this.events.publish({ type: 'case.updated', case: value });
    }

    /** The reminder to an operator who stayed silent. */
    reminded(value: HandoffCase): void {
        this.events.publish({ type: 'case.reminder', case: value });
    }

    message(entry: TranscriptEntry): void {
        this.events.publish({ type: 'message', caseId: entry.caseId, message: entry });
    }
}
