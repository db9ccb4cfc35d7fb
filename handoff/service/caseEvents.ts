import { EventEmitter } from 'events';
import { Availability, AvailabilityReason, HandoffCase, TranscriptEntry } from '../types';

/** What the operators' live view hears about. */
export type CaseEvent =
    | { type: 'case.created'; case: HandoffCase }
    | { type: 'case.updated'; case: HandoffCase }
    | { type: 'case.reminder'; case: HandoffCase }
    | { type: 'message'; caseId: string; message: TranscriptEntry }
    /** A case handed from one operator to another: the receiver's console alerts them. */
    | { type: 'case.transferred'; case: HandoffCase; from: string; to: string; note: string }
    /** An operator changed their availability: supervisors' consoles update the team. */
    | { type: 'operator.availability'; username: string; availability: Availability; reason?: AvailabilityReason };

/**
 * The in-process hub of live case events: the services publish, each Server-Sent Events stream subscribes.
 * What other instances change reaches this hub through the CaseChangeFeed, which reads it from storage.
 */
export class CaseEvents {
    private readonly emitter = new EventEmitter();

    constructor() {
        // One listener per open operator console; many operators on shift is normal, not a leak.
        this.emitter.setMaxListeners(0);
    }

    publish(event: CaseEvent): void {
        this.emitter.emit('event', event);
    }

    /** Returns the function that unsubscribes. */
    subscribe(listener: (event: CaseEvent) => void): () => void {
        this.emitter.on('event', listener);
        return () => this.emitter.off('event', listener);
    }

    listenerCount(): number {
        return this.emitter.listenerCount('event');
    }
}
