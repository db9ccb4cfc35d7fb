import { QuestionMatcher } from '../../../questions/matcher';
import heldOut from '../fixtures/heldOut.json';

export interface HeldOutFigures {
    threshold: number;
    /** Right answers / answers given. */
    precision: number;
    /** Right answers / answerable questions. */
    recall: number;
    right: number;
    /** An answerable question answered with another entry. */
    wrong: Array<{ text: string; expected: string; got: string; score: number }>;
    /** An answerable question left for a person. */
    missed: Array<{ text: string; expected: string; best?: string; score: number }>;
    /** A message no entry may answer, answered. */
    falseAnswers: Array<{ text: string; got: string; score: number }>;
    answerable: number;
    unanswerable: number;
}

export const HELD_OUT = heldOut;

/** The matcher's figures on the held-out set (tests/questions/fixtures/heldOut.json). */
export function evaluateHeldOut(matcher: QuestionMatcher): HeldOutFigures {
    const wrong: HeldOutFigures['wrong'] = [];
    const missed: HeldOutFigures['missed'] = [];
    const falseAnswers: HeldOutFigures['falseAnswers'] = [];
    let right = 0;
    for (const { text, entry: expected } of heldOut.answerable) {
        const result = matcher.match(text);
        if (!result.entry) missed.push({ text, expected, ...(result.ranked[0] ? { best: result.ranked[0].id } : {}), score: result.score });
        else if (result.entry.id === expected) right++;
        else wrong.push({ text, expected, got: result.entry.id, score: result.score });
    }
    for (const text of heldOut.unanswerable) {
        const result = matcher.match(text);
        if (result.entry) falseAnswers.push({ text, got: result.entry.id, score: result.score });
    }
    const given = right + wrong.length + falseAnswers.length;
    return {
        threshold: matcher.threshold,
        precision: given === 0 ? 1 : right / given,
        recall: right / heldOut.answerable.length,
        right,
        wrong,
        missed,
        falseAnswers,
        answerable: heldOut.answerable.length,
        unanswerable: heldOut.unanswerable.length
    };
}
