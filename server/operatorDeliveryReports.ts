import type { Logger } from '../common/logger';
import type { DeliveryStateDoc, OutboxEntry, OutboxError } from '../adapters/whatsapp';
import type { StoredDocument } from '../storage';
import type { CaseService } from '../handoff';
import { DELIVERY_PROGRESS, type DeliveryProgress } from '../handoff';

/**
 * Where each operator message on WhatsApp got to, shown on the message in the case transcript: sent, delivered,
 * read, or why it did not arrive. A failure comes from two places: Graph refusing the send (the outbox's final
 * failure) or WhatsApp reporting `failed` later for a message it had accepted (131047 outside the 24 h window,
 * 131026 an undeliverable number, 131049). Without the second, the console said "accepted" of a message the
 * citizen never got. Each operator message carries its transcript entry's id as `originRef`; the handoff's own
 * notices (queue place, "an operator joined") carry none and are not reported.
 */
export class OperatorDeliveryReports {
    private readonly pending = new Set<Promise<void>>();

    constructor(
        private readonly cases: CaseService,
        private readonly logger: Logger
    ) {}

    /** The outbox gave the message up (OutboxSenderOptions.onFinalFailure). */
    async onFinalFailure(entry: StoredDocument<OutboxEntry>, error: OutboxError): Promise<void> {
        if (entry.value.origin !== 'operator' || !entry.value.originRef) return;
        await this.show(entry.value.citizenKey, entry.value.originRef, { failure: describeFailure(error), code: error.code });
    }

    /**
     * WhatsApp reported a status of a message it accepted (the webhook's onStatus, the outbox's onEarlyStatus).
     * Shown in the background: neither the webhook's 200 nor the next send waits for the console.
     */
    onStatus(state: DeliveryStateDoc): void {
        // Without origin the acceptance is not recorded yet: the outbox reports this state when it records it.
        if (state.origin !== 'operator' || !state.citizenKey || !state.originRef) return;
        const { citizenKey, originRef } = state;
        let change: Change | undefined;
        if (state.status === 'failed') change = { failure: describeStatusFailure(state.error), code: state.error?.code };
        else if ((DELIVERY_PROGRESS as readonly string[]).includes(state.status)) change = { progress: state.status as DeliveryProgress };
        if (!change) return;
        const work = this.show(citizenKey, originRef, change)
            .catch((error: unknown) =>
                this.logger.error({ err: error, messageId: originRef }, 'OperatorDeliveryReports.onStatus(): could not show a delivery report')
            )
            .finally(() => this.pending.delete(work));
        this.pending.add(work);
    }

    /** Waits for the reports being written (the store closes after this). */
    async stop(): Promise<void> {
        while (this.pending.size > 0) await Promise.all([...this.pending]);
    }

    private async show(citizenKey: string, messageId: string, change: Change): Promise<void> {
        const message = await this.cases.findMessage(citizenKey, messageId);
        if (!message) {
            this.logger.warn(
                { messageId, ...('code' in change ? { code: change.code } : {}) },
                'OperatorDeliveryReports.show(): the transcript has no such operator message'
            );
            return;
        }
        if ('failure' in change) await this.cases.markMessageFailed(message.caseId, message.id, change.failure);
        else await this.cases.markMessageDelivery(message.caseId, message.id, change.progress);
    }
}

type Change = { failure: string; code?: number } | { progress: DeliveryProgress };

/** What the operator reads on a message the outbox gave up (the console is in Spanish). */
export function describeFailure(error: OutboxError): string {
    if (error.kind === 'unanswered') return 'Sin confirmación: WhatsApp no respondió a los envíos; el mensaje puede haber llegado o no.';
    return explainCode(error.code) ?? `No entregado (WhatsApp ${error.code ?? error.kind}): ${error.message}`;
}

/** What the operator reads on a message WhatsApp accepted and then reported `failed`. */
export function describeStatusFailure(error: DeliveryStateDoc['error']): string {
    // applyStatusUpdate records a failure Meta gave no reason for as code 0.
    if (!error?.code) return 'No entregado: WhatsApp informó que el mensaje no llegó, sin decir por qué.';
    return explainCode(error.code) ?? `No entregado (WhatsApp ${error.code}): ${error.title ?? error.details ?? 'sin detalle'}`;
}

function explainCode(code: number | undefined): string | undefined {
    if (code === 131047) {
        return 'No entregado: pasaron más de 24 h desde el último mensaje del ciudadano (WhatsApp 131047). Solo se pueden enviar plantillas aprobadas.';
    }
    if (code === 131026) return 'No entregado: WhatsApp no pudo entregar el mensaje a ese número (131026).';
    if (code === 131049)
        return 'No entregado: WhatsApp retuvo el mensaje para limitar los mensajes de empresas a ese número (131049). Conviene llamar al ciudadano.';
    return undefined;
}
