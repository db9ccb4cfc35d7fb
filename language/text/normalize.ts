/**
 * One normaliser for WhatsApp Spanish: lowercase, no accents, repeated letters collapsed ("auxiliooo"),
 * common abbreviations expanded (q, xq, x, tmb, k, toy, ta), emoji read as words. Tokens keep their offsets in
 * the original text so a reader can quote the evidence.
 */

export interface Token {
    /** The normalised word ("auxilio", "que", "fuego"); several for an abbreviation like "xq" -> "porque". */
    word: string;
    /** The word with double letters made single: what keywords are compared on. */
    key: string;
    /** Offsets of the token in the original text. */
    start: number;
    end: number;
    /** True when a sentence or clause break (.,;:!?\n) comes right before this token. */
    breakBefore: boolean;
}

const ABBREVIATIONS: Readonly<Record<string, string>> = {
    q: 'que',
    k: 'que',
    ke: 'que',
    xq: 'porque',
    pq: 'porque',
    porq: 'porque',
    x: 'por',
    tmb: 'tambien',
    tb: 'tambien',
    toy: 'estoy',
    tamos: 'estamos',
    ta: 'esta',
    tan: 'estan',
    d: 'de',
    pa: 'para',
    pra: 'para',
    porfa: 'por favor',
    xfa: 'por favor',
    xfavor: 'por favor',
    porfavor: 'por favor',
    nose: 'no se',
    bb: 'bebe',
    vecin: 'vecino',
    ahi: 'ahi',
    aca: 'aca',
    sta: 'esta',
    stoy: 'estoy',
    dsp: 'despues',
    tmp: 'tampoco',
    msj: 'mensaje',
    hno: 'hermano',
    hna: 'hermana'
};

const EMOJI: Readonly<Record<string, string>> = {
    '🆘': 'auxilio',
    '🔥': 'emojifuego',
    '🩸': 'sangre',
    '😂': 'jaja',
    '🤣': 'jaja',
    '😅': 'jaja',
    '😆': 'jaja',
    '⚡': 'emojirayo',
    '🚑': 'ambulancia',
    '😭': 'llanto',
    // the hot face says the heat ("qué calor 🥵🥵 me muero"), as a word would
    '🥵': 'calor',
    '😱': 'miedo',
    '🙏': 'emojirezo',
    '🏠': 'casa',
    '🏡': 'casa',
    '🏘': 'casas',
    '🏚': 'casa'
};

/** Lowercase, strip accents (keeps ñ as n: both spellings are written), collapse runs of 3+ of one letter ("rr" stays). */
export function foldWord(word: string): string {
    return (
        word
            .normalize('NFD')
            .replace(/\p{M}/gu, '')
            .toLowerCase()
            // "socorrrro" is "socorro": a stretched "rr" stays the double letter it was
            .replace(/(\p{L})\1{2,}/gu, oneLetterOfARun)
    );
}

/**
 * A word with every double letter made single ("llamo" -> "lamo"): the key typos and stretching are compared on. The
 * "rr" stays: it tells words apart that are not typos of each other ("pero" / "perro", "cero" / "cerro").
 */
export function squeeze(word: string): string {
    return word.replace(/(\p{L})\1+/gu, oneLetterOfARun);
}

/** What a run of one letter stands for: the letter once, or "rr", a letter of its own in Spanish. */
function oneLetterOfARun(run: string, letter: string): string {
    return letter === 'r' ? 'rr' : letter;
}

const TOKEN = /[\p{L}\p{N}]+|\p{Extended_Pictographic}/gu;
const BREAK = /[.,;:!?¡¿\n()]/;

/** Tokens of `text`, normalised. Linear in the length of the text. */
export function tokenize(text: string): Token[] {
    const tokens: Token[] = [];
    let last = 0;
    // A pictograph that says nothing breaks the clause: the token after it starts a new one.
    let pictographBefore = false;
    TOKEN.lastIndex = 0;
    for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
        const raw = match[0];
        const start = match.index;
        const end = start + raw.length;
        const between = text.slice(last, start);
        let breakBefore = tokens.length === 0 || pictographBefore || BREAK.test(between);
        pictographBefore = false;
        last = end;
        const words = wordsOf(raw);
        if (words === undefined) {
            pictographBefore = true;
            continue;
        }
        for (const { word, key } of words) {
            tokens.push({ word, key, start, end, breakBefore });
            breakBefore = false;
        }
    }
    return tokens;
}

/**
 * The normalised words of one typed word ("xq" -> "porque"; an emoji read as a word), undefined for a pictograph that
 * says nothing (it breaks the clause). Remembered per typed word, bounded: a long message repeats its words, and
 * folding one is the costly part of reading it.
 */
function wordsOf(raw: string): ReadonlyArray<{ word: string; key: string }> | undefined {
    const known = WORDS_OF.get(raw);
    if (known !== undefined || WORDS_OF.has(raw)) return known;
    let words: string[] | undefined;
    if (EMOJI[raw] !== undefined) words = [EMOJI[raw]];
    else if (!/\p{Extended_Pictographic}/u.test(raw)) {
        const folded = foldWord(raw);
        words = (ABBREVIATIONS[folded] ?? ABBREVIATIONS[squeeze(folded)] ?? folded).split(' ');
    }
    const result = words?.map((word) => ({ word, key: squeeze(word) }));
    if (WORDS_OF.size >= 50_000) WORDS_OF.clear();
    WORDS_OF.set(raw, result);
    return result;
}
const WORDS_OF = new Map<string, ReadonlyArray<{ word: string; key: string }> | undefined>();

/**
 * True when `a` and `b` are at most one edit apart (insertion, deletion, substitution or a swap of two neighbours):
 * a bounded check, linear in the length of the words.
 */
export function withinOneEdit(a: string, b: string): boolean {
    return editsWithinOne(a, a.length, b, b.length);
}

/** Whether a[0..la) and b[0..lb) are at most one edit apart; no allocation. */
export function editsWithinOne(a: string, la: number, b: string, lb: number): boolean {
    if (Math.abs(la - lb) > 1) return false;
    let i = 0;
    while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    if (i === la && i === lb) return true;
    const sameTail = (x: number, y: number): boolean => {
        if (la - x !== lb - y) return false;
        for (; x < la; x++, y++) if (a.charCodeAt(x) !== b.charCodeAt(y)) return false;
        return true;
    };
    if (la === lb) {
        if (sameTail(i + 1, i + 1)) return true;
        return i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && sameTail(i + 2, i + 2);
    }
    return la > lb ? sameTail(i + 1, i) : sameTail(i, i + 1);
}
