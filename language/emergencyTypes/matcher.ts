import { squeeze, Token, withinOneEdit } from '../text/normalize';

/**
 * Word patterns compiled once into an index, so that a message is read in one pass: every distinct word of the
 * message is looked up once (exact, one typo from 5 letters, word beginning), then patterns are tried only where
 * their first word matched.
 */

/** One word of a pattern: its alternatives, by id in the vocabulary. */
type Slot = number;

export interface CompiledPattern<T> {
    source: string;
    /** Words in order; `gapBefore` tokens may be skipped before each. */
    steps: Array<{ slot: Slot; gapBefore: number }>;
    payload: T;
}

const MAX_GAP = 3;

/** A set of patterns over one vocabulary. */
export class PatternIndex<T> {
    private readonly slotKeys = new Map<string, Slot>();
    private readonly exact = new Map<string, Slot[]>();
    private readonly tolerantByLength = new Map<number, Array<{ word: string; slot: Slot }>>();
    private readonly prefixes: Array<{ prefix: string; slot: Slot }> = [];
    private readonly byFirstSlot = new Map<Slot, Array<CompiledPattern<T>>>();
    private readonly cache = new Map<string, ReadonlySet<Slot>>();
    readonly patterns: Array<CompiledPattern<T>> = [];

    constructor(private readonly knownWords: ReadonlySet<string>) {}

    /** Adds a pattern: words separated by spaces, `a|b` alternatives, `word*` a word beginning, `~` a gap. */
    add(source: string, payload: T): void {
        const steps: CompiledPattern<T>['steps'] = [];
        let gap = 0;
        for (const part of source.split(' ').filter((p) => p !== '')) {
            if (part === '~') gap = MAX_GAP;
            else {
                steps.push({ slot: this.slotOf(part), gapBefore: steps.length === 0 ? 0 : gap });
                gap = 0;
            }
        }
        if (steps.length === 0) throw new Error(`empty pattern "${source}"`);
        const compiled: CompiledPattern<T> = { source, steps, payload };
        this.patterns.push(compiled);
        const list = this.byFirstSlot.get(steps[0].slot) ?? [];
        list.push(compiled);
        this.byFirstSlot.set(steps[0].slot, list);
        this.cache.clear();
    }

    private slotOf(alternatives: string): Slot {
        const known = this.slotKeys.get(alternatives);
        if (known !== undefined) return known;
        const slot = this.slotKeys.size;
        this.slotKeys.set(alternatives, slot);
        for (const alternative of alternatives.split('|')) {
            if (alternative.endsWith('*')) this.prefixes.push({ prefix: squeeze(alternative.slice(0, -1)), slot });
            else {
                const key = squeeze(alternative);
                this.exact.set(key, [...(this.exact.get(key) ?? []), slot]);
                if (alternative.length >= 5) {
                    const bucket = this.tolerantByLength.get(key.length) ?? [];
                    bucket.push({ word: key, slot });
                    this.tolerantByLength.set(key.length, bucket);
                }
            }
        }
        return slot;
    }

    /** The slots a word of the text fills: exact, a word beginning, or one typo away for words of 5+ letters. */
    slotsOf(word: string): ReadonlySet<Slot> {
        const cached = this.cache.get(word);
        if (cached !== undefined) return cached;
        const key = squeeze(word);
        const slots = this.ownSlots(key);
        if (!this.knownWords.has(key) && !this.knownWords.has(word)) for (const { slot } of this.typoMatches(key, word)) slots.add(slot);
        if (this.cache.size > 20000) this.cache.clear();
        this.cache.set(word, slots);
        return slots;
    }

    /**
     * The keywords (a tolerated word or a word beginning) `word` would be read as only by typo tolerance, as
     * {@link slotsOf} reads it: the slots its exact form and its beginnings fill are its own. For the generated list of
     * real words that tolerance must leave alone (`npm run language:real-words`).
     */
    keywordsReachedByTypo(word: string): string[] {
        const key = squeeze(word);
        const own = this.ownSlots(key);
        return [...new Set(this.typoMatches(key, word).flatMap(({ keyword, slot }) => (own.has(slot) ? [] : [keyword])))];
    }

    /** The slots a squeezed word fills as itself: its exact form and the word beginnings it starts with. */
    private ownSlots(key: string): Set<Slot> {
        const slots = new Set<Slot>(this.exact.get(key) ?? []);
        for (const { prefix, slot } of this.prefixes) if (key.startsWith(prefix)) slots.add(slot);
        return slots;
    }

    /**
     * What typo tolerance reads a word as: a beginning of 6+ letters one edit from its first letters (the first letter
     * kept), or, for a word of 5+ letters, a word one edit away.
     */
    private typoMatches(key: string, word: string): Array<{ keyword: string; slot: Slot }> {
        const found: Array<{ keyword: string; slot: Slot }> = [];
        for (const { prefix, slot } of this.prefixes) {
            if (
                !key.startsWith(prefix) &&
                prefix.length >= 6 &&
                key.length >= prefix.length &&
                key[0] === prefix[0] &&
                (withinOneEdit(key.slice(0, prefix.length), prefix) || withinOneEdit(key.slice(0, prefix.length + 1), prefix))
            )
                found.push({ keyword: prefix, slot });
        }
        if (word.length >= 5) {
            for (let length = key.length - 1; length <= key.length + 1; length++)
                for (const candidate of this.tolerantByLength.get(length) ?? [])
                    if (withinOneEdit(key, candidate.word)) found.push({ keyword: candidate.word, slot: candidate.slot });
        }
        return found;
    }

    /** The words typo tolerance reads (5+ letters) and the word beginnings it reads (6+ letters), squeezed. */
    typoTargets(): { words: string[]; prefixes: string[] } {
        return {
            words: [...this.tolerantByLength.values()].flat().map((candidate) => candidate.word),
            prefixes: this.prefixes.map(({ prefix }) => prefix).filter((prefix) => prefix.length >= 6)
        };
    }

    /**
     * Every match in `tokens` as the pattern and its first and last token. A match does not cross a clause break
     * and does not use a token `blocked` marks. Linear in the tokens (bounded by patterns per word and the gap).
     */
    matches(tokens: readonly Token[], blocked?: readonly boolean[]): Array<{ pattern: CompiledPattern<T>; first: number; last: number }> {
        const slots = tokens.map((token) => this.slotsOf(token.word));
        const found: Array<{ pattern: CompiledPattern<T>; first: number; last: number }> = [];
        for (let i = 0; i < tokens.length; i++) {
            if (blocked?.[i]) continue;
            for (const slot of slots[i]) {
                for (const pattern of this.byFirstSlot.get(slot) ?? []) {
                    const last = extend(pattern, i, tokens, slots, blocked);
                    if (last >= 0) found.push({ pattern, first: i, last });
                }
            }
        }
        return found;
    }
}

/** The last token of a match of `pattern` starting at `first`, or -1. */
function extend<T>(
    pattern: CompiledPattern<T>,
    first: number,
    tokens: readonly Token[],
    slots: ReadonlyArray<ReadonlySet<Slot>>,
    blocked?: readonly boolean[]
): number {
    let at = first;
    for (let s = 1; s < pattern.steps.length; s++) {
        const step = pattern.steps[s];
        let next = -1;
        for (let j = at + 1; j <= at + 1 + step.gapBefore && j < tokens.length; j++) {
            if (tokens[j].breakBefore || blocked?.[j]) break;
            if (slots[j].has(step.slot)) {
                next = j;
                break;
            }
        }
        if (next < 0) return -1;
        at = next;
    }
    return at;
}
