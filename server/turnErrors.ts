import type { ConversationState, TurnContext } from 'botbuilder';
import type { Logger } from '../common/logger';
import { say } from '../dialogs';
import { storageFailuresBefore } from '../adapters/whatsapp';
import { isStorageUnavailable } from '../storage';

/**
 * After a turn failed: tell the citizen, in the catalog's words, that something broke and where else to
 * call, and clear the conversation so the next message starts afresh instead of failing again.
 */
export async function apologizeAndRestart(context: TurnContext, conversationState: ConversationState): Promise<void> {
    await context.sendActivity(say('storageError'));
    await conversationState.delete(context);
}

/**
 * The WhatsApp bot's onTurnError. Storage that failed under the turn goes back to the adapter, which keeps the
 * message pending in the inbox and runs it again once storage answers: an apology and a cleared conversation
 * would throw away a report (and the message that was in it) that a retry a second later saves. Anything else is
 * logged, and the citizen told and started afresh.
 */
export function whatsAppTurnErrorHandler(
    logger: Logger,
    conversationState: ConversationState
): (context: TurnContext, error: Error) => Promise<void> {
    return async (context, error) => {
        if (isStorageUnavailable(error)) throw error;
        logger.error({ err: { name: error.name, message: error.message, stack: error.stack }, channel: 'whatsapp' }, 'turn failed');
        await apologizeAndRestart(context, conversationState);
    };
}

/** Runs of one message that storage may fail under before the citizen is told and given the phone numbers. */
export const STORAGE_RERUNS_BEFORE_APOLOGY = 3;

/**
 * For the WhatsApp bot's dialogs: a storage failure now will run the turn again (the adapter waits 1, 2, 4 s
 * between runs), until it has failed STORAGE_RERUNS_BEFORE_APOLOGY times; then the dialogs apologise and give the
 * phone numbers rather than leave a frightened citizen without an answer while storage stays down.
 */
export function whatsAppRerunsOnStorageFailure(context: TurnContext): boolean {
    return storageFailuresBefore(context) < STORAGE_RERUNS_BEFORE_APOLOGY;
}
