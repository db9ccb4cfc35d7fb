import { tokenize, withinOneEdit, type Token } from '../text/normalize';

/**
 * Phrases of the intent and name word lists, matched over the normalised words of a message. A phrase is words
 * separated by spaces; a word ending in "*" matches any word it begins ("inund*"). Matching is a walk over the words
 * with the phrases indexed by their first word: linear in the message, no regular expressions over the text.
 */

interface WordPattern {
    text: string;
    stem: boolean;
}

export interface Phrase {
    source: string;
    words: readonly WordPattern[];
}

/** Where a phrase matched: token indexes [from, to) and the phrase. */
export interface Match {
    from: number;
    to: number;
    phrase: Phrase;
}

function patternOf(word: string): WordPattern {
    return word.endsWith('*') ? { text: word.slice(0, -1), stem: true } : { text: word, stem: false };
}

function wordMatches(word: string, pattern: WordPattern): boolean {
    return pattern.stem ? word.startsWith(pattern.text) : word === pattern.text;
}

/** A list of phrases, indexed by first word (stems apart), longest first at each position. */
export class PhraseList {
    private readonly byFirstWord = new Map<string, Phrase[]>();
    private readonly stemFirst: Phrase[] = [];
    /** Phrases whose first word is a stem, by the stem's first three letters (shorter stems under ''). */
    private readonly stemIndex = new Map<string, Phrase[]>();
    readonly size: number;

    constructor(readonly phrases: readonly string[]) {
        const compiled = phrases
            .map((source): Phrase => ({
                source,
                words: source
                    .split(' ')
                    .filter((w) => w.length > 0)
                    .map(patternOf)
            }))
            .filter((phrase) => phrase.words.length > 0)
            .sort((a, b) => b.words.length - a.words.length);
        for (const phrase of compiled) {
            const first = phrase.words[0];
            if (first.stem) {
                this.stemFirst.push(phrase);
                const key = first.text.length >= 3 ? first.text.slice(0, 3) : '';
                const list = this.stemIndex.get(key) ?? [];
                list.push(phrase);
                this.stemIndex.set(key, list);
            } else {
                const list = this.byFirstWord.get(first.text) ?? [];
                list.push(phrase);
                this.byFirstWord.set(first.text, list);
            }
        }
        this.size = compiled.length;
    }

    /** The longest phrase starting at word `at`, as its length in words; 0 when none. */
    lengthAt(words: readonly string[], at: number): number {
        return this.matchAt(words, at)?.words.length ?? 0;
    }

    matchAt(words: readonly string[], at: number): Phrase | undefined {
        if (at >= words.length) return undefined;
        let best: Phrase | undefined;
        const candidates = this.byFirstWord.get(words[at]);
        if (candidates) best = candidates.find((phrase) => fitsAt(words, phrase, at));
        for (const phrase of this.stemCandidates(words[at])) {
            if ((!best || phrase.words.length > best.words.length) && fitsAt(words, phrase, at)) best = phrase;
        }
        return best;
    }

    private stemCandidates(word: string): Phrase[] {
        if (this.stemFirst.length === 0) return [];
        const short = this.stemIndex.get('') ?? [];
        const byPrefix = word.length >= 3 ? (this.stemIndex.get(word.slice(0, 3)) ?? []) : [];
        return short.length === 0 ? byPrefix : byPrefix.length === 0 ? short : [...byPrefix, ...short];
    }

    /** The lengths of every phrase at word `at` that ends by `to`. */
    lengthsAt(words: readonly string[], at: number, to: number): number[] {
        const lengths: number[] = [];
        for (const phrase of this.byFirstWord.get(words[at]) ?? [])
            if (at + phrase.words.length <= to && fitsAt(words, phrase, at)) lengths.push(phrase.words.length);
        for (const phrase of this.stemCandidates(words[at]))
            if (at + phrase.words.length <= to && fitsAt(words, phrase, at)) lengths.push(phrase.words.length);
        return lengths;
    }

    /** The first match from word `from` on. */
    find(words: readonly string[], from = 0): Match | undefined {
        if (words.length < INDEXED_FROM) {
            for (let i = from; i < words.length; i++) {
                const phrase = this.matchAt(words, i);
                if (phrase) return { from: i, to: i + phrase.words.length, phrase };
            }
            return undefined;
        }
        // a long message: only the positions of words a phrase can begin with, found once per message and list
        const starts = this.startsIn(words);
        let low = 0,
            high = starts.length;
        while (low < high) {
            const middle = (low + high) >> 1;
            if (starts[middle] < from) low = middle + 1;
            else high = middle;
        }
        for (let k = low; k < starts.length; k++) {
            const phrase = this.matchAt(words, starts[k]);
            if (phrase) return { from: starts[k], to: starts[k] + phrase.words.length, phrase };
        }
        return undefined;
    }

