/**
 * How deep a JSON body may nest before it is parsed. Nothing the line accepts nests more than a few levels; a
 * megabyte of "[[[[…" takes JSON.parse the better part of a second on the event loop, which an unauthenticated
 * login request must not be able to buy.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * The deepest nesting of arrays and objects in `text`, counted in one linear pass that skips strings; stops counting
 * once past `limit`.
 */
export function jsonDepthExceeds(text: string, limit: number = MAX_JSON_DEPTH): boolean {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (inString) {
            if (code === 0x5c)
                i++; // a backslash escapes the next character
            else if (code === 0x22) inString = false;
        } else if (code === 0x22) {
            inString = true;
        } else if (code === 0x5b || code === 0x7b) {
            if (++depth > limit) return true;
        } else if (code === 0x5d || code === 0x7d) {
            depth--;
        }
    }
    return false;
}
