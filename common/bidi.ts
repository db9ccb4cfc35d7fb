/**
 * Bidirectional formatting characters: embeddings, overrides, isolates and marks. A name carrying U+202E reverses
 * whatever is printed after it (an operator's labels, a report summary); legitimate right-to-left names render
 * without them.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** `text` without bidirectional controls, for names people choose for themselves. */
export function withoutBidiControls(text: string): string {
    return text.replace(BIDI_CONTROLS, '');
}
