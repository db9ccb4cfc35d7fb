import { TurnContext } from 'botbuilder';
import { citizenKeyOfActivity } from './citizenKey';
import { carriesMedia, citizenMessageOf } from './citizenMessage';
import { Priority, higherPriority } from './domainData';
import { HandoffReason, HandoffRequest } from './handoffRequester';
import { ProtocolDependencies } from './protocolDependencies';
import { ReportDraft, snapshotOf } from './report';
import { isStorageUnavailable } from '../storage';
import { TextKey, say } from './texts';

/** The least priority a request has for each reason; an emergency type's own priority can raise it. */
const BASE_PRIORITY: Record<HandoffReason, Priority> = {
    urgent: 'critical',
    voice_note: 'high',
    citizen_request: 'high',
    repeated_failures: 'high',
    report_complete: 'normal',
    consulta: 'normal'
};

/** What the citizen is told when a person takes over (after a saved report, the confirmation says it). */
const HANDOFF_TEXT: Record<HandoffReason, TextKey | undefined> = {
    urgent: 'handoffUrgent',
    voice_note: 'handoffVoiceNote',
    citizen_request: 'handoffCitizenRequest',
    repeated_failures: 'handoffRepeatedFailures',
    report_complete: undefined,
    consulta: 'consultaRegistered'
};

export interface HandoffDetails {
    triggerText?: string;
    reportId?: string;
    /** What the citizen is told once a person has the request, instead of the reason's usual text. */
    notice?: TextKey;
}

/**
 * Hands the conversation to a person: raises the request with the report so far, tells the citizen,
 * remembers what they told us for next time, and forgets the draft. A failing requester is logged and
 * the citizen is pointed to the phone numbers; it never leaves them without an answer.
 */
export async function handOffConversation(
    context: TurnContext,
    deps: ProtocolDependencies,
    reason: HandoffReason,
    details: HandoffDetails = {}
): Promise<void> {
    const draft: ReportDraft = (await deps.draftAccessor.get(context)) ?? {};
    const report = snapshotOf(draft);
    const request: HandoffRequest = {
        citizenKey: citizenKeyOf(context),
        conversationReference: TurnContext.getConversationReference(context.activity),
        reason,
        priority: higherPriority(BASE_PRIORITY[reason], report.priority),
        report,
        requestedAt: deps.clock()
    };
    if (details.triggerText) request.triggerText = details.triggerText;
    const opening = citizenMessageOf(context.activity);
    if (carriesMedia(opening)) request.openingMessage = opening;
    if (details.reportId) request.reportId = details.reportId;
    const conversation = await deps.conversationLog.entries(context);
    if (conversation.length > 0) request.conversation = conversation;

    const textKey = details.notice ?? HANDOFF_TEXT[reason];
    try {
        await deps.handoffRequester.requestHandoff(request);
        deps.logger.info({ reason, priority: request.priority, reportId: details.reportId }, 'handoff requested');
        await deps.conversationLog.handedOver(context);
        if (textKey) await context.sendActivity(say(textKey));
    } catch (error) {
        if (isStorageUnavailable(error) && deps.rerunsOnStorageFailure(context)) throw error;
        deps.logger.error({ err: error, reason }, 'handOffConversation(): the handoff request failed');
        if (reason === 'urgent') await context.sendActivity(say('handoffUrgent'));
        await context.sendActivity(say('storageError'));
    }
    await rememberCitizen(context, deps, draft);
    await deps.draftAccessor.delete(context);
}

/** Keeps the name and department for the next report (best effort: a failure here must not stop a handoff). */
export async function rememberCitizen(context: TurnContext, deps: ProtocolDependencies, draft: ReportDraft): Promise<void> {
    if (!draft.name && !draft.departmentId) return;
    try {
        await deps.profiles.save({
            citizenKey: citizenKeyOf(context),
            name: draft.name,
            departmentId: draft.departmentId,
            updatedAt: deps.clock()
        });
    } catch (error) {
        deps.logger.warn({ err: error }, 'rememberCitizen(): the citizen profile was not saved');
    }
}

/** The citizen key (see citizenKeyOfActivity): the wa_id or BSUID on WhatsApp, `<channel>:<from.id>` elsewhere. */
export function citizenKeyOf(context: TurnContext): string {
    const key = citizenKeyOfActivity(context.activity);
    if (key === undefined) throw new Error('citizenKeyOf(): the activity has no from.id');
    return key;
}
