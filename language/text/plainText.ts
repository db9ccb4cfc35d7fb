import { foldWord } from './normalize';

/**
 * A whole short answer folded for exact comparison with a button title or a list entry: "Sí, ENVIAR!!" -> "si enviar",
 * "siii" -> "si". The same folding as the tokenizer's (foldWord), without its abbreviations: a button title is
 * compared as written.
 */
export function normalizeText(text: string): string {
    return foldWord(text)
        .replace(/[^a-z0-9]+/g, ' ')
        .trim();
}

/** Words of a folded text. */
export function words(normalized: string): string[] {
    return normalized.length === 0 ? [] : normalized.split(' ');
}

/** Whether the words of `phrase` come in `tokens` starting at `at`. */
export function phraseAt(tokens: readonly string[], phrase: readonly string[], at: number): boolean {
    if (at + phrase.length > tokens.length) return false;
    return phrase.every((word, j) => tokens[at + j] === word);
}
