/**
 * Normalises what a citizen writes so that "Fray Mamerto Esquiú", "fray mamerto esquiu" and
 * "FRAY  MAMERTO, esquiú!" compare equal: NFD, accents stripped, lowercase, punctuation to spaces,
 * spaces collapsed. Pure functions.
 */
export function normalizeText(text: string): string {
    return stripAccents(text)
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .trim();
}

/** The text cut into clauses at punctuation, each normalised (a negation does not cross a comma). */
export function normalizedClauses(text: string): string[] {
    return text
        .split(/[,.;:!?¡¿\n()]+/)
        .map(normalizeText)
        .filter((clause) => clause.length > 0);
}

/** Words of a normalised text. */
export function words(normalized: string): string[] {
    return normalized.length === 0 ? [] : normalized.split(' ');
}

/** Whether the words of `phrase` come in `tokens` starting at `at`. */
export function phraseAt(tokens: string[], phrase: readonly string[], at: number): boolean {
    if (at + phrase.length > tokens.length) return false;
    return phrase.every((word, j) => tokens[at + j] === word);
}

function stripAccents(text: string): string {
    // "ñ" decomposes to n + tilde and becomes "n": people often type "n" for "ñ" anyway.
    return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}
