import type { Activity } from 'botbuilder';

/** The channel whose `from.id` is the citizen's phone number (or BSUID), set by our own adapter after a signed webhook. */
export const WHATSAPP_CHANNEL = 'whatsapp';

/**
 * The key a citizen's profile, cases and alert subscription are stored under. On WhatsApp it is the sender's
 * wa_id (or BSUID) as the adapter set it. On any other channel the sender chose `from.id` themselves (Web Chat,
 * the Emulator), so it is kept apart under its channel's name: nobody on /api/messages can act as a WhatsApp
 * citizen by posting their number.
 */
export function citizenKeyOfActivity(activity: Pick<Partial<Activity>, 'channelId' | 'from'>): string | undefined {
    const id = activity.from?.id;
    if (!id) return undefined;
    return activity.channelId === WHATSAPP_CHANNEL ? id : `${activity.channelId ?? 'unknown'}:${id}`;
}
