import { Activity, ActivityTypes, InputHints, Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../../common/logger';
import type { AlertSubscriptionCommands } from '../../dialogs';
import { readCitizenInput } from '../../dialogs';
import { citizenMessageOf } from '../../dialogs';
import { citizenKeyOfActivity } from '../../dialogs';
import { recognizeIntent } from '../../dialogs';
import { detectUrgency } from '../../dialogs';
import type { OpeningTurns } from '../service/caseCommands';
import { CaseService } from '../service/caseService';
import { handoffText, isCancelWord } from '../texts';
import { lastAsked, triageText, type TriageQuestion } from '../service/triage';
import { cardFactsOf } from './cardFacts';
import { wasRequestedBy } from '../types';

/**
 * First in the adapter's pipeline. While the citizen has a queued or assigned case, their messages go to
 * the case (transcript and live view) and the bot stays out of it; "cancelar" from a waiting citizen
 * withdraws the case. Otherwise the turn goes on to the bot. A forwarded message still gets an answer where
 * silence would hurt: one that says a life is at risk raises the case to critical and gets the emergency
 * numbers; a waiting citizen hears that the message arrived and their place (at most once a minute); the alert
 * commands ("BAJA", "MIS ALERTAS"), which the alert template itself tells citizens to use, are answered.
 *
 * A WhatsApp turn runs again when storage fails under it or its commit fails, so each path is safe to run twice,
 * keyed by the message's id (the wamid): the turn that opened a case answers again, a forwarded message is
 * recorded once, and the "cancelar" that withdrew a case gets the same answer.
 *
 * It owns the bracket of the bot's turns ({@link beginTurn} / {@link endTurn}): a case the bot opens during a turn is
 * told its place in the queue as that turn's last reply, after the bot's answers, which a message sent on its own
 * could overtake.
 */
export class HandoffMiddleware implements Middleware, OpeningTurns {
    /** Citizens whose bot turn is running in this process, and the case opened during it (null: none yet). */
    private readonly turnsInProgress = new Map<string, string | null>();

    constructor(
        private readonly cases: CaseService,
        private readonly logger: Logger,
        /** Answers "BAJA" / "MIS ALERTAS" / "ALERTAS" while a case is open (the alerts service; absent: forwarded only). */
        private readonly alertCommands?: Pick<AlertSubscriptionCommands, 'handle'>
    ) {
        cases.useOpeningTurns(this);
    }

    /** A bot turn of this citizen starts: a case opened during it waits for {@link endTurn} to tell its place. */
    beginTurn(citizenKey: string): void {
        this.turnsInProgress.set(citizenKey, null);
    }

    /**
     * The citizen's bot turn ended. When it opened a case (or is the re-run of the turn that did), returns the
     * place-in-queue text to send as the turn's last message, and keeps that place as told.
     */
    async endTurn(citizenKey: string): Promise<string | undefined> {
        return (await this.endTurnWithCase(citizenKey)).notice;
    }

    /** {@link endTurn}, with the case the turn opened. */
    private async endTurnWithCase(citizenKey: string): Promise<{ notice?: string; caseId?: string }> {
        const opened = this.turnsInProgress.get(citizenKey);
        this.turnsInProgress.delete(citizenKey);
        if (!opened) return {};
        const position = await this.cases.notePlaceTold(opened);
        return { caseId: opened, ...(position === undefined ? {} : { notice: handoffText('queuedInTurn', { position }) }) };
    }

    /** {@link OpeningTurns}: the case service asks whether the turn in progress tells a new case's place. */
    caseOpenedInTurn(citizenKey: string, caseId: string): boolean {
        if (!this.turnsInProgress.has(citizenKey)) return false;
        this.turnsInProgress.set(citizenKey, caseId);
        return true;
    }

    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
        const activity = context.activity;
        const citizenKey = citizenKeyOfActivity(activity);
        if (activity.type !== ActivityTypes.Message || !citizenKey) return next();

        const { active, withdrawal } = await this.cases.stateOf(citizenKey);
        if (!active) {
            // The turn of the "cancelar" that withdrew the case runs again: the same answer, not the bot's.
            if (withdrawal && withdrawal.activityId === activity.id) {
                const withdrawn = await this.cases.withdrawnAgain(citizenKey, withdrawal);
                if (withdrawn) {
                    await context.sendActivity(handoffText('withdrawn'));
                    return;
                }
            }
            return this.runBot(context, citizenKey, next);
        }
        // The turn of the message that opened the case runs again: the bot answers it again.
        if (wasRequestedBy(active, activity.id)) return this.runBot(context, citizenKey, next);

        const input = readCitizenInput(activity);
        const written = typeof activity.text === 'string' ? activity.text : '';
        const intent = written ? recognizeIntent(written) : undefined;
        const urgent = written !== '' && detectUrgency(written) !== undefined;
        // "cancelar", and as people write it ("cancelar por favor", "quiero cancelar el pedido"), unless the same
        // message says a life is at risk.
        const cancels = input.kind === 'text' && (isCancelWord(input.text) || (intent?.kind === 'cancel' && !urgent));
        if (active.status === 'queued' && cancels) {
            const withdrawn = await this.cases.withdraw(citizenKey, activity.id || undefined);
            if (withdrawn) {
                await context.sendActivity(handoffText('withdrawn'));
                this.logger.info({ caseId: withdrawn.id }, 'the citizen withdrew the handoff case');
                return;
            }
        }
        const command = intent?.kind === 'alerts' && this.alertCommands ? intent.command : undefined;
        const forwarded = await this.cases.forwardCitizenMessage(
            citizenKey,
            citizenMessageOf(activity),
            TurnContext.getConversationReference(activity),
            {
                urgent,
                acknowledge: command === undefined,
                readFacts: (value) => cardFactsOf(input, lastAsked(value))
            }
        );
        // The case closed between the two reads: the bot answers after all.
        if (!forwarded) return this.runBot(context, citizenKey, next);
        if (forwarded.reply) await context.sendActivity(forwarded.reply);
        if (forwarded.question) await context.sendActivity(triageQuestionActivity(forwarded.question));
        else if (forwarded.triageDone && !forwarded.reply) await context.sendActivity(handoffText('triageDone'));
        // A sign-up is a conversation of its own: it waits until the case is over. Listing and opting out are one answer.
        if (command === 'subscribe') await context.sendActivity(handoffText('alertsAfterCase'));
        else if (command) await this.alertCommands!.handle(context, command);
    }

    /** The bot's turn; if it handed the citizen over, their place in the queue is the turn's last message. */
    private async runBot(context: TurnContext, citizenKey: string, next: () => Promise<void>): Promise<void> {
        this.beginTurn(citizenKey);
        let ended: { notice?: string; caseId?: string };
        try {
            await next();
        } finally {
            ended = await this.endTurnWithCase(citizenKey);
        }
        if (ended.notice) await context.sendActivity(ended.notice);
        // An urgent case: while help is arranged, the bot asks where the citizen is (then, one by one, the rest).
        const question = ended.caseId ? await this.cases.askFirstTriageQuestion(ended.caseId) : undefined;
        if (question) await context.sendActivity(triageQuestionActivity(question));
    }
}

/** A triage question; the location one as WhatsApp's location request (a button that shares the pin). */
function triageQuestionActivity(question: TriageQuestion): Partial<Activity> {
    return {
        type: ActivityTypes.Message,
        text: triageText(question),
        inputHint: InputHints.ExpectingInput,
        ...(question === 'location' ? { channelData: { whatsapp: { locationRequest: true } } } : {})
    };
}
