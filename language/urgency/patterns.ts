import { editsWithinOne, foldWord, squeeze, Token } from '../text/normalize';
import { stemOf } from '../text/stem';
import { oneEditVariants, startingWith } from '../text/oneEdit';

/**
 * Word matching for the urgency reader. A word of a pattern is a set of alternatives, each a word (typo-tolerant
 * from 5 letters: one edit, same first letter) or a prefix ("atrapad*", typo-tolerant from 6 letters). Every
 * matcher is registered in one lexicon, indexed by word, by the first three letters of a prefix and by first
 * letter and length, so reading a token costs a few lookups whatever the number of word lists.
 */
export interface WordMatcher {
    id: number;
    source: string;
}

/** A token with the ids of every matcher its word belongs to. */
export interface Word extends Token {
    ids: ReadonlySet<number>;
}

/** A compiled pattern: words in order, each allowed after a gap of up to `gapBefore` tokens. */
export interface Pattern {
    source: string;
    steps: Array<{ matcher: WordMatcher; gapBefore: number }>;
}

const MAX_GAP = 2;

/**
 * A word as it sounds: the letters Spanish spells two ways for one sound made one ("v"/"b", "z"/"s", a silent "h", "rr"/"r"),
 * so "bibora", "poso", "ijo", "aogo" read as "víbora", "pozo", "hijo", "ahogo". Never tolerant again on top of it.
 */
export function sound(key: string): string {
    return oneRForTwo(key)
        .replace(/v/g, 'b')
        .replace(/z/g, 's')
        .replace(/(^|[^c])h/g, '$1');
}

/** "socoro", "coriente": one r written for two, a spelling of the keyword unless a real word ("pero", "cero"). */
export function oneRForTwo(key: string): string {
    return key.replace(/rr/g, 'r');
}

class Lexicon {
    private count = 0;
    private readonly exact = new Map<string, number[]>();
    private readonly prefixesBy3 = new Map<string, Array<[string, number]>>();
    private readonly shortPrefixes: Array<[string, number]> = [];
    private readonly tolerantBy = new Map<string, Array<[string, number]>>();
    private readonly tolerantPrefixesBy1 = new Map<string, Array<[string, number]>>();
    private known = new Set<string>();
    /** Words and prefixes by how they sound (see `sound`). */
    private readonly soundExact = new Map<string, number[]>();
    private readonly soundPrefixesBy3 = new Map<string, Array<[string, number]>>();

    setKnownWords(words: readonly string[]): void {
        this.known = new Set(words.map(squeeze));
    }

    register(alternatives: string): WordMatcher {
        const id = this.count++;
        for (const alternative of alternatives.split('|')) {
            if (alternative.endsWith('*')) {
                const prefix = squeeze(alternative.slice(0, -1));
                if (prefix.length >= 3) push(this.prefixesBy3, prefix.slice(0, 3), [prefix, id]);
                else this.shortPrefixes.push([prefix, id]);
                if (prefix.length >= 6) push(this.tolerantPrefixesBy1, prefix[0], [prefix, id]);
                const heard = sound(prefix);
                if (heard.length >= 3) push(this.soundPrefixesBy3, heard.slice(0, 3), [heard, id]);
            } else {
                const word = squeeze(alternative);
                push(this.exact, word, id);
                const heard = sound(word);
                if (heard.length >= 3) push(this.soundExact, heard, id);
                if (alternative.length >= 5) push(this.tolerantBy, `${word[0]}${word.length}`, [word, id]);
            }
        }
        return { id, source: alternatives };
    }

    /**
     * Every real word (of `dictionary`, a Spanish word list) that typo tolerance or spelling by sound would read as a
     * keyword: "llenan" is no typo of "llevan", "basta" none of "vasta". Works from the keywords' side (their one-edit
     * variants that are real words), so it costs a few hundred lookups per keyword, not one per dictionary word.
     */
    realWordsNear(dictionary: readonly string[]): string[] {
        const found = new Set<string>();
        const real = new Set<string>();
        for (const word of dictionary) if (word.length >= 4) real.add(squeeze(foldWord(word)));
        const sorted = [...real].sort();
        // a form of the keyword itself ("colgadas" of "colgados", "atraparon" of "atrapad*") stays read as it
        // and a word that sounds as the keyword ("socoro" of "socorro") is its misspelling, not a word of its own
        const add = (word: string, keyword?: string): void => {
            if (!this.exact.has(word) && (keyword === undefined || (stemOf(word) !== stemOf(keyword) && sound(word) !== sound(keyword))))
                found.add(word);
        };
        for (const bucket of this.tolerantBy.values())
            for (const [word] of bucket)
                for (const variant of oneEditVariants(word, 1)) if (variant.length >= 4 && real.has(variant)) add(variant, word);
        for (const bucket of this.tolerantPrefixesBy1.values())
            for (const [prefix] of bucket)
                for (const variant of oneEditVariants(prefix, 1))
                    for (const word of startingWith(sorted, variant)) if (!word.startsWith(prefix)) add(word, prefix);
        for (const word of real) {
            if (!/[vzh]/.test(word)) continue;
            const heard = sound(word);
            if (this.soundExact.has(heard) || (this.soundPrefixesBy3.get(heard.slice(0, 3)) ?? []).some(([prefix]) => heard.startsWith(prefix)))
                add(word);
        }
        return [...found].sort();
    }

