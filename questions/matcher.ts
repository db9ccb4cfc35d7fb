import { distance } from 'fastest-levenshtein';
import type { KnowledgeEntry } from './knowledgeBase';
import { termsOf } from './terms';

/**
 * The score a question must reach to be answered: chosen on a held-out set of ways of asking that no entry lists,
 * and of messages that must not be answered (tests/questions/fixtures/heldOut.json; figures in
 * tests/questions/matcher.test.ts). Below it the line answers "no match" and a person takes the question.
 */
export const DEFAULT_THRESHOLD = 0.47;

/** One entry's score for a text, and the citizen's words that counted. */
export interface RankedMatch {
    id: string;
    title: string;
    /** 0..1. */
    score: number;
    /** The citizen's words found in the entry's ways of asking (after folding and stemming). */
    matchedWords: string[];
    /** The way of asking closest to the text. */
    closest: string;
}

export interface MatchResult {
    /** The entry to answer with, when the best score reaches the threshold. */
    entry?: KnowledgeEntry;
    score: number;
    threshold: number;
    /** The best entries first (at most `limit`), whether or not they reach the threshold. */
    ranked: RankedMatch[];
}

interface Phrasing {
    text: string;
    keys: Set<string>;
    norm: number;
}

interface IndexedEntry {
    entry: KnowledgeEntry;
    phrasings: Phrasing[];
    vocabulary: Set<string>;
}

/** A term of the text that is in no entry weighs this share of the rarest known term: "belen", a name, a typo. */
const UNKNOWN_WEIGHT = 1;
/** A term recognised only approximately (a prefix, one letter off) counts this much. */
const APPROXIMATE = 0.8;
/** How the two views are mixed: the closest single way of asking, and how much of the text the entry covers. */
const CLOSEST_SHARE = 0.6;

/**
 * Ranks knowledge entries for a citizen's text: TF-IDF over the entries' ways of asking, on the terms of
 * {@link termsOf} (folded, stemmed, spelling-forgiving). A term's weight is its rarity across entries (BM25's idf:
 * "alerta" in three entries weighs less than "zonda" in one). The score mixes the cosine with the closest way of
 * asking and the share of the text's weight the entry covers. Pure and synchronous; build one per knowledge set.
 */
export class QuestionMatcher {
    private readonly entries: IndexedEntry[];
    private readonly idf = new Map<string, number>();
    private readonly unknownWeight: number;
    /** Vocabulary keys by first letter, for approximate lookups. */
    private readonly byInitial = new Map<string, string[]>();

    constructor(
        entries: readonly KnowledgeEntry[],
        readonly threshold = DEFAULT_THRESHOLD
    ) {
        const documentFrequency = new Map<string, number>();
        const indexed = entries.map((entry) => {
            const phrasings = [entry.title, ...entry.askedAs].map((text) => ({ text, keys: new Set(termsOf(text).map((t) => t.key)), norm: 0 }));
            const vocabulary = new Set(phrasings.flatMap((p) => [...p.keys]));
            for (const key of vocabulary) documentFrequency.set(key, (documentFrequency.get(key) ?? 0) + 1);
            return { entry, phrasings, vocabulary };
        });
        const n = Math.max(1, entries.length);
        let rarest = 0;
        for (const [key, df] of documentFrequency) {
            const weight = Math.log(1 + (n - df + 0.5) / (df + 0.5));
            this.idf.set(key, weight);
            rarest = Math.max(rarest, weight);
            const initial = key[0];
            this.byInitial.set(initial, [...(this.byInitial.get(initial) ?? []), key]);
        }
        this.unknownWeight = UNKNOWN_WEIGHT * (rarest || 1);
        for (const item of indexed) {
            for (const phrasing of item.phrasings) {
                phrasing.norm = Math.sqrt([...phrasing.keys].reduce((sum, key) => sum + (this.idf.get(key) ?? 0) ** 2, 0));
            }
        }
        this.entries = indexed.filter((item) => item.phrasings.some((p) => p.keys.size > 0));
    }

    /** Every entry with a score above 0, best first. */
    rank(text: string): RankedMatch[] {
        const query = this.queryTerms(text);
        const queryNorm = Math.sqrt(query.reduce((sum, term) => sum + term.weight ** 2, 0));
        const queryTotal = query.reduce((sum, term) => sum + term.weight, 0);
        if (queryTotal === 0) return [];
        const ranked: RankedMatch[] = [];
        for (const { entry, phrasings, vocabulary } of this.entries) {
            const covered = query.filter((term) => term.key !== undefined && vocabulary.has(term.key));
            if (covered.length === 0) continue;
            const coverage = covered.reduce((sum, term) => sum + term.weight, 0) / queryTotal;
            let best = 0;
            let closest = phrasings[0].text;
            for (const phrasing of phrasings) {
                if (phrasing.norm === 0) continue;
                let dot = 0;
                for (const term of covered) if (phrasing.keys.has(term.key!)) dot += term.weight * this.idf.get(term.key!)!;
                const cosine = dot / (queryNorm * phrasing.norm);
                if (cosine > best) {
                    best = cosine;
                    closest = phrasing.text;
                }
            }
            const score = CLOSEST_SHARE * best + (1 - CLOSEST_SHARE) * coverage;
            ranked.push({
                id: entry.id,
                title: entry.title,
                score: Math.round(score * 1000) / 1000,
                matchedWords: covered.map((t) => t.word),
                closest
            });
        }
        return ranked.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    }

    /** The entry to answer with, or none when the best is below the threshold ("no match": a person takes it). */
    match(text: string, limit = 5): MatchResult {
        const ranked = this.rank(text);
        const best = ranked[0];
        const entry = best && best.score >= this.threshold ? this.entries.find((item) => item.entry.id === best.id)?.entry : undefined;
        return { ...(entry ? { entry } : {}), score: best?.score ?? 0, threshold: this.threshold, ranked: ranked.slice(0, limit) };
    }

    /** The text's terms with their weights; `key` undefined for a term no entry has. */
    private queryTerms(text: string): Array<{ key: string | undefined; word: string; weight: number }> {
        return termsOf(text).map(({ key, word }) => {
            const exact = this.idf.get(key);
            if (exact !== undefined) return { key, word, weight: exact };
            const near = this.approximate(key);
            if (near !== undefined) return { key: near, word, weight: APPROXIMATE * this.idf.get(near)! };
            return { key: undefined, word, weight: this.unknownWeight };
        });
    }

    /** A known key the unknown one is a longer or shorter form of ("inundasion" / "inund"), or one letter from. */
    private approximate(key: string): string | undefined {
        if (key.length < 4) return undefined;
        let found: string | undefined;
        let foundIdf = -1;
        for (const candidate of this.byInitial.get(key[0]) ?? []) {
            if (candidate.length < 4) continue;
            const prefix = (key.startsWith(candidate) || candidate.startsWith(key)) && Math.min(key.length, candidate.length) >= 5;
            const typo = key.length >= 5 && candidate.length >= 5 && Math.abs(key.length - candidate.length) <= 1 && distance(key, candidate) <= 1;
            if ((prefix || typo) && this.idf.get(candidate)! > foundIdf) {
                found = candidate;
                foundIdf = this.idf.get(candidate)!;
            }
        }
        return found;
    }
}
