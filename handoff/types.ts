import type { ConversationReference } from 'botbuilder';
import type { HandoffReason } from '../dialogs';
import type { Priority } from '../dialogs';
import type { ReportSnapshot } from '../dialogs';
import type { SharedImage, SharedLocation } from '../dialogs';
import type { CaseAction, CaseStatus } from './validation/caseTransitions';
import type { LastWaitingReply } from './service/waitingReply';
import type { TriageState } from './service/triage';

/** The time source of every handoff component (the line's one clock); tests pass a movable clock. */
export { Clock, systemClock } from '../common/clock';

export type OperatorRole = 'operator' | 'supervisor';

/** Whether an operator takes cases now: available, on a break, or off duty. Accounts stored before this: available. */
export type Availability = 'available' | 'break' | 'off';

/** Why the line, not the operator, changed an availability: an offered case was left unanswered. */
export type AvailabilityReason = 'missed_offer';

/** Who does something to a case. Operators are known by their username, never by a display name. */
export type Actor = { kind: 'operator'; username: string; role: OperatorRole } | { kind: 'citizen' } | { kind: 'system' };

/** The audit trail's name for an actor: the operator's username, 'citizen' or 'system'. */
export function actorName(actor: Actor): string {
    return actor.kind === 'operator' ? actor.username : actor.kind;
}

/**
 * Whether the case was opened (or last asked for) in the turn of the citizen message `activityId`. That turn runs
 * again when storage failed under it or before its replies were committed: the bot must answer it again (the
 * HandoffMiddleware), place in the queue included (CaseService). Only a handoff request sets the reference's
 * activity id: a message forwarded to the case keeps it out (CaseService.addCitizenMessage).
 */
export function wasRequestedBy(value: Pick<HandoffCase, 'conversationReference'>, activityId: string | undefined): boolean {
    return activityId !== undefined && activityId !== '' && value.conversationReference?.activityId === activityId;
}

/** A case: one conversation that needs a person (collection 'handoffs', partition = citizen key). */
export interface HandoffCase {
    kind: 'case';
    id: string;
    citizenKey: string;
    conversationReference?: Partial<ConversationReference>;
    status: CaseStatus;
    priority: Priority;
    /** Every reason a person was asked for, first one first. */
    reasons: HandoffReason[];
    report: ReportSnapshot;
    reportId?: string;
    triggerText?: string;
    /** UTC ISO-8601 instants. */
    openedAt: string;
    /** When the citizen started (or restarted, after a release) waiting: "who waited longest" is the oldest. */
    queuedAt: string;
    updatedAt: string;
    assignedTo?: string;
    assignedAt?: string;
    lastOperatorMessageAt?: string;
    /** When the citizen last wrote (absent on cases stored before this: `openedAt`): WhatsApp's 24-hour window. */
    lastCitizenMessageAt?: string;
    closedAt?: string;
    outcome?: string;
    /** How many transcript entries exist; the next entry's sequence number. */
    messageCount: number;
    /** The queue place the citizen was last told. */
    notifiedPosition?: number;
    // Deadlines live in the document so they survive restarts; `nextDeadlineAt` is the earliest pending one.
    waitDeadlineAt?: string;
    operatorSilenceDeadlineAt?: string;
    reminderSentAt?: string;
    requeueDeadlineAt?: string;
    nextDeadlineAt?: string | null;
    /** Nobody took the case in time: the citizen got the emergency numbers. */
    flagged?: boolean;
    flaggedAt?: string;
    /** The citizen message ("cancelar") that withdrew the case: its turn, run again, gets the same answer. */
    withdrawnByActivityId?: string;
    /**
     * The change of status that put the case where it is: the action, who did it (actorName), from which status,
     * when. The same operator asking the same again finds it here: a retry, answered as a success.
     */
    lastTransition?: { action: CaseAction; by: string; from: CaseStatus; at: string; revision?: number };
    /** The last automatic answer to a message the citizen wrote while the case was open (see decideWaitingReply). */
    lastWaitingReply?: LastWaitingReply;
    /** The questions the bot asked while the urgent case waited for an operator (see service/triage.ts). */
    triage?: TriageState;
    /**
     * 'consulta': a question the bot could not answer (issue #18). It waits in its own list, after every emergency, with
     * no wait deadline and no place in the emergency queue. Absent: an emergency.
     */
    topic?: 'consulta';
    /** Auto assignment: the operator this queued case is offered to now, and until when (see service/caseAssigner.ts). */
    offer?: CaseOffer;
    /** Who let an offer of this case lapse since it was last queued: it is not offered to them again while queued. */
    offerLapsedBy?: string[];
    /**
     * How many changes were committed to the case (absent: none since this field exists). Each change's audit lines
     * and notices are named after it, so a change and its lines share one atomic batch and never collide.
     */
    revision?: number;
}

