import { createReportBot } from '../bots';
import { TurnScopedConversationState, TurnScopedStorage, TurnScopedUserState } from '../adapters/whatsapp';
import { createAlerts } from '../alerts';
import type { DeliveryStateDoc } from '../adapters/whatsapp';
import type { StatusUpdate } from '../adapters/whatsapp';
import { createHandoff } from '../handoff';
import { createQuestions } from '../questions';
import { createRequests } from '../requests';
import { CitizenProfileRepository } from '../dialogs';
import type { ProtocolDependencies } from '../dialogs';
import { citizenQuestionsOf } from './citizenQuestions';
import { prepareLanguage } from '../language';
import type { CitizenMessenger } from '../handoff';
import { DocumentStoreStorage } from '../storage';
import { FileMediaStore } from '../storage';
import type { FeatureContext, Stoppable } from './application';
import { mountBotFrameworkEndpoint } from './botFrameworkEndpoint';
import { ChannelCitizenMessenger, WhatsAppCitizenMessenger } from './citizenMessengers';
import { OperatorDeliveryReports } from './operatorDeliveryReports';
import { firstSupervisor } from './firstSupervisor';
import { mountConsole } from './consoleRoutes';
import { apologizeAndRestart, whatsAppRerunsOnStorageFailure, whatsAppTurnErrorHandler } from './turnErrors';
import { mountWhatsAppLine } from './whatsAppLine';

/**
 * Mounts the line's features on a started server and wires them together: the WhatsApp adapter and its
 * webhook (with the simulator when no access token is set), the report bot on WhatsApp and on the standard
 * Bot Framework endpoint, and the handoff to operators (middleware first, then the bot).
 */
