import { foldWord } from '../text/normalize';

/** A word of the message as the place reader sees it: folded (lowercase, no accents), with its offsets. */
export interface PlaceToken {
    word: string;
    start: number;
    end: number;
    /** A clause break (.,;:!?\n() or a dash) comes right before it. */
    breakBefore: boolean;
    /** Its first letter is a capital in the original text. */
    capitalized: boolean;
    /** It is all digits. */
    number: boolean;
}

const TOKEN = /[\p{L}\p{N}]+[°ºª]?/gu;
const BREAK = /[.,;:!?¡¿\n()\-–—/]/;

/**
 * The words of `text`, folded but not expanded (unlike language/text's tokenize, "sta" stays "sta" and "d" stays
 * "d": place names are written with those). Linear in the length of the text.
 */
export function placeTokens(text: string, abbreviations: ReadonlySet<string> = new Set()): PlaceToken[] {
    const tokens: PlaceToken[] = [];
    const shouting = allCaps(text);
    let last = 0;
    TOKEN.lastIndex = 0;
    for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
        const raw = match[0];
        const start = match.index;
        let between = text.slice(last, start);
        last = start + raw.length;
        const word = folded(raw);
        // "Sta. María", "B. Norte": the dot of an abbreviation is no break.
        if (
            tokens.length > 0 &&
            (abbreviations.has(tokens[tokens.length - 1].word) ||
                /^\p{Lu}$/u.test(text.slice(tokens[tokens.length - 1].start, tokens[tokens.length - 1].end))) &&
            /^\.\s*$/.test(between)
        )
            between = ' ';
        tokens.push({
            word,
            start,
            end: start + raw.length,
            breakBefore: tokens.length === 0 || BREAK.test(between) || /\p{Extended_Pictographic}/u.test(between),
            capitalized: !shouting && /^\p{Lu}/u.test(raw),
            number: /^\d+$/.test(word)
        });
    }
    return tokens;
}

/** A phrase of placeWords.json or places.json as words, folded like tokens. */
export function phraseWords(phrase: string): string[] {
    return phrase
        .split(/\s+/)
        .filter((w) => w.length > 0)
        .map((w) => foldWord(w).replace(/º/g, '°').replace(/ª/g, '°').replace(/\.$/, ''))
        .filter((w) => w.length > 0);
}

/** A message written all in capitals says nothing by its capitals. */
function allCaps(text: string): boolean {
    const letters = text.replace(/[^\p{L}]/gu, '');
    return letters.length >= 8 && letters === letters.toUpperCase();
}

const FOLD_CACHE = new Map<string, string>();
/** foldWord with º and ª read as °, cached (bounded): messages repeat their words. */
function folded(raw: string): string {
    let word = FOLD_CACHE.get(raw);
    if (word === undefined) {
        if (FOLD_CACHE.size >= 20000) FOLD_CACHE.clear();
        word = foldWord(raw).replace(/º/g, '°').replace(/ª/g, '°');
        FOLD_CACHE.set(raw, word);
    }
    return word;
}
