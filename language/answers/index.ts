export {
    isCourtesyOnly,
    isNo,
    isOnlyThanks,
    isPhotoSkip,
    isYes,
    readConfirmation,
    readConsent,
    readCorrectionField,
    readListNumber,
    saysTypeIsUnknown,
    saysWholeProvince
} from './shortAnswers';
export type { ConfirmationAnswer, SummaryField } from './shortAnswers';
export { ANSWER_WORDS_FILE } from './answerWords';
