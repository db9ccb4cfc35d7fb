import type { Alerts } from '../alerts';
import type { CitizenQuestions } from '../dialogs';
import { readPlace } from '../language';
import type { Questions } from '../questions';

/**
 * The dialogs' questions seam filled by the questions feature: the alerts in force (for the citizen's subscription when
 * no place is named) and the agency's knowledge base.
 */
export function citizenQuestionsOf(questions: Questions, alerts: Pick<Alerts, 'subscriptionOf'>): CitizenQuestions {
    return {
        async answerAlerts(citizenKey, query) {
            const subscription = query.wholeProvince || query.departmentId ? undefined : await alerts.subscriptionOf(citizenKey);
            const answer = await questions.answerAlertsQuery({
                ...(query.departmentId ? { departmentId: query.departmentId } : {}),
                ...(query.text && !query.wholeProvince ? { text: query.text } : {}),
                ...(subscription ? { subscription } : {})
            });
            return answer.subscribeOffer ? [answer.text, answer.subscribeOffer] : [answer.text];
        },
        namesDepartment: (text) => readPlace(text).department !== undefined,
        async answerQuestion(text) {
            return (await questions.matchQuestion(text)).entry?.answer;
        }
    };
}
