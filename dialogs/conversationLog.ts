import { Activity, ActivityTypes, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { citizenMessageOf, type CitizenMessage } from './citizenMessage';

/**
 * One message of the conversation with the bot, as an operator reads it later: the citizen's (text, photos, pin,
 * voice note) or the bot's (its text and the buttons it offered).
 */
export interface ConversationLogEntry extends CitizenMessage {
    author: 'citizen' | 'bot';
    /** UTC ISO-8601. */
    at: string;
    /** The buttons or list rows the bot offered with its text. */
    choices?: string[];
    /** The channel's id of a citizen message (WhatsApp's wamid). */
    activityId?: string;
}

/** A long conversation keeps its newest messages: the operator needs the last ones most, and state must stay small. */
export const CONVERSATION_LOG_LIMIT = 60;
/** A message longer than this is cut in the log (a WhatsApp text is at most 4,096 characters). */
const TEXT_LIMIT = 4096;

/**
 * The conversation of this episode with the bot, kept in conversation state (saved with the turn, so it survives a
 * crash exactly as the report does): every citizen message and every bot reply from the first message on. When a
 * person is asked for, the request carries it and the log starts again; an unfinished report dropped for silence
 * drops it too. The operator then reads what the citizen told the bot, not a summary of it.
 */
export class ConversationLog {
    /**
     * @param maxAgeHours a conversation silent this long is over (as an unfinished report is dropped): the next
     *   message begins a new one.
     */
    constructor(
        private readonly accessor: StatePropertyAccessor<ConversationLogEntry[]>,
        private readonly clock: () => string,
        private readonly maxAgeHours: number
    ) {}

    /** Records the turn's citizen message now and the bot's replies as they are sent. */
    async recordTurn(context: TurnContext): Promise<void> {
        const now = this.clock();
        const kept = await this.accessor.get(context, []);
        const last = kept.at(-1);
        const over = last !== undefined && Date.parse(now) - Date.parse(last.at) > this.maxAgeHours * 3_600_000;
        const entries = over ? [] : kept;
        const activity = context.activity;
        if (activity.type === ActivityTypes.Message) {
            // The same message run again (after a storage failure) is recorded once.
            const seen = activity.id !== undefined && entries.some((e) => e.author === 'citizen' && e.activityId === activity.id);
            if (!seen) {
                push(entries, {
                    author: 'citizen',
                    at: now,
                    ...limited(citizenMessageOf(activity)),
                    ...(activity.id ? { activityId: activity.id } : {})
                });
            }
        }
        await this.accessor.set(context, entries);
        context.onSendActivities(async (ctx, activities, next) => {
            if (ctx.turnState.get(TAKEN) === true) return next();
            const replies = activities.map((a) => botEntryOf(a, this.clock())).filter((e): e is ConversationLogEntry => e !== undefined);
            if (replies.length > 0) {
                const current = await this.accessor.get(ctx, []);
                for (const reply of replies) push(current, reply);
                await this.accessor.set(ctx, current);
            }
            return next();
        });
    }

    /** The conversation so far, oldest first. */
    async entries(context: TurnContext): Promise<ConversationLogEntry[]> {
        return [...(await this.accessor.get(context, []))];
    }

    /**
     * The conversation now belongs to a case: the next message begins a new one, and this turn's later replies (the
     * handover notice) are the case's to record.
     */
    async handedOver(context: TurnContext): Promise<void> {
        context.turnState.set(TAKEN, true);
        await this.accessor.set(context, []);
    }
}

const TAKEN = Symbol('conversationLogHandedOver');

function push(entries: ConversationLogEntry[], entry: ConversationLogEntry): void {
    entries.push(entry);
    if (entries.length > CONVERSATION_LOG_LIMIT) entries.splice(0, entries.length - CONVERSATION_LOG_LIMIT);
}

function limited(message: CitizenMessage): CitizenMessage {
    return message.text && message.text.length > TEXT_LIMIT ? { ...message, text: `${message.text.slice(0, TEXT_LIMIT)}…` } : message;
}

/** A bot reply as the log keeps it: its text and the titles of the buttons offered; typing and the like are not kept. */
function botEntryOf(activity: Partial<Activity>, at: string): ConversationLogEntry | undefined {
    if (activity.type !== ActivityTypes.Message) return undefined;
    const text = typeof activity.text === 'string' && activity.text.trim() ? activity.text.trim().slice(0, TEXT_LIMIT) : undefined;
    const choices = (activity.suggestedActions?.actions ?? []).map((action) => String(action.title ?? action.value ?? '')).filter((t) => t !== '');
    for (const attachment of activity.attachments ?? []) {
        const buttons = (attachment.content as { buttons?: { title?: string }[] } | undefined)?.buttons ?? [];
        for (const button of buttons) if (button.title) choices.push(button.title);
    }
    const images = (activity.attachments ?? [])
        .filter((a) => (a.contentType ?? '').startsWith('image/') && a.contentUrl)
        .map((a) => ({ contentType: a.contentType, contentUrl: a.contentUrl as string }));
    if (!text && choices.length === 0 && images.length === 0) return undefined;
    return { author: 'bot', at, ...(text ? { text } : {}), ...(choices.length > 0 ? { choices } : {}), ...(images.length > 0 ? { images } : {}) };
}
