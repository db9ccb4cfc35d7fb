import type { TypeReading } from '../types';
import type { UrgencyVerdict } from '../urgency';

/**
 * The emergency type an urgency of one kind nearly always is, for a message whose words name no type: "se
 * desmayó y no reacciona" names no hazard, yet the rules read a person in danger of a kind (a fall, an illness,
 * violence) that is the type `other`. Only the rules' kinds count: the statistical reader's "generic" says nothing
 * of the kind, and a cry for help ("auxilio") names no emergency either.
 * Measured on the corpus's dev split. Left out: "heridos", "están adentro" (injured, trapped, a home on fire) are
 * read from words that tell that people are hurt or inside but not what happened, and the type is asked instead.
 */
const TYPE_OF_KIND: Readonly<Partial<Record<NonNullable<UrgencyVerdict['kind']>, string>>> = {
    fall: 'other',
    not_breathing: 'other',
    breathing: 'other',
    medical: 'other',
    violence: 'other',
    poisoning: 'other'
};

/** The type the urgency implies, when the words named none; undefined when the urgency says no kind. */
export function typeOfUrgency(urgency: UrgencyVerdict): TypeReading | undefined {
    if (!urgency.urgent || urgency.byModel || !urgency.kind || !urgency.evidence) return undefined;
    const id = TYPE_OF_KIND[urgency.kind];
    return id ? { id, evidence: urgency.evidence } : undefined;
}
