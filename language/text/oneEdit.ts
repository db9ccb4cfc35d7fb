const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Every string one edit from `word` (a letter left out, swapped with the next, changed or added), leaving its first
 * `keep` letters alone: the urgency reader's typo tolerance never changes the first letter, the type reader's may.
 * The generators of the real-word lists work from the keywords' side with it, a few hundred strings per keyword.
 */
export function oneEditVariants(word: string, keep = 0): string[] {
    const out: string[] = [];
    for (let i = keep; i <= word.length; i++) {
        if (i < word.length) out.push(word.slice(0, i) + word.slice(i + 1));
        if (i + 1 < word.length) out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
        for (const letter of LETTERS) {
            if (i < word.length && letter !== word[i]) out.push(word.slice(0, i) + letter + word.slice(i + 1));
            out.push(word.slice(0, i) + letter + word.slice(i));
        }
    }
    return out;
}

/** The words of a sorted list that start with `prefix`. */
export function startingWith(sorted: readonly string[], prefix: string): string[] {
    let low = 0,
        high = sorted.length;
    while (low < high) {
        const middle = (low + high) >>> 1;
        if (sorted[middle] < prefix) low = middle + 1;
        else high = middle;
    }
    const out: string[] = [];
    for (let i = low; i < sorted.length && sorted[i].startsWith(prefix); i++) out.push(sorted[i]);
    return out;
}