    /** The ids of every matcher `key` (a squeezed word) belongs to. */
    idsOf(key: string): Set<number> {
        const ids = new Set<number>(this.exact.get(key) ?? []);
        for (const [prefix, id] of this.prefixesBy3.get(key.slice(0, 3)) ?? []) if (key.startsWith(prefix)) ids.add(id);
        for (const [prefix, id] of this.shortPrefixes) if (key.startsWith(prefix)) ids.add(id);
        // a keyword is a real word: "quedaron" (of "quedaron atrapados") is no typo of "quemaron"
        const real = this.known.has(key) || this.exact.has(key);
        if (key.length >= 3 && !real) {
            const heard = sound(key);
            for (const id of this.soundExact.get(heard) ?? []) ids.add(id);
            for (const [prefix, id] of this.soundPrefixesBy3.get(heard.slice(0, 3)) ?? []) if (heard.startsWith(prefix)) ids.add(id);
        }
        if (key.length < 4 || real) return ids;
        if (key.length >= 5)
            for (const length of [key.length - 1, key.length, key.length + 1]) {
                for (const [word, id] of this.tolerantBy.get(`${key[0]}${length}`) ?? [])
                    if (!ids.has(id) && editsWithinOne(key, key.length, word, word.length)) ids.add(id);
            }
        for (const [prefix, id] of this.tolerantPrefixesBy1.get(key[0]) ?? []) {
            const n = prefix.length;
            if (ids.has(id) || key.length < n - 1) continue;
            if (
                editsWithinOne(key, Math.min(n, key.length), prefix, n) ||
                editsWithinOne(key, n - 1, prefix, n) ||
                (key.length > n && editsWithinOne(key, n + 1, prefix, n))
            )
                ids.add(id);
        }
        return ids;
    }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}

const lexicon = new Lexicon();

/** Named word classes a pattern may refer to as `@name` ("@body", "@height"): a rule over classes, not phrases. */
const wordClasses = new Map<string, string[]>();

/** Registers the classes `@name` may name in a pattern; a class may itself name another class. */
export function defineWordClasses(classes: Readonly<Record<string, readonly string[]>>): void {
    for (const [name, alternatives] of Object.entries(classes)) wordClasses.set(name, [...alternatives]);
}

/** The alternatives of `alternatives` with every `@class` replaced by its words (classes nest at most 4 deep). */
function expandClasses(alternatives: string, depth = 0): string[] {
    return alternatives.split('|').flatMap((alternative) => {
        if (!alternative.startsWith('@')) return [alternative];
        const members = wordClasses.get(alternative.slice(1));
        if (members === undefined || depth > 4) throw new Error(`unknown word class ${alternative}`);
        return members.flatMap((member) => expandClasses(member, depth + 1));
    });
}

/** Real words one letter away from a keyword ("centro" / "dentro", "inundó" / "inunda"): never read as its typo. */
export function setKnownWords(words: readonly string[]): void {
    lexicon.setKnownWords(words);
}

/** See {@link Lexicon.realWordsNear}: for the generated list of real words (`npm run language:real-words`). */
export function realWordsNearKeywords(dictionary: readonly string[]): string[] {
    return lexicon.realWordsNear(dictionary);
}

export function compileWord(alternatives: string): WordMatcher {
    return { id: lexicon.register(expandClasses(alternatives).join('|')).id, source: alternatives };
}

/** The tokens with the matchers each belongs to; distinct words are looked up once. */
export function annotate(tokens: readonly Token[]): Word[] {
    const seen = new Map<string, Set<number>>();
    return tokens.map((token) => {
        let ids = seen.get(token.key);
        if (ids === undefined) seen.set(token.key, (ids = lexicon.idsOf(token.key)));
        return { ...token, ids };
    });
}

export function compilePattern(source: string): Pattern {
    const steps: Pattern['steps'] = [];
    let gap = 0;
    for (const part of source.split(' ').filter((p) => p !== '')) {
        if (part === '~') gap = MAX_GAP;
        else {
            steps.push({ matcher: compileWord(part), gapBefore: steps.length === 0 ? 0 : gap });
            gap = 0;
        }
    }
    return { source, steps };
}

/** Every match of `pattern` in `words` as [first, last] indexes; a match does not cross a clause break (.,;!?). O(words × steps × gap). */
export function findMatches(pattern: Pattern, words: readonly Word[]): Array<[number, number]> {
    const found: Array<[number, number]> = [];
    const first = pattern.steps[0].matcher.id;
    for (let i = 0; i < words.length; i++) {
        if (!words[i].ids.has(first)) continue;
        const last = matchFrom(pattern, words, i);
        if (last >= 0) found.push([i, last]);
    }
    return found;
}

/** The last index of a match of `pattern` whose first word is words[i] (already known to fit the first step), or -1. */
export function matchFrom(pattern: Pattern, words: readonly Word[], i: number): number {
    let at = i;
    for (let s = 1; s < pattern.steps.length; s++) {
        const step = pattern.steps[s];
        let ok = false;
        for (let j = at + 1; j <= at + 1 + step.gapBefore && j < words.length; j++) {
            if (words[j].breakBefore) break;
            if (words[j].ids.has(step.matcher.id)) {
                at = j;
                ok = true;
                break;
            }
        }
        if (!ok) return -1;
    }
    return at;
}

/** Whether `word` belongs to `matcher`. */
export function is(word: Word | undefined, matcher: WordMatcher): boolean {
    return word !== undefined && word.ids.has(matcher.id);
}
