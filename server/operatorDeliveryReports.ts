import type { Logger } from '../common/logger';
import type { DeliveryStateDoc, OutboxEntry, OutboxError } from '../adapters/whatsapp';
import type { StoredDocument } from '../storage/documentStore';
import type { CaseService } from '../handoff/service/caseService';
import type { TranscriptEntry } from '../handoff/types';

/** How long to look for the transcript line of a message whose delivery id may not be stored yet. */
const LOOKUP_ATTEMPTS = 5;
const LOOKUP_PAUSE_MS = 200;

/**
 * Where each operator message on WhatsApp got to, shown on the message in the case transcript: sent, delivered,
 * read, or why it did not arrive. A failure comes from two places: Graph refusing the send (the outbox's final
 * failure) or WhatsApp reporting `failed` later for a message it had accepted (131047 outside the 24 h window,
 * 131026 an undeliverable number, 131049). Without the second, the console said "accepted" of a message the
 * citizen never got.
 */
export class OperatorDeliveryReports {
    constructor(private readonly cases: CaseService, private readonly logger: Logger) {}

    /** The outbox gave the message up (OutboxSenderOptions.onFinalFailure). */
    async onFinalFailure(entry: StoredDocument<OutboxEntry>, error: OutboxError): Promise<void> {
        if (entry.value.origin !== 'operator') return;
        await this.show(entry.value.citizenKey, entry.id, { failure: describeFailure(error), code: error.code });
    }

    /** WhatsApp reported a status of a message it accepted (the webhook's onStatus, the outbox's onEarlyStatus). */
    async onStatus(state: DeliveryStateDoc): Promise<void> {
        // Without origin the acceptance is not recorded yet: the outbox reports this state when it records it.
        if (state.origin !== 'operator' || !state.citizenKey || !state.outboxId) return;
        if (state.status === 'failed') {
            await this.show(state.citizenKey, state.outboxId, { failure: describeStatusFailure(state.error), code: state.error?.code });
        } else if (state.status === 'sent' || state.status === 'delivered' || state.status === 'read') {
            await this.show(state.citizenKey, state.outboxId, { progress: state.status });
        }
    }

    private async show(
        citizenKey: string,
        outboxId: string,
        change: { failure: string; code?: number } | { progress: 'sent' | 'delivered' | 'read' }
    ): Promise<void> {
        const message = await this.findMessage(citizenKey, outboxId);
        if (!message) {
            this.logger.warn({ outboxId, ...('code' in change ? { code: change.code } : {}) }, 'OperatorDeliveryReports.show(): no transcript line names this operator message');
            return;
        }
        if ('failure' in change) await this.cases.markMessageFailed(message.caseId, message.id, change.failure);
        else await this.cases.markMessageDelivery(message.caseId, message.id, change.progress);
    }

    /** The case records the delivery id right after the outbox took the message: a quick report may be first. */
    private async findMessage(citizenKey: string, outboxId: string): Promise<TranscriptEntry | undefined> {
        for (let attempt = 1; ; attempt++) {
            const message = await this.cases.findSentMessage(citizenKey, outboxId);
            if (message || attempt >= LOOKUP_ATTEMPTS) return message;
            await new Promise((resolve) => setTimeout(resolve, LOOKUP_PAUSE_MS));
        }
    }
}

/** What the operator reads on a message the outbox gave up (the console is in Spanish). */
export function describeFailure(error: OutboxError): string {
    if (error.kind === 'unanswered') return 'Sin confirmación: WhatsApp no respondió a los envíos; el mensaje puede haber llegado o no.';
    return explainCode(error.code) ?? `No entregado (WhatsApp ${error.code ?? error.kind}): ${error.message}`;
}

/** What the operator reads on a message WhatsApp accepted and then reported `failed`. */
export function describeStatusFailure(error: DeliveryStateDoc['error']): string {
    const code = error?.code;
    const detail = error?.title ?? error?.details ?? 'sin detalle';
    return explainCode(code) ?? `No entregado (WhatsApp ${code || 'sin código'}): ${detail}`;
}

function explainCode(code: number | undefined): string | undefined {
    if (code === 131047) {
        return 'No entregado: pasaron más de 24 h desde el último mensaje del ciudadano (WhatsApp 131047). Solo se pueden enviar plantillas aprobadas.';
    }
    if (code === 131026) return 'No entregado: WhatsApp no pudo entregar el mensaje a ese número (131026).';
    if (code === 131049) return 'No entregado: WhatsApp retuvo el mensaje para limitar los mensajes de empresas a ese número (131049). Conviene llamar al ciudadano.';
    return undefined;
}
