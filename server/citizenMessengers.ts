import type { Activity, ConversationReference } from 'botbuilder';
import type { CloudAdapter } from 'botbuilder';
import type { WhatsAppAdapter } from '../adapters/whatsapp';
import { WHATSAPP_CHANNEL } from '../dialogs';
import { AdapterCitizenMessenger, type CitizenMessenger, type SendOptions, type SendResult } from '../handoff';
import { templateParameter } from '../alerts';

/** Operator messages on WhatsApp go through the durable outbox, labelled as the operator's. */
export class WhatsAppCitizenMessenger extends AdapterCitizenMessenger {
    constructor(private readonly whatsApp: WhatsAppAdapter) {
        super(whatsApp);
    }

    protected override async send(
        reference: Partial<ConversationReference>,
        text: string,
        messageId?: string,
        options?: SendOptions
    ): Promise<string | undefined> {
        let id: string | undefined;
        const activity: Partial<Activity> = options?.template
            ? { type: 'message', text, channelData: { whatsapp: { template: followUpTemplate(options.template, text) } } }
            : { type: 'message', text };
        // The transcript entry's id rides with the message as originRef, so its statuses find it (operatorDeliveryReports.ts).
        await this.whatsApp.continueConversation(
            reference,
            async (context) => {
                id = (await context.sendActivity(activity))?.id;
            },
            { origin: 'operator', ...(messageId !== undefined ? { originRef: messageId } : {}) }
        );
        return id;
    }
}

/**
 * Sends to the citizen on the channel they wrote from: WhatsApp through its adapter, the Bot Framework
 * channels (Web Chat, Emulator) through CloudAdapter's proactive call.
 */
export class ChannelCitizenMessenger implements CitizenMessenger {
    private readonly botFramework: AdapterCitizenMessenger;

    constructor(
        private readonly whatsApp: CitizenMessenger,
        cloudAdapter: CloudAdapter,
        botAppId: string
    ) {
        this.botFramework = new AdapterCitizenMessenger({
            continueConversation: (reference, logic) => cloudAdapter.continueConversationAsync(botAppId, reference, logic)
        });
    }

    sendText(
        citizenKey: string,
        reference: Partial<ConversationReference> | undefined,
        text: string,
        messageId?: string,
        options?: SendOptions
    ): Promise<SendResult> {
        const channel = reference?.channelId ?? WHATSAPP_CHANNEL;
        return (channel === WHATSAPP_CHANNEL ? this.whatsApp : this.botFramework).sendText(citizenKey, reference, text, messageId, options);
    }
}

/**
 * The approved follow-up template (WHATSAPP_CASE_FOLLOW_UP_TEMPLATE): one body parameter, the operator's text, e.g.
 * "Defensa Civil Catamarca le escribe sobre su consulta: {{1}}. Responda este mensaje para seguir la conversación."
 */
function followUpTemplate(template: { name: string; language: string }, text: string): Record<string, unknown> {
    return {
        name: template.name,
        language: { code: template.language },
        components: [{ type: 'body', parameters: [{ type: 'text', text: templateParameter(text, 1000) }] }]
    };
}
