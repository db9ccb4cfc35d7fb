import { ActivityHandler, ConversationState, StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import { DialogState } from 'botbuilder-dialogs';
import { Logger } from '../common/logger';
import { ConversationLog } from '../dialogs';
import { MainDialog } from '../dialogs';

/**
 * What one turn does: every message (and every reaction, which the protocol answers with a re-prompt)
 * runs MainDialog; state is saved at the end of the turn.
 */
export class EmergencyBot extends ActivityHandler {
    private readonly dialogState: StatePropertyAccessor<DialogState>;

    constructor(
        private readonly conversationState: ConversationState,
        private readonly userState: UserState,
        private readonly mainDialog: MainDialog,
        private readonly conversationLog: ConversationLog,
        private readonly logger: Logger
    ) {
        super();
        this.dialogState = this.conversationState.createProperty<DialogState>('DialogState');

        this.onMessage(async (context, next) => {
            await this.mainDialog.run(context, this.dialogState);
            await next();
        });
        this.onMessageReaction(async (context, next) => {
            await this.mainDialog.run(context, this.dialogState);
            await next();
        });
    }

    /** Runs the turn, then saves conversation and user state (a turn that changed nothing writes nothing). */
    override async run(context: TurnContext): Promise<void> {
        try {
            await this.conversationLog.recordTurn(context);
            await super.run(context);
        } catch (error) {
            this.logger.error({ err: error, channelId: context.activity.channelId }, 'EmergencyBot.run(): the turn failed');
            throw error;
        } finally {
            await this.conversationState.saveChanges(context, false);
            await this.userState.saveChanges(context, false);
        }
    }
}
