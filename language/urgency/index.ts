import { MODEL_THRESHOLD, modelUrgency } from './urgencyModel';
import { readUrgency as readUrgencyRules, type UrgencyContext, type UrgencyVerdict } from './urgencyReader';

export type { UrgencyContext, UrgencyVerdict } from './urgencyReader';

/**
 * Whether a life may be at risk now: the rules over word classes first (auditable, with their cancellers); when they
 * find nothing, the statistical model may still find the message urgent, and then says which words weighed most. The
 * model never removes an urgency, and it does not read an answer to the name question ("Socorro Díaz" is a name).
 * When in doubt between urgent and not, the line errs towards a person.
 */
export function readUrgency(text: string, context: UrgencyContext = {}): UrgencyVerdict {
    const rules = readUrgencyRules(text, context);
    if (rules.urgent || context.answeringName) return rules;
    const model = modelUrgency(text);
    if (model.probability < MODEL_THRESHOLD) return rules;
    return {
        urgent: true,
        kind: 'generic',
        reason: 'posible riesgo para personas (lo sugieren las palabras del mensaje)',
        ...(model.evidence ? { evidence: model.evidence } : {}),
        byModel: true
    };
}
