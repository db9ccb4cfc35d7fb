import type { ConversationState, TurnContext } from 'botbuilder';
import { say } from '../dialogs/texts';

/**
 * After a turn failed: tell the citizen, in the catalog's words, that something broke and where else to
 * call, and clear the conversation so the next message starts afresh instead of failing again.
 */
export async function apologizeAndRestart(context: TurnContext, conversationState: ConversationState): Promise<void> {
    await context.sendActivity(say('storageError'));
    await conversationState.delete(context);
}
