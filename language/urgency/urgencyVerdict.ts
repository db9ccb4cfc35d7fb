import type { UrgencyKind } from './urgencyWords';

/** The verdict on one message: urgent or not, why in an operator's words, and the words that say it. */
export interface UrgencyVerdict {
    urgent: boolean;
    kind?: UrgencyKind;
    /** In Spanish, for the operator: "persona atrapada", "no respira". */
    reason?: string;
    /** The span of the original text the verdict rests on. */
    evidence?: { start: number; end: number; text: string };
    /** When not urgent although a signal was seen: which canceller removed it. */
    cancelledBy?: string;
    /** Urgent by the statistical model (language/urgency/urgencyModel.ts), not by a rule. */
    byModel?: boolean;
}

export interface UrgencyContext {
    answeringName?: boolean;
    /** The message answers one of the line's questions or follows up a case: not the conversation's first message. */
    afterTheOpening?: boolean;
}

/**
 * The reasons the rules give for setting a danger's words aside because of how they were meant, not of who is there:
 * the statistical reader may not overrule these (see index.ts).
 */
export const NOT_MEANT = {
    question: 'una pregunta',
    figure: 'figurado',
    negation: 'negación',
    hypothesis: 'hipótesis o pregunta',
    joke: 'broma',
    request: 'un pedido',
    safeInside: 'adentro y a salvo',
    warning: 'nombra una alerta',
    saidFine: 'dice que están bien',
    weather: 'queja por el tiempo',
    term: 'un término (primeros auxilios, sacarse sangre)'
} as const;
