import { isNo, isOnlyThanks, isYes, recognizeCorrectionField } from '../../dialogs/answerRecognizers';
import { recognizeDepartment } from '../../dialogs/departmentRecognizer';
import { recognizeEmergencyType } from '../../dialogs/emergencyTypeRecognizer';
import { recognizeIntent } from '../../dialogs/intentRecognizer';
import { recognizeName } from '../../dialogs/nameRecognizer';
import { detectUrgency } from '../../dialogs/urgencyDetector';
import type { Reader } from './reading';

/**
 * The recognisers the dialogs use today (dialogs/*Recognizer.ts over recognition.json), read as one reader so the
 * language layer that replaces them is measured against them on the same rows. It goes with them.
 */
export const todaysRecognizers: Reader = (text, context) => {
    const urgency = detectUrgency(text, { answeringName: context === 'name' });
    const command = recognizeIntent(text);
    let intent: string;
    if (command?.kind === 'alerts') intent = command.command === 'subscribe' ? 'alerts_subscribe' : command.command === 'unsubscribe' ? 'alerts_unsubscribe' : 'question';
    else if (command) intent = command.kind;
    else if (urgency) intent = 'report';
    else if ((context === 'summary' || context === 'photo') && isYes(text)) intent = 'yes';
    else if ((context === 'summary' || context === 'photo') && isNo(text)) intent = 'no';
    else if (recognizeCorrectionField(text)) intent = 'correction';
    else if (isOnlyThanks(text)) intent = 'thanks';
    else intent = context === 'first' || context === 'waiting' ? 'report' : 'answer';
    return {
        urgent: urgency !== undefined,
        reason: urgency?.signal,
        intent,
        type: recognizeEmergencyType(text)?.id ?? null,
        department: recognizeDepartment(text)?.name ?? null,
        locality: null,
        name: context === 'name' ? recognizeName(text) ?? null : null
    };
};
