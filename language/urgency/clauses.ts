import type { Word } from './patterns';

/** A clause is read at most this many words either side of a signal, so a message without punctuation stays linear. */
const CLAUSE_REACH = 20;

/** Index of the first token of the clause holding token `i` (at most CLAUSE_REACH back). */
export function clauseStart(tokens: readonly Word[], i: number): number {
    let k = i;
    while (k > 0 && k > i - CLAUSE_REACH && !tokens[k].breakBefore) k--;
    return k;
}
/** Index just past the clause holding token `i` (at most CLAUSE_REACH on). */
export function clauseEnd(tokens: readonly Word[], i: number): number {
    let k = i + 1;
    while (k < tokens.length && k <= i + CLAUSE_REACH && !tokens[k].breakBefore) k++;
    return k;
}

/** Whether a sentence ends between word `k - 1` and word `k` (a full stop, "!", "?" or a new line between them). */
export function sentenceEndsBefore(text: string, tokens: readonly Word[], k: number): boolean {
    return k > 0 && /[.!?\n]/.test(text.slice(tokens[k - 1].end, tokens[k].start));
}
