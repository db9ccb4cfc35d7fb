import { CUSTOMER_SERVICE_WINDOW_MS } from '../../adapters/whatsapp';
import { WHATSAPP_CHANNEL } from '../../dialogs';
import { HandoffCase } from '../types';

/**
 * Whether free text may still reach the case's citizen at `now`. A few minutes are kept in hand: a reply retried by
 * the outbox after the window closed would fail for good (131047). Web Chat and the Emulator have no such window.
 */
export function isWindowOpen(value: Pick<HandoffCase, 'conversationReference' | 'lastCitizenMessageAt' | 'openedAt'>, now: Date): boolean {
    const channel = value.conversationReference?.channelId ?? WHATSAPP_CHANNEL;
    if (channel !== WHATSAPP_CHANNEL) return true;
    const last = Date.parse(value.lastCitizenMessageAt ?? value.openedAt);
    return now.getTime() - last < CUSTOMER_SERVICE_WINDOW_MS - SAFETY_MARGIN_MS;
}

/** The outbox retries a reply for up to 15 minutes (WHATSAPP_RETRY_FOR_MINUTES' default). */
const SAFETY_MARGIN_MS = 15 * 60_000;
