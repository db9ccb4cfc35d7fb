/** The WhatsApp Cloud API adapter: what the rest of the line imports. */
export { WhatsAppAdapter, WhatsAppAdapterOptions, WhatsAppGraph, ProactiveOptions, BotLogic, storageFailuresBefore } from './whatsAppAdapter';
export { WhatsAppWebhook, WhatsAppWebhookOptions, WebhookAnswer, mountWhatsAppWebhook, MountWebhookOptions } from './whatsAppWebhook';
export { TurnScopedStorage, TurnScopedConversationState, TurnScopedUserState } from './turnTransactionStorage';
export { OutboxSender, OutboxSenderOptions, MessageSender } from './outbox';
export { OutboxEntry, OutboxError, recipientFor } from './outboxEntry';
export { InboxEntry, conversationPartition } from './inbox';
export { DeliveryStateDoc, DeliveryState, MessageOrigin } from './deliveryStates';
export { TokenBucket } from './rateLimiter';
export { Clock, systemClock } from './backoff';
export { operatorMediaUrl } from './inboxMedia';
