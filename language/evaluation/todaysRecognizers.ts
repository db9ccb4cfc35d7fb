import { isNo, isOnlyThanks, isYes, recognizeCorrectionField } from '../../dialogs/answerRecognizers';
import { recognizeDepartment } from '../../dialogs/departmentRecognizer';
import { recognizeEmergencyType } from '../../dialogs/emergencyTypeRecognizer';
import { recognizeIntent } from '../../dialogs/intentRecognizer';
import { recognizeName } from '../../dialogs/nameRecognizer';
import { detectUrgency } from '../../dialogs/urgencyDetector';
import type { Reader } from './reading';

/**
 * The dialogs' own recognisers read as one reader (dialogs/*Recognizer.ts). Before the language layer they were
 * the baseline (test split: urgency recall 0.300, intent 0.661, type 0.425, department 0.506); urgency, places and
 * types now come from the layer through them, intent and names not yet. It goes when the dialogs read everything
 * through language/.
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
