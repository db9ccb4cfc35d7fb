/** The WhatsApp Cloud API adapter: what the rest of the line imports. */
export { WhatsAppAdapter, WhatsAppAdapterOptions, WhatsAppGraph, ProactiveOptions, BotLogic, storageFailuresBefore } from './whatsAppAdapter';
export { WhatsAppWebhook, WhatsAppWebhookOptions, WebhookAnswer, mountWhatsAppWebhook, MountWebhookOptions } from './whatsAppWebhook';
export { TurnScopedStorage, TurnScopedConversationState, TurnScopedUserState } from './turnTransactionStorage';
export { OutboxSender, OutboxSenderOptions } from './outbox';
export {
    CloudMessageSender,
    CloudMessageSenderOptions,
    MessageSender,
    NO_TRIES_YET,
    SendFailure,
    SendRequest,
    SendResult,
    SendRetryPolicy,
    SendTries
} from './cloudMessageSender';
export { OutboxEntry, OutboxError, recipientFor } from './outboxEntry';
export { InboxEntry, conversationPartition } from './inbox';
export { DeliveryStateDoc, DeliveryState, MessageOrigin } from './deliveryStates';
export { TokenBucket } from './rateLimiter';
export { operatorMediaUrl } from './inboxMedia';
export { isValidBsuid, isValidWaId } from './webhookParser';
export { signBody } from './webhookSignature';
export { CloudMessage, CloudRecipient, CUSTOMER_SERVICE_WINDOW_MS, StatusUpdate } from './types';
export { updateDeliveryState } from './deliveryStates';
export { GraphApiError, GraphClient } from './graphClient';
export { outboxWrites } from './outboxEntry';
export { ConversationLeases } from './conversationLease';
export { mediaHostsProblem } from './mediaHosts';
export { OUTBOX_GIVE_UP_AFTER_MS, OUTBOX_RETRY } from './outbox';
