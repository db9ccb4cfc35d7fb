/**
 * Damerau–Levenshtein distance (optimal string alignment): insertions, deletions, substitutions and
 * transpositions of two adjacent characters each cost 1, so "tinogsata" is 1 away from "tinogasta".
 * Hand-written because no installed package provides it.
 */
export function damerauLevenshtein(a: string, b: string): number {
    if (a === b) return 0;
    if (a.length === 0) return b.length;
    if (b.length === 0) return a.length;
    const rows = a.length + 1;
    const cols = b.length + 1;
    const d: number[][] = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
    for (let i = 0; i < rows; i++) d[i][0] = i;
    for (let j = 0; j < cols; j++) d[0][j] = j;
    for (let i = 1; i < rows; i++) {
        for (let j = 1; j < cols; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.length][b.length];
}

/**
 * How many edits a typed word may be away from a known name of this length and still count as it:
 * none for short names (too many Spanish words are one letter away from "la paz"), more for long ones.
 */
export function typoTolerance(length: number): number {
    if (length <= 4) return 0;
    if (length <= 7) return 1;
    if (length <= 12) return 2;
    return 3;
}
