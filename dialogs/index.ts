/**
 * The citizen's conversation (report protocol, recognizers, texts, domain data): what the features and the server
 * may use. Files inside dialogs/ import each other directly, never this index.
 */
export { TextKey, say } from './texts';
export { DEPARTMENTS, Department, EmergencyType, PROVINCE_BBOX, departmentById, emergencyTypeById, higherPriority } from './domainData';
export type { Priority } from './domainData';
export { departmentForPoint, recognizeDepartment } from './departmentRecognizer';
export { CitizenInput, readCitizenInput } from './citizenInput';
export type { SharedImage, SharedLocation } from './citizenInput';
export { AlertSubscriptionCommands, AlertsNotAvailableYet } from './alertSubscriptionCommands';
export { citizenKeyOf } from './handoffFlow';
export { AlertCommand, recognizeIntent } from './intentRecognizer';
export { ProtocolDependencies } from './protocolDependencies';
export { CancelAndHelpDialog } from './cancelAndHelpDialog';
export { CitizenInputPrompt, MAX_FAILED_ATTEMPTS } from './citizenInputPrompt';
export { recognizeChosenEmergencyType, recognizeEmergencyType } from './emergencyTypeRecognizer';
export { WHATSAPP_CHANNEL, citizenKeyOfActivity } from './citizenKey';
export { classifyInterruption } from './interruptions';
export { ReportDraft, setEmergencyType } from './report';
export type { ReportSnapshot } from './report';
export { REPORT_DIALOG } from './reportDialog';
export { CitizenProfileRepository } from './citizenProfileRepository';
export { CitizenQuestions, NoAnswersYet, ServiceRequestForms } from './citizenQuestions';
export { ConversationLog, ConversationLogEntry } from './conversationLog';
export { HandoffRequestRepository } from './handoffRequestRepository';
export { HandoffRequester } from './handoffRequester';
export type { HandoffReason, HandoffRequest } from './handoffRequester';
export { MainDialog } from './mainDialog';
export { ReportRepository } from './reportRepository';
export { fillDraftFrom } from './formFilling';
export { citizenMessageOf } from './citizenMessage';
export type { CitizenMessage } from './citizenMessage';
export { detectUrgency } from './urgencyDetector';
export { REPORT_ID_ALPHABET } from './reportId';