/** A queued case held for one operator for a short time: they accept it by claiming it. */
export interface CaseOffer {
    to: string;
    at: string;
    expiresAt: string;
}

/** 'bot': a question or answer of the bot, from the conversation before a person was asked for (or while waiting). */
export type TranscriptAuthor = 'citizen' | 'operator' | 'system' | 'bot';

/** One message of a case's transcript, or an internal note (collection 'handoffs', same partition as the case). */
export interface TranscriptEntry {
    kind: 'transcript';
    id: string;
    caseId: string;
    sequence: number;
    at: string;
    /**
     * When the entry was last written (`at` at first; a delivery report or failure rewrites it): how the other
     * instances find what changed (CaseChangeFeed). Entries from before this field have none.
     */
    updatedAt?: string;
    author: TranscriptAuthor;
    /** The operator's username, for operator messages and notes. */
    operator?: string;
    /** An internal note: shown to operators, never sent to the citizen. */
    internal: boolean;
    text?: string;
    images?: SharedImage[];
    location?: SharedLocation;
    /** Voice notes and other media the operator must open. */
    otherMedia?: { contentType: string; contentUrl?: string }[];
    /** The buttons or list rows the bot offered with a question. */
    choices?: string[];
    /**
     * The channel's id of a citizen message (WhatsApp's wamid), when it had one: the entry's id is made from it, so
     * the message's turn, run again, finds it recorded instead of adding it twice.
     */
    activityId?: string;
    /** The console's id of an operator message (its entry id is made from it): the console sending it again gets this one. */
    clientMessageId?: string;
    /** The channel's id of a sent operator message, when it gave one. */
    deliveryId?: string;
    /** Why an operator message did not reach the citizen (e.g. WhatsApp 131047, outside the 24 h window). */
    deliveryError?: string;
    /** Sent as the approved follow-up template (the citizen's 24-hour window had closed), its text as the parameter. */
    viaTemplate?: boolean;
    /** How far an operator message got, as WhatsApp reported it (only ever moves forward; see DELIVERY_PROGRESS). */
    deliveryStatus?: DeliveryProgress;
}

/** What WhatsApp reports of a message it accepted, in the order a message gets there ('read' may skip 'delivered'). */
export const DELIVERY_PROGRESS = ['sent', 'delivered', 'read'] as const;
export type DeliveryProgress = (typeof DELIVERY_PROGRESS)[number];

/** True when `to` is further along than `from` (a late 'delivered' never undoes a 'read'). */
export function isDeliveryAdvance(from: DeliveryProgress | undefined, to: DeliveryProgress): boolean {
    return from === undefined || DELIVERY_PROGRESS.indexOf(to) > DELIVERY_PROGRESS.indexOf(from);
}

/**
 * One line of the audit trail: in collection 'handoffs', the case's partition (citizen key), written in the same
 * atomic batch as the change it records. Lines from before that (collection 'audit', partition = case id) have no
 * `kind` and are still read.
 */
export interface AuditEntry {
    kind?: 'audit';
    id: string;
    caseId: string;
    at: string;
    /** Operator username, 'citizen' or 'system'. */
    actor: string;
    action: string;
    detail?: Record<string, unknown>;
    /** The case revision of the change the line records (or, for a notice, of the change that made it due). */
    revision?: number;
}
