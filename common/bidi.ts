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

/** Control characters, zero-width characters and bidi controls: nothing a person's name is written with. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** A name people will read, as text: without control, zero-width or bidi characters. */
export function visibleName(text: string): string {
    return text.replace(INVISIBLE, '');
}
