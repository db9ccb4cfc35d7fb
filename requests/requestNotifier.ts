import { randomBytes } from 'crypto';
import type { CloudMessage } from '../adapters/whatsapp';
import { CUSTOMER_SERVICE_WINDOW_MS, OutboxEntry, outboxWrites } from '../adapters/whatsapp';
import { templateParameter } from '../alerts';
import { WHATSAPP_CHANNEL } from '../dialogs';
import type { BatchWrite } from '../storage';
import { LastCitizenMessageAt } from './citizenWindow';
import { requestText, stateLabel, requestTexts } from './texts';
import { RequestNoticeRecord, ServiceRequest } from './types';

export interface RequestNotifierSettings {
    /** WHATSAPP_REQUEST_UPDATE_TEMPLATE: the approved utility template; '' = none (then nothing goes out after 24 h). */
    templateName: string;
    /** WHATSAPP_REQUEST_UPDATE_TEMPLATE_LANGUAGE, e.g. `es_AR`. */
    templateLanguage: string;
    /**
     * How old the citizen's last message may be for free text (default 24 h). A deployment may shorten it by the
     * outbox's retry time (15 min) so a notice retried near the edge does not reach Meta after the window closed
     * (131047 is never retried).
     */
    windowMs?: number;
}

/** What a change of state will tell the citizen, ready to be written with the change. */
export interface PlannedNotice {
    record: RequestNoticeRecord;
    /** The outbox entry (WhatsApp citizens with something to send); goes in the change's batch. */
    outboxWrite?: BatchWrite<OutboxEntry>;
    /** The text, for a non-WhatsApp citizen told after the commit (best effort), and for the logs. */
    text: string;
}

/**
 * Builds the citizen's notice of a change of state and decides how it goes: free text when the citizen's last message
 * is at most 24 h old (`windowMs`), otherwise the approved template (Meta refuses free text there: 131047) with body
 * parameters {{1}} number, {{2}} state label, {{3}} note ("Sin observaciones" when none: Meta refuses empty ones).
 * The message is not sent here: it becomes an outbox entry (collection 'conversations', the citizen's partition)
 * that the caller writes in the same batch as the change, and that the WhatsApp outbox sends (ordered, rate-limited,
 * retried, crash-safe).
 */
export class RequestNotifier {
    private readonly windowMs: number;

    constructor(
        private readonly settings: RequestNotifierSettings,
        private readonly lastCitizenMessageAt: LastCitizenMessageAt
    ) {
        this.windowMs = settings.windowMs ?? CUSTOMER_SERVICE_WINDOW_MS;
    }

    /** "Su solicitud SOL-4F2K pasó a: Programada. Nota: …" */
    static textOf(request: ServiceRequest, note?: string): string {
        const values = { number: request.id, state: stateLabel(request.state), note: note ?? '' };
        return note ? requestText('stateChangedWithNote', values) : requestText('stateChanged', values);
    }

    /** The template message for a request in its (new) state. */
    templateMessage(request: ServiceRequest, note?: string): CloudMessage {
        const parameters = [
            templateParameter(request.id, 20),
            templateParameter(stateLabel(request.state), 60),
            templateParameter(note && note.trim() ? note : requestTexts.templateNoNote, 500)
        ].map((text) => ({ type: 'text', text }));
        return {
            type: 'template',
            template: {
                name: this.settings.templateName,
                language: { code: this.settings.templateLanguage },
                components: [{ type: 'body', parameters }]
            }
        };
    }

    /** Whether free text may go to a citizen whose last message was at `last`, at `now`. */
    withinWindow(last: Date | undefined, now: Date): boolean {
        return last !== undefined && now.getTime() - last.getTime() <= this.windowMs;
    }

    /** The notice of `request` having just moved to its state (`revision` is the new one), decided at `now`. */
    async plan(request: ServiceRequest, note: string | undefined, now: Date): Promise<PlannedNotice> {
        const text = RequestNotifier.textOf(request, note);
        if (request.channelId !== WHATSAPP_CHANNEL) return { text, record: { mode: 'none', reason: 'not_whatsapp' } };
        const last = await this.lastCitizenMessageAt(request.citizenKey);
        const seen = last ? { lastCitizenMessageAt: last.toISOString() } : {};
        let message: CloudMessage;
        let mode: 'text' | 'template';
        if (this.withinWindow(last, now)) {
            message = { type: 'text', text: { body: text, preview_url: false } };
            mode = 'text';
        } else if (this.settings.templateName) {
            message = this.templateMessage(request, note);
            mode = 'template';
        } else {
            return { text, record: { mode: 'none', reason: 'no_template', ...seen } };
        }
        // Ordered with the citizen's other messages by time (seq starts with the ISO instant, like a proactive turn's).
        const turnSeq = `${now.toISOString()}:r${randomBytes(4).toString('hex')}`;
        const [outboxWrite] = outboxWrites(
            request.citizenKey,
            turnSeq,
            [{ message, origin: 'bot', originRef: `request:${request.id}:${request.revision}` }],
            now.toISOString()
        );
        return { text, outboxWrite, record: { mode, outboxId: outboxWrite.id, ...seen } };
    }
}
