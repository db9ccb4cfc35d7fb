import type { ConversationReference } from 'botbuilder';
import type { CloudAdapter } from 'botbuilder';
import type { Logger } from '../common/logger';
import type { WhatsAppAdapter, OutboxEntry, OutboxError } from '../adapters/whatsapp';
import type { StoredDocument } from '../storage/documentStore';
import { AdapterCitizenMessenger, type CitizenMessenger, type SendResult } from '../handoff/service/citizenMessenger';
import type { CaseService } from '../handoff/service/caseService';

/** Operator messages on WhatsApp go through the durable outbox, labelled as the operator's. */
export class WhatsAppCitizenMessenger extends AdapterCitizenMessenger {
    constructor(private readonly whatsApp: WhatsAppAdapter) {
        super(whatsApp);
    }

    protected override async send(reference: Partial<ConversationReference>, text: string): Promise<string | undefined> {
        let id: string | undefined;
        await this.whatsApp.continueConversation(reference, async (context) => {
            id = (await context.sendActivity(text))?.id;
        }, { origin: 'operator' });
        return id;
    }
}

/**
 * Sends to the citizen on the channel they wrote from: WhatsApp through its adapter, the Bot Framework
 * channels (Web Chat, Emulator) through CloudAdapter's proactive call.
 */
export class ChannelCitizenMessenger implements CitizenMessenger {
    private readonly botFramework: AdapterCitizenMessenger;

    constructor(private readonly whatsApp: CitizenMessenger, cloudAdapter: CloudAdapter, botAppId: string) {
        this.botFramework = new AdapterCitizenMessenger({
            continueConversation: (reference, logic) => cloudAdapter.continueConversationAsync(botAppId, reference, logic)
        });
    }

    sendText(citizenKey: string, reference: Partial<ConversationReference> | undefined, text: string): Promise<SendResult> {
        const channel = reference?.channelId ?? 'whatsapp';
        return (channel === 'whatsapp' ? this.whatsApp : this.botFramework).sendText(citizenKey, reference, text);
    }
}

/** How long to look for the transcript message of a failed send whose delivery id may not be stored yet. */
const LOOKUP_ATTEMPTS = 5;
const LOOKUP_PAUSE_MS = 200;

/**
 * The outbox's final failures of operator messages, shown on the message in the case transcript so the
 * operator sees that it did not arrive (most often: more than 24 h since the citizen last wrote).
 */
export function showOperatorDeliveryFailures(caseService: CaseService, logger: Logger) {
    return async (entry: StoredDocument<OutboxEntry>, error: OutboxError): Promise<void> => {
        if (entry.value.origin !== 'operator') return;
        for (let attempt = 1; attempt <= LOOKUP_ATTEMPTS; attempt++) {
            const active = await caseService.activeCaseOf(entry.value.citizenKey);
            if (!active) return;
            const { transcript } = await caseService.get(active.id);
            const message = transcript.find((line) => line.deliveryId === entry.id);
            if (message) {
                await caseService.markMessageFailed(active.id, message.id, describeFailure(error));
                return;
            }
            await new Promise((resolve) => setTimeout(resolve, LOOKUP_PAUSE_MS));
        }
        logger.warn({ outboxId: entry.id, code: error.code }, 'an operator message failed and no transcript line names it');
    };
}

/** What the operator reads on a message that did not arrive (the console is in Spanish). */
export function describeFailure(error: OutboxError): string {
    if (error.code === 131047) {
        return 'No entregado: pasaron más de 24 h desde el último mensaje del ciudadano (WhatsApp 131047). Solo se pueden enviar plantillas aprobadas.';
    }
    if (error.code === 131026) return 'No entregado: WhatsApp no pudo entregar el mensaje a ese número (131026).';
    if (error.kind === 'unanswered') return 'Sin confirmación: WhatsApp no respondió a los envíos; el mensaje puede haber llegado o no.';
    return `No entregado (WhatsApp ${error.code ?? error.kind}): ${error.message}`;
}