    /** The sorted positions in `words` where a phrase of this list could begin. */
    private startsIn(words: readonly string[]): number[] {
        const index = indexOf(words);
        const cached = index.starts.get(this);
        if (cached) return cached;
        const starts: number[] = [];
        for (const [word, positions] of index.positions) {
            if (
                this.byFirstWord.has(word) ||
                this.stemCandidates(word).some((phrase) => phrase.words[0].text.length <= word.length && word.startsWith(phrase.words[0].text))
            ) {
                for (const position of positions) starts.push(position);
            }
        }
        starts.sort((a, b) => a - b);
        index.starts.set(this, starts);
        return starts;
    }

    /** Every match, left to right, not overlapping. */
    findAll(words: readonly string[]): Match[] {
        const matches: Match[] = [];
        for (let i = 0; i < words.length; i++) {
            const phrase = this.matchAt(words, i);
            if (phrase) {
                matches.push({ from: i, to: i + phrase.words.length, phrase });
                i += phrase.words.length - 1;
            }
        }
        return matches;
    }

    has(words: readonly string[]): boolean {
        return this.find(words) !== undefined;
    }

    /** The stems of the list ("inund" of "inund*"): words they begin are no typos. */
    stems(): string[] {
        const all: string[] = [];
        for (const phrase of [...this.stemFirst, ...[...this.byFirstWord.values()].flat()])
            for (const w of phrase.words) if (w.stem) all.push(w.text);
        return all;
    }

    /** Every word of the list, for the vocabulary typos are mended against. */
    vocabulary(): string[] {
        const all: string[] = [];
        for (const list of this.byFirstWord.values()) for (const phrase of list) for (const w of phrase.words) if (!w.stem) all.push(w.text);
        for (const phrase of this.stemFirst) for (const w of phrase.words) if (!w.stem) all.push(w.text);
        return all;
    }
}

/** From this many words on, a message is searched through an index of where each word is. */
const INDEXED_FROM = 48;

interface WordIndex {
    positions: Map<string, number[]>;
    starts: Map<PhraseList, number[]>;
}

const INDEXES = new WeakMap<readonly string[], WordIndex>();

function indexOf(words: readonly string[]): WordIndex {
    let index = INDEXES.get(words);
    if (!index) {
        const positions = new Map<string, number[]>();
        words.forEach((word, at) => {
            const list = positions.get(word);
            if (list) list.push(at);
            else positions.set(word, [at]);
        });
        index = { positions, starts: new Map() };
        INDEXES.set(words, index);
    }
    return index;
}

function fitsAt(words: readonly string[], phrase: Phrase, at: number): boolean {
    if (at + phrase.words.length > words.length) return false;
    for (let k = 0; k < phrase.words.length; k++) if (!wordMatches(words[at + k], phrase.words[k])) return false;
    return true;
}

/**
 * Whether the words from `from` to `to` split into phrases of these lists only (any order, any number). Linear in
 * the words times the lists.
 */
export function madeOf(words: readonly string[], lists: readonly PhraseList[], from = 0, to = words.length): boolean {
    if (from >= to) return false;
    const reachable: boolean[] = new Array(to - from + 1).fill(false);
    reachable[0] = true;
    for (let i = from; i < to; i++) {
        if (!reachable[i - from]) continue;
        for (const list of lists) {
            // every phrase at i, not only the longest: "si" then "si" in "si si"
            for (const length of list.lengthsAt(words, i, to)) reachable[i - from + length] = true;
        }
    }
    return reachable[to - from];
}

/** A message read once: its tokens, their words with typos mended against a vocabulary. */
export interface Words {
    text: string;
    tokens: Token[];
    words: string[];
}

const MIN_MENDED = 7;

/** Mends a word one edit away from a known word of 7 letters or more ("cancelr" -> "cancelar"); memoised, bounded. */
export class Mender {
    private readonly known: Set<string>;
    private readonly byLength = new Map<number, string[]>();
    private readonly memo = new Map<string, string>();

    constructor(
        vocabulary: Iterable<string>,
        private readonly stems: readonly string[] = []
    ) {
        this.known = new Set(vocabulary);
        for (const word of this.known) {
            if (word.length < MIN_MENDED) continue;
            const list = this.byLength.get(word.length) ?? [];
            list.push(word);
            this.byLength.set(word.length, list);
        }
    }

    mend(word: string): string {
        if (word.length < MIN_MENDED || this.known.has(word)) return word;
        const memo = this.memo.get(word);
        if (memo !== undefined) return memo;
        if (this.stems.some((stem) => word.startsWith(stem))) {
            this.memo.set(word, word);
            return word;
        }
        let mended = word;
        for (const length of [word.length, word.length - 1, word.length + 1]) {
            const found = this.byLength.get(length)?.find((known) => withinOneEdit(word, known));
            if (found) {
                mended = found;
                break;
            }
        }
        if (this.memo.size > 20000) this.memo.clear();
        this.memo.set(word, mended);
        return mended;
    }
}

export function readWords(text: string, mender?: Mender): Words {
    const tokens = tokenize(text);
    return { text, tokens, words: tokens.map((t) => (mender ? mender.mend(t.word) : t.word)) };
}
