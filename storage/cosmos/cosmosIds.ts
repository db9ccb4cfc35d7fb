/**
 * Cosmos DB item ids may not contain '/', '\\', '?' or '#', and the SDK puts them into URL paths; the
 * line's ids do (Bot Framework state keys look like `whatsapp/conversations/5493834...`). Ids are stored
 * escaped: every character outside [A-Za-z0-9._-] becomes '~' followed by the hex of its UTF-8 bytes
 * ('/' -> '~2F', '~' -> '~7E'). Reversible, URL-safe, and plain ids stay readable in the portal.
 */
const PLAIN = /^[A-Za-z0-9._-]$/;

/** Cosmos DB's limit on an item id, in characters. */
export const MAX_COSMOS_ID_LENGTH = 255;

export function encodeCosmosId(id: string): string {
    let encoded = '';
    for (const char of id) {
        if (PLAIN.test(char)) {
            encoded += char;
        } else {
            for (const byte of Buffer.from(char, 'utf8')) encoded += `~${byte.toString(16).toUpperCase().padStart(2, '0')}`;
        }
    }
    if (encoded.length > MAX_COSMOS_ID_LENGTH) {
        throw new Error(
            `encodeCosmosId(): id ${JSON.stringify(id)} is ${encoded.length} characters once escaped; Cosmos DB allows ${MAX_COSMOS_ID_LENGTH}`
        );
    }
    return encoded;
}

export function decodeCosmosId(encoded: string): string {
    const bytes: number[] = [];
    for (let i = 0; i < encoded.length; i++) {
        if (encoded[i] === '~') {
            const hex = encoded.slice(i + 1, i + 3);
            if (!/^[0-9A-F]{2}$/.test(hex)) throw new Error(`decodeCosmosId(): malformed id ${JSON.stringify(encoded)}`);
            bytes.push(parseInt(hex, 16));
            i += 2;
        } else {
            bytes.push(encoded.charCodeAt(i));
        }
    }
    return Buffer.from(bytes).toString('utf8');
}
