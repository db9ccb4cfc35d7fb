import * as crypto from 'crypto';
import * as os from 'os';
import { Activity, ActivityTypes, BotAdapter, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder-core';
import { Logger } from '../../common/logger';
import { DocumentStore, StoredDocument, isInvalidBatch, isPreconditionFailed, isStorageUnavailable } from '../../storage';
import { MediaStore } from '../../storage';
import { toActivity } from './activityMapping';
import { Clock, systemClock } from '../../common/clock';
import { ConversationLeases } from './conversationLease';
import { MessageOrigin } from './deliveryStates';
import { InboxEntry, conversationPartition, inboxEntryId } from './inbox';
import { MediaDownloader, fetchInboundMedia, operatorMediaUrl } from './inboxMedia';
import { InboxProcessor, TurnOutcome } from './inboxProcessor';
import { expandMorePage, toCloudMessages } from './outboundMapping';
import { MessageSender } from './cloudMessageSender';
import { OutboxSender, OutboxSenderOptions } from './outbox';
import { TokenBucket } from './rateLimiter';
import { LAST_PROMPT_DOC_ID, PendingReply, TurnTransaction } from './turnTransaction';
import { runInTurn, turnOf } from './turnTransactionStorage';
import { CloudMessage, InboundMessage } from './types';

/** The parts of the Graph client the adapter uses (GraphClient fits). */
export interface WhatsAppGraph extends MessageSender, MediaDownloader {
    markRead(wamid: string, options: { typing: boolean }): Promise<void>;
}

export type BotLogic = (context: TurnContext) => Promise<void>;

export interface WhatsAppAdapterOptions {
    store: DocumentStore;
    graph: WhatsAppGraph;
    logger: Logger;
    /** The bot's id on outgoing and incoming activities (recipient.id). */
    botId: string;
    /** The business phone number this adapter sends from (its rate limit is shared by every citizen). */
    phoneNumberId: string;
    /** Where inbound media is copied at once; without it attachments point at Meta's media id. */
    mediaStore?: MediaStore;
    /**
     * This instance's name among the instances sharing the store; it owns the conversation leases. Give a name
     * that stays the same across restarts (INSTANCE_ID, by default the host name): a restart after a crash then
     * takes back at once the conversations the dead process held, instead of waiting for their leases to expire.
     * Two instances running at the same time (e.g. two processes on one host) MUST have different names.
     * Default: host name + pid + random, which is safe but makes a restarted process wait up to `leaseTtlMs`.
     */
    instanceId?: string;
    /** Conversations processed at once (default 32). */
    concurrency?: number;
    /** Messages per second for this phone number, all citizens together (default 80). */
    messagesPerSecond?: number;
    /** Lease lifetime for cross-instance exclusion (default 30 s; renewed while working). */
    leaseTtlMs?: number;
    /**
     * How long a conversation's lease is kept after its last turn or send (default 5 s), so a citizen writing
     * again soon costs no lease writes. Another instance that gets this citizen's next message waits at most
     * about this long; 0 releases after every drain.
     */
    leaseIdleReleaseMs?: number;
    /**
     * How often to look for work no signal announced, in the inbox and in the outbox (default 30 s; the outbox's
     * own `outbox.sweepIntervalMs` wins for the outbox).
     */
    sweepIntervalMs?: number;
    /** Times the bot may fail on one message before it is given up (default 3). */
    maxTurnAttempts?: number;
    /**
     * Wait before retrying a turn the bot failed on, or whose commit could not reach storage (default 1 s). While
     * storage keeps failing, the waits double up to {@link MAX_STORAGE_RETRY_MS}.
     */
    turnRetryDelayMs?: number;
    /** Outbox tuning and hooks (onFinalFailure, onSent, retries). */
    outbox?: Partial<Omit<OutboxSenderOptions, 'store' | 'sender' | 'logger' | 'leases' | 'clock'>>;
    clock?: Clock;
}

/** Options of a proactive turn: who the messages it sends are from. */
export interface ProactiveOptions {
    origin?: MessageOrigin;
    /** E.g. a case id or a broadcast id, to find the outbox entries and their fate later. */
    originRef?: string;
}

/** What an outgoing activity may carry in `channelData.outbox` to label its messages. */
interface OutboxLabel {
    origin?: MessageOrigin;
    originRef?: string;
}

const PROACTIVE_KEY = Symbol('WhatsAppAdapter.proactive');
const STORAGE_FAILURES_KEY = Symbol('WhatsAppAdapter.storageFailures');

/**
 * How many runs of this message's turn storage already failed under (0 on the first run, and outside a WhatsApp
 * turn): a bot that lets storage failures through for the turn to run again can stop doing so after a few.
 */
export function storageFailuresBefore(context: TurnContext): number {
    return context.turnState.get<number | undefined>(STORAGE_FAILURES_KEY) ?? 0;
}

/** The longest wait between two runs of one turn while storage fails (as long as the outbox's longest). */
export const MAX_STORAGE_RETRY_MS = 30_000;
/** Messages whose storage failures are counted at once (more: the counts start over). */
const MAX_TRACKED_STORAGE_FAILURES = 10_000;
const MAX_CONFLICT_RERUNS = 5;

/**
 * The WhatsApp Cloud API as a Bot Framework adapter, built for "never lose a citizen's message, never answer
 * twice". The webhook records messages in a durable inbox; this adapter drains it, one turn per message, in
 * order per citizen, conversations in parallel. A turn's state changes, replies and "message done" commit in
 * one atomic batch; replies then leave through the outbox (ordered, rate-limited, retried, crash-safe).
 *
 * @example
 * const adapter = new WhatsAppAdapter({ store, graph, logger, botId, phoneNumberId, mediaStore });
 * adapter.use(handoffMiddleware);
 * await adapter.start((context) => bot.run(context));
 * // bot state must be a TurnScopedConversationState / TurnScopedUserState on a TurnScopedStorage, so it commits with the turn
 */
export class WhatsAppAdapter extends BotAdapter {
    readonly outbox: OutboxSender;
    readonly rateLimiter: TokenBucket;
    private readonly processor: InboxProcessor;
    private readonly leases: ConversationLeases;
    private readonly clock: Clock;
    /** Read receipts on their way to Graph: stop() lets them finish. */
    private readonly markReadsInFlight = new Set<Promise<void>>();
    private readonly turnFailures = new Map<string, number>();
    /** See {@link WhatsAppAdapterOptions.turnRetryDelayMs}. */
    private readonly turnRetryDelayMs: number;
    /** Storage failures in a row under one message's turn (wamid): the next wait doubles with each. */
    private readonly storageFailures = new Map<string, number>();
    private logic: BotLogic | undefined;

    constructor(private readonly options: WhatsAppAdapterOptions) {
        super();
        this.clock = options.clock ?? systemClock;
        this.turnRetryDelayMs = options.turnRetryDelayMs ?? 1000;
        const owner = options.instanceId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
        const leases = new ConversationLeases({
            store: options.store,
            logger: options.logger,
            owner,
            ttlMs: options.leaseTtlMs,
            idleReleaseMs: options.leaseIdleReleaseMs,
            clock: this.clock
        });
        this.leases = leases;
        this.rateLimiter = options.outbox?.rateLimiter ?? new TokenBucket({ ratePerSecond: options.messagesPerSecond ?? 80, clock: this.clock });
        this.outbox = new OutboxSender({
            ...options.outbox,
            sweepIntervalMs: options.outbox?.sweepIntervalMs ?? options.sweepIntervalMs,
            store: options.store,
            sender: options.graph,
            logger: options.logger,
            leases,
            clock: this.clock,
            rateLimiter: this.rateLimiter
        });
        this.processor = new InboxProcessor({
            store: options.store,
            logger: options.logger,
            leases,
            clock: this.clock,
            concurrency: options.concurrency,
            sweepIntervalMs: options.sweepIntervalMs,
            runTurn: (entry) => this.runInboxTurn(entry)
        });
    }

    /** Starts draining the inbox with `logic` (what a turn does after the middleware), resuming what a crash left. */
    async start(logic: BotLogic): Promise<void> {
        if (this.logic) throw new Error('WhatsAppAdapter.start(): already started');
        this.logic = logic;
        try {
            await this.leases.reclaimOwn();
        } catch (error) {
            this.options.logger.warn(
                { err: error },
                'WhatsAppAdapter.start(): could not take back leases held before a restart; they expire on their own'
            );
        }
        await this.outbox.start();
        await this.processor.start();
    }

    /** Same as start(): the name Bot Framework adapters use for "run the bot on incoming work". */
    processInbox(logic: BotLogic): Promise<void> {
        return this.start(logic);
    }

    /** The webhook recorded messages for these citizens. */
    signal(citizenKeys: Iterable<string>): void {
        this.processor.signal(citizenKeys);
    }

    /**
     * Stops taking new turns and sends; waits for the turns in flight, then for the sends in flight, each at most
     * `timeoutMs`. Resolves true when everything in flight finished. What is still pending stays durable.
     */
    async stop(timeoutMs = 10_000): Promise<boolean> {
        const turnsDone = await this.processor.stop(timeoutMs);
        const sendsDone = await this.outbox.stop(timeoutMs);
        await settleWithin(Promise.all(this.markReadsInFlight), timeoutMs);
        // Leases still in use (a turn that outlived the timeout) are released when that turn ends.
        await this.leases.releaseAll();
        return turnsDone && sendsDone;
    }

    /** Resolves when no turn runs and no send is due now (for tests and orderly shutdowns). */
    async whenIdle(): Promise<void> {
        await this.processor.whenIdle();
        await this.outbox.whenIdle();
    }

    /** A reference to a citizen's conversation, for proactive messages. */
    createConversationReference(citizenKey: string): Partial<ConversationReference> {
        return {
            channelId: 'whatsapp',
            serviceUrl: '',
            conversation: { id: citizenKey, isGroup: false, conversationType: 'personal', name: '' },
            user: { id: citizenKey, name: '', role: 'user' },
            bot: { id: this.options.botId, name: '', role: 'bot' }
        };
    }

    // ---- BotAdapter ---------------------------------------------------------------------------------

    /**
     * Inside a turn started by a citizen's message: the replies are held and commit with the turn (ids are the
     * outbox ids they will have). Inside a proactive turn: written to the outbox at once.
     */
    override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
        const turn = turnOf(context);
        if (!turn) throw new Error('WhatsAppAdapter.sendActivities(): the context does not belong to a WhatsApp turn');
        const proactive: ProactiveOptions | undefined = context.turnState.get(PROACTIVE_KEY);
        const responses: ResourceResponse[] = [];
        for (const activity of activities) {
            // Typing is shown by markRead before the turn; a delay means nothing to an asynchronous outbox.
            if (activity.type === ActivityTypes.Typing || activity.type === 'delay') {
                responses.push({ id: '' });
                continue;
            }
            const messages = toCloudMessages(activity);
            if (messages.length === 0) {
                responses.push({ id: '' });
                continue;
            }
            const label = (activity.channelData as { outbox?: OutboxLabel } | undefined)?.outbox;
            const origin = label?.origin ?? proactive?.origin ?? 'bot';
            const originRef = label?.originRef ?? proactive?.originRef;
            const replies: PendingReply[] = messages.map((message) => ({ message, origin, ...(originRef !== undefined ? { originRef } : {}) }));
            if (messages.some(isListMessage)) turn.writeAdapterDoc(LAST_PROMPT_DOC_ID, promptOf(activity));
            if (turn.isProactive) {
                const written = await turn.writeRepliesNow(replies, this.nowIso());
                this.outbox.notify(turn.citizenKey);
                responses.push({ id: written[0].id });
            } else {
                responses.push({ id: turn.addReplies(replies)[0] });
            }
        }
        return responses;
    }

    override async updateActivity(_context: TurnContext, _activity: Partial<Activity>): Promise<void> {
        throw new Error('WhatsAppAdapter.updateActivity(): editing a sent message is not supported by WhatsApp');
    }

    override async deleteActivity(_context: TurnContext, _reference: Partial<ConversationReference>): Promise<void> {
        throw new Error('WhatsAppAdapter.deleteActivity(): deleting a sent message is not supported by WhatsApp');
    }

    /**
     * A proactive turn (an operator's reply, an alert): what `logic` sends goes to the outbox at once, as its own
     * batch; state it changes commits when `logic` ends (conditional on what it read).
     */
    override async continueConversation(reference: Partial<ConversationReference>, logic: BotLogic, options: ProactiveOptions = {}): Promise<void> {
        const citizenKey = reference.conversation?.id ?? reference.user?.id;
        if (!citizenKey) throw new Error('WhatsAppAdapter.continueConversation(): the reference names no conversation');
        const full = { ...this.createConversationReference(citizenKey), ...reference };
        const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, full, true);
        const turnSeq = `${this.nowIso()}:p${crypto.randomBytes(4).toString('hex')}`;
        const turn = new TurnTransaction(this.options.store, citizenKey, turnSeq);
        const context = new TurnContext(this, activity);
        context.turnState.set(PROACTIVE_KEY, { origin: options.origin ?? 'operator', ...options });
        await runInTurn(turn, context, () => this.runMiddleware(context, logic));
        await turn.commit(this.nowIso());
    }

    override async continueConversationAsync(
        _botAppIdOrClaims: unknown,
        reference: Partial<ConversationReference>,
        logicOrAudience: BotLogic | string,
        maybeLogic?: BotLogic
    ): Promise<void> {
        const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
        if (!logic) throw new Error('WhatsAppAdapter.continueConversationAsync(): no logic given');
        return this.continueConversation(reference, logic);
    }

    // ---- one inbox entry, one turn -----------------------------------------------------------------

    private async runInboxTurn(first: StoredDocument<InboxEntry>): Promise<TurnOutcome> {
        let entry = first;
        const { citizenKey, message } = entry.value;
        this.sendReadReceipt(message);
        const activity = await this.buildActivity(message);
        for (let rerun = 0; ; rerun++) {
            const turn = new TurnTransaction(this.options.store, citizenKey, entry.value.seq, entry);
            try {
                await this.runTurnLogic(turn, activity, this.storageFailures.get(message.wamid) ?? 0);
            } catch (error) {
                // Storage that failed under the bot is not the bot failing on this message: it stays pending, and
                // runs again once storage answers, however many tries that takes (never given up for it).
                if (isStorageUnavailable(error))
                    return this.retryAfterStorageFailure(citizenKey, message.wamid, error, 'the bot could not read or write its state');
                return this.onTurnFailure(entry, error);
            }
            try {
                const outbox = await turn.commit(this.nowIso());
                this.turnFailures.delete(message.wamid);
                this.storageFailures.delete(message.wamid);
                if (outbox.length > 0) this.outbox.notify(citizenKey);
                return 'next';
            } catch (error) {
                // A batch that can never be written (over the storage's limit: a turn with ~95 replies or more) fails
                // the same way every time: the bot's failure path gives the message up after the usual attempts.
                if (isInvalidBatch(error)) return this.onTurnFailure(entry, error);
                if (!isPreconditionFailed(error)) {
                    // The commit may have landed all the same (an answer lost on its way back): then the retry finds
                    // the message done and never runs it, and its replies are only found by looking.
                    this.outbox.notify(citizenKey);
                    // Only an outage is waited out however long it lasts; anything else (a value storage refuses, a
                    // bug) would fail the same way forever and hold the citizen's later messages back.
                    if (isStorageUnavailable(error)) return this.retryAfterStorageFailure(citizenKey, message.wamid, error, 'commit failed');
                    return this.onTurnFailure(entry, error);
                }
            }
            // Someone else wrote this partition first: discard the turn, look again.
            const fresh = await this.options.store.get<InboxEntry>('conversations', conversationPartition(citizenKey), inboxEntryId(message.wamid));
            if (!fresh || fresh.value.status !== 'pending') {
                this.storageFailures.delete(message.wamid);
                // Done already (an earlier commit of ours that was reported failed, or another instance): its replies
                // may be waiting in the outbox with nobody told.
                this.outbox.notify(citizenKey);
                return 'next';
            }
            if (rerun >= MAX_CONFLICT_RERUNS) return { retryAt: this.clock.now() + this.turnRetryDelayMs };
            entry = fresh;
        }
    }

    /** Runs the middleware and the bot for one inbound activity, inside the turn's transaction. */
    private async runTurnLogic(turn: TurnTransaction, activity: Partial<Activity>, storageFailures: number): Promise<void> {
        const logic = this.logic;
        if (!logic) throw new Error('WhatsAppAdapter.runTurnLogic(): start() was not called');
        const morePage = await this.expandMoreChoices(turn, activity);
        if (morePage) {
            turn.addReplies(morePage.map((message) => ({ message, origin: 'bot' as const })));
            return;
        }
        const context = new TurnContext(this, activity);
        context.turnState.set(STORAGE_FAILURES_KEY, storageFailures);
        await runInTurn(turn, context, () => this.runMiddleware(context, logic));
    }

    /** A tap on "Ver más" of a long list is answered here with the next page; the bot never sees it. */
    private async expandMoreChoices(turn: TurnTransaction, activity: Partial<Activity>): Promise<CloudMessage[] | undefined> {
        const whatsapp = (activity.channelData as { whatsapp?: { message?: Record<string, unknown> } } | undefined)?.whatsapp;
        const interactive = whatsapp?.message?.interactive as { list_reply?: { id?: unknown } } | undefined;
        const replyId = interactive?.list_reply?.id;
        if (typeof replyId !== 'string' || !replyId.startsWith('wa-more:')) return undefined;
        const prompt = await turn.readAdapterDoc<Partial<Activity>>(LAST_PROMPT_DOC_ID);
        return prompt ? expandMorePage(replyId, prompt) : undefined;
    }

    /**
     * Runs this message's turn again later, after storage failed under it (its commit, or the bot's state): the turn
     * delay, doubled with each failure in a row. Storage that stays down (a full disk, an outage) is not hit by a
     * whole bot turn and an error line every second per waiting citizen; the message stays pending in the inbox
     * however long it lasts.
     */
    private retryAfterStorageFailure(citizenKey: string, wamid: string, error: unknown, what: string): TurnOutcome {
        const failures = (this.storageFailures.get(wamid) ?? 0) + 1;
        // Messages of citizens whose turns moved to another instance are never seen here again: keep the map bounded,
        // forgetting the oldest (clearing it would set every waiting citizen back to one-second retries at once).
        if (failures === 1 && this.storageFailures.size >= MAX_TRACKED_STORAGE_FAILURES) {
            this.storageFailures.delete(this.storageFailures.keys().next().value as string);
        }
        this.storageFailures.set(wamid, failures);
        const retryInMs = Math.min(MAX_STORAGE_RETRY_MS, this.turnRetryDelayMs * 2 ** Math.min(failures - 1, 20));
        this.options.logger.error(
            { err: error, citizenKey, wamid, failures, retryInMs },
            `WhatsAppAdapter.runInboxTurn(): ${what}; the turn will run again`
        );
        return { retryAt: this.clock.now() + retryInMs };
    }

    /** The bot threw (and no onTurnError handled it): try again later, and give the message up after a few tries. */
    private async onTurnFailure(entry: StoredDocument<InboxEntry>, error: unknown): Promise<TurnOutcome> {
        const { wamid } = entry.value.message;
        const failures = (this.turnFailures.get(wamid) ?? 0) + 1;
        const maxAttempts = this.options.maxTurnAttempts ?? 3;
        this.options.logger.error(
            { err: error, citizenKey: entry.value.citizenKey, wamid, failures },
            'WhatsAppAdapter.runInboxTurn(): the bot failed on a message'
        );
        if (failures < maxAttempts) {
            this.turnFailures.set(wamid, failures);
            return { retryAt: this.clock.now() + this.turnRetryDelayMs };
        }
        this.turnFailures.delete(wamid);
        this.storageFailures.delete(wamid);
        // A message the bot cannot get past must not block the citizen's later messages forever.
        const abandoned = new TurnTransaction(this.options.store, entry.value.citizenKey, entry.value.seq, {
            ...entry,
            value: { ...entry.value, abandoned: { error: error instanceof Error ? error.message : String(error), attempts: failures } }
        });
        try {
            await abandoned.commit(this.nowIso());
        } catch (commitError) {
            if (!isPreconditionFailed(commitError)) return { retryAt: this.clock.now() + this.turnRetryDelayMs };
        }
        return 'next';
    }

    /** The inbound message as an Activity; its media copied into the media store first, when there is one. */
    private async buildActivity(message: InboundMessage): Promise<Partial<Activity>> {
        const { mediaStore } = this.options;
        const storedId = mediaStore ? await fetchInboundMedia(message, this.options.graph, mediaStore, this.options.logger) : undefined;
        return toActivity(message, {
            botId: this.options.botId,
            ...(storedId ? { mediaUrl: () => operatorMediaUrl(storedId) } : {})
        });
    }

    /**
     * Fires the read receipt without holding up the turn: the citizen's answer must not wait for a Graph round
     * trip that only draws blue ticks. Failures are logged.
     */
    private sendReadReceipt(message: InboundMessage): void {
        const sending = this.markRead(message)
            .catch((error: unknown) => {
                this.options.logger.warn({ err: error, wamid: message.wamid }, 'WhatsAppAdapter.markRead(): could not mark the message read');
            })
            .finally(() => this.markReadsInFlight.delete(sending));
        this.markReadsInFlight.add(sending);
    }

    /**
     * Blue ticks and the typing indicator, so a frightened citizen sees at once that the line got it. Takes no
     * token from the send rate limit: Meta's throughput limit counts messages, not read receipts.
     */
    protected async markRead(message: InboundMessage): Promise<void> {
        await this.options.graph.markRead(message.wamid, { typing: true });
    }

    private nowIso(): string {
        return new Date(this.clock.now()).toISOString();
    }
}

/** Waits for `work`, but no longer than `timeoutMs`. */
async function settleWithin(work: Promise<unknown>, timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
}

function isListMessage(message: CloudMessage): boolean {
    return message.type === 'interactive' && (message.interactive as { type?: unknown } | undefined)?.type === 'list';
}

/** What expandMorePage() needs of the activity that offered a long list. */
function promptOf(activity: Partial<Activity>): Partial<Activity> {
    return JSON.parse(
        JSON.stringify({
            type: activity.type,
            text: activity.text,
            attachments: activity.attachments,
            suggestedActions: activity.suggestedActions,
            channelData: activity.channelData
        })
    );
}