export async function mountFeatures(context: FeatureContext): Promise<Stoppable[]> {
    const { config, logger, server, store, metrics, selfUrl, clock } = context;
    // Before the first citizen: the word files are checked and the urgency model trained now, not during a turn.
    const prepared = prepareLanguage();
    logger.info({ ms: prepared.ms }, 'language layer ready');
    const mediaStore = new FileMediaStore({ dataDir: config.dataDir, logger });

    // Where operator messages got to (failed, sent, delivered, read) goes to the handoff, which is built right after.
    let operatorDelivery: OperatorDeliveryReports | undefined;
    // Delivery statuses feed the alert counters, which are built after the webhook.
    let reportStatus: ((update: StatusUpdate, state: DeliveryStateDoc) => Promise<void>) | undefined;
    const whatsApp = mountWhatsAppLine({
        server,
        config: config.whatsapp,
        store,
        mediaStore,
        logger,
        selfUrl,
        instanceId: config.instanceId,
        outbox: {
            onFinalFailure: (entry, error) => operatorDelivery?.onFinalFailure(entry, error),
            onEarlyStatus: (state) => operatorDelivery?.onStatus(state)
        },
        onStatus: (update, state) => {
            operatorDelivery?.onStatus(state);
            return reportStatus?.(update, state);
        }
    });

    const webState = new DocumentStoreStorage(store);
    // The handoff's messenger needs the Bot Framework endpoint, whose middleware is the handoff's: set once both exist.
    let messenger: CitizenMessenger | undefined;
    const handoff = createHandoff({
        store,
        logger,
        clock,
        messenger: {
            sendText: (citizenKey, reference, text, messageId, options) => messenger!.sendText(citizenKey, reference, text, messageId, options)
        },
        mediaStore,
        deadlines: { waitMinutes: config.handoff.waitMinutes },
        liveEventsPollMs: config.handoff.liveEventsPollSeconds * 1000,
        liveStreamsPerUser: config.handoff.liveStreamsPerUser,
        followUpTemplate: { name: config.templates.caseFollowUp, language: config.templates.language },
        assignment: {
            mode: config.handoff.assignment,
            maxOpenCases: config.handoff.maxOpenCases,
            offerTimeoutMs: config.handoff.offerSeconds * 1000
        },
        instanceId: config.instanceId,
        // The alerts are built after the handoff (they need its sessions): reached through this late binding.
        alertCommands: { handle: (context, command) => alerts.commands.handle(context, command) },
        maxBodyBytes: config.maxBodyBytes,
        admin: await firstSupervisor(config, store, logger)
    });
    const deliveryReports = new OperatorDeliveryReports(handoff.caseService, logger);
    operatorDelivery = deliveryReports;

    const alerts = createAlerts({
        store,
        instanceId: config.instanceId,
        graph: whatsApp.graph,
        // Meta counts every message of the number: one budget, conversations first.
        numberBucket: whatsApp.adapter.rateLimiter,
        logger,
        auth: { sessions: handoff.sessions },
        maxBodyBytes: config.maxBodyBytes,
        settings: {
            ratePerSecond: config.alerts.ratePerSecond,
            templateName: config.alerts.templateName,
            templateLanguage: config.alerts.templateLanguage,
            capFeedUrl: config.alerts.capFeedUrl,
            capFeedIntervalMs: config.alerts.capFeedIntervalSeconds * 1000,
            capAutoApprove: config.alerts.capAutoApprove,
            severityLevels: config.alerts.severityLevels,
            reconcileWindowMs: config.alerts.reconcileWindowSeconds * 1000
        }
    });
    reportStatus = (update, state) => alerts.onStatus(update, state);

    // Questions ("¿hay alerta en Belén?", the agency's answers) and service requests ("Solicitudes"): issue #18.
    const questions = createQuestions({ store, logger, auth: { sessions: handoff.sessions }, maxBodyBytes: config.maxBodyBytes });
    const requests = createRequests({
        store,
        logger,
        sessions: handoff.sessions,
        maxBodyBytes: config.maxBodyBytes,
        settings: { templateName: config.templates.requestUpdate, templateLanguage: config.templates.language },
        outbox: whatsApp.adapter.outbox,
        profiles: new CitizenProfileRepository(store),
        rerunsOnStorageFailure: whatsAppRerunsOnStorageFailure
    });

    const botDeps = {
        store,
        logger,
        handoffRequester: handoff.caseService,
        alertCommands: alerts.commands,
        staleAfterHours: config.reports.staleAfterHours,
        questions: citizenQuestionsOf(questions, alerts),
        requestForms: { createDialog: (protocol: ProtocolDependencies, dialogId: string) => requests.createDialog(protocol, dialogId) }
    };
    const turnStorage = new TurnScopedStorage();
    const whatsAppBot = createReportBot({
        ...botDeps,
        states: { conversationState: new TurnScopedConversationState(turnStorage), userState: new TurnScopedUserState(turnStorage) },
        rerunsOnStorageFailure: whatsAppRerunsOnStorageFailure
    });
    whatsApp.adapter.use(handoff.middleware);
    whatsApp.adapter.onTurnError = whatsAppTurnErrorHandler(logger, whatsAppBot.conversationState);

    const webBot = createReportBot({ ...botDeps, storage: webState });
    const cloudAdapter = mountBotFrameworkEndpoint(server, {
        credentials: config.botFramework,
        bot: webBot.bot,
        middleware: [handoff.middleware],
        logger,
        metrics,
        maxBodyBytes: config.maxBodyBytes,
        allowAnonymous: config.whatsapp.mode === 'simulator',
        onTurnError: (turn) => apologizeAndRestart(turn, webBot.conversationState)
    });

    messenger = new ChannelCitizenMessenger(new WhatsAppCitizenMessenger(whatsApp.adapter), cloudAdapter, config.botFramework.appId);

    handoff.mountRoutes(server);
    alerts.mountRoutes(server);
    questions.mountRoutes(server);
    requests.mountRoutes(server);
    mountConsole(server);
    await handoff.start();
    await alerts.start();
    await whatsApp.adapter.start(async (turn) => {
        const timer = metrics.turnDuration.startTimer({ channel: 'whatsapp' });
        try {
            await whatsAppBot.bot.run(turn);
        } finally {
            timer();
        }
    });

    // Stopped in reverse order: the adapter finishes its turns and sends first, then the handoff, then the simulator.
    return [
        { stop: async () => whatsApp.closeSimulator() },
        handoff,
        deliveryReports,
        alerts,
        { stop: async () => void (await whatsApp.adapter.stop(config.shutdownTimeoutMs)) }
    ];
}
