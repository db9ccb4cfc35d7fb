import type { BotAdapter, ConversationReference } from 'botbuilder';

export interface SendResult {
    ok: boolean;
    error?: string;
    /** The channel's id for the sent message, when it gives one (e.g. a wamid). */
    deliveryId?: string;
}

/** How the handoff speaks to a citizen outside of a turn (operator messages, queue places, deadlines). */
export interface CitizenMessenger {
    /**
     * `messageId`: the transcript entry this text is (operator messages), so the channel's later reports on it
     * (delivered, read, failed) can name it; notices have none.
     */
    sendText(
        citizenKey: string,
        conversationReference: Partial<ConversationReference> | undefined,
        text: string,
        messageId?: string,
        options?: SendOptions
    ): Promise<SendResult>;
}

/** How a text goes out besides as itself. */
export interface SendOptions {
    /** As this approved WhatsApp template, the text its one body parameter (outside the 24-hour window). */
    template?: { name: string; language: string };
}

/**
 * A {@link CitizenMessenger} on a Bot Framework adapter: `continueConversation` with the stored reference.
 * A failure is returned, never thrown, so the transcript can show it to the operator.
 */
export class AdapterCitizenMessenger implements CitizenMessenger {
    constructor(private readonly adapter: Pick<BotAdapter, 'continueConversation'>) {}

    async sendText(
        citizenKey: string,
        conversationReference: Partial<ConversationReference> | undefined,
        text: string,
        messageId?: string,
        options?: SendOptions
    ): Promise<SendResult> {
        if (!conversationReference?.conversation) {
            return { ok: false, error: `AdapterCitizenMessenger.sendText(): no conversation reference for this citizen` };
        }
        try {
            const deliveryId = await this.send(conversationReference, text, messageId, options);
            return deliveryId ? { ok: true, deliveryId } : { ok: true };
        } catch (error) {
            void citizenKey;
            return { ok: false, error: error instanceof Error ? error.message : String(error) };
        }
    }

    /**
     * The one call to the outside world. `messageId` is for channels that report on a message later; a template is for
     * WhatsApp (the other channels have no 24-hour window: the text goes as itself).
     */
    protected async send(
        reference: Partial<ConversationReference>,
        text: string,
        _messageId?: string,
        _options?: SendOptions
    ): Promise<string | undefined> {
        let id: string | undefined;
        await this.adapter.continueConversation(reference, async (context) => {
            id = (await context.sendActivity(text))?.id;
        });
        return id;
    }
}
